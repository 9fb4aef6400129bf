public import AssayCore

/// Everything `assay kernel check` learns about a candidate: the verdict, the findings, and
/// what the compile stage needs next.
public struct KernelCheckReport: Sendable {
    /// The verdict: `format_error`, `syntax_error`, `rejected`, `checked`, or `invalid` /
    /// `internal_error` when the problem file or the checker itself is at fault.
    public var verdict: Verdict
    /// The extracted candidate, when extraction succeeded.
    public var candidate: KernelCandidate?
    /// Every finding of the static checks, rejects first.
    public var findings: [Finding]
    /// The candidate's `load_inline` extensions (`.inlineExtension` candidates).
    public var extensions: [InlineExtension]
    /// The validated launch plan (`.rawKernel` candidates).
    public var rawPlan: RawKernelPlan?
    /// What the checks learned about the problem, when one was given.
    public var problem: ProblemInfo?

    /// Creates a report.
    public init(
        verdict: Verdict, candidate: KernelCandidate? = nil, findings: [Finding] = [],
        extensions: [InlineExtension] = [], rawPlan: RawKernelPlan? = nil, problem: ProblemInfo? = nil
    ) {
        self.verdict = verdict
        self.candidate = candidate
        self.findings = findings
        self.extensions = extensions
        self.rawPlan = rawPlan
        self.problem = problem
    }

    /// Whether the candidate may go on to compilation.
    public var mayCompile: Bool { verdict.status == .checked }

    /// Feedback text for the model's next attempt: the verdict's reasons, then the warnings.
    public var feedback: String {
        var lines: [String] = []
        switch verdict.status {
        case .checked:
            lines.append("Static checks passed.")
        case .rejected:
            lines.append("Rejected by static checks:")
            lines += findings.filter { $0.severity == .reject }.map { "- " + $0.feedbackLine }
        default:
            lines += verdict.reasons.map(\.message)
        }
        let warnings = findings.filter { $0.severity == .warn }
        if !warnings.isEmpty {
            lines.append("Warnings:")
            lines += warnings.map { "- " + $0.feedbackLine }
        }
        return lines.joined(separator: "\n")
    }
}
