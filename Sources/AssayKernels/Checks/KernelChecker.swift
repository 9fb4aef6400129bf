import AssayCore

/// Extraction and static checks for kernel candidates (`assay kernel check`).
///
/// The candidate's Python is parsed (never run) by the bundled analyzer; see ``Finding`` for
/// the rules and docs/kernels.md for the list.
public struct KernelChecker: Sendable {
    let analyzer: StaticAnalyzer?
    let setupError: String?

    /// A checker using `python3` from `PATH` (or `ASSAY_PYTHON`) and the bundled analyzer.
    public init() {
        self.init(limiter: nil)
    }

    /// A checker whose analyzer processes take a slot of `limiter` (nil: unbounded).
    init(limiter: ProcessLimiter?) {
        do {
            var standard = try StaticAnalyzer.standard()
            standard.limiter = limiter
            analyzer = standard
            setupError = nil
        } catch {
            analyzer = nil
            setupError = error.message
        }
    }

    /// Checks one model output.
    ///
    /// - Parameters:
    ///   - output: raw model output (markdown, `<think>` sections, ...) or a plain candidate file.
    ///   - problem: the problem's Python source, enabling the signature, precision and
    ///     redefinition rules; `nil` assumes a float32 problem and skips signature checks.
    public func check(output: String, problem: String? = nil) async -> KernelCheckReport {
        var stages: [StageTiming] = []
        let clock = ContinuousClock()
        let extractStart = clock.now
        let extraction = CandidateExtractor.extract(output)
        stages.append(StageTiming(stage: "extract", duration: clock.now - extractStart))
        let candidate: KernelCandidate
        switch extraction {
        case .failure(let failure):
            var verdict = failure.verdict
            verdict.stages = stages
            return KernelCheckReport(verdict: verdict)
        case .success(let c):
            candidate = c
        }
        guard let analyzer else {
            return KernelCheckReport(
                verdict: Verdict(
                    status: .internalError, passed: false, reward: 0,
                    reasons: [Reason(code: "checker_unavailable", message: setupError ?? "no analyzer")], stages: stages),
                candidate: candidate)
        }
        var rawPlan: RawKernelPlan?
        var rawFlags: [String]?
        if candidate.format == .rawKernel {
            do {
                let description = try RawLaunchDescription.decode(candidate.launchDescription ?? "")
                rawPlan = try RawKernelPlan(description: description, source: candidate.source)
                rawFlags = rawPlan?.nvccFlags ?? []
            } catch {
                return KernelCheckReport(
                    verdict: Verdict(
                        status: .formatError, passed: false, reward: 0,
                        reasons: [Reason(code: "bad_launch_description", message: "Raw kernel: \(error.message)")],
                        stages: stages),
                    candidate: candidate)
            }
        }
        let analyzeStart = clock.now
        let output: AnalyzerOutput
        do {
            output = try await analyzer.analyze(candidate: candidate.source, problem: problem, rawKernelFlags: rawFlags)
        } catch {
            stages.append(StageTiming(stage: "static_checks", duration: clock.now - analyzeStart))
            return KernelCheckReport(
                verdict: Verdict(
                    status: .internalError, passed: false, reward: 0,
                    reasons: [Reason(code: "checker_failed", message: error.message)], stages: stages),
                candidate: candidate)
        }
        stages.append(StageTiming(stage: "static_checks", duration: clock.now - analyzeStart))
        if let problemError = output.problem?.error {
            return KernelCheckReport(
                verdict: Verdict(
                    status: .invalid, passed: false, reward: 0,
                    reasons: [Reason(code: "problem_invalid", message: problemError)], stages: stages),
                candidate: candidate)
        }
        let problemInfo = output.problem?.info
        if let syntax = output.syntaxError {
            var message = "Python syntax error"
            if let line = syntax.line { message += " at line \(line)" }
            if let column = syntax.column { message += ", column \(column)" }
            message += ": \(syntax.message)"
            if let text = syntax.text, !text.isEmpty { message += "\n    \(text.trimmingWhitespace())" }
            if candidate.truncated { message += "\nThe output was cut off inside the code block." }
            return KernelCheckReport(
                verdict: Verdict(
                    status: .syntaxError, passed: false, reward: 0,
                    reasons: [Reason(code: "python_syntax_error", message: message)], stages: stages),
                candidate: candidate, problem: problemInfo)
        }
        let findings = (output.findings ?? []).sorted { a, b in
            if a.severity != b.severity { return a.severity == .reject }
            return (a.line ?? 0) < (b.line ?? 0)
        }
        let rejects = findings.filter { $0.severity == .reject }
        let verdict: Verdict
        if rejects.isEmpty {
            verdict = Verdict(status: .checked, passed: false, reward: 0, reasons: [], stages: stages)
        } else {
            verdict = Verdict(
                status: .rejected, passed: false, reward: 0,
                reasons: rejects.map { Reason(code: $0.code, message: $0.feedbackLine) }, stages: stages)
        }
        return KernelCheckReport(
            verdict: verdict, candidate: candidate, findings: findings, extensions: output.extensions ?? [],
            rawPlan: rawPlan, problem: problemInfo)
    }
}
