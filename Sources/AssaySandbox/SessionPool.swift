/// A bounded pool of persistent Python sessions, each in its own sandbox.
///
/// A session keeps its interpreter state (variables, imports, definitions) from one call to
/// the next, like a notebook. The pool keeps ``Configuration/warmSessions`` sandboxes started
/// ahead of demand so that opening a session is instant, never runs more than
/// ``Configuration/maxSessions`` sandboxes at once (``session()`` waits for a free slot), and
/// kills sessions left idle longer than ``Configuration/idleTimeout``.
///
/// When a call crashes its interpreter or runs past its timeout, the sandbox is killed and
/// that call's result says ``SessionCallInfo/stateLost``; the session stays usable and its
/// next call runs in a fresh interpreter. A session that expired while idle comes back the
/// same way, and its next result says the state was lost.
///
/// Create pools with ``withSessionPool(_:_:)``, which shuts every sandbox down at the end:
///
/// ```swift
/// try await withSessionPool(SessionPool.Configuration(sandbox: Sandbox())) { pool in
///     try await pool.withSession { session in
///         _ = try await pool.execute("import math; x = math.factorial(20)", in: session)
///         let result = try await pool.execute("print(x % 1000)", in: session)
///         print(result.stdout)  // 0
///     }
/// }
/// ```
public actor SessionPool {
    /// How many sessions, how many pre-started, and for how long an idle one lives.
    public struct Configuration: Sendable {
        /// The sandbox every session runs in; its ``Sandbox/limits`` apply to each call.
        public var sandbox: Sandbox
        /// The most sandboxes alive at once: open sessions plus pre-started ones.
        public var maxSessions: Int
        /// Sandboxes kept started and waiting for ``SessionPool/session()``.
        public var warmSessions: Int
        /// An open session unused for this long is killed (its next call starts afresh and
        /// reports the lost state); pre-started sandboxes unused this long are stopped too.
        public var idleTimeout: Duration

        /// Creates a configuration.
        public init(sandbox: Sandbox, maxSessions: Int = 8, warmSessions: Int = 2, idleTimeout: Duration = .seconds(600)) {
            self.sandbox = sandbox
            self.maxSessions = maxSessions
            self.warmSessions = warmSessions
            self.idleTimeout = idleTimeout
        }
    }

    /// A snapshot of the pool's sandboxes.
    public struct Status: Sendable, Hashable {
        /// Open sessions (each holds one slot, with or without a live sandbox).
        public var sessions: Int
        /// Open sessions whose sandbox is alive right now.
        public var liveSessions: Int
        /// Pre-started sandboxes waiting for a session.
        public var warm: Int
        /// Sandboxes being started ahead of demand.
        public var starting: Int
        /// Callers of ``SessionPool/session()`` waiting for a free slot.
        public var waiting: Int
    }

    struct Entry {
        var process: SessionProcess?
        var lastUsed: ContinuousClock.Instant
        var busy = false
        /// Why the state is gone, to report on the next call.
        var lostReason: String?
    }

    /// The pool's settings.
    public nonisolated let configuration: Configuration
    var entries: [Int: Entry] = [:]
    var expired: Set<Int> = []
    var warm: [(process: SessionProcess, since: ContinuousClock.Instant)] = []
    var warmStarting = 0
    var waiters: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []
    var background: [Int: Task<Void, Never>] = [:]
    var reservedStarting = 0
    var nextID = 0
    var closed = false
    var reaper: Task<Void, Never>?

    /// Creates a pool and starts its pre-started sandboxes in the background.
    ///
    /// Prefer ``withSessionPool(_:_:)``; a pool created directly must be ended with
    /// ``shutdown()``.
    public init(_ configuration: Configuration) throws(SandboxError) {
        try configuration.sandbox.limits.validate()
        guard configuration.maxSessions >= 1, configuration.warmSessions >= 0,
            configuration.warmSessions <= configuration.maxSessions, configuration.idleTimeout > .zero
        else {
            throw SandboxError(
                .invalidArgument, "need maxSessions >= 1, 0 <= warmSessions <= maxSessions and a positive idle timeout")
        }
        self.configuration = configuration
    }

    /// Opens a session: takes a pre-started sandbox, starts one, or waits for a free slot.
    ///
    /// - Throws: ``SandboxError`` when the sandbox cannot start, the pool is shut down, or the
    ///   calling task is cancelled while waiting.
    public func session() async throws(SandboxError) -> Session {
        prestart()
        let id = newID()
        let process = try await obtainProcess(forNewSession: true)
        entries[id] = Entry(process: process, lastUsed: .now)
        refill()
        return Session(id: id)
    }

    /// Runs `code` in `session` and returns what happened.
    ///
    /// As in a notebook, the value of a final expression statement is printed (its `repr`)
    /// unless it is `None`. `sys.exit(n)` ends the cell with exit code `n` but keeps the state.
    ///
    /// - Parameters:
    ///   - code: Python source for one cell.
    ///   - session: an open session of this pool; one call at a time per session.
    ///   - timeout: this call's wall-clock limit; the sandbox's ``SandboxLimits/timeout`` if `nil`.
    /// - Throws: ``SandboxError`` for an unknown, closed or busy session, a closed pool, or a
    ///   sandbox that cannot start. What the code does is never an error.
    public func execute(_ code: String, in session: Session, timeout: Duration? = nil) async throws(SandboxError) -> SandboxResult {
        guard !closed else { throw SandboxError(.poolClosed, "the session pool is shut down") }
        if expired.contains(session.id) {
            let process = try await obtainProcess(forNewSession: true)
            guard expired.remove(session.id) != nil, !closed else {
                await process.terminate()
                throw SandboxError(.invalidSession, "session \(session.id) was closed")
            }
            let reason = "the session was idle for longer than \(configuration.idleTimeout) and was stopped"
            entries[session.id] = Entry(process: process, lastUsed: .now, lostReason: reason)
            refill()
        }
        guard var entry = entries[session.id] else {
            throw SandboxError(.invalidSession, "session \(session.id) is closed or does not belong to this pool")
        }
        guard !entry.busy else {
            throw SandboxError(.invalidSession, "session \(session.id) is already running a call: one call at a time")
        }
        entry.busy = true
        entry.lastUsed = .now
        entries[session.id] = entry
        defer {
            entries[session.id]?.busy = false
            entries[session.id]?.lastUsed = .now
        }
        var lost = entry.lostReason
        let process: SessionProcess
        if let current = entry.process, !current.hasEnded {
            process = current
        } else {
            // The sandbox ended between calls (a crash already reported keeps no reason).
            if entry.process != nil, lost == nil { lost = "the session's sandbox had ended" }
            entries[session.id]?.process = nil
            process = try await obtainProcess(forNewSession: false)
            guard entries[session.id] != nil else {
                await process.terminate()
                throw SandboxError(.invalidSession, "session \(session.id) was closed during the call")
            }
            entries[session.id]?.process = process
            refill()
        }
        entries[session.id]?.lostReason = nil
        let limits = configuration.sandbox.limits
        let start = ContinuousClock.now
        let outcome = await process.execute(code, timeout: timeout ?? limits.timeout)
        let duration = ContinuousClock.now - start
        switch outcome {
        case .completed(let reply):
            return SandboxResult(reply: reply, limits: limits, duration: duration, isolated: process.isolated, lostReason: lost)
        case .ended(let ending):
            if entries[session.id]?.process === process { entries[session.id]?.process = nil }
            background { await process.terminate() }
            refill()
            return SandboxResult(ending: ending, duration: duration, isolated: process.isolated, lostReason: lost)
        }
    }

    /// Closes a session and kills its sandbox. Closing an unknown or closed session does nothing.
    public func close(_ session: Session) async {
        expired.remove(session.id)
        guard let entry = entries.removeValue(forKey: session.id) else { return }
        wakeWaiter()
        refill()
        await entry.process?.terminate()
    }

    /// Opens a session, runs `body` with it, and closes it however `body` ends: one session
    /// per trajectory, never leaked.
    public func withSession<Result: Sendable>(
        _ body: (Session) async throws -> Result
    ) async throws -> Result {
        let session = try await session()
        do {
            let result = try await body(session)
            await close(session)
            return result
        } catch {
            await close(session)
            throw error
        }
    }

    /// The pool's sandboxes right now.
    public var status: Status {
        Status(
            sessions: entries.count, liveSessions: entries.values.filter { $0.process.map { !$0.hasEnded } ?? false }.count,
            warm: warm.count, starting: warmStarting, waiting: waiters.count)
    }

    /// Kills every sandbox, fails waiting callers, and waits until everything has stopped.
    /// Later calls throw ``SandboxError/Code/poolClosed``.
    public func shutdown() async {
        closed = true
        reaper?.cancel()
        reaper = nil
        for waiter in waiters { waiter.continuation.resume() }
        waiters.removeAll()
        let processes = entries.values.compactMap(\.process) + warm.map(\.process)
        entries.removeAll()
        warm.removeAll()
        await withTaskGroup(of: Void.self) { group in
            for process in processes { group.addTask { await process.terminate() } }
        }
        while let (key, task) = background.first {
            await task.value
            background[key] = nil
        }
    }
}

/// A handle on one session of a ``SessionPool``.
public struct Session: Sendable, Hashable, CustomStringConvertible {
    /// The session's number within its pool.
    public let id: Int
    public var description: String { "session \(id)" }
}

/// Runs `body` with a new session pool and shuts the pool down (every sandbox killed and
/// waited for) when `body` returns or throws.
public func withSessionPool<Result: Sendable>(
    _ configuration: SessionPool.Configuration,
    _ body: (SessionPool) async throws -> Result
) async throws -> Result {
    let pool = try SessionPool(configuration)
    await pool.prestart()
    do {
        let result = try await body(pool)
        await pool.shutdown()
        return result
    } catch {
        await pool.shutdown()
        throw error
    }
}
