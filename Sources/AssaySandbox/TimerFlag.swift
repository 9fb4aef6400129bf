import Synchronization

/// A flag set once by a timer task and read afterwards.
final class TimerFlag: Sendable {
    private let state = Atomic<Bool>(false)
    /// Marks the timer as fired.
    func fire() { state.store(true, ordering: .sequentiallyConsistent) }
    /// Whether the timer fired.
    var fired: Bool { state.load(ordering: .sequentiallyConsistent) }
}
