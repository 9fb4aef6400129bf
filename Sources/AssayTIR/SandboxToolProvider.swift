import AssayCore
public import AssaySandbox

/// Runs tool calls in sandboxed Python sessions from a ``SessionPool``: one session per
/// trajectory, closed when the trajectory ends.
public struct SandboxToolProvider: PythonToolProvider {
    /// The pool the sessions come from.
    public let pool: SessionPool
    /// The limit for one tool call.
    public let callTimeout: Duration

    /// Creates a provider.
    public init(pool: SessionPool, callTimeout: Duration) {
        self.pool = pool
        self.callTimeout = callTimeout
    }

    public func withSession<T: Sendable>(_ body: (any PythonToolSession) async throws -> T) async throws -> T {
        let session = try await pool.session()
        do {
            let result = try await body(SandboxToolSession(pool: pool, session: session, timeout: callTimeout))
            await pool.close(session)
            return result
        } catch {
            await pool.close(session)
            throw error
        }
    }
}

/// One trajectory's sandboxed session.
struct SandboxToolSession: PythonToolSession {
    let pool: SessionPool
    let session: Session
    let timeout: Duration

    func execute(_ code: String) async -> ToolExecution {
        let start = ContinuousClock.now
        do {
            let result = try await pool.execute(code, in: session, timeout: timeout)
            return Self.toolExecution(from: result, timeout: timeout)
        } catch {
            return ToolExecution(
                output: "The sandbox could not run the code: \(error.message)",
                status: "sandbox_error", stateLost: true,
                durationMilliseconds: start.duration(to: .now).inMilliseconds)
        }
    }

    /// What the model sees, and the call's status, for one sandbox result.
    static func toolExecution(from result: SandboxResult, timeout: Duration) -> ToolExecution {
        var output = result.stdout
        if !result.stderr.isEmpty {
            if !output.isEmpty, !output.hasSuffix("\n") { output += "\n" }
            output += result.stderr
        }
        let status: String
        if result.timedOut {
            status = "timeout"
            output += (output.isEmpty ? "" : "\n") + "TimeoutError: the code ran longer than \(timeout) and was stopped."
        } else if result.memoryExceeded {
            status = "memory_exceeded"
            output += (output.isEmpty ? "" : "\n") + "MemoryError: the code exceeded the sandbox's memory limit."
        } else if let signal = result.signal {
            status = "crashed"
            output += (output.isEmpty ? "" : "\n") + "The Python process was killed by signal \(signal)."
        } else if result.exitCode != 0 || result.session?.exception != nil {
            status = "error"
        } else {
            status = "ok"
        }
        return ToolExecution(
            output: output, status: status, stateLost: result.session?.stateLost ?? false,
            durationMilliseconds: result.durationMilliseconds)
    }
}
