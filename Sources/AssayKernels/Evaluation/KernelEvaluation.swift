public import AssayCore

/// The outcome of evaluating one kernel candidate end to end: extraction, static checks,
/// compilation and the GPU worker's correctness, timing and anti-hack checks.
public struct KernelEvaluation: Sendable {
    /// Where a finding came from.
    public enum FindingSource: String, Sendable, Hashable {
        /// The static checks of the compile stage (never ran the candidate).
        case `static`
        /// The GPU worker (profiler, guards, correctness checks).
        case runtime
    }

    /// The problem's name, when known.
    public var problem: String?
    /// SHA-256 of the candidate's normalised source (``KernelEvaluator/candidateHash(_:)``).
    public var candidateHash: String
    /// Whether every extension compiled.
    public var compiled: Bool
    /// Whether every counted correctness trial matched (the worker's `correct`).
    public var correct: Bool
    /// Eager baseline median / candidate median, from the worker's timing (only when passed).
    public var speedupEager: Double?
    /// `torch.compile` baseline median / candidate median (only when passed).
    public var speedupCompile: Double?
    /// Static findings, then runtime findings.
    public var findings: [(source: FindingSource, finding: Finding)]
    /// The final verdict: status, passed, reward, reasons, stage timings.
    public var verdict: Verdict
    /// Text for the model's next attempt.
    public var feedback: String
    /// The worker's `result` object, when the worker answered.
    public var workerResult: JSONObject?
    /// The compile report the evaluation started from.
    public var compileReport: KernelCompileReport
}
