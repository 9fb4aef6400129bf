/// A counting semaphore for compiler processes: at most `limit` run at once, the rest wait in
/// order, except for jobs marked ``Priority/ahead``, which wait ahead of every normal one:
/// - a full `load_inline` build (about a minute, against about a second for a slim one):
///   starting the longest jobs first keeps one from finishing long after everything else (the
///   makespan rule "longest first");
/// - the link step of a slim build whose compiles are done: finishing builds already started
///   before starting new ones lets finished candidates reach the GPU while others compile.
///   In plain order, with a whole batch queued, every link would wait behind every compile, and
///   the GPU would idle until the last compile.
actor ProcessLimiter {
    /// Where a waiting job joins the queue.
    enum Priority: Sendable {
        case normal
        /// Ahead of every normal waiter (behind earlier `ahead` ones).
        case ahead
    }

    private let limit: Int
    private var running = 0
    private var waiters: [(priority: Priority, continuation: CheckedContinuation<Void, Never>)] = []

    init(limit: Int) { self.limit = max(1, limit) }

    /// Jobs waiting for a slot.
    var waiting: Int { waiters.count }

    func acquire(_ priority: Priority = .normal) async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { continuation in
            switch priority {
            case .normal:
                waiters.append((priority, continuation))
            case .ahead:
                let index = waiters.firstIndex { $0.priority == .normal } ?? waiters.endIndex
                waiters.insert((priority, continuation), at: index)
            }
        }
    }

    func release() {
        if waiters.isEmpty {
            running -= 1
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    /// Runs `body` holding one slot.
    nonisolated func withSlot<T: Sendable>(
        priority: Priority = .normal, _ body: @Sendable () async throws -> T
    ) async rethrows -> T {
        await acquire(priority)
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }
}
