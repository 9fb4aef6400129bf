import AssayCore
import Foundation
import Testing
@testable import AssayKernels

/// The request JSON built for a known compile report, and verdict/reward/feedback assembly
/// from recorded worker `result` objects (shapes from worker/README.md).
@Suite struct EvaluationAssemblyTests {
    static let candidateSource = "import torch\nclass ModelNew(torch.nn.Module):\n    pass\n"
    static let cuda0 = "__global__ void relu_kernel(const float* x, float* y, int n) {}\n"
    static let cuda1 = "torch::Tensor relu(torch::Tensor x) { return x; }\n"

    static func piece(_ text: String, _ line: Int) -> InlineExtension.SourcePiece {
        InlineExtension.SourcePiece(text: text, line: line, exact: true)
    }

    /// A compiled candidate with one extension `relu_ext` built on `path`.
    static func report(path: ExtensionBuild.Path = .full, warnings: [Finding] = []) -> KernelCompileReport {
        let ext = InlineExtension(
            name: "relu_ext", line: 10, cppSources: [[piece("torch::Tensor relu(torch::Tensor x);", 4)]],
            // The second CUDA string is computed from two pieces (`a + b`): the digest sees them joined.
            cudaSources: [[piece(cuda0, 5)], [piece("torch::Tensor relu(", 7), piece("torch::Tensor x) { return x; }\n", 7)]],
            functions: ["relu"], extraCudaCflags: ["-O3", "--use_fast_math"])
        let check = KernelCheckReport(
            verdict: Verdict(status: .checked, passed: false, reward: 0),
            candidate: KernelCandidate(format: .inlineExtension, source: candidateSource), findings: warnings,
            extensions: [ext])
        let build = ExtensionBuild(
            name: "relu_ext", path: path, status: .compiled, functions: ["relu"], directory: "/cache/ab/abcd",
            library: "relu_ext.so", key: "abcd", cached: false, seconds: 1, diagnostics: "", fallbackReason: nil)
        return KernelCompileReport(
            check: check, builds: [build],
            verdict: Verdict(status: .compiled, passed: false, reward: 0, stages: [StageTiming(stage: "compile", seconds: 2)]))
    }

