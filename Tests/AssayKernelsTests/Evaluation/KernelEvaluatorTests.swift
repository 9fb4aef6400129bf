import AssayCore
import Foundation
import Synchronization
import Testing
@testable import AssayKernels

/// The evaluator end to end on this CPU machine: real checks, real slim compiles with the PyPI
/// nvcc, and the real worker process (which has no torch here, so it answers `internal_error`).
@Suite(.serialized) struct KernelEvaluatorTests {
    static func evaluator(_ pool: GPUWorkerPool, kinds: Set<String> = ["pybind_so"]) async throws -> KernelEvaluator {
        let service = try await CompileTests.service(path: .slim)
        var options = KernelEvaluationOptions()
        options.workerArtifactKinds = kinds
        return KernelEvaluator(compiler: service, pool: pool, options: options)
    }

    static func item(_ candidate: String) throws -> KernelEvaluator.Item {
        KernelEvaluator.Item(
            output: try TestFiles.example("candidates/\(candidate)"),
            problemSource: try TestFiles.example("problems/relu.py"), problemName: "relu")
    }

    @Test func aSlimBuildIsNotSentToAWorkerThatCannotLoadIt() async throws {
        let evaluation = try await withGPUWorkerPool(GPUWorkerPoolTests.configuration(acceptUnhealthy: true)) { pool in
            try await Self.evaluator(pool).evaluate(try Self.item("relu_basic.py"))
        }
        #expect(evaluation.compiled)
        #expect(evaluation.verdict.status == .internalError)
        #expect(evaluation.verdict.reasons.first?.code == "unsupported_artifact")
        #expect(evaluation.workerResult == nil)
    }

    @Test func theWorkerAcceptsTheRequestBuiltForARealCompileReport() async throws {
        // The real check and slim compile of relu_basic, its build relabelled as a full build
        // (a pybind_so artifact; a full build needs torch, absent here). The real worker
        // validates the request (unknown fields or kinds get kind "error") and, without torch,
        // answers a result with status internal_error.
        let service = try await CompileTests.service(path: .slim)
        let item = try Self.item("relu_basic.py")
        var report = await service.checkAndCompile(output: item.output, problem: item.problemSource)
        #expect(report.verdict.status == .compiled)
        for index in report.builds.indices { report.builds[index].path = .full }
        guard case .request(let request) = EvaluationRequest.make(
            problemSource: item.problemSource, problemName: "relu", report: report, candidateHash: "h",
            options: KernelEvaluationOptions())
        else {
            Issue.record("a full build must give a request")
            return
        }
        let reply = try await withGPUWorkerPool(GPUWorkerPoolTests.configuration(acceptUnhealthy: true)) { pool in
            try await pool.send(request, timeout: .seconds(120))
        }
        let evaluation = KernelEvaluation.assemble(report: report, candidateHash: "h", problem: "relu", gpu: .reply(reply))
        let result = try #require(evaluation.workerResult)
        #expect(result["kind"] == .string("result"))
        #expect(result["status"] == .string("internal_error"))
        #expect(evaluation.verdict.status == .internalError)
        #expect(evaluation.verdict.reward == 0)
        #expect(evaluation.verdict.reasons.first?.message.contains("torch") == true)
    }

    @Test func theWorkerAcceptsTheSlimBuildOfARealCompile() async throws {
        // The default options send the real slim build as an `assay_slim` artifact; the real
        // worker validates the request (an unknown kind would be answered with kind "error") and,
        // without torch here, answers a result with status internal_error.
        let evaluation = try await withGPUWorkerPool(GPUWorkerPoolTests.configuration(acceptUnhealthy: true)) { pool in
            try await Self.evaluator(pool, kinds: KernelEvaluationOptions().workerArtifactKinds)
                .evaluate(try Self.item("relu_basic.py"))
        }
        #expect(evaluation.compileReport.builds.map(\.path) == [.slim])
        let result = try #require(evaluation.workerResult)
        #expect(result["kind"] == .string("result"))
        #expect(result["status"] == .string("internal_error"))
        #expect(evaluation.verdict.status == .internalError)
        #expect(evaluation.verdict.reasons.first?.message.contains("torch") == true)
        #expect(evaluation.verdict.stages.contains { $0.stage == "gpu" })
    }

    @Test func theWorkerAcceptsTheRawBuildOfARealCompile() async throws {
        // A raw-kernel candidate compiled to a cubin here; the worker validates the raw request
        // (candidate.format raw_kernel, one assay_raw artifact) and, without torch, answers
        // internal_error.
        let item = KernelEvaluator.Item(
            output: try TestFiles.example("more/relu_raw.md"), problemSource: try TestFiles.example("problems/relu.py"),
            problemName: "relu")
        let evaluation = try await withGPUWorkerPool(GPUWorkerPoolTests.configuration(acceptUnhealthy: true)) { pool in
            try await Self.evaluator(pool, kinds: KernelEvaluationOptions().workerArtifactKinds).evaluate(item)
        }
        #expect(evaluation.compileReport.builds.map(\.path) == [.raw])
        let result = try #require(evaluation.workerResult)
        #expect(result["kind"] == .string("result"))
        #expect(result["status"] == .string("internal_error"))
    }

    @Test func aBatchOnAPoolWithoutLiveWorkersEndsWithOneVerdictEach() async throws {
        let results = try await withGPUWorkerPool(GPUWorkerPoolTests.configuration(acceptUnhealthy: false)) { pool in
            let evaluator = try await Self.evaluator(pool, kinds: ["pybind_so", "assay_slim"])
            let items = [try Self.item("relu_basic.py"), KernelEvaluator.Item(output: "no code here", problemSource: "", problemName: "x"),
                         try Self.item("relu_basic.py")]
            let collected = Collected()
            await evaluator.evaluate(batch: items, concurrency: 2) { index, evaluation in
                collected.add(index, evaluation.verdict.status.rawValue, evaluation.verdict.summary)
            }
            return collected.sorted
        }
        #expect(results.map(\.0) == [0, 1, 2])
        #expect(results.map(\.1) == ["internal_error", "format_error", "internal_error"])
        #expect(results[0].2.contains("no live GPU worker"))
    }
}

/// Results gathered from concurrent callbacks.
final class Collected: Sendable {
    private let items = Mutex<[(Int, String, String)]>([])

    func add(_ index: Int, _ status: String, _ summary: String) { items.withLock { $0.append((index, status, summary)) } }

    var sorted: [(Int, String, String)] { items.withLock { $0.sorted { $0.0 < $1.0 } } }
}
