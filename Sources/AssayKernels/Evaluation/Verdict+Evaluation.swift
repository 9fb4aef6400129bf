public import AssayCore

extension Verdict.Status {
    /// The GPU worker's status for a candidate that passed every check.
    public static let evaluatedOK: Verdict.Status = "ok"
    /// Compiled, but an output did not match the reference.
    public static let incorrect: Verdict.Status = "incorrect"
    /// The candidate's process (or the worker running it) died before a result was written.
    public static let crashed: Verdict.Status = "crashed"
}
