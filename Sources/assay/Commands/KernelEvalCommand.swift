public import ArgumentParser
import AssayCore
import AssayKernels
import Foundation

/// `assay kernel eval`: compile candidates here and evaluate them on GPU workers.
struct KernelEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Compile kernel candidates and evaluate them on the GPU (correctness, timing, anti-hack checks).",
        discussion: """
            Each candidate is checked and compiled as by `assay kernel compile`, then run by a \
            GPU worker (`python3 -m assay_worker`, worker/README.md): correctness on secret \
            random inputs, timing against PyTorch eager and torch.compile, profiler and guard \
            checks. Each result is one JSON line: problem, candidate_hash, compiled, correct, \
            speedup_eager, speedup_compile, findings, reward, feedback, timings, status, \
            passed, reasons. Results are written as they finish (not in input order).

            Batch lines: {"problem": PATH or SOURCE, "candidate": OUTPUT, ...}. A problem \
            with a newline is the source itself; otherwise a path (relative to the batch \
            file's directory, then the current directory). `problem_name` names it; every \
            other field is carried through. A bad line gets a result with status invalid.

            Workers: --slots-per-gpu processes per GPU in --gpus, each started with \
            `--device N --gpu-lock <dir>/gpuN.lock`; the worker package is found in \
            $ASSAY_WORKER_DIR (default ./worker), Python is $ASSAY_PYTHON (default python3).

            Baselines: the eager and torch.compile timings of a problem are measured once per \
            GPU (by the first of its candidates, before that candidate's code is loaded) and \
            handed to the other workers. --baselines FILE keeps them between runs (JSON \
            lines, appended as they are measured; used only on the same GPU with the same \
            torch, CUDA and driver), as a training run evaluating the same problems every \
            step would.

            Build path (--path): auto (default) builds each extension on the slim path (the \
            candidate's sources against Assay's slim torch header, C entry points instead of \
            pybind11: seconds) and falls back to the full path (load_inline itself: about a \
            minute, needs torch with CUDA) only where the slim header does not cover what the \
            candidate uses; slim never falls back (a gap is a compile error); full always uses \
            load_inline. The worker loads both kinds (artifact kinds assay_slim and pybind_so), \
            and only for a load_inline call whose arguments hash to the build's digest. \
            Raw-kernel candidates (a cuda block plus an assay-raw-kernel/1 launch \
            description, docs/kernels.md) compile to a cubin; the worker wraps it in a ModelNew \
            made from the problem's Model (same parameters, the reference's weights) and \
            evaluates it like any other candidate.

            Start-up: the GPU workers start while the first candidates compile; a line on \
            standard error says when they are ready. When none can start, the error names each \
            slot's failure, every candidate that got that far is an internal_error, and the \
            exit status is 2. --wait-for-workers starts them before compiling anything (and \
            stops at once when none starts).

            Exit status: 0 when every candidate got a verdict that is not internal_error, \
            2 otherwise (also when no GPU worker starts).

            Examples:
              assay kernel eval --problem examples/kernels/problems/relu.py out1.md out2.md
              assay kernel eval --batch samples.jsonl --out results.jsonl --gpus 0,1 --slots-per-gpu 2
            """
    )

    @Argument(help: "Candidates: model outputs or Python files (with --problem).")
    var candidates: [String] = []

    @Option(help: "The KernelBench problem file the candidates answer.")
    var problem: String?

    @Option(help: "JSON-lines batch file (- for standard input).")
    var batch: String?

    @Option(help: "Where result lines go (- for standard output).")
    var out: String = "-"

    @Option(help: "GPU indices, comma separated.")
    var gpus: String = "0"

    @Option(help: "Worker processes per GPU.")
    var slotsPerGpu: Int = 2

    @Option(help: "Evaluation children each worker starts ahead of requests (worker --spares).")
    var spares: Int?

    @Option(help: "Directory for the workers' logs (their stderr, one file per slot; default: discarded).")
    var workerLogs: String?

    @Option(help: "Candidates in flight at once (compiling, waiting or evaluating; default: the whole batch, up to 2048).")
    var concurrency: Int?

    @Option(help: "JSON-lines file of baselines kept between runs (read at start, appended to; created if missing).")
    var baselines: String?

    @Flag(help: "Start the GPU workers before compiling anything (default: they start while the first candidates compile).")
    var waitForWorkers = false

    @Option(help: "Correctness trials per candidate (5-1000).")
    var trials: Int = 5

    @Flag(help: "Skip timing (no speedups; correct candidates earn the base reward).")
    var noTiming = false

    @Option(help: "Seconds the worker may spend on one candidate (the Swift backstop adds 120).")
    var evalTimeout: Double = 900

    @Option(help: "GPU architecture to build for.")
    var arch: String = "sm_90"

    @Option(help: "Build cache directory (default: $ASSAY_CACHE, else ~/.cache/assay/kernels).")
    var cache: String?

    @Option(help: "Compiler processes at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Build path: auto (slim, full where the slim header falls short), slim or full.")
    var path: CompileOptions.PathChoice = .auto

    @Option(help: "Seconds one full-path (load_inline) build may take.")
    var fullTimeout: Int = 900

    @Option(help: ArgumentHelp(
        "Niceness of the compiler processes (0-19; 0: as assay itself).",
        discussion: "The GPU evaluation processes are the pipeline's bottleneck; compilers at a higher niceness "
            + "leave them the CPU first."))
    var compileNiceness: Int32 = CompileOptions.evaluationNiceness

    func validate() throws {
        if batch == nil {
            guard problem != nil, !candidates.isEmpty else {
                throw ValidationError("give --problem P.py and candidates, or --batch FILE.jsonl")
            }
        } else if problem != nil || !candidates.isEmpty {
            throw ValidationError("--batch takes no --problem or candidate arguments")
        }
        guard slotsPerGpu >= 1 else { throw ValidationError("--slots-per-gpu must be at least 1") }
        guard (0...19).contains(compileNiceness) else { throw ValidationError("--compile-niceness must be 0 to 19") }
        guard (5...1000).contains(trials) else { throw ValidationError("--trials must be 5-1000") }
        guard evalTimeout > 0, fullTimeout > 0 else { throw ValidationError("timeouts must be positive") }
        _ = try parsedGPUs()
    }

    func parsedGPUs() throws -> [Int] {
        let parts = gpus.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap { Int($0) }
        guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ $0 >= 0 }), Set(values).count == values.count else {
            throw ValidationError("--gpus must be distinct GPU indices, like 0 or 0,1")
        }
        return values
    }

    func run() async throws {
        // Inputs first: a bad file fails before any worker starts.
        var lines: [Result<EvaluationBatchLine, EvaluationBatchLineError>] = []
        if let batch {
            let base = batch == "-" ? nil : URL(fileURLWithPath: batch).deletingLastPathComponent().path
            lines = try InputLines.read(batch).filter { !$0.allSatisfy(\.isWhitespace) }
                .map { EvaluationBatchLine.parse($0, baseDirectory: base) }
        } else if let problem {
            let source = try InputLines.readText(problem)
            for candidate in candidates {
                let item = KernelEvaluator.Item(output: try InputLines.readText(candidate), problemSource: source, problemName: problem)
                lines.append(.success(EvaluationBatchLine(item: item, carried: JSONObject([("candidate_file", .string(candidate))]))))
            }
        }
        let options = CompileOptions(
            arch: arch, cacheDirectory: cache ?? KernelCompileCommand.defaultCache(),
            fullTimeout: .seconds(fullTimeout), jobs: jobs, path: path, niceness: compileNiceness)
        let toolchain: KernelToolchain
        switch await KernelToolchain.discover() {
        case .success(let found): toolchain = found
        case .failure(let error): throw CommandFailure(error.message)
        }
        let compiler: CompileService
        do {
            compiler = try CompileService(toolchain: toolchain, options: options)
        } catch {
            throw CommandFailure(error.message)
        }
        var poolConfiguration = GPUWorkerPoolConfiguration(gpus: try parsedGPUs(), slotsPerGPU: slotsPerGpu)
        poolConfiguration.logDirectory = workerLogs
        poolConfiguration.baselineFile = baselines
        if let spares { poolConfiguration.extraArguments += ["--spares", String(spares)] }
        var evalOptions = KernelEvaluationOptions()
        evalOptions.trials = trials
        evalOptions.timing = !noTiming
        evalOptions.totalSeconds = evalTimeout
        let output = try OutputFile(path: out)
        let progress = Progress(total: lines.count)
        let began = ContinuousClock.now
        let internalErrors = try await withGPUWorkerPool(poolConfiguration, startInBackground: !waitForWorkers) { pool in
            // Without --wait-for-workers the workers start while the first candidates compile;
            // the readiness line (or the error) comes when every slot has started or failed.
            let waitFirst = waitForWorkers
            let total = lines.count
            let readiness = Task { [began] in
                let statuses = await pool.firstStartsEnded()
                let live = statuses.filter { $0.state != .down }.count
                let ready = String(format: "%.1f", (ContinuousClock.now - began).inSeconds)
                if live == 0 {
                    let details = statuses.map(\.failureLine)
                    FileHandle.standardError.write(Data(("Error: no GPU worker started:\n  " + details.joined(separator: "\n  ") + "\n").utf8))
                } else {
                    let what = waitFirst ? "; evaluating \(total) candidates" : " (candidates compiled meanwhile)"
                    FileHandle.standardError.write(Data(
                        "assay kernel eval: \(live) of \(statuses.count) GPU workers ready in \(ready) s\(what)\n".utf8))
                }
                return live
            }
            if waitForWorkers, await readiness.value == 0 { throw ExitCode(2) }
            let evaluator = KernelEvaluator(compiler: compiler, pool: pool, options: evalOptions)
            var items: [KernelEvaluator.Item] = []
            var carried: [JSONObject] = []
            var failures = 0
            for line in lines {
                switch line {
                case .success(let parsed):
                    items.append(parsed.item)
                    carried.append(parsed.carried)
                case .failure(let error):
                    try output.writeLine(error.resultJSON.jsonText)
                    progress.advance()
                }
            }
            let workers = poolConfiguration.gpus.count * slotsPerGpu
            // Every candidate in flight at once (up to 2048): the compile service and the pool
            // bound the work, candidates waiting for their problem's baselines hold no worker,
            // and a long (full-path) build found late in the batch still starts early.
            let inFlight = concurrency ?? max(8 * workers + options.jobs, min(items.count, 2048))
            let counter = InternalErrorCounter()
            let carriedFields = carried
            await evaluator.evaluate(batch: items, concurrency: inFlight) { index, evaluation in
                try? output.writeLine(evaluation.json(carrying: carriedFields[index]).jsonText)
                if evaluation.verdict.status == .internalError { counter.increment() }
                progress.advance(correct: evaluation.verdict.passed ? 1 : 0)
            }
            failures += counter.value
            if await readiness.value == 0 { throw ExitCode(2) }
            for problem in await pool.baselineFileErrors {
                FileHandle.standardError.write(Data("warning: a measured baseline was not kept: \(problem)\n".utf8))
            }
            return failures
        }
        progress.finish()
        if internalErrors > 0 { throw ExitCode(2) }
    }
}
