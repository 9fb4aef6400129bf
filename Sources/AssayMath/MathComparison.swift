/// The outcome of comparing a parsed answer with a parsed gold answer.
struct MathComparison: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case equal
        case notEqual
        /// Neither equality nor difference could be proven (too close at the working
        /// precision, or not evaluable at enough points). Graded as `not_equal`, with the reason.
        case undecided
        case timeout
    }

    var kind: Kind
    /// A stable reason code, such as `equal_value`, `unit_mismatch` or `hedged_answer`.
    var code: String
    /// What was found, for people.
    var message: String

    static func equal(_ code: String, _ message: String) -> MathComparison {
        MathComparison(kind: .equal, code: code, message: message)
    }

    static func notEqual(_ code: String, _ message: String) -> MathComparison {
        MathComparison(kind: .notEqual, code: code, message: message)
    }

    static func undecided(_ code: String, _ message: String) -> MathComparison {
        MathComparison(kind: .undecided, code: code, message: message)
    }

    static let timeout = MathComparison(kind: .timeout, code: "timeout", message: "the per-pair deadline passed")
}
