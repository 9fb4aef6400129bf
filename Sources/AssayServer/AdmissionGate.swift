import Synchronization

/// A bounded queue in front of the checkers: at most `workers` requests run at once, at most
/// `queueDepth` wait, and the rest are turned away at once (429) instead of piling up.
///
/// Waiters are served first come, first served, and give up (503) when their deadline passes.
final class AdmissionGate: Sendable {
    /// Why a request was not admitted.
    enum Refusal: Error, Equatable {
        /// The queue is full.
        case queueFull
        /// The deadline passed while waiting.
        case timedOut
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var running = 0
        var waiting: [Waiter] = []
        var nextID: UInt64 = 0
    }

    let workers: Int
    let queueDepth: Int
    private let state = Mutex(State())

    init(workers: Int, queueDepth: Int) {
        self.workers = workers
        self.queueDepth = queueDepth
    }

    /// The number of requests running and waiting now.
    var load: (running: Int, waiting: Int) {
        state.withLock { ($0.running, $0.waiting.count) }
    }

    /// Runs `body` once a worker slot is free.
    ///
    /// - Throws: ``Refusal/queueFull`` at once when the queue is full; ``Refusal/timedOut`` when
    ///   `timeout` passes before a slot frees up; otherwise whatever `body` throws.
    func run<T: Sendable>(timeout: Duration, _ body: () async throws -> T) async throws -> T {
        try await acquire(timeout: timeout)
        defer { release() }
        return try await body()
    }

    /// Takes a slot without waiting, if one is free (for tests and probes).
    func tryAcquire() -> Bool {
        state.withLock { state in
            guard state.running < workers else { return false }
            state.running += 1
            return true
        }
    }

    func acquire(timeout: Duration) async throws {
        enum Decision { case admitted, refused, wait(UInt64) }
        let decision: Decision = state.withLock { state in
            if state.running < workers && state.waiting.isEmpty {
                state.running += 1
                return .admitted
            }
            if state.waiting.count >= queueDepth { return .refused }
            state.nextID += 1
            return .wait(state.nextID)
        }
        switch decision {
        case .admitted: return
        case .refused: throw Refusal.queueFull
        case .wait(let id):
            let expiry = Mutex<Task<Void, Never>?>(nil)
            defer { expiry.withLock { $0?.cancel() } }
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let admitted: Bool = state.withLock { state in
                    // A slot may have freed up between the decision and now.
                    if state.running < workers && state.waiting.isEmpty {
                        state.running += 1
                        return true
                    }
                    state.waiting.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if admitted {
                    continuation.resume()
                    return
                }
                // The timer starts only once the waiter is queued, so it always finds it.
                expiry.withLock {
                    $0 = Task {
                        try? await Task.sleep(for: timeout)
                        if !Task.isCancelled { self.expire(id) }
                    }
                }
            }
        }
    }

    /// Frees a slot, handing it straight to the oldest waiter if there is one.
    func release() {
        let next: Waiter? = state.withLock { state in
            if state.waiting.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume()
    }

    private func expire(_ id: UInt64) {
        let waiter: Waiter? = state.withLock { state in
            guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiting.remove(at: index)
        }
        waiter?.continuation.resume(throwing: Refusal.timedOut)
    }
}
