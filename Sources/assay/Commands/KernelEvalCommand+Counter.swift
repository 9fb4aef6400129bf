import Synchronization

/// Counts internal-error verdicts across the concurrent evaluations of `assay kernel eval`.
final class InternalErrorCounter: Sendable {
    private let count = Mutex(0)

    func increment() { count.withLock { $0 += 1 } }

    var value: Int { count.withLock { $0 } }
}
