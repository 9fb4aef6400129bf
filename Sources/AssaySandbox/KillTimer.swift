/// Kills a process when a deadline passes, unless stopped first.
struct KillTimer {
    private let task: Task<Bool, Never>

    /// Starts the timer; `kill` runs if `duration` passes before ``stop()``.
    init(after duration: Duration, kill: @escaping @Sendable () -> Void) {
        task = Task {
            do { try await Task.sleep(for: duration) } catch { return false }
            kill()
            return true
        }
    }

    /// Stops the timer; says whether it had already fired.
    func stop() async -> Bool {
        task.cancel()
        return await task.value
    }
}
