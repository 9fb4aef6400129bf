import AssayCore
import FoundationEssentials
import Testing

@testable import AssaySandbox

/// One-shot runs: normal programs, exit codes, exceptions, input and output, configuration errors.
@Suite(.timeLimit(.minutes(2)))
struct SandboxRunTests {
    static func sandbox(_ tag: String, timeout: Duration = .seconds(30), isolation: Isolation = .bubblewrap) -> Sandbox {
        Sandbox(limits: SandboxLimits(timeout: timeout, memoryBytes: 512 << 20, maxOutputBytes: 4096), isolation: isolation, processTag: tag)
    }

    @Test func printsAndExitsZero() async throws {
        let tag = HostProbe.tag("print")
        let result = try await Self.sandbox(tag).run(code: "import math\nprint(math.factorial(20))")
        #expect(result.stdout == "2432902008176640000\n")
        #expect(result.stderr == "")
        #expect(result.exitCode == 0)
        #expect(result.signal == nil)
        #expect(!result.timedOut && !result.memoryExceeded && !result.truncated)
        #expect(result.isolated)
        #expect(result.succeeded)
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test(arguments: [
        ("import sys; sys.exit(3)", Int32(3)),
        ("raise SystemExit(0)", Int32(0)),
        ("import os; os._exit(7)", Int32(7)),
        ("import sys; sys.exit('bad input')", Int32(1)),
        ("import sys; sys.exit(200)", Int32(200)),
    ])
    func exitCodes(code: String, expected: Int32) async throws {
        let result = try await Self.sandbox(HostProbe.tag("exit")).run(code: code)
        #expect(result.exitCode == expected)
        #expect(result.signal == nil)
        #expect(!result.timedOut)
    }

    @Test func uncaughtExceptionShowsTracebackWithSource() async throws {
        let result = try await Self.sandbox(HostProbe.tag("exception")).run(code: "def f(x):\n    return 1 / x\nf(0)\n")
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("ZeroDivisionError: division by zero"))
        #expect(result.stderr.contains("File \"main.py\", line 2, in f"))
        #expect(result.stderr.contains("return 1 / x"))
        #expect(!result.stderr.contains("<string>"), "the driver's own frames must not show")
        #expect(!result.memoryExceeded)
    }

    @Test func syntaxErrorIsAnOrdinaryFailure() async throws {
        let result = try await Self.sandbox(HostProbe.tag("syntax")).run(code: "print((")
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("SyntaxError"))
    }

    @Test func runsAsMainWithArgv() async throws {
        let result = try await Self.sandbox(HostProbe.tag("main")).run(
            code: "import sys, os\nif __name__ == '__main__':\n    print(sys.argv, os.getcwd(), os.environ['HOME'])")
        #expect(result.stdout == "['main.py'] /tmp /tmp\n")
    }

    @Test func readsGivenStdin() async throws {
        let result = try await Self.sandbox(HostProbe.tag("stdin")).run(
            code: "import sys\nprint(sum(int(line) for line in sys.stdin))", stdin: Array("1\n2\n39\n".utf8))
        #expect(result.stdout == "42\n")
    }

    @Test func stdoutAndStderrAreSeparateAndCapped() async throws {
        let result = try await Self.sandbox(HostProbe.tag("cap")).run(
            code: "import sys\nsys.stdout.write('o' * 10000)\nsys.stderr.write('e' * 10)")
        #expect(result.truncated)
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix(String(repeating: "o", count: 4096) + "\n[assay: output truncated"))
        #expect(result.stdout.contains("kept the first 4096 of 10000 bytes"))
        #expect(result.stderr == "eeeeeeeeee")
    }

    @Test func jsonHasTheDocumentedFields() async throws {
        let result = try await Self.sandbox(HostProbe.tag("json")).run(code: "print('hi')")
        let keys = result.json.members.map(\.key)
        #expect(keys == [
            "stdout", "stderr", "exit_code", "signal", "timed_out", "memory_exceeded", "truncated", "duration_ms",
            "isolated",
        ])
        #expect(result.json["stdout"] == .string("hi\n"))
        #expect(result.json["signal"] == .null)
    }

    // MARK: - Without isolation

    @Test func noIsolationIsExplicitAndReported() async throws {
        let result = try await Self.sandbox(HostProbe.tag("noiso"), isolation: .none).run(
            code: "import os\nprint(os.getcwd())\nopen('scratch.txt', 'w').write('x')")
        #expect(result.exitCode == 0)
        #expect(!result.isolated)
        #expect(result.json["isolated"] == .bool(false))
        let directory = result.stdout.trimmingSpaces
        #expect(directory.hasPrefix("/tmp/assay-sandbox-"))
        #expect(!HostProbe.exists(directory), "the private working directory is removed afterwards")
    }

    @Test func noIsolationStillTimesOut() async throws {
        let tag = HostProbe.tag("noisotimeout")
        let result = try await Self.sandbox(tag, timeout: .seconds(2), isolation: .none).run(code: "while True: pass")
        #expect(result.timedOut)
        #expect(result.signal != nil)
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    // MARK: - Sandbox failures are errors, not results

    @Test func missingBubblewrapIsAnError() async throws {
        var sandbox = Self.sandbox(HostProbe.tag("nobwrap"))
        sandbox.bubblewrapPath = "/nonexistent/bwrap"
        let error = await #expect(throws: SandboxError.self) { try await sandbox.run(code: "print(1)") }
        #expect(error?.code == .isolationUnavailable)
    }

    @Test func failingBubblewrapIsAnErrorWithItsMessage() async throws {
        var sandbox = Self.sandbox(HostProbe.tag("badbwrap"))
        sandbox.readOnlyPaths = ["/nonexistent-assay-directory"]
        let error = await #expect(throws: SandboxError.self) { try await sandbox.run(code: "print(1)") }
        #expect(error?.code == .isolationUnavailable)
        #expect(error?.message.contains("bwrap:") == true)
    }

    @Test func interpreterOutsideTheSandboxIsRejected() async throws {
        let link = "/tmp/\(HostProbe.tag("python"))"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/usr/bin/python3")
        defer { try? FileManager.default.removeItem(atPath: link) }
        var sandbox = Self.sandbox(HostProbe.tag("python"))
        sandbox.pythonPath = link
        let error = await #expect(throws: SandboxError.self) { try await sandbox.run(code: "print(1)") }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("not visible inside the sandbox") == true)
    }

    @Test func limitsOutOfRangeAreRejected() async throws {
        var sandbox = Self.sandbox(HostProbe.tag("limits"))
        sandbox.limits.memoryBytes = 1 << 20
        let error = await #expect(throws: SandboxError.self) { try await sandbox.run(code: "print(1)") }
        #expect(error?.code == .invalidArgument)
    }
}
