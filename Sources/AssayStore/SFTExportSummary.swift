/// What an SFT export kept and what it left out, and why.
public struct SFTExportSummary: Sendable, Hashable {
    /// Examples written.
    public var exported: Int = 0
    /// Verdicts that passed the filters but whose problem has no stored prompt (the request
    /// did not carry one), so no chat example can be built from them.
    public var withoutPrompt: Int = 0
    /// Verdicts left out by `dedupe` because their (problem, candidate) was already exported.
    public var duplicates: Int = 0

    /// Creates an empty summary.
    public init() {}
}
