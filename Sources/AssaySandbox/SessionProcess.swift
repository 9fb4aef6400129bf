import FoundationEssentials
import Subprocess

#if canImport(Glibc)
import Glibc
#endif

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// One running session sandbox: the Python driver in `session` mode, serving one call at a time.
///
/// The process lives inside a `Subprocess.run` body that a task keeps open; calls reach it
/// through an `AsyncStream`. A call that outlives its timeout kills the whole sandbox (the
/// reply never comes, the state is gone); so does ``terminate()``. Once the process has ended,
/// every call answers ``Outcome/ended(_:)`` at once.
final class SessionProcess: Sendable {
    /// How one call ended.
    enum Outcome: Sendable {
        /// The driver ran the cell and replied.
        case completed(DriverReply)
        /// The process is gone (crashed, killed at the timeout, closed); its state is lost.
        case ended(Ending)
    }

    /// Why and how the process ended.
    struct Ending: Sendable, Hashable {
        var exitCode: Int32?
        var signal: Int32?
        /// The call's timeout killed it.
        var timedOut: Bool
        /// For people: what happened.
        var reason: String
    }

    private struct Call: Sendable {
        var id: Int
        var code: String
        var timeout: Duration
        var reply: CheckedContinuation<Outcome, Never>
    }

    private let calls: AsyncStream<Call>.Continuation
    private let shared: Shared
    private let task: Task<Void, Never>
    /// Whether the sandbox is isolated.
    let isolated: Bool

    private init(calls: AsyncStream<Call>.Continuation, shared: Shared, task: Task<Void, Never>, isolated: Bool) {
        self.calls = calls
        self.shared = shared
        self.task = task
        self.isolated = isolated
    }

    /// Starts a session sandbox and waits until its driver is ready for code.
    ///
    /// - Throws: ``SandboxError`` when the sandbox cannot start (bubblewrap missing or failing,
    ///   driver error, start-up slower than ``Sandbox/startupTimeout``).
    static func start(_ sandbox: Sandbox) async throws(SandboxError) -> SessionProcess {
        let plan = try LaunchPlan.make(for: sandbox, mode: "session")
        SignalSetup.ignoreBrokenPipes()
        let (stream, continuation) = AsyncStream<Call>.makeStream()
        let shared = Shared()
        let startupTimeout = sandbox.startupTimeout
        let maxLine = 16 * sandbox.limits.maxOutputBytes + (64 << 10)
        let readiness: Result<SessionProcess, SandboxError> = await withCheckedContinuation { ready in
            shared.setReady(ready)
            let task = Task {
                await serve(plan: plan, calls: stream, shared: shared, startupTimeout: startupTimeout, maxLine: maxLine)
                continuation.finish()
                // Calls that raced with the end are still in the stream: answer them.
                for await call in stream {
                    call.reply.resume(returning: .ended(shared.ending ?? Ending.closed))
                }
            }
            shared.setProcess(SessionProcess(calls: continuation, shared: shared, task: task, isolated: plan.isolated))
        }
        return try readiness.get()
    }

