import Synchronization

extension SessionProcess {
    /// The state shared by a session process, the task that serves it, and cancellation
    /// handlers: who to tell when it is ready, how to kill it, the call in flight, how it ended.
    final class Shared: Sendable {
        private struct State {
            var ready: CheckedContinuation<Result<SessionProcess, SandboxError>, Never>?
            var readyOutcome: SandboxError??
            var process: SessionProcess?
            var killer: (@Sendable () -> Void)?
            var killRequested = false
            var ending: Ending?
            var inFlight: CheckedContinuation<Outcome, Never>?
            var nextCallID = 0
        }

        private let state = Mutex(State())

        /// How the process ended, once it has.
        var ending: Ending? { state.withLock { $0.ending } }

        /// A fresh call number.
        func nextCallID() -> Int {
            state.withLock { state in
                state.nextCallID += 1
                return state.nextCallID
            }
        }

        /// Registers the continuation that ``SessionProcess/start(_:)`` waits on.
        func setReady(_ ready: CheckedContinuation<Result<SessionProcess, SandboxError>, Never>) {
            state.withLock { $0.ready = ready }
        }

        /// Registers the process object handed to the caller once the driver is ready.
        func setProcess(_ process: SessionProcess) {
            let resume = state.withLock { state in
                state.process = process
                return Self.takeReadiness(&state)
            }
            resume?()
        }

        /// Records that start-up succeeded (`nil`) or failed.
        func resumeReady(_ failure: SandboxError?) {
            let resume = state.withLock { state in
                if state.readyOutcome == nil { state.readyOutcome = .some(failure) }
                return Self.takeReadiness(&state)
            }
            resume?()
        }

        private static func takeReadiness(_ state: inout State) -> (() -> Void)? {
            guard let outcome = state.readyOutcome, let process = state.process, let ready = state.ready else {
                return nil
            }
            state.ready = nil
            state.process = nil
            return {
                if let outcome { ready.resume(returning: .failure(outcome)) } else { ready.resume(returning: .success(process)) }
            }
        }

        /// Registers how to kill the running process (`nil` once it can no longer be reached);
        /// kills at once if a kill already came.
        func setKiller(_ killer: (@Sendable () -> Void)?) {
            let killNow = state.withLock { state in
                state.killer = killer
                return state.killRequested
            }
            if killNow { killer?() }
        }

        /// Kills the process (every process in its sandbox), now or as soon as it exists.
        func kill() {
            let killer = state.withLock { state in
                state.killRequested = true
                return state.killer
            }
            killer?()
        }

        /// Records the call whose reply is awaited.
        func setInFlight(_ reply: CheckedContinuation<Outcome, Never>) {
            state.withLock { $0.inFlight = reply }
        }

        /// Takes the call whose reply is awaited.
        func takeInFlight() -> CheckedContinuation<Outcome, Never>? {
            state.withLock { state in
                defer { state.inFlight = nil }
                return state.inFlight
            }
        }

        /// Records the end of the process and answers the call in flight, if any.
        func finish(_ ending: Ending) {
            let call = state.withLock { state in
                state.ending = ending
                defer { state.inFlight = nil }
                return state.inFlight
            }
            call?.resume(returning: .ended(ending))
        }
    }
}
