import AssayCore
import Foundation
import Subprocess
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// One running `python3 -m assay_worker` process: reads its `hello`, then serves one request
/// at a time, matching each response to its request by `id`.
///
/// The process lives inside a `Subprocess.run` body kept open by a task; requests, response
/// lines, end of output and timeouts all arrive as events on one stream, so a worker that dies
/// while idle is noticed at once. A request that outlives its timeout kills the worker's
/// process group. Once the process has ended, every request answers ``Reply/died(_:)``.
final class WorkerProcess: Sendable {
    /// How one request ended.
    enum Reply: Sendable {
        /// The worker answered with this JSON object (its `id` matched the request's).
        case response(JSONObject)
        /// The worker process ended (or broke the protocol) before answering.
        case died(String)
        /// The request ran past its timeout; the worker was killed.
        case timedOut(Duration)
    }

    /// How starting a worker ended.
    enum Start: Sendable {
        /// The worker wrote its `hello` line (which may say `ok: false`).
        case started(WorkerProcess, hello: JSONObject)
        /// No `hello` came: the process could not start, exited, wrote garbage or took too long.
        case failed(String)
    }

    private struct Call: Sendable {
        var requestID: String
        var line: [UInt8]
        var timeout: Duration
        var reply: CheckedContinuation<Reply, Never>
    }

    private enum Event: Sendable {
        case call(Call)
        case line([UInt8])
        case endOfOutput
        case timeout(String)
        case helloTimeout
        case close(grace: Duration)
    }

    private enum HelloOutcome: Sendable {
        case hello(JSONObject, pid: Int32)
        case failed(String)
    }

    private struct State: Sendable {
        var hello: CheckedContinuation<HelloOutcome, Never>?
        var ended: String?
    }

    private final class SharedState: Sendable {
        private let mutex = Mutex(State())
        func withLock<R: Sendable>(_ body: (inout State) -> R) -> R { mutex.withLock { body(&$0) } }
    }

    private let events: AsyncStream<Event>.Continuation
    private let task: Task<Void, Never>
    private let state: SharedState
    /// The worker's process id.
    let pid: Int32

    private init(events: AsyncStream<Event>.Continuation, task: Task<Void, Never>, state: SharedState, pid: Int32) {
        self.events = events
        self.task = task
        self.state = state
        self.pid = pid
    }

    /// Starts a worker and waits for its `hello` line (at most `helloTimeout`).
    static func start(
        executable: String, arguments: [String], environment: [String: String], workingDirectory: String,
        helloTimeout: Duration, logPath: String? = nil
    ) async -> Start {
        signal(SIGPIPE, SIG_IGN)
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        let state = SharedState()
        let box = Mutex<Task<Void, Never>?>(nil)
        let outcome: HelloOutcome = await withCheckedContinuation { ready in
            state.withLock { $0.hello = ready }
            let task = Task {
                await serve(
                    executable: executable, arguments: arguments, environment: environment,
                    workingDirectory: workingDirectory, helloTimeout: helloTimeout, logPath: logPath, events: stream,
                    continuation: continuation, state: state)
                continuation.finish()
                let reason = state.withLock { $0.ended } ?? "worker process died"
                for await event in stream {
                    if case .call(let call) = event { call.reply.resume(returning: .died(reason)) }
                }
            }
            box.withLock { $0 = task }
        }
        guard let task = box.withLock({ $0 }) else { return .failed("worker task missing") }
        switch outcome {
        case .hello(let hello, let pid):
            return .started(WorkerProcess(events: continuation, task: task, state: state, pid: pid), hello: hello)
        case .failed(let reason):
            await task.value
            return .failed(reason)
        }
    }

    /// Sends one request (a JSON object with a string `id`) and waits for its response.
    func request(_ object: JSONObject, timeout: Duration) async -> Reply {
        guard let id = object["id"]?.stringValue else { return .died("request without a string id") }
        if let ended = state.withLock({ $0.ended }) { return .died(ended) }
        var line = Array(JSONValue.object(object).jsonText.utf8)
        line.append(0x0A)
        return await withCheckedContinuation { reply in
            let call = Call(requestID: id, line: line, timeout: timeout, reply: reply)
            if case .terminated = events.yield(.call(call)) {
                reply.resume(returning: .died(state.withLock { $0.ended } ?? "worker process died"))
            }
        }
    }

    /// Whether the process has ended.
    var hasEnded: Bool { state.withLock { $0.ended != nil } }

    /// Asks the worker to shut down (`shutdown` request), kills its process group if it has not
    /// exited after `grace`, and waits until the process is gone.
    func close(grace: Duration = .seconds(5)) async {
        events.yield(.close(grace: grace))
        await task.value
    }

    // MARK: - The process's life

