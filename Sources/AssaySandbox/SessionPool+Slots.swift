extension SessionPool {
    /// Slots in use: open sessions, pre-started sandboxes, and sandboxes being started.
    var occupied: Int { entries.count + warm.count + warmStarting + reservedStarting }

    func newID() -> Int {
        nextID += 1
        return nextID
    }

    /// Starts the pre-started sandboxes and the idle reaper, if not running yet.
    public func prestart() {
        guard !closed else { return }
        if reaper == nil {
            let idle = configuration.idleTimeout
            let period = max(min(idle / 4, .seconds(1)), .milliseconds(10))
            reaper = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: period)
                    guard let self else { return }
                    await self.expireIdle()
                }
            }
        }
        refill()
    }

    /// A sandbox for a session: a pre-started one, a new one, or (for a new session at the
    /// bound) one obtained after waiting for a slot. An existing session already holds its slot.
    func obtainProcess(forNewSession: Bool) async throws(SandboxError) -> SessionProcess {
        while true {
            guard !closed else { throw SandboxError(.poolClosed, "the session pool is shut down") }
            if let taken = warm.popLast() {
                // A pre-started sandbox handed to a session that already held a slot frees one.
                // The caller registers it and then calls refill().
                if !forNewSession { wakeWaiter() }
                return taken.process
            }
            if !forNewSession || occupied < configuration.maxSessions {
                if forNewSession { reservedStarting += 1 }
                let result: Result<SessionProcess, SandboxError>
                do {
                    result = .success(try await SessionProcess.start(configuration.sandbox))
                } catch {
                    result = .failure(error)
                }
                if forNewSession { reservedStarting -= 1 }
                switch result {
                case .success(let process):
                    if closed {
                        await process.terminate()
                        throw SandboxError(.poolClosed, "the session pool is shut down")
                    }
                    return process
                case .failure(let error):
                    wakeWaiter()
                    throw error
                }
            }
            try await waitForSlot()
        }
    }

    /// Suspends until a slot may have become free (or the pool closes, or the task is cancelled).
    private func waitForSlot() async throws(SandboxError) {
        let id = newID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
        if Task.isCancelled {
            throw SandboxError(.cancelled, "cancelled while waiting for a free session slot")
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume()
    }

    /// Lets the longest-waiting caller of ``session()`` look for a slot again.
    func wakeWaiter() {
        guard !waiters.isEmpty else { return }
        waiters.removeFirst().continuation.resume()
    }

    /// Starts sandboxes in the background until ``Configuration/warmSessions`` are ready or starting.
    func refill() {
        guard !closed else { return }
        while warm.count + warmStarting < configuration.warmSessions, occupied < configuration.maxSessions {
            warmStarting += 1
            let sandbox = configuration.sandbox
            background {
                let process = try? await SessionProcess.start(sandbox)
                await self.warmStarted(process)
            }
        }
    }

    private func warmStarted(_ process: SessionProcess?) async {
        warmStarting -= 1
        // A failed start is not retried here (it would spin on a broken sandbox); the next
        // session() reports the error.
        if let process {
            if closed {
                await process.terminate()
                return
            }
            warm.append((process, .now))
        }
        wakeWaiter()
    }

    /// Runs `operation` in a task that ``shutdown()`` waits for.
    func background(_ operation: @escaping @Sendable () async -> Void) {
        let key = newID()
        background[key] = Task {
            await operation()
            self.backgroundFinished(key)
        }
    }

    private func backgroundFinished(_ key: Int) {
        background[key] = nil
    }

    /// Stops sessions and pre-started sandboxes unused for longer than the idle timeout.
    func expireIdle() {
        let now = ContinuousClock.now
        let idle = configuration.idleTimeout
        var stopping: [SessionProcess] = []
        for (id, entry) in entries where !entry.busy && now - entry.lastUsed >= idle {
            entries[id] = nil
            expired.insert(id)
            if let process = entry.process { stopping.append(process) }
        }
        let stale = warm.filter { now - $0.since >= idle }
        warm.removeAll { now - $0.since >= idle }
        stopping += stale.map(\.process)
        for process in stopping {
            wakeWaiter()
            background { await process.terminate() }
        }
    }
}
