import AssayCore
import Testing

/// The conformance tests are only as good as the validator: it must reject what the
/// schemas forbid.
@Suite struct SchemaValidatorTests {
    let validator: SchemaValidator
    let thing: JSONValue

    init() throws {
        validator = SchemaValidator(
            document: try JSONValue(
            parsing: """
                {"components": {"schemas": {"Thing": {"type": "object", "required": ["n", "s"],
                  "additionalProperties": false,
                  "properties": {"n": {"type": "integer", "minimum": 0}, "s": {"type": ["string", "null"]},
                                 "e": {"enum": ["a", "b"]}, "xs": {"type": "array", "items": {"type": "number"}},
                                 "o": {"oneOf": [{"type": "string"}, {"type": "null"}]},
                                 "r": {"type": "string", "pattern": "^[^\\u0000-\\u001f]*$"},
                                 "ys": {"type": "array", "minItems": 1}}}}}}
                """))
        thing = try JSONValue(parsing: ##"{"$ref": "#/components/schemas/Thing"}"##)
    }

    @Test(arguments: [
        #"{"n": 1, "s": "x"}"#, #"{"n": 0, "s": null, "e": "b", "xs": [1, 2.5], "o": null, "r": "ok", "ys": [1]}"#,
    ])
    func acceptsConformingValues(_ text: String) throws {
        #expect(validator.errors(try JSONValue(parsing: text), against: thing).isEmpty)
    }

    @Test(arguments: [
        #"{"s": "x"}"#, #"{"n": 1.5, "s": "x"}"#, #"{"n": -1, "s": "x"}"#, #"{"n": 1, "s": 3}"#,
        #"{"n": 1, "s": "x", "e": "c"}"#, #"{"n": 1, "s": "x", "xs": ["1"]}"#, #"{"n": 1, "s": "x", "extra": 1}"#,
        #"{"n": 1, "s": "x", "o": 1}"#, #"[1]"#, #"{"n": 1, "s": "x", "r": "a\tb"}"#, #"{"n": 1, "s": "x", "ys": []}"#,
    ])
    func rejectsViolations(_ text: String) throws {
        #expect(!validator.errors(try JSONValue(parsing: text), against: thing).isEmpty)
    }

    @Test func unknownKeywordsFailInsteadOfBeingIgnored() throws {
        let schema = try JSONValue(parsing: #"{"type": "string", "uniqueItems": true}"#)
        #expect(!validator.errors(.string("b"), against: schema).isEmpty)
    }
}