    /// Runs one cell; returns when the driver replies or the process has ended.
    ///
    /// Cancelling the calling task kills the sandbox (the call then reports the process ended).
    func execute(_ code: String, timeout: Duration) async -> Outcome {
        if let ending = shared.ending { return .ended(ending) }
        let id = shared.nextCallID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { reply in
                let call = Call(id: id, code: code, timeout: timeout, reply: reply)
                if case .terminated = calls.yield(call) {
                    reply.resume(returning: .ended(shared.ending ?? Ending.closed))
                }
            }
        } onCancel: {
            shared.kill()
        }
    }

    /// Whether the process has ended.
    var hasEnded: Bool { shared.ending != nil }

    /// Kills the sandbox (every process in it) and waits until it is gone.
    func terminate() async {
        calls.finish()
        shared.kill()
        await task.value
    }

    // MARK: - The process's life

    private enum BodyEnd: Sendable {
        case startFailed(timedOut: Bool)
        case died(timedOut: Bool, reason: String)
        case closed
    }

    private static func serve(
        plan: LaunchPlan, calls: AsyncStream<Call>, shared: Shared, startupTimeout: Duration, maxLine: Int
    ) async {
        let outcome: ExecutionResult<(BodyEnd, OutputCapture), SequenceOutput, SequenceOutput>
        do {
            outcome = try await plan.launch { execution in
                shared.setKiller { try? execution.send(signal: .kill, toProcessGroup: !plan.isolated) }
                return await withTaskGroup(of: OutputCapture.self) { group in
                    group.addTask { await Sandbox.drain(execution.standardError, limit: 4096) }
                    let end = await converse(execution, calls: calls, shared: shared, startupTimeout: startupTimeout, maxLine: maxLine)
                    try? execution.send(signal: .kill, toProcessGroup: !plan.isolated)
                    // The execution is valid only inside this body: no kills through it afterwards.
                    shared.setKiller(nil)
                    let diagnostics = await group.next() ?? OutputCapture(limit: 0)
                    return (end, diagnostics)
                }
            }
        } catch {
            plan.removeHostDirectory()
            let message = "could not start \(plan.executable): \(error)"
            shared.finish(Ending(exitCode: nil, signal: nil, timedOut: false, reason: message))
            shared.resumeReady(SandboxError(.launchFailed, message))
            return
        }
        plan.removeHostDirectory()
        var exitCode: Int32?
        var signal: Int32?
        switch outcome.terminationStatus {
        case .exited(let code):
            if plan.isolated, code > 128, code <= 128 + 64 { signal = code - 128 } else { exitCode = code }
        case .signaled(let number):
            signal = number
        }
        let (end, diagnostics) = outcome.closureResult
        let stderr = diagnostics.text.trimmingSpaces
        switch end {
        case .startFailed(let timedOut):
            let error = Sandbox.startFailure(stderr: stderr, timedOutAfter: timedOut ? startupTimeout : nil, isolated: plan.isolated)
            shared.finish(Ending(exitCode: exitCode, signal: signal, timedOut: false, reason: error.message))
            shared.resumeReady(error)
        case .died(let timedOut, let reason):
            var text = reason
            if !timedOut {
                if let signal { text += " (killed by signal \(signal))" } else if let exitCode { text += " (exit status \(exitCode))" }
                if !stderr.isEmpty { text += ": \(stderr)" }
            }
            shared.finish(Ending(exitCode: exitCode, signal: signal, timedOut: timedOut, reason: text))
        case .closed:
            shared.finish(Ending.closed)
        }
    }

    /// Talks to the driver until the calls stop or the process ends.
    private static func converse(
        _ execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>,
        calls: AsyncStream<Call>, shared: Shared, startupTimeout: Duration, maxLine: Int
    ) async -> BodyEnd {
        var replies = LineReader(execution.standardOutput, maxLine: maxLine)
        let startTimer = KillTimer(after: startupTimeout) { shared.kill() }
        let first = await replies.next()
        let startTimedOut = await startTimer.stop()
        guard !startTimedOut, let first, (try? JSONDecoder().decode(ReadyLine.self, from: Data(first)))?.ready == true else {
            return .startFailed(timedOut: startTimedOut)
        }
        shared.resumeReady(nil)
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        for await call in calls {
            shared.setInFlight(call.reply)
            guard var request = try? encoder.encode(Request(id: call.id, code: call.code)) else {
                return .died(timedOut: false, reason: "the code could not be encoded")
            }
            request.append(0x0A)
            let timer = KillTimer(after: call.timeout) { shared.kill() }
            let written = (try? await execution.standardInputWriter.write(Array(request))) != nil
            let line = written ? await replies.next() : nil
            if await timer.stop() {
                return .died(timedOut: true, reason: "the call ran past its \(call.timeout) timeout; the session was killed")
            }
            guard let line else {
                return .died(timedOut: false, reason: replies.overflowed ? "the driver's reply was too long" : "the session's process ended")
            }
            guard let reply = try? decoder.decode(DriverReply.self, from: Data(line)), reply.id == call.id else {
                return .died(timedOut: false, reason: "the driver sent a malformed reply")
            }
            shared.takeInFlight()?.resume(returning: .completed(reply))
        }
        return .closed
    }
}

extension SessionProcess.Ending {
    /// The ending of a process that was closed on purpose.
    static let closed = Self(exitCode: nil, signal: nil, timedOut: false, reason: "the session was closed")
}

/// The driver's reply to one call.
struct DriverReply: Decodable, Sendable, Hashable {
    var id: Int
    var stdout: String
    var stdoutBytes: Int
    var stderr: String
    var stderrBytes: Int
    var exitCode: Int32
    var exception: String?
    var memoryError: Bool

    enum CodingKeys: String, CodingKey {
        case id, stdout, stderr, exception
        case stdoutBytes = "stdout_bytes"
        case stderrBytes = "stderr_bytes"
        case exitCode = "exit_code"
        case memoryError = "memory_error"
    }
}

private struct ReadyLine: Decodable {
    var ready: Bool
}

private struct Request: Encodable {
    var id: Int
    var code: String
}
