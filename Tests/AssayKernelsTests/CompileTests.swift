import AssayCore
import Foundation
import Testing
@testable import AssayKernels

/// Compiles real candidates with a real nvcc (no GPU needed). These tests need the toolchain:
/// `pip install nvidia-cuda-nvcc==13.0.88 nvidia-cuda-runtime==13.0.96 nvidia-nvvm==13.0.88
/// nvidia-cuda-crt==13.0.88 nvidia-cuda-cccl==13.0.85` (or a CUDA install), and they fail, not
/// skip, when it is missing.
@Suite struct CompileTests {
    static func toolchain() async throws -> KernelToolchain {
        switch await KernelToolchain.discover() {
        case .success(let toolchain):
            return toolchain
        case .failure(let error):
            let where_ = ProcessInfo.processInfo.environment["CI"] == "true" ? "CI must install it" : "install it"
            Issue.record("no CUDA toolchain (\(error.message)); \(where_): see the pip command in CompileTests.swift")
            throw error
        }
    }

    static func service(
        timeout: Duration = .seconds(300), path: CompileOptions.PathChoice = .auto, cache: String? = nil
    ) async throws -> CompileService {
        let options = CompileOptions(
            arch: "sm_90", cacheDirectory: try cache ?? TestFiles.temporaryDirectory(), timeout: timeout, path: path)
        return try CompileService(toolchain: try await toolchain(), options: options)
    }

    static func compile(_ text: String, _ service: CompileService, problem: String? = nil) async -> KernelCompileReport {
        await service.compile(await KernelChecker().check(output: text, problem: problem))
    }

