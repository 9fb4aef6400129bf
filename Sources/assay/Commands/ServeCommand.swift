import ArgumentParser
import AssayKernels
import AssaySandbox
import AssayServer
import AssayStore
import Foundation

/// `assay serve`: the reward service over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve rewards over HTTP and keep every verdict in a SQLite store.",
        discussion: """
            Endpoints (described in full at GET /openapi.yaml):
              POST /v1/math/grade      a batch of completions with gold answers -> verdicts
              POST /v1/groups          one problem, a group of candidates -> verdicts, rewards, advantages
              POST /get_reward         OpenRLHF's remote reward model call ({"query","prompts","labels"})
              POST /v1/python/run      run a program in the sandbox; with expected_stdout, a verdict
              POST /v1/kernels/eval    CUDA kernel candidates as a job (with --kernel-gpus)
              POST /v1/jobs            a batch as a background job; GET /v1/jobs/{id}[/results|/events]
              GET  /healthz, /metrics (Prometheus), /openapi.yaml

            Verdicts go to the run named by the request's "run" field (or ?run=), else to --run; a \
            pair (step, problem, candidate) already verdicted in that run is answered from the store. \
            Set ASSAY_API_KEY to require `Authorization: Bearer <key>` on the API (health, metrics \
            and the description stay open). SIGINT/SIGTERM shut down gracefully: running requests \
            finish and a job in progress stores its chunk and resumes at the next start.

            Examples:
              assay serve --db assay.sqlite
              ASSAY_API_KEY=secret assay serve --host 0.0.0.0 --port 9000 --run grpo-exp1
              assay serve --kernel-gpus 0 --kernel-worker-logs /tmp/worker-logs   # on the GPU box
              curl -s localhost:8080/v1/math/grade -d '{"items":[{"completion":"\\\\boxed{2}","gold":"2"}]}'
            """
    )

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "TCP port (0 picks a free port and prints it).")
    var port: Int = 8080

    @Option(help: "SQLite file for verdicts (created if missing).")
    var db: String = "assay.sqlite"

    @Option(help: "Run that verdicts go to when a request names none.")
    var run: String = "serve"

    @Option(help: "Checking requests that run at once (default: the number of cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Checking requests that may wait for a worker before new ones get 429.")
    var queue: Int = 256

    @Option(help: "Seconds a request may wait and run before it is answered 503 with Retry-After.")
    var timeout: Double = 30

    @Option(help: "Largest request body, in MiB.")
    var maxBodyMib: Int = 16

    @Option(help: "Most items in one synchronous batch request.")
    var maxBatch: Int = 4096

    @Option(help: "Most items in one job.")
    var maxJobItems: Int = 100_000

    @Flag(name: .customLong("no-isolation"), help: "Run /v1/python/run code without the bubblewrap sandbox (trusted code only); results say isolated: false.")
    var noIsolation = false

    @Option(help: "Python interpreter for /v1/python/run (under /usr with isolation).")
    var python: String = "/usr/bin/python3"

    @Option(help: "GPUs for /v1/kernels/eval, like 0 or 0,1 (default: kernels are not evaluated; the endpoint answers 503).")
    var kernelGpus: String?

    @Option(help: "GPU worker processes per GPU for kernel evaluation.")
    var kernelSlotsPerGpu: Int = 1

    @Option(help: "Directory for compiled kernel extensions (default: $ASSAY_CACHE or ~/.cache/assay/kernels).")
    var kernelCache: String?

    @Option(help: "Directory for the GPU workers' logs (default: discarded).")
    var kernelWorkerLogs: String?

    @Option(help: "JSON-lines file of kernel baselines (eager and torch.compile timings) kept between runs.")
    var kernelBaselines: String?

    func kernelSettings() throws -> KernelSettings? {
        guard let kernelGpus else { return nil }
        let parts = kernelGpus.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let gpus = parts.compactMap { Int($0) }
        guard !parts.isEmpty, gpus.count == parts.count, gpus.allSatisfy({ $0 >= 0 }), Set(gpus).count == gpus.count else {
            throw ValidationError("--kernel-gpus must be distinct GPU indices, like 0 or 0,1")
        }
        guard kernelSlotsPerGpu >= 1 else { throw ValidationError("--kernel-slots-per-gpu must be at least 1") }
        var pool = GPUWorkerPoolConfiguration(gpus: gpus, slotsPerGPU: kernelSlotsPerGpu)
        pool.logDirectory = kernelWorkerLogs
        pool.baselineFile = kernelBaselines
        // Slim builds (seconds) where the slim header covers the candidate, full (load_inline) builds
        // otherwise; the worker loads both (artifact kinds assay_slim and pybind_so).
        let compile = CompileOptions(
            cacheDirectory: kernelCache ?? KernelCompileCommand.defaultCache(), path: .auto,
            niceness: CompileOptions.evaluationNiceness)
        return KernelSettings(pool: pool, compile: compile, concurrency: 8 * gpus.count * kernelSlotsPerGpu + 2)
    }

    func run() async throws {
        var configuration = ServerConfiguration()
        configuration.kernels = try kernelSettings()
        configuration.sandbox = Sandbox(isolation: noIsolation ? .none : .bubblewrap, pythonPath: python)
        configuration.host = host
        configuration.port = port
        configuration.defaultRun = run
        configuration.workers = workers
        configuration.queueDepth = queue
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        configuration.requestTimeout = .milliseconds(Int64(timeout * 1000))
        guard maxBodyMib > 0, maxBodyMib <= 1024 else { throw ValidationError("--max-body-mib must be in 1...1024") }
        configuration.maxBodyBytes = maxBodyMib << 20
        configuration.maxBatchItems = maxBatch
        configuration.maxJobItems = maxJobItems
        configuration.apiKey = ProcessInfo.processInfo.environment["ASSAY_API_KEY"]
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.message)
        }
        let store: VerdictStore
        do {
            store = try VerdictStore(path: db, backgroundCheckpoints: true)
        } catch {
            throw CommandFailure(error.message)
        }
        let host = host
        let db = db
        let runName = run
        try await RewardServer.run(configuration: configuration, store: store) { port in
            let line = "assay serve: listening on http://\(host):\(port) (db \(db), run \(runName))\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
