public import AssayCore
import Foundation

extension KernelEvaluation {
    /// What happened on the GPU side for a compiled candidate.
    public enum GPUOutcome: Sendable {
        /// The candidate did not compile; nothing was sent.
        case notRun
        /// No request could be built (the worker cannot load the build); not the candidate's fault.
        case refused(Reason)
        /// The pool had no live worker (the message names each slot's failure).
        case noWorker(String)
        /// The pool's reply.
        case reply(GPUWorkerReply)
    }

    /// Statuses that are not the candidate's fault: reward 0, whatever the policy says.
    static let infrastructureStatuses: Set<String> = ["internal_error", "problem_error"]

    /// Builds the evaluation from the compile report and the GPU outcome: the verdict (status
    /// from the worker, `passed` only when the worker says `passed` with status `ok`), the
    /// reward (``KernelRewardPolicy``: stage from how far the candidate got, speedup only from
    /// the worker's timing of a passing candidate, any reject finding → 0) and the feedback.
    public static func assemble(
        report: KernelCompileReport, candidateHash: String, problem: String?, gpu: GPUOutcome,
        gpuSeconds: Double? = nil, policy: KernelRewardPolicy = KernelRewardPolicy()
    ) -> KernelEvaluation {
        let staticFindings = report.check.findings
        let staticHack = staticFindings.contains { $0.severity == .reject }
        var evaluation = KernelEvaluation(
            problem: problem, candidateHash: candidateHash, compiled: report.verdict.status == .compiled,
            correct: false, speedupEager: nil, speedupCompile: nil,
            findings: staticFindings.map { (.static, $0) }, verdict: report.verdict, feedback: report.feedback,
            workerResult: nil, compileReport: report)
        guard evaluation.compiled else {
            let stage: KernelStage = report.verdict.status == .formatError ? .formatError : .compileError
            evaluation.verdict.passed = false
            evaluation.verdict.reward = policy.reward(stage: stage, speedup: nil, hackDetected: staticHack)
            return evaluation
        }
        var stages = report.verdict.stages
        if let gpuSeconds { stages.append(StageTiming(stage: "gpu", seconds: gpuSeconds)) }
        let warnings = staticWarnings(staticFindings)
        func notScored(_ reason: Reason, _ status: Verdict.Status = .internalError) {
            evaluation.verdict = Verdict(status: status, passed: false, reward: 0, reasons: [reason], stages: stages)
            evaluation.feedback = (["Compiled; not evaluated: \(reason.message)"] + warnings).joined(separator: "\n")
        }
        switch gpu {
        case .notRun:
            notScored(Reason(code: "not_evaluated", message: "the compiled candidate was not sent to a GPU worker"))
        case .refused(let reason):
            notScored(reason)
        case .noWorker(let message):
            notScored(Reason(code: "no_gpu_worker", message: message))
        case .reply(.crashed(let message)):
            let reward = policy.reward(stage: .incorrect, speedup: nil, hackDetected: staticHack)
            evaluation.verdict = Verdict(
                status: .crashed, passed: false, reward: reward,
                reasons: [Reason(code: "worker_died", message: message)], stages: stages)
            evaluation.feedback = (["crashed: the evaluation process died (\(message))."] + warnings).joined(separator: "\n")
        case .reply(.timedOut(let limit)):
            let reward = policy.reward(stage: .incorrect, speedup: nil, hackDetected: staticHack)
            let reason = Reason(
                code: "worker_timeout", message: "the GPU worker ran past the \(limit) backstop and was killed")
            evaluation.verdict = Verdict(status: .timeout, passed: false, reward: reward, reasons: [reason], stages: stages)
            evaluation.feedback = (["timeout: \(reason.message)."] + warnings).joined(separator: "\n")
        case .reply(.response(let object)):
            evaluation.workerResult = object
            guard object["kind"]?.stringValue == "result", let status = object["status"]?.stringValue else {
                let error = object["error"]?.objectValue?["message"]?.stringValue ?? object.jsonSummary
                notScored(Reason(code: "worker_error", message: "the GPU worker refused the request: \(error)"))
                return evaluation
            }
            let result = WorkerResultFields(object)
            evaluation.findings += result.findings.map { (.runtime, $0) }
            evaluation.correct = result.correct
            let passed = status == "ok" && result.passed
            let hack = staticHack || status == "rejected" || result.findings.contains { $0.severity == .reject }
            if passed {
                evaluation.speedupEager = result.speedupEager
                evaluation.speedupCompile = result.speedupCompile
            }
            let reward: Double
            if infrastructureStatuses.contains(status) {
                reward = 0
            } else {
                let stage: KernelStage = passed ? .correct : .incorrect
                reward = policy.reward(stage: stage, speedup: passed ? result.speedupEager : nil, hackDetected: hack)
            }
            stages += result.stages.map { StageTiming(stage: "gpu_" + $0.stage, seconds: $0.seconds) }
            evaluation.verdict = Verdict(
                status: Verdict.Status(rawValue: status), passed: passed, reward: reward, reasons: result.reasons,
                stages: stages)
            evaluation.feedback = (result.feedbackLines(status: status) + warnings).joined(separator: "\n")
        }
        return evaluation
    }

    static func staticWarnings(_ findings: [Finding]) -> [String] {
        let warnings = findings.filter { $0.severity == .warn }
        return warnings.isEmpty ? [] : ["Warnings from the static checks:"] + warnings.map { "- " + $0.feedbackLine }
    }
}

extension JSONObject {
    /// The object as JSON text, cut to 300 characters (for error messages).
    var jsonSummary: String { String(JSONValue.object(self).jsonText.prefix(300)) }
}
