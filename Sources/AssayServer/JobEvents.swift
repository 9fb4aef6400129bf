import AssayStore
import Foundation
import Synchronization

/// Fans job progress out to the clients following a job's event stream.
final class JobEvents: Sendable {
    /// One thing that happened to a job.
    enum Event: Sendable {
        /// The job's progress or state changed.
        case update(JobRecord)
        /// The server is shutting down; the job will resume when it starts again.
        case interrupted(JobRecord)
    }

    private let subscribers = Mutex<[String: [UUID: AsyncStream<Event>.Continuation]]>([:])

    /// A stream of the job's events from now on; it ends when the job finishes or the server
    /// shuts down.
    func subscribe(jobID: String) -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(64))
        let token = UUID()
        subscribers.withLock { $0[jobID, default: [:]][token] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { all in
                all[jobID]?[token] = nil
                if all[jobID]?.isEmpty == true { all[jobID] = nil }
            }
        }
        return stream
    }

    /// Sends an event to the job's followers, ending their streams when the job is over.
    func publish(_ event: Event) {
        let job: JobRecord
        let ends: Bool
        switch event {
        case .update(let record):
            job = record
            ends = record.state.isFinished
        case .interrupted(let record):
            job = record
            ends = true
        }
        let targets = subscribers.withLock { all in
            let targets = Array((all[job.id] ?? [:]).values)
            if ends { all[job.id] = nil }
            return targets
        }
        for continuation in targets {
            continuation.yield(event)
            if ends { continuation.finish() }
        }
    }

    /// Ends every stream (server shutdown).
    func finishAll() {
        let all = subscribers.withLock { all in
            let values = all.values.flatMap(\.values)
            all = [:]
            return values
        }
        for continuation in all { continuation.finish() }
    }
}
