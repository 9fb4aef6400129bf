import GRDB
import Synchronization

/// Merges the verdict batches of concurrent callers into shared transactions.
///
/// While one transaction is being written, new batches wait; when it commits, every batch
/// that arrived meanwhile is written in the next transaction. A caller returns only after
/// its own batch is committed, and a batch is never split across transactions, so the
/// all-or-nothing promise per batch holds. Under load this turns many small commits (one per
/// HTTP request) into few larger ones, without adding latency when the store is idle.
final class GroupCommit: Sendable {
    private struct Pending {
        let records: [VerdictRecord]
        let run: RunHandle
        let environment: ContentHash?
        let continuation: CheckedContinuation<[VerdictStore.RecordOutcome], any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var draining = false
    }

    private let writer: any DatabaseWriter
    private let state = Mutex(State())

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Writes `records` (in a transaction shared with other callers) and returns their
    /// outcomes.
    func record(
        _ records: [VerdictRecord], run: RunHandle, environment: ContentHash?
    ) async throws -> [VerdictStore.RecordOutcome] {
        try await withCheckedThrowingContinuation { continuation in
            let startDrainer = state.withLock { state in
                state.pending.append(Pending(records: records, run: run, environment: environment, continuation: continuation))
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDrainer {
                Task { await self.drain() }
            }
        }
    }

    /// Writes pending batches until none are left.
    private func drain() async {
        while true {
            let batch: [Pending] = state.withLock { state in
                if state.pending.isEmpty {
                    state.draining = false
                    return []
                }
                defer { state.pending.removeAll(keepingCapacity: true) }
                return state.pending
            }
            if batch.isEmpty { return }
            do {
                let outcomes = try await writer.write { db in
                    try batch.map { pending in
                        try pending.records.map {
                            try VerdictStore.insert($0, run: pending.run, environment: pending.environment, db: db)
                        }
                    }
                }
                for (pending, outcome) in zip(batch, outcomes) { pending.continuation.resume(returning: outcome) }
            } catch {
                // One bad batch must not fail the others: write them one by one.
                for pending in batch {
                    do {
                        let outcome = try await writer.write { db in
                            try pending.records.map {
                                try VerdictStore.insert($0, run: pending.run, environment: pending.environment, db: db)
                            }
                        }
                        pending.continuation.resume(returning: outcome)
                    } catch {
                        pending.continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}
