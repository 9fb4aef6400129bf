/// One reason behind a verdict: a stable machine-readable code plus text for people (and for
/// the model's next attempt).
public struct Reason: Sendable, Hashable, Codable {
    /// A stable `snake_case` code that tools can match on, such as `unit_mismatch`.
    public var code: String
    /// A human-readable explanation.
    public var message: String

    /// Creates a reason.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
