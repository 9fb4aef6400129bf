import Foundation
import Subprocess
import SystemPackage

/// One command for ``ProcessRunner``: what to run, where its output goes, how long it may take.
struct ProcessRequest: Sendable {
    /// Absolute path of the executable.
    var executable: String
    var arguments: [String]
    /// Variables added to (or replacing those of) the inherited environment.
    var environment: [String: String] = [:]
    var workingDirectory: String?
    /// Text written to standard input, then closed.
    var input: String?
    var timeout: Duration
    /// Scheduling niceness for the command and everything it starts (`nice -n`; 0: as this
    /// process). Raised for compilers while GPU evaluation, which holds the GPU, needs the CPU.
    var niceness: Int32 = 0
    /// Where standard output and standard error go: collected in memory (up to a limit each),
    /// or both appended to one log file (compilers, whose errors can be megabytes long).
    var output: Output = .collect(limit: 16 << 20)

    enum Output: Sendable {
        case collect(limit: Int)
        case logFile(String)
    }
}

/// How a command ended.
struct ProcessOutcome: Sendable {
    /// The exit status, or `nil` when a signal ended the process (or the timeout did).
    var exitCode: Int32?
    /// The signal that ended the process, if one did.
    var signal: Int32?
    /// Whether the command ran past its timeout and was killed.
    var timedOut: Bool
    /// Standard output (`.collect`), or empty.
    var standardOutput: String
    /// Standard error (`.collect`), or the log file's text (`.logFile`).
    var standardError: String
    var duration: Duration

    var succeeded: Bool { exitCode == 0 && !timedOut }
}

/// A command that could not be started at all (no such executable, no file descriptors).
struct ProcessLaunchError: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Runs one command with a timeout; the command runs in its own session so that the timeout
/// kills its children too (nvcc runs cicc, ptxas and the host compiler).
enum ProcessRunner {
    /// coreutils' `nice`, which runs a command at a given niceness (``ProcessRequest/niceness``).
    static let nice: String? = ["/usr/bin/nice", "/bin/nice"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func run(_ request: ProcessRequest) async throws(ProcessLaunchError) -> ProcessOutcome {
        let start = ContinuousClock.now
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [
            .send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(200))
        ]
        var overrides: [Environment.Key: String?] = [:]
        for (key, value) in request.environment { if let k = Environment.Key(rawValue: key) { overrides[k] = value } }
        var executable = request.executable
        var arguments = request.arguments
        if request.niceness > 0 {
            guard let nice = Self.nice else {
                throw ProcessLaunchError(message: "cannot run \(request.executable) at niceness \(request.niceness): no nice executable in /usr/bin or /bin")
            }
            arguments = ["-n", String(request.niceness), executable] + arguments
            executable = nice
        }
        let configuration = Configuration(
            executable: .path(FilePath(executable)),
            arguments: Arguments(arguments),
            environment: Environment.inherit.updating(overrides),
            workingDirectory: request.workingDirectory.map { FilePath($0) },
            platformOptions: options)
        do {
            let result = try await withThrowingTaskGroup(of: ProcessOutcome?.self) { group in
                group.addTask { try await execute(configuration, request) }
                group.addTask {
                    try await Task.sleep(for: request.timeout)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                if let first { return first }
                // Timed out: cancelling the run task tears the process group down; wait for it.
                while let next = try? await group.next() { _ = next }
                return ProcessOutcome(
                    exitCode: nil, signal: 9, timedOut: true, standardOutput: "",
                    standardError: Self.readLog(request), duration: .zero)
            }
            var outcome = result
            outcome.duration = ContinuousClock.now - start
            return outcome
        } catch let error as ProcessLaunchError {
            throw error
        } catch {
            throw ProcessLaunchError(message: "cannot run \(request.executable): \(error)")
        }
    }

    private static func execute(_ configuration: Configuration, _ request: ProcessRequest) async throws -> ProcessOutcome {
        let input = request.input ?? ""
        switch request.output {
        case .collect(let limit):
            let result = try await Subprocess.run(
                configuration, input: .string(input), output: .string(limit: limit), error: .string(limit: limit))
            let (code, signal) = status(result.terminationStatus)
            return ProcessOutcome(
                exitCode: code, signal: signal, timedOut: false, standardOutput: result.standardOutput,
                standardError: result.standardError, duration: .zero)
        case .logFile(let path):
            let fd: FileDescriptor
            do {
                fd = try FileDescriptor.open(
                    FilePath(path), .writeOnly, options: [.create, .append], permissions: [.ownerReadWrite])
            } catch {
                throw ProcessLaunchError(message: "cannot open log file \(path): \(error)")
            }
            let result = try await Subprocess.run(
                configuration, input: .string(input),
                output: .fileDescriptor(fd, closeAfterSpawningProcess: true), error: .combinedWithOutput)
            let (code, signal) = status(result.terminationStatus)
            return ProcessOutcome(
                exitCode: code, signal: signal, timedOut: false, standardOutput: "",
                standardError: readLog(request), duration: .zero)
        }
    }

    private static func readLog(_ request: ProcessRequest) -> String {
        guard case .logFile(let path) = request.output,
            let data = FileManager.default.contents(atPath: path)
        else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func status(_ status: TerminationStatus) -> (Int32?, Int32?) {
        switch status {
        case .exited(let code): return (Int32(code), nil)
        case .signaled(let signal): return (nil, Int32(signal))
        }
    }
}
