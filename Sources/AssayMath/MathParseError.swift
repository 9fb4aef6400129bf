/// Why an answer could not be read as mathematics.
struct MathParseError: Error, Sendable, Hashable {
    /// A stable code such as `unbalanced_braces` or `unknown_command`.
    var code: String
    /// What went wrong, for people.
    var message: String
    /// Whether the failure came from words that are not mathematics (so the answer may be
    /// compared as text instead).
    var isTextual: Bool = false

    static func textual(_ message: String) -> MathParseError {
        MathParseError(code: "text_answer", message: message, isTextual: true)
    }
}
