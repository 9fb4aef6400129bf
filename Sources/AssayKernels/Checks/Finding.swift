/// One result of a static check: a named rule that fired on a candidate.
public struct Finding: Sendable, Hashable, Codable {
    /// How serious a finding is.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        /// The candidate is rejected: it cheats, escapes, or cannot be a kernel solution.
        case reject
        /// Suspicious or wasteful, reported in feedback, but the candidate goes on.
        case warn
    }

    /// The rule's stable `snake_case` name, such as `torch_compute_op`.
    public var code: String
    /// Whether the finding rejects the candidate.
    public var severity: Severity
    /// What was found, in words for the model's next attempt.
    public var message: String
    /// The 1-based line in the candidate's Python source, when the rule can point at one.
    public var line: Int?

    /// Creates a finding.
    public init(code: String, severity: Severity, message: String, line: Int? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.line = line
    }

    /// The finding as one line of feedback: `line 12: [reject] torch_compute_op: ...`.
    public var feedbackLine: String {
        let place = line.map { "line \($0): " } ?? ""
        return "\(place)[\(severity.rawValue)] \(code): \(message)"
    }
}
