public import AssaySandbox
import Foundation

/// Everything `assay serve` can be told: where to listen, where to store verdicts, and the
/// limits that keep the service responsive under load.
public struct ServerConfiguration: Sendable {
    /// The address to bind (loopback by default: put a proxy in front to expose it).
    public var host: String = "127.0.0.1"
    /// The TCP port (0 picks a free one).
    public var port: Int = 8080
    /// The run that verdicts go to when a request names none.
    public var defaultRun: String = "serve"
    /// The bearer token every API request must carry, or `nil` for no authentication.
    /// `/healthz`, `/metrics` and `/openapi.yaml` are always open.
    public var apiKey: String?
    /// The largest request body accepted, in bytes (413 beyond).
    public var maxBodyBytes: Int = 16 << 20
    /// The most items one batch request may carry (422 beyond).
    public var maxBatchItems: Int = 4096
    /// The most items one job may carry (422 beyond).
    public var maxJobItems: Int = 100_000
    /// How long a request may wait and run before it is answered 503 with Retry-After.
    public var requestTimeout: Duration = .seconds(30)
    /// How many checking requests run at once (the rest wait in the queue).
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    /// How many checking requests may wait for a worker before new ones get 429.
    public var queueDepth: Int = 256
    /// How many submitted jobs may wait before new submissions get 429.
    public var maxQueuedJobs: Int = 64
    /// How many job items are checked and committed together.
    public var jobChunkSize: Int = 64
    /// The sandbox for `/v1/python/run` (bubblewrap isolation by default; each request sets
    /// its own timeout and memory limit).
    public var sandbox = Sandbox()
    /// Kernel evaluation (`/v1/kernels/eval`), or `nil` to answer it 503: it needs nvcc,
    /// torch and a GPU.
    public var kernels: KernelSettings?
    /// The budget for one math answer (the grader's own cooperative deadline).
    public var mathPairTimeout: Duration = .seconds(2)

    /// Creates a configuration with the defaults.
    public init() {}

    /// Checks that the limits make sense.
    ///
    /// - Throws: ``ServerConfigurationError`` naming the first bad setting.
    public func validate() throws(ServerConfigurationError) {
        guard (0...65535).contains(port) else { throw ServerConfigurationError("--port must be in 0...65535") }
        guard !host.isEmpty else { throw ServerConfigurationError("--host must not be empty") }
        guard !defaultRun.isEmpty else { throw ServerConfigurationError("--run must not be empty") }
        guard maxBodyBytes > 0 else { throw ServerConfigurationError("the body limit must be positive") }
        guard maxBatchItems > 0 else { throw ServerConfigurationError("--max-batch must be positive") }
        guard maxJobItems > 0 else { throw ServerConfigurationError("--max-job-items must be positive") }
        guard workers > 0 else { throw ServerConfigurationError("--workers must be positive") }
        guard queueDepth >= 0 else { throw ServerConfigurationError("--queue must not be negative") }
        guard requestTimeout > .zero else { throw ServerConfigurationError("--timeout must be positive") }
        guard jobChunkSize > 0 else { throw ServerConfigurationError("the job chunk size must be positive") }
        if let apiKey, apiKey.isEmpty { throw ServerConfigurationError("ASSAY_API_KEY is set but empty") }
    }
}

/// A server setting that cannot work.
public struct ServerConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
