/// Which stored verdicts ``VerdictStore/exportSFT(_:each:)`` turns into fine-tuning examples.
public struct SFTExportFilter: Sendable, Hashable {
    /// Keep verdicts whose reward is at least this (rejection sampling). Default 1: a correct
    /// math answer, a correct kernel (1 plus its speedup bonus), a passing program.
    public var minReward: Double
    /// Only this run, or every run when `nil`.
    public var run: String?
    /// Only problems of this domain, or every domain when `nil`. `math` also matches the
    /// variants whose grading options are part of the name (`math(rtol=1e-6)`), as `kernels`
    /// matches `kernels(trials=20)`.
    public var domain: String?
    /// Keep one example per (problem, candidate): the oldest kept verdict. The same correct
    /// completion sampled at several steps or in several runs is then one example.
    public var dedupe: Bool
    /// Stop after this many examples, or never when `nil`.
    public var limit: Int?

    /// Creates a filter.
    public init(minReward: Double = 1, run: String? = nil, domain: String? = nil, dedupe: Bool = false, limit: Int? = nil) {
        self.minReward = minReward
        self.run = run
        self.domain = domain
        self.dedupe = dedupe
        self.limit = limit
    }
}