    static func fixture(_ name: String) throws -> JSONObject {
        try JSONLines.decodeObject(try TestFiles.fixture("evaluation/\(name).json").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(arguments: [
        ([""], [] as [String], [] as [String], [] as [String], "04a5a9895dfed60869820836c0530e75de43c57b78c507e6da46bd80948ffe98", true),
        (["int f();"], ["__global__ void k(){}"], ["f"], [], "0b5bc5825db9b8b0d4918375556f58c8d1edd23be5bdb696d2545e0fee663051", false),
        (["int f();"], ["__global__ void k(){}"], ["f"], ["-O3", "--use_fast_math"], "92c5304fcd6ef9ec153a8dd7d2bcfff7a2981903bad82690a84e7c5c7d7dc550", false),
        ([""], ["é"], ["f\u{0}doc"], [], "5562dea89b355fb703e48d4fc041874e5546b2875cbe3aa037f916ad05ced6e4", false),
    ])
    func digestMatchesTheWorkersTestVectors(
        cpp: [String], cuda: [String], functions: [String], cudaFlags: [String], expected: String, allEmpty: Bool
    ) {
        // The README's first vector is load_inline_digest() with every field empty (no cpp string at all).
        let digest = LoadInlineDigest.digest(
            cppSources: allEmpty ? [] : cpp, cudaSources: cuda, functions: functions, extraCudaCflags: cudaFlags)
        #expect(digest == expected)
    }

    @Test func requestForAFullBuildMatchesTheGoldenJSON() throws {
        let built = EvaluationRequest.make(
            problemSource: "class Model: pass\n", problemName: "relu", report: Self.report(), candidateHash: "h1",
            options: KernelEvaluationOptions())
        guard case .request(let request) = built else {
            Issue.record("expected a request, got \(built)")
            return
        }
        // Digest checked against worker/assay_worker/digest.py on the same arguments.
        let golden = #"{"id":"pending","kind":"evaluate","problem":{"source":"class Model: pass\n","name":"relu"},"#
            + #""candidate":{"source":"import torch\nclass ModelNew(torch.nn.Module):\n    pass\n","name":"h1"},"#
            + #""artifacts":{"relu_ext":{"kind":"pybind_so","path":"/cache/ab/abcd/relu_ext.so","#
            + #""digest":"99404f110d3d25d6dc89d3adce014d6de7d214fa3fa183de667e621e8e32f403"}},"allow_jit":false,"#
            + #""correctness":{"trials":5},"timing":{"enabled":true,"baselines":["eager","compile"]},"#
            + #""checks":{"profiler":true},"timeouts":{"total_s":900}}"#
        #expect(JSONValue.object(request).jsonText == golden)
    }

    @Test func slimBuildsAreSentAsAssaySlimWithTheLoadInlineDigest() throws {
        let built = EvaluationRequest.make(
            problemSource: "class Model: pass\n", problemName: "relu", report: Self.report(path: .slim), candidateHash: "h1",
            options: KernelEvaluationOptions())
        guard case .request(let request) = built else {
            Issue.record("a slim build must give a request by default, got \(built)")
            return
        }
        let artifact = try #require(request["artifacts"]?.objectValue?["relu_ext"]?.objectValue)
        #expect(artifact["kind"] == .string("assay_slim"))
        #expect(artifact["path"] == .string("/cache/ab/abcd/relu_ext.so"))
        // The digest is of the load_inline arguments, whatever path built them: the same as for
        // the full build in the golden request above.
        #expect(artifact["digest"] == .string("99404f110d3d25d6dc89d3adce014d6de7d214fa3fa183de667e621e8e32f403"))
        #expect(KernelEvaluationOptions().workerArtifactKinds == ["pybind_so", "assay_slim", "assay_raw"])
    }

    @Test func aBuildKindTheWorkerCannotLoadIsRefusedNamingTheLoader() {
        var options = KernelEvaluationOptions()
        options.workerArtifactKinds = ["pybind_so"]
        let built = EvaluationRequest.make(
            problemSource: "", problemName: nil, report: Self.report(path: .slim), candidateHash: "h", options: options)
        guard case .refused(let reason) = built else {
            Issue.record("a slim build must not be sent to a worker without the assay_slim loader")
            return
        }
        #expect(reason.code == "unsupported_artifact")
        #expect(reason.message.contains("assay_slim"))
    }

    /// A compiled raw-kernel candidate: one raw build in `/cache/97/97fd…`.
    static func rawReport(builds: Int = 1) -> KernelCompileReport {
        var report = Self.report(path: .raw)
        report.check.candidate = KernelCandidate(
            format: .rawKernel, source: "extern \"C\" __global__ void relu_kernel(float* y) {}\n", launchDescription: "{}")
        report.check.extensions = []
        let build = ExtensionBuild(
            name: "raw_kernel", path: .raw, status: .compiled, functions: ["relu_kernel"], directory: "/cache/97/97fd",
            library: "kernel.cubin", key: String(repeating: "97", count: 32), cached: true, seconds: 0, diagnostics: "",
            fallbackReason: nil)
        report.builds = Array(repeating: build, count: builds)
        return report
    }

    @Test func rawCandidatesAreSentAsTheirBuildDirectoryWithTheBuildKey() throws {
        let built = EvaluationRequest.make(
            problemSource: "P", problemName: nil, report: Self.rawReport(), candidateHash: "h",
            options: KernelEvaluationOptions())
        guard case .request(let request) = built else {
            Issue.record("a raw candidate must give a request, got \(built)")
            return
        }
        let candidate = try #require(request["candidate"]?.objectValue)
        #expect(candidate["format"] == .string("raw_kernel"))
        #expect(candidate["source"] == .string("extern \"C\" __global__ void relu_kernel(float* y) {}\n"))
        let artifacts = try #require(request["artifacts"]?.objectValue)
        #expect(artifacts.members.map(\.key) == ["raw_kernel"])
        #expect(artifacts["raw_kernel"] == .object(JSONObject([
            ("kind", .string("assay_raw")), ("path", .string("/cache/97/97fd")),
            ("digest", .string(String(repeating: "97", count: 32))),
        ])))
    }

    @Test func rawCandidatesNeedExactlyOneRawBuildAndTheRawLoader() {
        for report in [Self.rawReport(builds: 0), Self.rawReport(builds: 2)] {
            guard case .refused(let reason) = EvaluationRequest.make(
                problemSource: "", problemName: nil, report: report, candidateHash: "h", options: KernelEvaluationOptions())
            else {
                Issue.record("a raw candidate without exactly one build is refused")
                continue
            }
            #expect(reason.code == "unsupported_artifact")
        }
        var options = KernelEvaluationOptions()
        options.workerArtifactKinds.remove("assay_raw")
        guard case .refused(let reason) = EvaluationRequest.make(
            problemSource: "", problemName: nil, report: Self.rawReport(), candidateHash: "h", options: options)
        else {
            Issue.record("a raw build is not sent to a worker without the assay_raw loader")
            return
        }
        #expect(reason.message.contains("assay_raw"))
    }

    @Test func aPassingResultEarnsTheSpeedupRewardAndFeedback() throws {
        let evaluation = KernelEvaluation.assemble(
            report: Self.report(), candidateHash: "h", problem: "relu", gpu: .reply(.response(try Self.fixture("result-ok"))),
            gpuSeconds: 14)
        #expect(evaluation.verdict.status == .evaluatedOK)
        #expect(evaluation.verdict.passed)
        #expect(evaluation.correct)
        #expect(evaluation.speedupEager == 4)
        #expect(evaluation.speedupCompile == 2)
        // 1 + log2(4) with the default policy.
        #expect(evaluation.verdict.reward == 3)
        #expect(evaluation.findings.map(\.finding.code) == ["kernel_never_launched"])
        #expect(evaluation.feedback.hasPrefix("Correct on every trial."))
        #expect(evaluation.feedback.contains("your kernel 0.16 ms; PyTorch eager 0.64 ms; torch.compile 0.32 ms; speedup vs eager 4x"))
        #expect(evaluation.feedback.contains("[warn] kernel_never_launched"))
        let json = evaluation.json(carrying: JSONObject([("id", .string("x7"))])).objectValue
        #expect(json?.members.first?.key == "id")
        #expect(json?["timings"]?.objectValue?["stages"]?.objectValue?["gpu_profile"] == .number(0.75))
        #expect(json?["timings"]?.objectValue?["eager_median_ms"] == .number(0.64))
    }

    @Test func anIncorrectResultReportsTheFirstMismatch() throws {
        let evaluation = KernelEvaluation.assemble(
            report: Self.report(), candidateHash: "h", problem: nil, gpu: .reply(.response(try Self.fixture("result-incorrect"))))
        #expect(evaluation.verdict.status == .incorrect)
        #expect(!evaluation.verdict.passed)
        #expect(evaluation.verdict.reward == KernelRewardPolicy().incorrect)
        #expect(evaluation.speedupEager == nil)
        #expect(evaluation.feedback.contains(
            "First mismatch in output 0 at index [0,3] (trial 1, signed_normal inputs): expected 0, got -0.52"))
    }

    @Test func aRuntimeRejectZeroesTheRewardEvenWhenCorrect() throws {
        let evaluation = KernelEvaluation.assemble(
            report: Self.report(), candidateHash: "h", problem: nil, gpu: .reply(.response(try Self.fixture("result-rejected"))))
        #expect(evaluation.correct)
        #expect(evaluation.verdict.status == .rejected)
        #expect(!evaluation.verdict.passed)
        #expect(evaluation.verdict.reward == 0)
        // A speedup reported next to a rejection is never used.
        #expect(evaluation.speedupEager == nil)
        #expect(evaluation.feedback.contains("[reject] foreign_kernels_dominate"))
    }

    @Test func aStaticWarningIsFeedbackButAStaticRejectIsZero() throws {
        let warning = Finding(code: "torch_data_op", severity: .warn, message: "x.clone()", line: 7)
        let evaluation = KernelEvaluation.assemble(
            report: Self.report(warnings: [warning]), candidateHash: "h", problem: nil,
            gpu: .reply(.response(try Self.fixture("result-ok"))))
        #expect(evaluation.verdict.reward == 3)
        #expect(evaluation.feedback.contains("line 7: [warn] torch_data_op"))
        var rejected = Self.report(warnings: [Finding(code: "try_except_fallback", severity: .reject, message: "try")])
        rejected.check.findings.append(warning)
        let hack = KernelEvaluation.assemble(
            report: rejected, candidateHash: "h", problem: nil, gpu: .reply(.response(try Self.fixture("result-ok"))))
        #expect(hack.verdict.reward == 0)
    }

    @Test func poolOutcomesBecomeVerdicts() {
        let crashed = KernelEvaluation.assemble(
            report: Self.report(), candidateHash: "h", problem: nil, gpu: .reply(.crashed("worker process died")))
        #expect(crashed.verdict.status == .crashed)
        #expect(crashed.verdict.reasons.first?.message == "worker process died")
        #expect(crashed.verdict.reward == KernelRewardPolicy().incorrect)
        let timedOut = KernelEvaluation.assemble(
            report: Self.report(), candidateHash: "h", problem: nil, gpu: .reply(.timedOut(.seconds(3))))
        #expect(timedOut.verdict.status == .timeout)
        let noWorker = KernelEvaluation.assemble(
            report: Self.report(), candidateHash: "h", problem: nil, gpu: .noWorker("no live GPU worker"))
        #expect(noWorker.verdict.status == .internalError)
        #expect(noWorker.verdict.reward == 0)
        let refused = KernelEvaluation.assemble(
            report: Self.report(), candidateHash: "h", problem: nil,
            gpu: .reply(.response(JSONObject([
                ("id", .string("a")), ("kind", .string("error")), ("ok", .bool(false)),
                ("error", .object(JSONObject([("code", .string("invalid_request")), ("message", .string("unknown field x"))]))),
            ]))))
        #expect(refused.verdict.status == .internalError)
        #expect(refused.verdict.reasons.first?.message.contains("unknown field x") == true)
    }

    @Test func aCandidateThatDidNotCompileKeepsItsCompileVerdict() {
        var report = Self.report()
        report.verdict = Verdict(status: .compileError, passed: false, reward: 0, reasons: [Reason(code: "compile_error", message: "line 5: error")])
        report.builds[0].status = .compileError
        let evaluation = KernelEvaluation.assemble(report: report, candidateHash: "h", problem: nil, gpu: .notRun)
        #expect(!evaluation.compiled)
        #expect(evaluation.verdict.status == .compileError)
        #expect(evaluation.verdict.reward == 0)
        #expect(evaluation.feedback.contains("line 5: error"))
    }

    @Test func candidateHashIgnoresLineEndingsAndTrailingSpace() {
        let a = KernelEvaluator.candidateHash(KernelCandidate(format: .inlineExtension, source: "x = 1  \r\ny = 2\n\n"), output: "")
        let b = KernelEvaluator.candidateHash(KernelCandidate(format: .inlineExtension, source: "\nx = 1\ny = 2"), output: "")
        let c = KernelEvaluator.candidateHash(KernelCandidate(format: .inlineExtension, source: "x = 1\ny = 3"), output: "")
        #expect(a == b)
        #expect(a != c)
        #expect(a == SHA256Hasher.hex("x = 1\ny = 2"))
    }

    @Test func batchLinesTakeAPathOrASourceAndCarryTheRest() throws {
        let directory = try TestFiles.temporaryDirectory()
        try "class Model: pass\n".write(toFile: directory + "/p.py", atomically: true, encoding: .utf8)
        guard case .success(let byPath) = EvaluationBatchLine.parse(
            #"{"id":1,"problem":"p.py","candidate":"out","meta":{"k":2}}"#, baseDirectory: directory)
        else {
            Issue.record("path line must parse")
            return
        }
        #expect(byPath.item.problemSource == "class Model: pass\n")
        #expect(byPath.item.problemName == "p.py")
        #expect(byPath.carried.members.map(\.key) == ["id", "meta"])
        guard case .success(let bySource) = EvaluationBatchLine.parse(
            #"{"problem":"class Model: pass\n","candidate":"out","problem_name":"m"}"#, baseDirectory: nil)
        else {
            Issue.record("source line must parse")
            return
        }
        #expect(bySource.item.problemName == "m")
        guard case .failure(let missing) = EvaluationBatchLine.parse(
            #"{"id":3,"problem":"nope.py","candidate":"out"}"#, baseDirectory: directory)
        else {
            Issue.record("a missing problem file is an error")
            return
        }
        #expect(missing.message.contains("nope.py"))
        #expect(missing.resultJSON.objectValue?["status"] == .string("invalid"))
        #expect(missing.resultJSON.objectValue?["id"] == .number(3))
        guard case .failure = EvaluationBatchLine.parse(#"{"problem":"p.py"}"#, baseDirectory: directory) else {
            Issue.record("a line without candidate is an error")
            return
        }
    }
}