    private static func serve(
        executable: String, arguments: [String], environment: [String: String], workingDirectory: String,
        helloTimeout: Duration, logPath: String?, events: AsyncStream<Event>, continuation: AsyncStream<Event>.Continuation,
        state: SharedState
    ) async {
        // The worker's stderr (its log) goes to `logPath` (appended) or /dev/null.
        let log: FileDescriptor
        do {
            log = try FileDescriptor.open(
                FilePath(logPath ?? "/dev/null"), .writeOnly, options: [.create, .append], permissions: [.ownerReadWrite])
        } catch {
            finish(state, reason: "cannot open worker log \(logPath ?? "/dev/null"): \(error)")
            return
        }
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(200))]
        var overrides: [Environment.Key: String?] = [:]
        for (key, value) in environment { if let k = Environment.Key(rawValue: key) { overrides[k] = value } }
        do {
            let outcome = try await Subprocess.run(
                .path(FilePath(executable)),
                arguments: Arguments(arguments),
                environment: .inherit.updating(overrides),
                workingDirectory: FilePath(workingDirectory),
                platformOptions: options,
                input: .inputWriter,
                output: .sequence,
                error: .fileDescriptor(log, closeAfterSpawningProcess: true)
            ) { execution in
                let pid = execution.processIdentifier.value
                return await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        var reader = WorkerLineReader(execution.standardOutput, maxLine: 64 << 20)
                        while let line = await reader.next() { continuation.yield(.line(line)) }
                        continuation.yield(.endOfOutput)
                    }
                    let helloTimer = Task {
                        try? await Task.sleep(for: helloTimeout)
                        if !Task.isCancelled { continuation.yield(.helloTimeout) }
                    }
                    let end = await converse(
                        execution, pid: Int32(pid), events: events, continuation: continuation, state: state,
                        helloTimer: helloTimer)
                    helloTimer.cancel()
                    try? execution.send(signal: .kill, toProcessGroup: true)
                    try? await execution.standardInputWriter.finish()
                    await group.waitForAll()
                    return end
                }
            }
            var reason = outcome.closureResult
            switch outcome.terminationStatus {
            case .exited(let code): if code != 0 { reason += " (exit status \(code))" }
            case .signaled(let number): reason += " (killed by signal \(number))"
            }
            finish(state, reason: reason)
        } catch {
            finish(state, reason: "could not start \(executable): \(error)")
        }
    }

    private static func finish(_ state: SharedState, reason: String) {
        let hello = state.withLock { s -> CheckedContinuation<HelloOutcome, Never>? in
            if s.ended == nil { s.ended = reason }
            defer { s.hello = nil }
            return s.hello
        }
        hello?.resume(returning: .failed(reason))
    }

    /// Handles events until the process ends or is closed; returns why it ended.
    private static func converse(
        _ execution: Execution<CustomWriteInput, SequenceOutput, FileDescriptorOutput>, pid: Int32,
        events: AsyncStream<Event>, continuation: AsyncStream<Event>.Continuation, state: SharedState,
        helloTimer: Task<Void, Never>
    ) async -> String {
        var helloSeen = false
        var inFlight: Call?
        var timer: Task<Void, Never>?
        var closing = false
        func fail(_ reason: String) -> String {
            timer?.cancel()
            state.withLock { if $0.ended == nil { $0.ended = reason } }
            inFlight?.reply.resume(returning: .died(reason))
            inFlight = nil
            return reason
        }
        for await event in events {
            switch event {
            case .helloTimeout:
                if !helloSeen { return fail("worker wrote no hello line in time") }
            case .line(let bytes):
                guard let object = try? JSONLines.decodeObject(String(decoding: bytes, as: UTF8.self)) else {
                    return fail("worker wrote a line that is not a JSON object")
                }
                if !helloSeen {
                    guard object["kind"]?.stringValue == "hello" else {
                        return fail("worker's first line is not a hello")
                    }
                    helloSeen = true
                    helloTimer.cancel()
                    let ready = state.withLock { s in defer { s.hello = nil }; return s.hello }
                    ready?.resume(returning: .hello(object, pid: pid))
                    continue
                }
                guard let call = inFlight else { return fail("worker wrote a line nobody asked for") }
                guard object["id"]?.stringValue == call.requestID else {
                    return fail("worker answered another request id than \(call.requestID)")
                }
                timer?.cancel()
                inFlight = nil
                call.reply.resume(returning: .response(object))
            case .endOfOutput:
                return fail("worker process died")
            case .timeout(let id):
                guard let call = inFlight, call.requestID == id else { continue }
                try? execution.send(signal: .kill, toProcessGroup: true)
                timer = nil
                inFlight = nil
                state.withLock { if $0.ended == nil { $0.ended = "worker killed after a request timeout" } }
                call.reply.resume(returning: .timedOut(call.timeout))
                return "worker killed after a request timeout"
            case .call(let call):
                guard helloSeen, !closing, inFlight == nil else {
                    call.reply.resume(returning: .died(inFlight == nil ? "worker is not ready" : "worker is busy"))
                    continue
                }
                inFlight = call
                let id = call.requestID
                timer = Task {
                    try? await Task.sleep(for: call.timeout)
                    if !Task.isCancelled { continuation.yield(.timeout(id)) }
                }
                if (try? await execution.standardInputWriter.write(call.line)) == nil {
                    return fail("worker process died")
                }
            case .close(let grace):
                closing = true
                let shutdown = Array(#"{"id":"assay-shutdown","kind":"shutdown"}"#.utf8) + [0x0A]
                _ = try? await execution.standardInputWriter.write(shutdown)
                try? await execution.standardInputWriter.finish()
                let killer = Task {
                    try? await Task.sleep(for: grace)
                    if !Task.isCancelled { try? execution.send(signal: .kill, toProcessGroup: true) }
                }
                // Wait for end of output (the worker exits after answering `shutdown`).
                for await next in events {
                    if case .endOfOutput = next { break }
                    if case .call(let call) = next { call.reply.resume(returning: .died("worker is shutting down")) }
                }
                killer.cancel()
                _ = fail("worker was shut down")
                return "worker was shut down"
            }
        }
        return fail("worker was closed")
    }
}
