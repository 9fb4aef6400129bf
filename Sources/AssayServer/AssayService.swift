import AssayStore
import AssayCore
import HTTPTypes
import Foundation
import Logging

/// The reward service's shared state: configuration, store, metrics, the admission queue,
/// the checkers and the job runner. One per server.
final class AssayService: Sendable {
    let configuration: ServerConfiguration
    let store: VerdictStore
    let metrics: ServerMetrics
    let gate: AdmissionGate
    let pipeline: CheckPipeline
    let events: JobEvents
    let jobs: JobRunner
    let jobHandlers: [String: any JobHandler]
    let kernels: KernelBackend?
    let routes = RouteTable()
    let environment: EnvironmentFingerprint
    let logger: Logger

    init(
        configuration: ServerConfiguration, store: VerdictStore, metrics: ServerMetrics,
        environment: EnvironmentFingerprint, logger: Logger
    ) {
        let kernels = configuration.kernels.map { KernelBackend(settings: $0, logger: logger) }
        self.kernels = kernels
        let jobHandlers = Domains.jobHandlers(configuration: configuration, kernels: kernels)
        self.configuration = configuration
        self.store = store
        self.metrics = metrics
        self.environment = environment
        self.logger = logger
        gate = AdmissionGate(workers: configuration.workers, queueDepth: configuration.queueDepth)
        pipeline = CheckPipeline(
            store: store, runs: RunRegistry(store: store, environment: environment), metrics: metrics,
            environmentID: environment.id, parallelism: ProcessInfo.processInfo.activeProcessorCount)
        events = JobEvents()
        self.jobHandlers = Dictionary(jobHandlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        jobs = JobRunner(
            store: store, handlers: jobHandlers, events: events, metrics: metrics, environment: environment,
            chunkSize: configuration.jobChunkSize, logger: logger)
    }

    /// Runs `body` inside the admission queue and the request deadline, mapping refusals to
    /// 429 (queue full) and 503 (waited too long).
    func admitted<T: Sendable>(_ body: (Deadline) async throws(APIError) -> T) async throws(APIError) -> T {
        let deadline = Deadline.after(configuration.requestTimeout)
        do {
            return try await gate.run(timeout: configuration.requestTimeout) {
                let load = gate.load
                metrics.recordLoad(running: load.running, waiting: load.waiting)
                return try await body(deadline)
            }
        } catch let error as APIError {
            throw error
        } catch AdmissionGate.Refusal.queueFull {
            metrics.recordRefusal(reason: "queue_full")
            throw .busy(
                "the server is busy: \(gate.workers) requests are running and \(gate.queueDepth) are waiting; retry later",
                retryAfter: 1)
        } catch AdmissionGate.Refusal.timedOut {
            metrics.recordRefusal(reason: "queue_timeout")
            throw APIError(
                status: .serviceUnavailable, code: "timeout",
                message: "the request waited longer than the request timeout for a worker; retry later",
                headers: [.retryAfter: "1"])
        } catch {
            throw APIError(status: .internalServerError, code: "internal_error", message: "\(error)")
        }
    }
}
