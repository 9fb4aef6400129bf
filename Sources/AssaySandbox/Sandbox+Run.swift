import Subprocess

#if canImport(Glibc)
import Glibc
#endif

#if canImport(System)
import System
#else
import SystemPackage
#endif

extension Sandbox {
    /// Runs `code` as a Python program (`__main__`, file name `main.py`) in a fresh sandbox and
    /// waits for it to end.
    ///
    /// Every way the code can end is a ``SandboxResult``: an exit code, a signal, a timeout
    /// (the whole process tree is killed), exhausted memory, output over the cap.
    ///
    /// - Parameters:
    ///   - code: Python source.
    ///   - stdin: bytes the program reads on standard input, then end-of-file.
    /// - Throws: ``SandboxError`` when the sandbox itself could not run the code: bubblewrap
    ///   missing or failing, the interpreter missing, limits out of range.
    public func run(code: String, stdin: [UInt8] = []) async throws(SandboxError) -> SandboxResult {
        let plan = try LaunchPlan.make(for: self, mode: "once")
        defer { plan.removeHostDirectory() }
        SignalSetup.ignoreBrokenPipes()
        let source = Array(code.utf8)
        let input = Array("\(source.count)\n".utf8) + source + stdin
        let limits = self.limits
        let timer = TimerFlag()
        let start = ContinuousClock.now
        let outcome: ExecutionResult<(OutputCapture, OutputCapture), SequenceOutput, SequenceOutput>
        do {
            outcome = try await plan.launch { execution in
                await Self.supervise(execution, input: input, limits: limits, timer: timer, killGroup: !plan.isolated)
            }
        } catch {
            throw SandboxError(.launchFailed, "could not start \(plan.executable): \(error)")
        }
        let duration = ContinuousClock.now - start
        var (stdout, stderr) = outcome.closureResult
        let fired = timer.fired
        let ready = stderr.removeFirst(PythonDriver.readyMarker)
        let endFlag = stderr.removeEndMarker()
        guard ready else {
            throw Self.startFailure(stderr: stderr.text, timedOutAfter: fired ? limits.timeout : nil, isolated: plan.isolated)
        }
        var exitCode: Int32?
        var signal: Int32?
        switch outcome.terminationStatus {
        case .exited(let code):
            // bwrap reports a child killed by signal N as exit status 128 + N. A program that
            // exits through Python's normal path leaves the end marker, so its status is real.
            if plan.isolated, endFlag == nil, code > 128, code <= 128 + 64 {
                signal = code - 128
            } else {
                exitCode = code
            }
        case .signaled(let number):
            signal = number
        }
        return SandboxResult(
            stdout: stdout.text, stderr: stderr.text, exitCode: exitCode, signal: signal,
            timedOut: fired || signal == SIGXCPU, memoryExceeded: endFlag == UInt8(ascii: "1"),
            truncated: stdout.truncated || stderr.truncated, duration: duration, isolated: plan.isolated)
    }

    /// Feeds standard input, drains both outputs with caps, and kills the sandbox at the deadline.
    private static func supervise(
        _ execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>,
        input: [UInt8], limits: SandboxLimits, timer: TimerFlag, killGroup: Bool
    ) async -> (OutputCapture, OutputCapture) {
        enum Event: Sendable {
            case stdout(OutputCapture), stderr(OutputCapture), timerFired, graceOver, other
        }
        return await withTaskGroup(of: Event.self) { group in
            group.addTask {
                // The program may exit without reading its input: a failed write is expected.
                _ = try? await execution.standardInputWriter.write(input)
                try? await execution.standardInputWriter.finish()
                return .other
            }
            group.addTask { .stdout(await drain(execution.standardOutput, limit: limits.maxOutputBytes)) }
            group.addTask { .stderr(await drain(execution.standardError, limit: limits.maxOutputBytes)) }
            group.addTask {
                do { try await Task.sleep(for: limits.timeout) } catch { return .other }
                timer.fire()
                // With bubblewrap this kills bwrap; --die-with-parent kills the sandbox's init,
                // and the kernel kills every process in the pid namespace with it.
                try? execution.send(signal: .kill, toProcessGroup: killGroup)
                return .timerFired
            }
            var stdout: OutputCapture?
            var stderr: OutputCapture?
            while stdout == nil || stderr == nil, let event = await group.next() {
                switch event {
                case .stdout(let capture): stdout = capture
                case .stderr(let capture): stderr = capture
                case .timerFired:
                    // Without isolation a process that left the process group can hold the
                    // pipes open: stop reading shortly after the kill.
                    group.addTask {
                        do { try await Task.sleep(for: .seconds(2)) } catch { return .other }
                        return .graceOver
                    }
                case .graceOver: group.cancelAll()
                case .other: break
                }
            }
            group.cancelAll()
            return (stdout ?? OutputCapture(limit: limits.maxOutputBytes), stderr ?? OutputCapture(limit: limits.maxOutputBytes))
        }
    }

    /// Reads a stream to its end (or until cancelled), keeping at most `limit` bytes.
    static func drain(_ stream: SubprocessOutputSequence, limit: Int) async -> OutputCapture {
        var capture = OutputCapture(limit: limit)
        do {
            for try await buffer in stream {
                buffer.withUnsafeBytes { capture.append($0) }
            }
        } catch {
            // A read error or cancellation ends the stream; what was read is kept.
        }
        return capture
    }

    /// The error for a sandbox whose driver never signalled that the code was about to run.
    static func startFailure(stderr: String, timedOutAfter timeout: Duration?, isolated: Bool) -> SandboxError {
        let detail = stderr.trimmingSpaces
        if let timeout {
            return SandboxError(
                .sandboxFailed,
                "the sandbox did not start within \(timeout) (is the machine overloaded?)"
                    + (detail.isEmpty ? "" : ": \(detail)"))
        }
        if isolated, detail.hasPrefix("bwrap:") {
            return SandboxError(
                .isolationUnavailable,
                "bubblewrap could not create the sandbox (\(detail)); user namespaces may be disabled "
                    + "on this machine (sysctl kernel.unprivileged_userns_clone / user.max_user_namespaces)")
        }
        return SandboxError(
            .sandboxFailed, "the sandbox failed before running the code: " + (detail.isEmpty ? "no message" : detail))
    }
}
