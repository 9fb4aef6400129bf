import AssayCore
import AssayStore
import Logging
import ServiceLifecycle
import Synchronization

/// Works through stored jobs one at a time, a chunk of items per transaction, publishing
/// progress after each commit.
///
/// Jobs live in the store, so a restart (or a `kill -9`) loses at most the chunk in flight:
/// on start, jobs left `running` go back to `queued` and resume from their first item
/// without a verdict. On graceful shutdown the runner finishes the chunk in hand, stores it,
/// and leaves the job `queued` for the next start.
final class JobRunner: Service, Sendable {
    let store: VerdictStore
    let handlers: [String: any JobHandler]
    let events: JobEvents
    let metrics: ServerMetrics
    let environment: EnvironmentFingerprint
    var environmentID: ContentHash { environment.id }
    let chunkSize: Int
    let logger: Logger
    private let wakeUp: AsyncStream<Void>.Continuation
    private let wakeUps: AsyncStream<Void>

    init(
        store: VerdictStore, handlers: [any JobHandler], events: JobEvents, metrics: ServerMetrics,
        environment: EnvironmentFingerprint, chunkSize: Int, logger: Logger
    ) {
        self.store = store
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.events = events
        self.metrics = metrics
        self.environment = environment
        self.chunkSize = chunkSize
        self.logger = logger
        (wakeUps, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the runner that a job was submitted.
    func notify() { wakeUp.yield() }

    func run() async throws {
        // Verdicts reference the environment they were produced in.
        try await store.record(environment: environment)
        // Jobs that were running when the last process died resume from where they stopped.
        for job in try await store.jobs(in: [.running]) {
            try await store.setState(.queued, jobID: job.id)
            logger.info("resuming interrupted job", metadata: ["job": "\(job.id)", "done": "\(job.completed)/\(job.total)"])
        }
        await withGracefulShutdownHandler {
            var iterator = wakeUps.makeAsyncIterator()
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                do {
                    if try await runNextJob() { continue }
                } catch {
                    logger.error("job runner store failure", metadata: ["error": "\(error)"])
                }
                // Nothing to do: sleep until a submission or shutdown wakes us.
                guard await iterator.next() != nil else { break }
            }
        } onGracefulShutdown: {
            self.wakeUp.yield()
        }
        events.finishAll()
    }

    /// Runs the oldest queued job; returns `false` when there is none.
    private func runNextJob() async throws(StoreError) -> Bool {
        guard let job = try await store.jobs(in: [.queued]).first else { return false }
        guard let handler = handlers[job.kind] else {
            let failed = try await store.setState(.failed, jobID: job.id, error: "no handler for job kind \(job.kind) in this server")
            events.publish(.update(failed))
            metrics.recordJob(kind: job.kind, state: "failed")
            return true
        }
        do {
            return try await process(job, handler: handler)
        } catch {
            // A job the store cannot advance is failed rather than left running forever.
            logger.error("job failed", metadata: ["job": "\(job.id)", "error": "\(error.message)"])
            let failed = try await store.setState(.failed, jobID: job.id, error: "the store failed: \(error.message)")
            metrics.recordJob(kind: job.kind, state: "failed")
            events.publish(.update(failed))
            return true
        }
    }

    /// Works through a job's pending items; returns `false` when interrupted by shutdown.
    ///
    /// An item whose checker failed (`internal_error`: no GPU worker, a sandbox that cannot
    /// start) gets no verdict: it stays pending, the job ends `failed` saying how many items
    /// were left and why, and resubmitting the batch checks only those.
    private func process(_ job: JobRecord, handler: any JobHandler) async throws(StoreError) -> Bool {
        var current = try await store.setState(.running, jobID: job.id)
        events.publish(.update(current))
        var cursor = -1
        var unchecked = 0
        var firstFailure: String?
        while true {
            if Task.isShuttingDownGracefully || Task.isCancelled {
                let paused = try await store.setState(.queued, jobID: job.id)
                events.publish(.interrupted(paused))
                return false
            }
            // A client may have cancelled the job between chunks.
            if let latest = try await store.job(id: job.id), latest.state == .cancelled {
                events.publish(.update(latest))
                return true
            }
            let items = try await store.pendingItems(jobID: job.id, after: cursor, limit: chunkSize)
            guard let last = items.last else { break }
            cursor = last.position
            let outcomes = await handler.check(items, options: job.options)
            var results: [(position: Int, record: VerdictRecord)] = []
            for (item, outcome) in zip(items, outcomes) {
                if outcome.verdict.status == .internalError {
                    unchecked += 1
                    if firstFailure == nil { firstFailure = outcome.verdict.summary }
                    continue
                }
                results.append(
                    (
                        position: item.position,
                        record: VerdictRecord(
                            problem: item.problem, candidate: item.candidate, step: job.step, verdict: outcome.verdict,
                            extracted: outcome.extracted, speedup: outcome.speedup, details: outcome.details,
                            elapsedSeconds: outcome.elapsedSeconds)
                    ))
            }
            current = try await store.completeItems(jobID: job.id, results: results, environment: environmentID)
            metrics.recordVerdicts(domain: handler.kind, statuses: results.map(\.record.verdict.status), cached: 0)
            events.publish(.update(current))
        }
        if unchecked > 0 {
            let failed = try await store.setState(
                .failed, jobID: job.id,
                error: "\(unchecked) items could not be checked (\(firstFailure ?? "checker failure")); they keep no verdict: resubmit the same batch to retry them")
            metrics.recordJob(kind: job.kind, state: "failed")
            events.publish(.update(failed))
            return true
        }
        let finished = try await store.setState(.succeeded, jobID: job.id)
        metrics.recordJob(kind: job.kind, state: "succeeded")
        events.publish(.update(finished))
        return true
    }
}
