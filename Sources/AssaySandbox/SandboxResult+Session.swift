#if canImport(Glibc)
import Glibc
#endif

extension SandboxResult {
    /// The result of a session call the driver answered.
    init(reply: DriverReply, limits: SandboxLimits, duration: Duration, isolated: Bool, lostReason: String?) {
        let cap = limits.maxOutputBytes
        self.init(
            stdout: OutputCapture.render(reply.stdout.utf8, total: reply.stdoutBytes, limit: cap),
            stderr: OutputCapture.render(reply.stderr.utf8, total: reply.stderrBytes, limit: cap),
            exitCode: reply.exitCode, signal: nil, timedOut: false, memoryExceeded: reply.memoryError,
            truncated: reply.stdoutBytes > cap || reply.stderrBytes > cap, duration: duration, isolated: isolated,
            session: SessionCallInfo(exception: reply.exception, stateLost: lostReason != nil, stateLostReason: lostReason))
    }

    /// The result of a session call whose sandbox ended (crash, timeout, closed): the state is gone.
    init(ending: SessionProcess.Ending, duration: Duration, isolated: Bool, lostReason: String?) {
        let reason = [lostReason, ending.reason + "; the session restarts with a fresh interpreter"]
            .compactMap { $0 }.joined(separator: "; then ")
        self.init(
            stdout: "", stderr: "", exitCode: ending.exitCode, signal: ending.signal,
            timedOut: ending.timedOut || ending.signal == SIGXCPU, memoryExceeded: false, truncated: false,
            duration: duration, isolated: isolated,
            session: SessionCallInfo(exception: nil, stateLost: true, stateLostReason: reason))
    }
}
