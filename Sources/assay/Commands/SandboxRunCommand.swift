import ArgumentParser
import AssayCore
import AssaySandbox
import Foundation

/// `assay sandbox run`: one Python program in a fresh sandbox, one JSON object out.
struct SandboxRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Python program in a fresh sandbox and print what happened as JSON.",
        discussion: """
            Prints one JSON object: stdout, stderr, exit_code (null if killed), signal (null \
            unless killed), timed_out, memory_exceeded, truncated, duration_ms, isolated. \
            Whatever the program does, the exit status of this command is 0; it is non-zero \
            (with {"error": ...} printed and a message on standard error) only when the \
            sandbox itself could not run, for example when bubblewrap is missing.

            timed_out is true when the wall-clock timeout or the CPU limit ended the program; \
            memory_exceeded when it died of MemoryError under the memory limit; truncated \
            when stdout or stderr was longer than --max-output (the kept part ends with a \
            "[assay: output truncated ...]" line).

            Examples:
              echo 'print(2**100)' | assay sandbox run -
              assay sandbox run solve.py --timeout 5 --memory 512
              assay sandbox run solve.py --stdin input.txt --max-output 4096
              assay sandbox run trusted.py --no-isolation   # trusted code: no sandbox
            """
    )

    @Argument(help: "Python file to run, or - to read the program from standard input.")
    var file: String = "-"

    @Option(help: "Wall-clock timeout in seconds (the CPU limit is one second more).")
    var timeout: Double = 10

    @Option(help: "Memory limit (address space per process) in MB.")
    var memory: Int = 1024

    @Option(name: .customLong("max-output"), help: "Bytes of stdout and of stderr to keep.")
    var maxOutput: Int = 64 << 10

    @Option(help: "Most processes and threads the program may have at once.")
    var processes: Int = 64

    @Option(help: "File whose bytes the program reads on standard input (default: none).")
    var stdin: String?

    @Option(help: "Python interpreter (must be under /usr with isolation).")
    var python: String = "/usr/bin/python3"

    @Flag(name: .customLong("no-isolation"), help: "Run without the sandbox (trusted code only); results say isolated: false.")
    var noIsolation = false

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        guard memory >= 32 else { throw ValidationError("--memory must be at least 32 (MB)") }
        guard maxOutput >= 1 else { throw ValidationError("--max-output must be at least 1 byte") }
        guard processes >= 1 else { throw ValidationError("--processes must be at least 1") }
        if file == "-", stdin == "-" { throw ValidationError("the program and its input cannot both come from standard input") }
    }

    func run() async throws {
        let code = try InputLines.readText(file)
        let input: [UInt8]
        if let stdin {
            do {
                input = Array(try Data(contentsOf: URL(fileURLWithPath: stdin)))
            } catch {
                throw ValidationError("cannot read \(stdin): \(error.localizedDescription)")
            }
        } else {
            input = []
        }
        let sandbox = Sandbox(
            limits: SandboxLimits(
                timeout: .milliseconds(Int64((timeout * 1000).rounded())), memoryBytes: memory << 20,
                processes: processes, maxOutputBytes: maxOutput),
            isolation: noIsolation ? .none : .bubblewrap,
            pythonPath: python)
        var output = BufferedOutput()
        do {
            let result = try await sandbox.run(code: code, stdin: input)
            output.writeLine(JSONLines.encode(.object(result.json)))
            output.flush()
        } catch {
            output.writeLine(JSONLines.encode(.object(error.json)))
            output.flush()
            FileHandle.standardError.write(Data("assay sandbox run: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }
}
