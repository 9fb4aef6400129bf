import Testing
@testable import AssayCore

@Suite struct JSONValueTests {
    @Test func keepsKeyOrderThroughARoundTrip() throws {
        let text = #"{"z":1,"a":[true,false,null],"m":{"y":"s","b":-2.5e-3}}"#
        let value = try JSONValue(parsing: text)
        #expect(value.jsonText == #"{"z":1,"a":[true,false,null],"m":{"y":"s","b":-0.0025}}"#)
        #expect(value.objectValue?.members.map(\.key) == ["z", "a", "m"])
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONValue(parsing: #""tab\there \"q\" \u00e9 \ud83d\ude00 \/""#)
        #expect(value == .string("tab\there \"q\" é 😀 /"))
        // And writes them back as valid JSON that parses to the same string.
        #expect(try JSONValue(parsing: value.jsonText) == value)
    }

    @Test func escapesControlCharactersWhenWriting() {
        #expect(JSONValue.string("a\u{01}b\nc").jsonText == #""a\u0001b\nc""#)
    }

    @Test func keepsHugeIntegersExact() throws {
        let value = try JSONValue(parsing: #"{"id":123456789012345678901234567890}"#)
        #expect(value.jsonText == #"{"id":123456789012345678901234567890}"#)
        #expect(try JSONValue(parsing: "9007199254740992") == .number(9_007_199_254_740_992))
    }

    @Test(arguments: [
        "", "{", "{\"a\":}", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "tru", "nul",
        "\"unterminated", "\"bad \\x escape\"", "\"\\ud800\"", "{\"a\" 1}", "[1 2]", "{} {}", "NaN",
        "\"raw\ncontrol\"",
    ])
    func rejectsMalformedJSON(text: String) {
        #expect(throws: JSONLineError.self) { try JSONValue(parsing: text) }
    }

    @Test func rejectsExcessiveNesting() {
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(throws: JSONLineError.self) { try JSONValue(parsing: deep) }
    }

    @Test func decodeObjectNamesTheProblem() {
        #expect(throws: JSONLineError(message: "expected a JSON object, found a array")) {
            try JSONLines.decodeObject("[1]")
        }
    }

    @Test func objectSubscriptReplacesAppendsAndRemoves() {
        var object = JSONObject([("a", .number(1)), ("b", .number(2))])
        object["a"] = .string("x")
        object["c"] = .null
        object["b"] = nil
        #expect(object.members.map(\.key) == ["a", "c"])
        #expect(object["a"] == .string("x"))
    }
}
