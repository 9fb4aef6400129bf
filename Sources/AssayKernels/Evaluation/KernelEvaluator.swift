public import AssayCore
import Foundation

/// Evaluates kernel candidates end to end: extraction, static checks and compilation on this
/// machine (``CompileService``), then correctness, timing and runtime checks in a GPU worker
/// (``GPUWorkerPool``), and the reward and feedback from both.
public struct KernelEvaluator: Sendable {
    /// One candidate of a batch.
    public struct Item: Sendable {
        /// The model's raw output.
        public var output: String
        /// The problem's Python source (KernelBench layout).
        public var problemSource: String
        /// The problem's name (echoed in results), if known.
        public var problemName: String?

        /// Creates an item.
        public init(output: String, problemSource: String, problemName: String? = nil) {
            self.output = output
            self.problemSource = problemSource
            self.problemName = problemName
        }
    }

    /// The compile service (shared across the batch; it bounds its own compiler processes).
    public let compiler: CompileService
    /// The GPU workers.
    public let pool: GPUWorkerPool
    /// What each evaluation asks the worker for, and the reward policy.
    public var options: KernelEvaluationOptions

    /// Creates an evaluator.
    public init(compiler: CompileService, pool: GPUWorkerPool, options: KernelEvaluationOptions = KernelEvaluationOptions()) {
        self.compiler = compiler
        self.pool = pool
        self.options = options
    }

    /// Evaluates one candidate; every outcome, including a pool without workers, is a verdict.
    public func evaluate(_ item: Item) async -> KernelEvaluation {
        let report = await compiler.checkAndCompile(output: item.output, problem: item.problemSource)
        let hash = Self.candidateHash(report.check.candidate, output: item.output)
        guard report.verdict.status == .compiled else {
            return KernelEvaluation.assemble(
                report: report, candidateHash: hash, problem: item.problemName, gpu: .notRun, policy: options.rewardPolicy)
        }
        let built = EvaluationRequest.make(
            problemSource: item.problemSource, problemName: item.problemName, report: report, candidateHash: hash,
            options: options)
        let gpu: KernelEvaluation.GPUOutcome
        let start = ContinuousClock.now
        switch built {
        case .refused(let reason):
            gpu = .refused(reason)
        case .request(let request):
            do {
                gpu = .reply(try await pool.send(request, timeout: options.backstop))
            } catch {
                gpu = .noWorker(error.message)
            }
        }
        let seconds = StageTiming(stage: "gpu", duration: ContinuousClock.now - start).seconds
        return KernelEvaluation.assemble(
            report: report, candidateHash: hash, problem: item.problemName, gpu: gpu, gpuSeconds: seconds,
            policy: options.rewardPolicy)
    }

    /// Evaluates a batch with at most `concurrency` candidates in flight (compiles of some
    /// overlap with evaluations of others), calling `onResult` as each finishes. Exactly one
    /// result per item.
    public func evaluate(
        batch items: [Item], concurrency: Int, onResult: @escaping @Sendable (Int, KernelEvaluation) async -> Void
    ) async {
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            func addNext() {
                let index = next
                next += 1
                group.addTask { await onResult(index, await self.evaluate(items[index])) }
            }
            while next < items.count && next < max(1, concurrency) { addNext() }
            while await group.next() != nil {
                if next < items.count { addNext() }
            }
        }
    }

    /// SHA-256 (hex) of the candidate's normalised source: the extracted candidate (for raw
    /// kernels the CUDA source, a NUL line, then the launch description), or the raw output
    /// when nothing could be extracted; line endings made `\n`, trailing spaces of every line
    /// and leading/trailing blank lines removed.
    public static func candidateHash(_ candidate: KernelCandidate?, output: String) -> String {
        var text = candidate?.source ?? output
        if let description = candidate?.launchDescription { text += "\n\u{0}\n" + description }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> Substring in
                var l = line
                while let last = l.last, last == " " || last == "\t" { l.removeLast() }
                return l
            }
        let trimmed = lines.drop { $0.isEmpty }.reversed().drop { $0.isEmpty }.reversed()
        return SHA256Hasher.hex(trimmed.joined(separator: "\n"))
    }
}
