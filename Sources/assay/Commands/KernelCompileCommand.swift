public import ArgumentParser
import AssayCore
import AssayKernels
import Foundation

/// `assay kernel compile`: extraction, static checks and compilation, one JSON verdict each.
struct KernelCompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Check kernel candidates and compile their CUDA code (no GPU needed).",
        discussion: """
            Each candidate is checked as by `assay kernel check`, then every load_inline \
            extension it builds is compiled. The slim path compiles the candidate's sources \
            against Assay's slim torch header and binds `functions` through C entry points \
            instead of pybind11 (about a second); when the slim header does not cover \
            something the candidate uses, load_inline itself builds it (the full path, about a \
            minute, needs torch with CUDA). Raw-kernel candidates compile to a cubin. Results \
            are cached by the SHA-256 of sources, flags, toolchain and torch versions.

            Output: one JSON object per candidate (JSON lines for several): status (compiled, \
            compile_error, timeout, rejected, syntax_error, format_error, internal_error), \
            reasons, findings, builds (path slim/full/raw, cached, seconds, library, \
            diagnostics mapped to candidate lines), stage timings and feedback.

            Toolchain: nvcc from ASSAY_NVCC, CUDA_HOME, PATH, /usr/local/cuda, or the PyPI \
            package (pip install nvidia-cuda-nvcc nvidia-cuda-runtime) of ASSAY_PYTHON/python3.

            Exit status: 0 when every candidate compiled, 1 otherwise, 2 on internal errors.

            Examples:
              assay kernel compile examples/kernels/candidates/relu_basic.py --arch sm_90
              assay kernel compile out/*.md --problem problems/relu.py --cache /tmp/assay-cache --jobs 16
            """
    )

    @Argument(help: "Candidates: model outputs or Python files (- for standard input).")
    var candidates: [String]

    @Option(help: "The KernelBench problem file the candidates answer.")
    var problem: String?

    @Option(help: "GPU architecture to build for (SASS for exactly this one, plus PTX).")
    var arch: String = "sm_90"

    @Option(help: "Build cache directory (default: $ASSAY_CACHE, else ~/.cache/assay/kernels).")
    var cache: String?

    @Option(help: "Compiler processes at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Seconds one slim or raw build may take.")
    var timeout: Int = 120

    @Option(help: "Seconds one full-path (load_inline) build may take.")
    var fullTimeout: Int = 900

    @Option(help: "Build path: auto (slim, full where needed), slim, or full.")
    var path: CompileOptions.PathChoice = .auto

    func validate() throws {
        guard !candidates.isEmpty else { throw ValidationError("give at least one candidate") }
        guard timeout > 0, fullTimeout > 0 else { throw ValidationError("timeouts must be positive") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        let problemSource = try problem.map { try InputLines.readText($0) }
        let texts = try candidates.map { try InputLines.readText($0) }
        let options = CompileOptions(
            arch: arch, cacheDirectory: cache ?? Self.defaultCache(), timeout: .seconds(timeout),
            fullTimeout: .seconds(fullTimeout), jobs: jobs, path: path)
        let toolchain: KernelToolchain
        switch await KernelToolchain.discover() {
        case .success(let found): toolchain = found
        case .failure(let error): throw CommandFailure(error.message)
        }
        let service: CompileService
        do {
            service = try CompileService(toolchain: toolchain, options: options)
        } catch {
            throw CommandFailure(error.message)
        }
        let checker = KernelChecker()
        let checks = await withTaskGroup(of: (Int, KernelCheckReport).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, await checker.check(output: text, problem: problemSource)) }
            }
            var all: [(Int, KernelCheckReport)] = []
            for await item in group { all.append(item) }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let reports = await service.compile(batch: checks)
        var out = BufferedOutput()
        for report in reports { out.writeLine(JSONLines.encode(report.json)) }
        out.flush()
        if reports.contains(where: { $0.verdict.status == .internalError || $0.verdict.status == .invalid }) {
            throw ExitCode(2)
        }
        if reports.contains(where: { $0.verdict.status != .compiled }) { throw ExitCode(1) }
    }

    static func defaultCache() -> String {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["ASSAY_CACHE"], !explicit.isEmpty { return explicit }
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.cache")
        return base + "/assay/kernels"
    }
}

extension CompileOptions.PathChoice: ExpressibleByArgument {}
