import AssayCore

/// What happened to one piece of code run in the sandbox, whatever the code did.
///
/// Exactly one of these describes how it ended: ``exitCode`` is set when it ended on its own
/// (for a session call: 0 when the cell finished, 1 on an uncaught exception, the code given to
/// `sys.exit`), ``signal`` when it was killed by a signal. ``timedOut`` and ``memoryExceeded``
/// say whether a limit was the cause.
public struct SandboxResult: Sendable, Hashable {
    /// Standard output as UTF-8 (invalid bytes replaced), at most
    /// ``SandboxLimits/maxOutputBytes`` of it, plus a truncation marker if more was written.
    public var stdout: String
    /// Standard error, capped the same way.
    public var stderr: String
    /// The exit status when the code ended on its own, else `nil`.
    public var exitCode: Int32?
    /// The signal that killed the code, else `nil`.
    public var signal: Int32?
    /// The wall-clock timeout or the CPU limit (`SIGXCPU`) ended the code.
    public var timedOut: Bool
    /// The code ran out of its memory limit (Python raised `MemoryError` and did not recover).
    public var memoryExceeded: Bool
    /// Standard output or standard error was longer than the cap and was cut.
    public var truncated: Bool
    /// Wall-clock time of the run or call as seen by the host.
    public var duration: Duration
    /// The code ran inside a bubblewrap sandbox (`false` only with ``Isolation/none``).
    public var isolated: Bool
    /// Session calls only: what else the caller needs to know; `nil` for one-shot runs.
    public var session: SessionCallInfo?

    /// Creates a result.
    public init(
        stdout: String, stderr: String, exitCode: Int32?, signal: Int32?, timedOut: Bool,
        memoryExceeded: Bool, truncated: Bool, duration: Duration, isolated: Bool,
        session: SessionCallInfo? = nil
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.memoryExceeded = memoryExceeded
        self.truncated = truncated
        self.duration = duration
        self.isolated = isolated
        self.session = session
    }

    /// The code ended on its own with exit status 0 and no limit was hit.
    public var succeeded: Bool { exitCode == 0 && !timedOut && !memoryExceeded }

    /// Milliseconds of ``duration``.
    public var durationMilliseconds: Double {
        duration.inMilliseconds
    }
}

/// Session-specific facts about one call.
public struct SessionCallInfo: Sendable, Hashable {
    /// The type name of the uncaught exception (`ZeroDivisionError`, ...), if any.
    public var exception: String?
    /// The session's Python state (variables, imports) is gone: the process crashed, timed
    /// out or expired and the next call runs in a fresh interpreter.
    public var stateLost: Bool
    /// Why the state was lost, for people and for the model.
    public var stateLostReason: String?

    /// Creates session facts.
    public init(exception: String? = nil, stateLost: Bool = false, stateLostReason: String? = nil) {
        self.exception = exception
        self.stateLost = stateLost
        self.stateLostReason = stateLostReason
    }
}
