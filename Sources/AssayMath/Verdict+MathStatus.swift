public import AssayCore

extension Verdict.Status {
    /// The candidate's final answer is mathematically equivalent to the gold answer.
    public static let equal: Verdict.Status = "equal"
    /// The candidate's final answer was parsed and is not equivalent to the gold answer.
    public static let notEqual: Verdict.Status = "not_equal"
}
