public import AssayCore

/// One verdict to store: which candidate, for which problem, at which training step, and
/// everything the checker found.
public struct VerdictRecord: Sendable {
    /// The problem.
    public var problem: ProblemInput
    /// The candidate's source text (a completion, a program, a kernel).
    public var candidate: String
    /// The training step, when the verdict belongs to an RL run.
    public var step: Int?
    /// The verdict, with its stage timings.
    public var verdict: Verdict
    /// What the checker extracted from the candidate (a final answer), if anything.
    public var extracted: String?
    /// Baseline time / candidate time, for timed candidates.
    public var speedup: Double?
    /// Domain-specific details (stdout, compiler messages, ...), as a JSON object.
    public var details: JSONObject?
    /// Wall-clock seconds the whole check took.
    public var elapsedSeconds: Double

    /// Creates a record.
    public init(
        problem: ProblemInput, candidate: String, step: Int? = nil, verdict: Verdict,
        extracted: String? = nil, speedup: Double? = nil, details: JSONObject? = nil,
        elapsedSeconds: Double
    ) {
        self.problem = problem
        self.candidate = candidate
        self.step = step
        self.verdict = verdict
        self.extracted = extracted
        self.speedup = speedup
        self.details = details
        self.elapsedSeconds = elapsedSeconds
    }

    /// The record's pair key within a run.
    public var key: VerdictKey {
        VerdictKey(step: step, problem: problem.id, candidate: ContentHash.of(source: candidate))
    }
}

/// What makes a verdict unique inside one run: the step, the problem and the candidate.
public struct VerdictKey: Sendable, Hashable {
    /// The training step, or `nil` outside training.
    public var step: Int?
    /// The problem's content address.
    public var problem: ContentHash
    /// The candidate's content address.
    public var candidate: ContentHash

    /// Creates a key.
    public init(step: Int?, problem: ContentHash, candidate: ContentHash) {
        self.step = step
        self.problem = problem
        self.candidate = candidate
    }
}
