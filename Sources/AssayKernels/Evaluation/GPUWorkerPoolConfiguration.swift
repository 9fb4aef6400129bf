import Foundation

/// How a ``GPUWorkerPool`` starts its workers: which Python, where `worker/` is, which GPUs.
public struct GPUWorkerPoolConfiguration: Sendable, Hashable {
    /// The Python interpreter (absolute path, or a name searched in `PATH`).
    public var python: String
    /// The repository's `worker/` directory (holds the `assay_worker` package); it becomes the
    /// workers' working directory and `PYTHONPATH`.
    public var workerDirectory: String
    /// GPU indices; one `--gpu-lock` file per GPU is shared by that GPU's slots.
    public var gpus: [Int]
    /// Worker processes per GPU.
    public var slotsPerGPU: Int
    /// Directory of the per-GPU lock files (`gpu<N>.lock`).
    public var lockDirectory: String
    /// Extra arguments for every worker (for example `["--spares", "1"]`).
    public var extraArguments: [String]
    /// Extra environment variables for every worker.
    public var environment: [String: String]
    /// How long a worker may take to write its `hello` (it starts a CUDA child first).
    public var helloTimeout: Duration
    /// The wait before a slot whose worker said `ok: false` (or did not start) is tried again;
    /// doubled after every further failure, up to ``maxRetryDelay``.
    public var retryDelay: Duration
    /// The longest wait between retries of a down slot.
    public var maxRetryDelay: Duration
    /// Whether a worker whose `hello` says `ok: false` still serves requests (every `evaluate`
    /// then answers `internal_error`). Off in production: such a slot is down. On only to
    /// exercise the process handling on a machine without a GPU.
    public var acceptUnhealthyWorkers: Bool
    /// Where the workers' stderr (their logs) is appended, one file per slot
    /// (`worker-gpu<N>-slot<I>.log`); `nil` discards it.
    public var logDirectory: String?
    /// A file of baselines kept between runs (``BaselineFile``): read when the pool starts,
    /// appended to as workers measure new ones; `nil` keeps them for this pool's lifetime only.
    public var baselineFile: String?

    /// Creates a configuration; `python` and `workerDirectory` default to the environment
    /// (``defaultPython()``, ``defaultWorkerDirectory()``).
    public init(
        python: String? = nil, workerDirectory: String? = nil, gpus: [Int] = [0], slotsPerGPU: Int = 2,
        lockDirectory: String? = nil, extraArguments: [String] = [], environment: [String: String] = [:],
        helloTimeout: Duration = .seconds(300), retryDelay: Duration = .seconds(30),
        maxRetryDelay: Duration = .seconds(600), acceptUnhealthyWorkers: Bool = false, logDirectory: String? = nil,
        baselineFile: String? = nil
    ) {
        self.python = python ?? Self.defaultPython()
        self.workerDirectory = workerDirectory ?? Self.defaultWorkerDirectory()
        self.gpus = gpus
        self.slotsPerGPU = max(1, slotsPerGPU)
        self.lockDirectory = lockDirectory ?? (NSTemporaryDirectory() + "assay-gpu-locks")
        self.extraArguments = extraArguments
        self.environment = environment
        self.helloTimeout = helloTimeout
        self.retryDelay = retryDelay
        self.maxRetryDelay = maxRetryDelay
        self.acceptUnhealthyWorkers = acceptUnhealthyWorkers
        self.logDirectory = logDirectory
        self.baselineFile = baselineFile
    }

    /// `ASSAY_PYTHON`, else `python3`.
    public static func defaultPython() -> String {
        let value = ProcessInfo.processInfo.environment["ASSAY_PYTHON"] ?? ""
        return value.isEmpty ? "python3" : value
    }

    /// `ASSAY_WORKER_DIR`, else `worker` under the current directory.
    public static func defaultWorkerDirectory() -> String {
        let value = ProcessInfo.processInfo.environment["ASSAY_WORKER_DIR"] ?? ""
        return value.isEmpty ? FileManager.default.currentDirectoryPath + "/worker" : value
    }

    /// The lock file shared by the slots of GPU `gpu`.
    public func lockPath(gpu: Int) -> String { lockDirectory + "/gpu\(gpu).lock" }
}