    /// What a built slim extension says about itself (`assay_describe`), read with ctypes.
    static func describe(_ library: String, python: String) async throws -> String {
        let script = "import ctypes,sys; l=ctypes.CDLL(sys.argv[1]); l.assay_describe.restype=ctypes.c_char_p; "
            + "print(l.assay_abi_version(), l.assay_describe().decode())"
        let outcome = try await ProcessRunner.run(ProcessRequest(
            executable: python, arguments: ["-I", "-c", script, library], timeout: .seconds(60)))
        #expect(outcome.succeeded, "\(outcome.standardError)")
        return outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let examples = TestFiles.list(TestFiles.root + "/examples/kernels/candidates", ext: "py")

    @Test func theExamplesAreThere() {
        #expect(Self.examples.count >= 7)
    }

    @Test(arguments: examples)
    func examplesCompileOnTheSlimPath(_ file: String) async throws {
        let service = try await Self.service()
        let report = await Self.compile(try TestFiles.example("candidates/" + file), service)
        #expect(report.verdict.status == .compiled, "\(report.feedback)")
        let build = try #require(report.builds.first)
        #expect(build.path == .slim)
        #expect(!build.cached)
        // Every example builds on the first, selective attempt (no second build with everything).
        #expect(build.standardLibrary?.hasPrefix("selected") == true, "\(build.standardLibrary ?? "nil")")
        let directory = try #require(build.directory)
        let library = directory + "/" + (try #require(build.library))
        #expect(FileManager.default.fileExists(atPath: library))
        let description = try await Self.describe(library, python: service.toolchain.python)
        #expect(description.hasPrefix("2 "))
        for function in build.functions { #expect(description.contains(function + "(")) }
        #expect(report.verdict.stages.map(\.stage) == ["extract", "static_checks", "compile"])
    }

    @Test func bindingSignaturesFollowTheCppDeclarations() async throws {
        let service = try await Self.service()
        let report = await Self.compile(try TestFiles.example("candidates/scaled_add_basic.py"), service)
        let build = try #require(report.builds.first)
        let library = try #require(build.directory) + "/" + (try #require(build.library))
        #expect(try await Self.describe(library, python: service.toolchain.python) == "2 scaled_add_cuda(TTd)->T;")
    }

    @Test func compileErrorsPointAtCandidateLines() async throws {
        let service = try await Self.service()
        let text = try TestFiles.fixture("compile/syntax_error_in_kernel.py")
        let report = await Self.compile(text, service)
        #expect(report.verdict.status == .compileError)
        let build = try #require(report.builds.first)
        #expect(build.status == .compileError)
        #expect(build.fallbackReason == nil)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let bad = try #require(lines.firstIndex { $0.contains("missing semicolon") }) + 1
        #expect(build.diagnostics.contains("candidate line \(bad) (cuda_sources)") || build.diagnostics.contains("candidate line \(bad + 1) (cuda_sources)"),
                "\(build.diagnostics)")
        #expect(!build.diagnostics.contains(service.options.cacheDirectory))
        #expect(report.feedback.contains("did not compile"))
    }

    @Test func buildsAreCachedByContent() async throws {
        let cache = try TestFiles.temporaryDirectory()
        let text = try TestFiles.example("candidates/relu_basic.py")
        let first = await Self.compile(text, try await Self.service(cache: cache))
        let second = await Self.compile(text, try await Self.service(cache: cache))
        let a = try #require(first.builds.first)
        let b = try #require(second.builds.first)
        #expect(!a.cached)
        #expect(b.cached)
        #expect(b.seconds == 0)
        #expect(a.key == b.key)
        #expect(a.directory == b.directory)
        let changed = await Self.compile(text.replacingOccurrences(of: "[\"-O3\"]", with: "[\"-O2\"]"), try await Self.service(cache: cache))
        let c = try #require(changed.builds.first)
        #expect(c.key != a.key)
        #expect(!c.cached)
    }

    @Test func compileErrorsAreCachedToo() async throws {
        let cache = try TestFiles.temporaryDirectory()
        let text = try TestFiles.fixture("compile/syntax_error_in_kernel.py")
        _ = await Self.compile(text, try await Self.service(cache: cache))
        let again = await Self.compile(text, try await Self.service(cache: cache))
        #expect(again.verdict.status == .compileError)
        #expect(again.builds.first?.cached == true)
        #expect(again.builds.first?.diagnostics.contains("candidate line") == true)
    }

    @Test func identicalBuildsInFlightAreShared() async throws {
        let service = try await Self.service()
        let check = await KernelChecker().check(output: try TestFiles.example("candidates/relu_basic.py"), problem: nil)
        let reports = await service.compile(batch: [check, check, check])
        #expect(reports.allSatisfy { $0.verdict.status == .compiled })
        #expect(Set(reports.compactMap { $0.builds.first?.key }).count == 1)
        let entries = try FileManager.default.contentsOfDirectory(atPath: service.options.cacheDirectory).filter { $0 != "tmp" }
        #expect(entries.count == 1)
    }

    @Test func aBuildPastItsTimeoutIsStoppedAndNotCached() async throws {
        let cache = try TestFiles.temporaryDirectory()
        let service = try await Self.service(timeout: .milliseconds(30), cache: cache)
        let report = await Self.compile(try TestFiles.example("candidates/softmax_shared.py"), service)
        #expect(report.verdict.status == .timeout)
        let build = try #require(report.builds.first)
        #expect(build.status == .timeout)
        #expect(service.cache.lookup(build.key) == nil)
    }

    @Test func rawKernelsCompileToACubin() async throws {
        let service = try await Self.service()
        let report = await Self.compile(try TestFiles.fixture("raw/relu.md"), service)
        #expect(report.verdict.status == .compiled, "\(report.feedback)")
        let build = try #require(report.builds.first)
        #expect(build.path == .raw)
        #expect(build.library == "kernel.cubin")
        let directory = try #require(build.directory)
        let cubin = try #require(FileManager.default.contents(atPath: directory + "/kernel.cubin"))
        #expect(cubin.prefix(4) == Data([0x7f, 0x45, 0x4c, 0x46]))  // an ELF file
        let plan = try JSONDecoder().decode(RawKernelPlan.self, from: try #require(FileManager.default.contents(atPath: directory + "/plan.json")))
        #expect(plan.launches.first?.kernel == "relu_kernel")
    }

    @Test(arguments: ["dispatch_and_half.py", "vector_parameter.py"])
    func slimGapsGoToTheFullPathOrSayItIsUnavailable(_ file: String) async throws {
        let service = try await Self.service(timeout: .seconds(300))
        let report = await Self.compile(try TestFiles.fixture("compile/" + file), service)
        let build = try #require(report.builds.first)
        let reason = try #require(build.fallbackReason)
        #expect(reason.contains("slim torch header"), "\(reason)")
        if service.toolchain.fullPathAvailable {
            #expect(build.path == .full)
            #expect(report.verdict.status == .compiled, "\(report.feedback)")
        } else {
            #expect(build.status == .unavailable)
            #expect(report.verdict.status == .internalError)
            #expect(reason.contains("not installed here"))
        }
    }

    @Test func slimOnlyReportsAGapAsACompileError() async throws {
        let service = try await Self.service(path: .slim)
        let report = await Self.compile(try TestFiles.fixture("compile/dispatch_and_half.py"), service)
        #expect(report.verdict.status == .compileError)
        #expect(report.builds.first?.path == .slim)
        #expect(report.builds.first?.fallbackReason != nil)
    }

    @Test func aStandardLibraryNameTheScanMissesCostsASecondBuildNotACompileError() async throws {
        let service = try await Self.service(path: .slim)
        let report = await Self.compile(try TestFiles.fixture("compile/sizes_vec_without_std.py"), service)
        #expect(report.verdict.status == .compiled, "\(report.feedback)")
        let build = try #require(report.builds.first)
        #expect(build.path == .slim)
        #expect(build.standardLibrary == "all (the build with selected: none failed)")
        let library = try #require(build.directory) + "/" + (try #require(build.library))
        #expect(try await Self.describe(library, python: service.toolchain.python) == "2 scale3(T)->T;")
    }

    @Test func aRealCompileErrorIsStillOneAfterTheSecondAttempt() async throws {
        let service = try await Self.service()
        let report = await Self.compile(try TestFiles.fixture("compile/syntax_error_in_kernel.py"), service)
        #expect(report.verdict.status == .compileError)
        let build = try #require(report.builds.first)
        #expect(build.standardLibrary?.hasPrefix("all (the build with selected") == true, "\(build.standardLibrary ?? "nil")")
    }

    @Test func aTensorKeptBetweenCallsStaysOnTheSlimPath() async throws {
        let report = await Self.compile(
            try TestFiles.example("suite/softplus/hack_output_caching_runtime.py"), try await Self.service())
        #expect(report.verdict.status == .compiled, "\(report.feedback)")
        let build = try #require(report.builds.first)
        #expect(build.path == .slim)
        #expect(build.fallbackReason == nil)
    }

    @Test func aTensorCreatedWhenTheLibraryLoadsGoesToTheFullPathOrSaysItIsUnavailable() async throws {
        let service = try await Self.service()
        let report = await Self.compile(try TestFiles.fixture("compile/load_time_tensor.py"), service)
        let build = try #require(report.builds.first)
        let reason = try #require(build.fallbackReason)
        #expect(reason.contains("creates a tensor when its library loads"), "\(reason)")
        #expect(reason.contains("offset"), "\(reason)")
        if service.toolchain.fullPathAvailable {
            #expect(build.path == .full)
        } else {
            #expect(build.status == .unavailable)
            #expect(report.verdict.status == .internalError)
        }
        let forcedSlim = await Self.compile(try TestFiles.fixture("compile/load_time_tensor.py"), try await Self.service(path: .slim))
        #expect(forcedSlim.builds.first?.status == .unavailable)
        #expect(forcedSlim.verdict.status != .compileError)
    }

    @Test func everyExtensionIsBuilt() async throws {
        let service = try await Self.service()
        let report = await Self.compile(try TestFiles.fixture("compile/two_extensions.py"), service)
        #expect(report.verdict.status == .compiled, "\(report.feedback)")
        #expect(report.builds.map(\.name) == ["scale_ext", "shift_ext"])
        #expect(Set(report.builds.map(\.key)).count == 2)
    }

    @Test func hostOnlyExtensionsBuildWithoutNvcc() async throws {
        let service = try await Self.service()
        let report = await Self.compile(try TestFiles.fixture("compile/cpp_only.py"), service)
        #expect(report.verdict.status == .compiled, "\(report.feedback)")
        let build = try #require(report.builds.first)
        let library = try #require(build.directory) + "/" + (try #require(build.library))
        #expect(try await Self.describe(library, python: service.toolchain.python) == "2 double_it(T)->T;")
    }

    @Test func rejectedCandidatesAreNotCompiled() async throws {
        let service = try await Self.service()
        let report = await Self.compile(try TestFiles.fixture("candidates/hack_native_stream.py"), service)
        #expect(report.verdict.status == .rejected)
        #expect(report.builds.isEmpty)
    }

    @Test func theToolchainIsDescribed() async throws {
        let toolchain = try await Self.toolchain()
        #expect(toolchain.nvccVersion.split(separator: ".").count == 3)
        #expect(FileManager.default.fileExists(atPath: toolchain.cudaInclude + "/cuda_runtime.h"))
        #expect(toolchain.fingerprint.contains(toolchain.nvccVersion))
    }
}
