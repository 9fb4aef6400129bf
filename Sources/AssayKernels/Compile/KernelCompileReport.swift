public import AssayCore

/// What `assay kernel compile` learns: the check, one build per extension, and the verdict
/// (`compiled`, `compile_error`, `timeout`, `internal_error`, or the check's own verdict when
/// the candidate did not pass the checks).
public struct KernelCompileReport: Sendable {
    /// The extraction and static checks that came first.
    public var check: KernelCheckReport
    /// One build per extension (empty when nothing was compiled).
    public var builds: [ExtensionBuild]
    /// The verdict of the whole candidate.
    public var verdict: Verdict

    /// Creates a report.
    public init(check: KernelCheckReport, builds: [ExtensionBuild], verdict: Verdict) {
        self.check = check
        self.builds = builds
        self.verdict = verdict
    }

    /// Feedback for the model's next attempt: compile errors (at candidate lines) or the check's.
    public var feedback: String {
        guard !builds.isEmpty else { return check.feedback }
        var lines: [String] = []
        switch verdict.status {
        case .compiled: lines.append("Compiled.")
        default: lines += verdict.reasons.map(\.message)
        }
        let warnings = check.findings.filter { $0.severity == .warn }
        if !warnings.isEmpty {
            lines.append("Warnings:")
            lines += warnings.map { "- " + $0.feedbackLine }
        }
        return lines.joined(separator: "\n")
    }
}
