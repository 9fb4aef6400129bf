import AssayCore
import AssayStore
import Foundation

/// Stores with known contents for report tests.
///
/// The kernel verdicts here are fixture rows for drawing charts, not evaluation results:
/// they exercise the speedup and fast_p charts before the kernel evaluator exists.
enum ReportFixture {
    static func mathVerdict(problem: Int, candidate: Int, step: Int?, passed: Bool) -> VerdictRecord {
        VerdictRecord(
            problem: ProblemInput(
                domain: "math", reference: "\(problem * 3)", prompt: "What is \(problem) times 3?", label: "mul-\(problem)"),
            candidate: "Thinking... 3 * \(problem) = \(passed ? problem * 3 : problem * 3 + 1). \\boxed{\(passed ? problem * 3 : problem * 3 + 1)} <script>alert(1)</script>",
            step: step,
            verdict: Verdict(
                status: passed ? "equal" : "not_equal", passed: passed, reward: passed ? 1 : 0,
                reasons: passed ? [] : [Reason(code: "value_mismatch", message: "\(problem * 3 + 1) ≠ \(problem * 3)")],
                stages: [StageTiming(stage: "extract", seconds: 2e-6), StageTiming(stage: "compare", seconds: 5e-6)]),
            extracted: String(passed ? problem * 3 : problem * 3 + 1), elapsedSeconds: 1e-5)
    }

    static func kernelFixture(problem: Int, candidate: Int, speedup: Double?, passed: Bool) -> VerdictRecord {
        VerdictRecord(
            problem: ProblemInput(domain: "kernels", reference: "reference model \(problem)", label: "level1-\(problem)"),
            candidate: "__global__ void k\(candidate)() {}",
            verdict: Verdict(
                status: passed ? "correct" : "compile_error", passed: passed, reward: passed ? 1 : 0,
                stages: [StageTiming(stage: "compile", seconds: 1.2)]),
            speedup: speedup, elapsedSeconds: 1.5)
    }

    /// A store with a math training run (steps 0...4, accuracy climbing) and, optionally,
    /// kernel fixture rows with speedups.
    static func store(withKernels: Bool) async throws -> VerdictStore {
        let store = try VerdictStore.inMemory()
        let training = try await store.run(named: "grpo-demo", domain: "math")
        var records: [VerdictRecord] = []
        for step in 0..<5 {
            for problem in 0..<6 {
                for candidate in 0..<4 {
                    // Accuracy climbs with the step.
                    let passed = (problem + candidate) % 5 < step
                    records.append(mathVerdict(problem: problem, candidate: candidate + step * 10, step: step, passed: passed))
                }
            }
        }
        try await store.record(records, run: training)
        if withKernels {
            let kernels = try await store.run(named: "kernelbench-l1", domain: "kernels")
            let speedups: [Double?] = [0.4, 0.9, 1.0, 1.3, 2.2, 3.5, nil, 0.7, 1.8, 5.0]
            let rows = speedups.enumerated().map { index, speedup in
                kernelFixture(problem: index % 3, candidate: index, speedup: speedup, passed: speedup != nil)
            }
            try await store.record(rows, run: kernels)
        }
        return store
    }
}
