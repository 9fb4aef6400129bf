import FoundationEssentials
import Testing

@testable import AssaySandbox

#if canImport(Glibc)
import Glibc
#endif

/// Hostile programs: each must end with the right status and leave the host clean (no process
/// carrying the test's tag, nothing written outside the sandbox's private `/tmp`).
///
/// Serialized so that the CPU-burning cases do not starve each other's sandboxes on a small
/// machine; every limit below is generous, and no assertion depends on how long anything took.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct AdversarialTests {
    /// A wall clock for the cases that must be killed: short enough to keep the suite quick,
    /// long enough for a sandbox to start on a loaded machine.
    static let killedAfter = Duration.seconds(5)

    /// Limits for hostile code; a generous wall clock for the cases that must end on their own.
    static func sandbox(_ tag: String, timeout: Duration = .seconds(60), cpuSeconds: Int? = nil) -> Sandbox {
        Sandbox(
            limits: SandboxLimits(
                timeout: timeout, cpuSeconds: cpuSeconds, memoryBytes: 256 << 20, processes: 32,
                fileSizeBytes: 1 << 20, openFiles: 64, maxOutputBytes: 4096, tmpBytes: 8 << 20),
            processTag: tag)
    }

    /// Runs `code` (with `TAG` replaced by the test's tag) and checks the host afterwards.
    static func run(_ name: String, _ code: String, stdin: [UInt8] = [], timeout: Duration = .seconds(60), cpuSeconds: Int? = nil)
        async throws -> SandboxResult
    {
        let tag = HostProbe.tag(name)
        let result = try await sandbox(tag, timeout: timeout, cpuSeconds: cpuSeconds).run(
            code: code.split(separator: "TAG", omittingEmptySubsequences: false).joined(separator: tag), stdin: stdin)
        await HostProbe.expectNoProcesses(tagged: tag)
        return result
    }

    // MARK: - Time

    @Test func infiniteLoopIsKilledAtTheTimeout() async throws {
        let result = try await Self.run("loop", "while True: pass", timeout: Self.killedAfter)
        #expect(result.timedOut)
        #expect(result.exitCode == nil)
        #expect(result.signal != nil)
    }

    @Test func sleepingForeverIsKilledAtTheTimeout() async throws {
        let result = try await Self.run("sleep", "import time\ntime.sleep(10**6)", timeout: Self.killedAfter)
        #expect(result.timedOut)
        #expect(result.signal == SIGKILL)
    }

    @Test func cpuLimitEndsABusyLoopBeforeTheWallClock() async throws {
        let result = try await Self.run("cpu", "while True: pass", timeout: .seconds(60), cpuSeconds: 1)
        #expect(result.signal == SIGXCPU)
        #expect(result.timedOut)
    }

    @Test func ignoringSIGTERMDoesNotHelp() async throws {
        let result = try await Self.run(
            "sigterm", "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('ignoring', flush=True)\ntime.sleep(10**6)",
            timeout: Self.killedAfter)
        #expect(result.timedOut)
        #expect(result.signal == SIGKILL)
        #expect(result.stdout == "ignoring\n")
    }

    // MARK: - Processes

    @Test func forkBombIsContainedAndKilled() async throws {
        let result = try await Self.run(
            "forkbomb",
            """
            import os
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
            """, timeout: Self.killedAfter)
        #expect(result.timedOut)
    }

    @Test func processLimitStopsForking() async throws {
        let result = try await Self.run(
            "nproc",
            """
            import os, time
            made = 0
            try:
                while made < 1000:
                    if os.fork() == 0:
                        time.sleep(1000)
                        os._exit(0)
                    made += 1
            except OSError as error:
                print("blocked after", made, error.errno)
            """)
        #expect(result.exitCode == 0)
        let words = result.stdout.split(separator: " ")
        #expect(words.first == "blocked", "fork must fail: \(result.stdout) \(result.stderr)")
        let made = words.count > 2 ? Int(words[2]) : nil
        #expect(made.map { $0 < 32 } == true, "at most the process limit: \(result.stdout)")
    }

    @Test func doubleForkedDaemonDoesNotOutliveTheRun() async throws {
        let result = try await Self.run(
            "daemon",
            """
            import os, subprocess, sys, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(1000)
                    os._exit(0)
                os._exit(0)
            # A detached child holding stdout open as well.
            subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)", "TAG"], start_new_session=True)
            print("parent done")
            """)
        #expect(result.exitCode == 0)
        #expect(!result.timedOut, "the run must end when the program does, not at the timeout")
        #expect(result.stdout == "parent done\n")
    }

    @Test func killingTheParentDoesNotEscape() async throws {
        let result = try await Self.run(
            "parent", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint('ppid', os.getppid())")
        #expect(!result.timedOut)
        // The parent is the sandbox's own init, which ignores signals from inside: either the
        // program goes on or the sandbox ends; the host is untouched either way.
        #expect(result.exitCode == 0 || result.signal != nil)
    }

    @Test func killingEverythingVisibleOnlyReachesTheSandbox() async throws {
        let result = try await Self.run(
            "killall",
            """
            import os, signal, time
            child = os.fork()
            if child == 0:
                time.sleep(1000)
                os._exit(0)
            os.kill(-1, signal.SIGKILL)
            _, status = os.waitpid(child, 0)
            print("child killed by", os.WTERMSIG(status) if os.WIFSIGNALED(status) else None)
            """)
        #expect(!result.timedOut)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "child killed by 9\n", "kill(-1) reaches only the sandbox's own processes")
    }

    // MARK: - Memory

    @Test func memoryBombRaisesMemoryError() async throws {
        let result = try await Self.run("membomb", "x = bytearray(10**10)")
        #expect(result.memoryExceeded)
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("MemoryError"))
        #expect(!result.stderr.contains("assay-end"), "the driver's marker is removed")
    }

    @Test func growingMemoryBombRaisesMemoryError() async throws {
        let result = try await Self.run("memgrow", "chunks = []\nwhile True:\n    chunks.append(bytearray(10**7))")
        #expect(result.memoryExceeded)
        #expect(result.exitCode == 1)
    }

    @Test func handledMemoryErrorIsNotReported() async throws {
        let result = try await Self.run("memhandled", "try:\n    x = bytearray(10**10)\nexcept MemoryError:\n    print('recovered')")
        #expect(!result.memoryExceeded)
        #expect(result.stdout == "recovered\n")
        #expect(result.exitCode == 0)
    }

    @Test func deepRecursionEndsCleanly() async throws {
        let result = try await Self.run("recursion", "def f(n):\n    return f(n + 1)\nf(0)")
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("RecursionError"))
        #expect(!result.timedOut)
    }

    @Test func unboundedRecursionWithRaisedLimitCrashesWithoutHanging() async throws {
        let result = try await Self.run(
            "segv", "import sys\nsys.setrecursionlimit(10**8)\ndef f(n):\n    return f(n + 1)\nf(0)")
        #expect(!result.timedOut)
        #expect(result.exitCode != 0)
        #expect(result.signal != nil || result.memoryExceeded || result.exitCode == 1)
    }

    // MARK: - Output and input

    @Test func hugeOutputIsTruncated() async throws {
        let result = try await Self.run("huge", "import sys\nfor _ in range(50000):\n    sys.stdout.write('x' * 1000 + '\\n')")
        #expect(result.truncated)
        #expect(result.exitCode == 0)
        #expect(result.stdout.utf8.count < 4096 + 200)
        #expect(result.stdout.contains("of 50050000 bytes]"))
    }

    @Test func endlessOutputIsTruncatedAndTimedOut() async throws {
        let result = try await Self.run("endless", "while True:\n    print('y' * 100)", timeout: Self.killedAfter)
        #expect(result.truncated)
        #expect(result.timedOut)
        #expect(result.stdout.utf8.count < 4096 + 200)
    }

    @Test func binaryOutputComesBackAsText() async throws {
        let result = try await Self.run("binary", "import sys\nsys.stdout.buffer.write(bytes(range(256)) * 4)")
        #expect(result.exitCode == 0)
        #expect(result.stdout.unicodeScalars.contains("\u{FFFD}"))
        #expect(result.stdout.hasPrefix("\u{0}\u{1}\u{2}"))
    }

    @Test func readingStdinGetsEndOfFile() async throws {
        let result = try await Self.run("stdin", "import sys\nprint(repr(sys.stdin.read()))\nprint(input())")
        #expect(!result.timedOut)
        #expect(result.stdout == "''\n")
        #expect(result.stderr.contains("EOFError"))
    }

    @Test func largeFilesAreRefused() async throws {
        let result = try await Self.run("fsize", "open('/tmp/big', 'wb').write(b'x' * (2 << 20))")
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("File too large"))
    }

    @Test func openFileLimitHolds() async throws {
        let result = try await Self.run("nofile", "files = [open('/dev/null') for _ in range(10000)]")
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("Too many open files"))
    }

    // MARK: - File system

    @Test func hostPathsAreInvisibleAndReadOnly() async throws {
        let tag = HostProbe.tag("paths")
        let passwd = HostProbe.contents("/etc/passwd")
        let result = try await Self.sandbox(tag).run(
            code: """
                import os
                for path in ["/work/\(tag)", "/root/\(tag)", "/home/\(tag)", "/etc/passwd", "/usr/\(tag)", "/\(tag)", "/dev/\(tag)"]:
                    try:
                        with open(path, "a") as file:
                            file.write("pwned\\n")
                        print("written", path)
                    except OSError as error:
                        print("refused", path, error.errno)
                for path in ["/work", "/root", "/home", "/etc/shadow", "/etc/passwd", "/var", "/opt"]:
                    print("present" if os.path.exists(path) else "absent", path)
                with open("/tmp/\(tag)", "w") as file:
                    file.write("private")
                print("tmp", open("/tmp/\(tag)").read())
                """)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("written"), "\(result.stdout)")
        for path in ["/work", "/root", "/home", "/etc/shadow", "/etc/passwd", "/var", "/opt"] {
            #expect(result.stdout.contains("absent \(path)\n"), "\(path) must not be visible: \(result.stdout)")
        }
        #expect(result.stdout.contains("tmp private"))
        for path in ["/work/\(tag)", "/root/\(tag)", "/home/\(tag)", "/usr/\(tag)", "/\(tag)", "/tmp/\(tag)", "/dev/\(tag)"] {
            #expect(!HostProbe.exists(path), "\(path) must not exist on the host")
        }
        #expect(HostProbe.contents("/etc/passwd") == passwd)
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func tmpIsPrivateToEachRun() async throws {
        let tag = HostProbe.tag("tmpprivate")
        let sandbox = Self.sandbox(tag)
        _ = try await sandbox.run(code: "open('/tmp/left-behind', 'w').write('x')")
        let result = try await sandbox.run(code: "import os\nprint(os.listdir('/tmp'))")
        #expect(result.stdout == "['main.py']\n")
        #expect(!HostProbe.exists("/tmp/left-behind"))
    }

    // MARK: - Network

    @Test func networkConnectionsFailFast() async throws {
        let listener = try LoopbackListener()
        let result = try await Self.run(
            "network",
            """
            import socket
            for host, port in [("127.0.0.1", \(listener.port)), ("127.0.0.1", 22), ("192.0.2.1", 80)]:
                connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                connection.settimeout(3)
                try:
                    connection.connect((host, port))
                    print("connected", host, port)
                except OSError as error:
                    print("failed", host, port, type(error).__name__)
                finally:
                    connection.close()
            """)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("connected"), "\(result.stdout)")
        #expect(result.stdout.contains("failed 127.0.0.1 \(listener.port) ConnectionRefusedError"))
        #expect(!result.stdout.contains("timeout"), "must fail at once, not wait: \(result.stdout)")
        #expect(result.stdout.contains("failed 192.0.2.1 80"))
    }
}
