import AssayCore
import Foundation

/// Builds checked candidates, fast: the slim path first, load_inline itself where the slim
/// header falls short, every result in a content-addressed cache, at most ``CompileOptions/jobs``
/// compiler processes at once, each build under a timeout.
///
/// One service per process; it is safe to call from many tasks at once (identical builds in
/// flight are shared).
public actor CompileService {
    /// The toolchain builds use.
    public nonisolated let toolchain: KernelToolchain
    /// The options builds use.
    public nonisolated let options: CompileOptions
    nonisolated let limiter: ProcessLimiter
    nonisolated let cache: CompileCache
    nonisolated let slimInclude: String
    nonisolated let slimHash: String
    nonisolated let fullBuildScript: String
    private var inFlight: [String: Task<ExtensionBuild, Never>] = [:]

    /// Creates a service.
    ///
    /// - Throws: ``KernelResourceError`` when the slim headers or helper scripts are missing.
    public init(toolchain: KernelToolchain, options: CompileOptions) throws(KernelResourceError) {
        self.toolchain = toolchain
        self.options = options
        self.limiter = ProcessLimiter(limit: options.jobs)
        self.cache = CompileCache(directory: options.cacheDirectory)
        self.slimInclude = try KernelResources.path("slim/include")
        self.fullBuildScript = try KernelResources.path("full_build.py")
        var hash = SHA256Hasher()
        let files = (FileManager.default.subpaths(atPath: slimInclude) ?? []).sorted()
        for file in files {
            guard let data = FileManager.default.contents(atPath: slimInclude + "/" + file) else { continue }
            hash.update(field: file)
            hash.update(data)
        }
        self.slimHash = hash.hexDigest()
    }

    /// Checks `output` and compiles it when the checks pass. Without a `checker`, the static
    /// analyzer's processes share this service's bound on compiler processes (`jobs`).
    public func checkAndCompile(output: String, problem: String? = nil, checker: KernelChecker? = nil) async
        -> KernelCompileReport
    {
        await compile(await (checker ?? KernelChecker(limiter: limiter)).check(output: output, problem: problem))
    }

    /// Compiles every extension of a checked candidate (nothing is compiled when the checks
    /// did not pass: the check's verdict is returned).
    public func compile(_ check: KernelCheckReport) async -> KernelCompileReport {
        guard check.mayCompile, let candidate = check.candidate else {
            return KernelCompileReport(check: check, builds: [], verdict: check.verdict)
        }
        guard options.archDigits != nil else {
            return KernelCompileReport(
                check: check, builds: [],
                verdict: Self.verdict(check, status: .invalid, reasons: [Reason(
                    code: "bad_arch", message: "--arch must look like sm_90 (got \(options.arch))")], seconds: 0))
        }
        let start = ContinuousClock.now
        var builds: [ExtensionBuild] = []
        if candidate.format == .rawKernel, let plan = check.rawPlan {
            builds.append(await buildRaw(source: candidate.source, plan: plan))
        } else {
            builds = await withTaskGroup(of: (Int, ExtensionBuild).self) { group in
                for (index, ext) in check.extensions.enumerated() {
                    group.addTask { (index, await self.buildInline(ext)) }
                }
                var results: [(Int, ExtensionBuild)] = []
                for await result in group { results.append(result) }
                return results.sorted { $0.0 < $1.0 }.map(\.1)
            }
        }
        let seconds = StageTiming(stage: "compile", duration: ContinuousClock.now - start).seconds
        return KernelCompileReport(check: check, builds: builds, verdict: Self.verdict(check, builds: builds, seconds: seconds))
    }

    /// Compiles many candidates at once (the process limit still holds); results in order.
    public func compile(batch: [KernelCheckReport]) async -> [KernelCompileReport] {
        await withTaskGroup(of: (Int, KernelCompileReport).self) { group in
            for (index, check) in batch.enumerated() {
                group.addTask { (index, await self.compile(check)) }
            }
            var results: [(Int, KernelCompileReport)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    // MARK: - One extension

    func buildInline(_ ext: InlineExtension) async -> ExtensionBuild {
        if options.path == .full {
            return await buildFull(ext, reason: "the full path was requested")
        }
        let sources = ext.cppSourceTexts + ext.cudaSourceTexts
        if let declaration = LoadTimeTensorScan.firstLoadTimeTensor(in: sources) {
            // Not the candidate's fault, and not a compile error: the slim path runs torch operations
            // only during a call, so only load_inline's own build behaves as the candidate expects.
            let gap = "the extension creates a tensor when its library loads (`\(declaration)`), which the slim path cannot serve"
            let untried = ExtensionBuild(
                name: ext.name ?? "extension", path: .slim, status: .unavailable, functions: ext.functions,
                directory: nil, library: nil, key: "", cached: false, seconds: 0, diagnostics: "",
                fallbackReason: "\(gap); build it with --path auto or full")
            guard options.path == .auto else { return untried }
            return await buildFull(ext, insteadOf: untried, gap: gap)
        }
        let slim = await buildSlim(ext, sources: sources)
        guard slim.status == .compileError, let gap = slim.fallbackReason, options.path == .auto else { return slim }
        return await buildFull(ext, insteadOf: slim, gap: gap)
    }

    /// The full build where the slim one cannot serve (`gap` says why), or `slim` marked
    /// unavailable when this machine cannot build the full path.
    private func buildFull(_ ext: InlineExtension, insteadOf slim: ExtensionBuild, gap: String) async -> ExtensionBuild {
        guard toolchain.fullPathAvailable else {
            var unavailable = slim
            unavailable.status = .unavailable
            unavailable.fallbackReason =
                "\(gap); the full path (load_inline) needs torch built with CUDA and ninja, which are not installed here"
            return unavailable
        }
        var full = await buildFull(ext, reason: gap)
        full.seconds += slim.seconds
        return full
    }

    /// The slim build: first with the standard-library headers `sources` seem to need; if that
    /// fails to compile, again with all of them (what the slim header includes by default), so
    /// that a name the scan missed costs a second build, never a compile error.
    func buildSlim(_ ext: InlineExtension, sources: [String]) async -> ExtensionBuild {
        let selection = SlimLibrarySelection.scan(sources)
        var build = await buildSlim(ext, library: selection)
        build.standardLibrary = selection.summary
        guard build.status == .compileError, !selection.everything else { return build }
        let firstSeconds = build.seconds
        build = await buildSlim(ext, library: .all)
        build.seconds += firstSeconds
        build.standardLibrary = "all (the build with \(selection.summary) failed)"
        return build
    }

    private func buildSlim(_ ext: InlineExtension, library: SlimLibrarySelection) async -> ExtensionBuild {
        let plan = BuildPlan.slim(
            ext, toolchain: toolchain, options: options, slimInclude: slimInclude, slimHash: slimHash, library: library)
        return await shared(plan.key) { await self.run(plan, timeout: self.options.timeout, slimInclude: self.slimInclude) }
    }

    func buildRaw(source: String, plan: RawKernelPlan) async -> ExtensionBuild {
        do {
            let build = try BuildPlan.raw(source: source, plan: plan, toolchain: toolchain, options: options)
            return await shared(build.key) { await self.run(build, timeout: self.options.timeout, slimInclude: nil) }
        } catch {
            return ExtensionBuild(
                name: "raw_kernel", path: .raw, status: .unavailable, functions: [], directory: nil, library: nil,
                key: "", cached: false, seconds: 0, diagnostics: "cannot encode the launch plan: \(error)",
                fallbackReason: nil)
        }
    }

    func buildFull(_ ext: InlineExtension, reason: String) async -> ExtensionBuild {
        let key = BuildPlan.fullKey(ext, toolchain: toolchain, options: options)
        return await shared(key) { await self.runFull(ext, key: key, reason: reason) }
    }

    /// Runs `body` once per key: concurrent requests for the same key share one build, and a
    /// finished build comes from the cache.
    private func shared(_ key: String, _ body: @escaping @Sendable () async -> ExtensionBuild) async -> ExtensionBuild {
        if let hit = cache.lookup(key) { return hit }
        if let running = inFlight[key] { return await running.value }
        let task = Task { await body() }
        inFlight[key] = task
        let result = await task.value
        inFlight[key] = nil
        return result
    }

    // MARK: - Running builds

    nonisolated func run(_ plan: BuildPlan, timeout: Duration, slimInclude: String?) async -> ExtensionBuild {
        let start = ContinuousClock.now
        let deadline = start.advanced(by: timeout)
        var build = ExtensionBuild(
            name: plan.name, path: plan.path, status: .compiled, functions: plan.functions, directory: nil,
            library: plan.library, key: plan.key, cached: false, seconds: 0, diagnostics: "", fallbackReason: nil)
        let work: String
        do {
            work = try cache.workDirectory(plan.key)
            for source in plan.sources {
                try source.text.write(toFile: work + "/" + source.fileName, atomically: false, encoding: .utf8)
            }
            for (name, text) in plan.extraFiles { try text.write(toFile: work + "/" + name, atomically: false, encoding: .utf8) }
        } catch {
            build.status = .unavailable
            build.diagnostics = "cannot write the build directory: \(error)"
            return build
        }
        let log = work + "/build.log"
        var failed = false
        var timedOut = false
        var launchError: String?
        let outcomes = await withTaskGroup(of: (ProcessOutcome?, String?).self) { group in
            for command in plan.parallel {
                group.addTask { await self.execute(command, in: work, log: log, deadline: deadline) }
            }
            var all: [(ProcessOutcome?, String?)] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        for (outcome, error) in outcomes {
            if let error { launchError = error }
            if let outcome, !outcome.succeeded { failed = true; timedOut = timedOut || outcome.timedOut }
        }
        if !failed, launchError == nil {
            for command in plan.sequential {
                let (outcome, error) = await execute(command, in: work, log: log, deadline: deadline, priority: .ahead)
                if let error { launchError = error; break }
                if let outcome, !outcome.succeeded { failed = true; timedOut = outcome.timedOut; break }
            }
        }
        build.seconds = StageTiming(stage: "build", duration: ContinuousClock.now - start).seconds
        if let launchError {
            cache.discard(work)
            build.status = .unavailable
            build.diagnostics = launchError
            return build
        }
        if timedOut {
            cache.discard(work)
            build.status = .timeout
            build.diagnostics = "the build ran past its \(Self.describe(timeout)) limit and was stopped"
            return build
        }
        if failed {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let diagnostics = CompilerDiagnostics(log: text, sources: plan.sources, buildDirectory: work, slimInclude: slimInclude)
            build.status = .compileError
            build.diagnostics = diagnostics.text
            build.library = nil
            if plan.path == .slim, diagnostics.slimCoverageGap { build.fallbackReason = diagnostics.gapEvidence }
        }
        do {
            return try cache.commit(build, from: work, toolchain: toolchain.fingerprint)
        } catch {
            cache.discard(work)
            build.directory = nil
            return build
        }
    }

    nonisolated private func execute(
        _ command: BuildPlan.Command, in work: String, log: String, deadline: ContinuousClock.Instant,
        priority: ProcessLimiter.Priority = .normal
    ) async -> (ProcessOutcome?, String?) {
        await limiter.withSlot(priority: priority) {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else {
                return (ProcessOutcome(exitCode: nil, signal: nil, timedOut: true, standardOutput: "", standardError: "", duration: .zero), nil)
            }
            do {
                let outcome = try await ProcessRunner.run(ProcessRequest(
                    executable: command.executable, arguments: command.arguments, workingDirectory: work,
                    timeout: remaining, niceness: self.options.niceness, output: .logFile(log)))
                return (outcome, nil)
            } catch {
                return (nil, "\(command.label): \(error)")
            }
        }
    }

    nonisolated func runFull(_ ext: InlineExtension, key: String, reason: String) async -> ExtensionBuild {
        let start = ContinuousClock.now
        let name = ext.name ?? "extension"
        var build = ExtensionBuild(
            name: name, path: .full, status: .compiled, functions: ext.functions, directory: nil, library: "\(name).so",
            key: key, cached: false, seconds: 0, diagnostics: "", fallbackReason: reason)
        guard toolchain.fullPathAvailable else {
            build.status = .unavailable
            build.library = nil
            build.diagnostics = "the full path (load_inline) needs torch built with CUDA and ninja, which are not installed here"
            return build
        }
        let work: String
        let request: String
        do {
            work = try cache.workDirectory(key)
            let body: [String: JSONValueLike] = [
                "name": .string(name), "cpp_sources": .strings(ext.cppSourceTexts),
                "cuda_sources": .strings(ext.cudaSourceTexts),
                "functions": .strings(ext.functions), "extra_cflags": .strings(ext.extraCflags),
                "extra_cuda_cflags": .strings(ext.extraCudaCflags), "extra_ldflags": .strings(ext.extraLdflags),
                "with_cuda": ext.withCuda.map { .bool($0) } ?? .null, "no_implicit_headers": .bool(ext.noImplicitHeaders),
                "with_pytorch_error_handling": .bool(ext.withPytorchErrorHandling),
                "build_directory": .string(work), "result": .string(work + "/result.json"),
            ]
            request = String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
        } catch {
            build.status = .unavailable
            build.diagnostics = "cannot prepare the full build: \(error)"
            return build
        }
        let log = work + "/build.log"
        var variables = ["MAX_JOBS": "2"]
        if let archList = options.torchArchList { variables["TORCH_CUDA_ARCH_LIST"] = archList }
        let environment = variables
        let outcome: ProcessOutcome
        do {
            outcome = try await limiter.withSlot(priority: .ahead) {
                try await ProcessRunner.run(ProcessRequest(
                    executable: self.toolchain.python, arguments: ["-I", self.fullBuildScript], environment: environment,
                    workingDirectory: work, input: request, timeout: self.options.fullTimeout, niceness: self.options.niceness,
                    output: .logFile(log)))
            }
        } catch {
            cache.discard(work)
            build.status = .unavailable
            build.diagnostics = "\(error)"
            return build
        }
        build.seconds = StageTiming(stage: "build", duration: ContinuousClock.now - start).seconds
        if outcome.timedOut {
            cache.discard(work)
            build.status = .timeout
            build.library = nil
            build.diagnostics = "load_inline ran past its \(Self.describe(options.fullTimeout)) limit and was stopped"
            return build
        }
        struct Result: Decodable {
            var ok: Bool
            var library: String?
            var error: String?
        }
        guard let data = FileManager.default.contents(atPath: work + "/result.json"),
            let result = try? JSONDecoder().decode(Result.self, from: data)
        else {
            cache.discard(work)
            build.status = .unavailable
            build.library = nil
            build.diagnostics = "the full build wrote no result: \(outcome.standardError.suffix(2000))"
            return build
        }
        if result.ok, let library = result.library {
            build.library = (library as NSString).lastPathComponent
        } else {
            let main = GeneratedSource(
                fileName: "main.cpp", implicitHeaders: ext.noImplicitHeaders ? [] : ["#include <torch/extension.h>"],
                sources: ext.cppSources, section: "cpp_sources", trailer: [])
            let cuda = GeneratedSource(
                fileName: "cuda.cu",
                implicitHeaders: ext.noImplicitHeaders ? [] : ["#include <torch/types.h>", "#include <cuda.h>", "#include <cuda_runtime.h>"],
                sources: ext.cudaSources, section: "cuda_sources", trailer: [])
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            build.status = .compileError
            build.library = nil
            build.diagnostics = CompilerDiagnostics(log: text, sources: [main, cuda], buildDirectory: work, slimInclude: nil).text
            if build.diagnostics.isEmpty { build.diagnostics = result.error ?? "load_inline failed" }
        }
        do {
            return try cache.commit(build, from: work, toolchain: toolchain.fingerprint)
        } catch {
            cache.discard(work)
            return build
        }
    }

    static func describe(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        return seconds >= 60 && seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds) s"
    }

    // MARK: - Verdicts

    static func verdict(_ check: KernelCheckReport, builds: [ExtensionBuild], seconds: Double) -> Verdict {
        var reasons: [Reason] = []
        var status: Verdict.Status = .compiled
        for build in builds {
            switch build.status {
            case .compiled:
                continue
            case .compileError:
                if status != .internalError { status = .compileError }
                reasons.append(Reason(code: "compile_error", message: "extension \(build.name) (\(build.path.rawValue) build) did not compile:\n\(build.diagnostics)"))
            case .timeout:
                if status == .compiled { status = .timeout }
                reasons.append(Reason(code: "compile_timeout", message: "extension \(build.name): \(build.diagnostics)"))
            case .unavailable:
                status = .internalError
                reasons.append(Reason(code: "build_unavailable", message: "extension \(build.name): \(build.fallbackReason ?? build.diagnostics)"))
            }
        }
        if builds.isEmpty {
            status = .internalError
            reasons.append(Reason(code: "nothing_to_build", message: "the candidate has no extension to build"))
        }
        return Self.verdict(check, status: status, reasons: reasons, seconds: seconds)
    }

    static func verdict(_ check: KernelCheckReport, status: Verdict.Status, reasons: [Reason], seconds: Double) -> Verdict {
        var verdict = check.verdict
        verdict.status = status
        verdict.passed = false
        verdict.reward = 0
        verdict.reasons = reasons
        verdict.stages.append(StageTiming(stage: "compile", seconds: seconds))
        return verdict
    }
}

/// A tiny JSON value for the full-build request (AssayCore's JSONValue encodes through its own
/// writer; this keeps the request independent of it).
enum JSONValueLike: Encodable {
    case string(String)
    case strings([String])
    case bool(Bool)
    case null

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .strings(let s): try c.encode(s)
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        }
    }
}
