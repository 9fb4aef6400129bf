import Testing

@testable import AssaySandbox

#if canImport(Glibc)
import Glibc
#endif

/// Persistent sessions: state, restarts, expiry, the bound, and a clean host afterwards.
@Suite(.timeLimit(.minutes(3)))
struct SessionPoolTests {
    static func configuration(
        _ tag: String, timeout: Duration = .seconds(30), maxSessions: Int = 4, warm: Int = 1,
        idle: Duration = .seconds(600)
    ) -> SessionPool.Configuration {
        let sandbox = Sandbox(
            limits: SandboxLimits(timeout: timeout, memoryBytes: 256 << 20, maxOutputBytes: 4096), processTag: tag)
        return SessionPool.Configuration(sandbox: sandbox, maxSessions: maxSessions, warmSessions: warm, idleTimeout: idle)
    }

    @Test func statePersistsAcrossCalls() async throws {
        let tag = HostProbe.tag("state")
        try await withSessionPool(Self.configuration(tag)) { pool in
            try await pool.withSession { session in
                let first = try await pool.execute("import math\nx = 41\ndef double(n):\n    return 2 * n", in: session)
                #expect(first.exitCode == 0)
                #expect(first.stdout == "")
                let second = try await pool.execute("print(double(x) + 2)\nmath.gcd(12, 18)", in: session)
                #expect(second.stdout == "84\n6\n", "a final expression is shown, as in a notebook")
                #expect(second.session?.stateLost == false)
                #expect(second.isolated)
            }
        }
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func exceptionsKeepTheState() async throws {
        let tag = HostProbe.tag("exception")
        try await withSessionPool(Self.configuration(tag)) { pool in
            try await pool.withSession { session in
                _ = try await pool.execute("x = 1", in: session)
                let failed = try await pool.execute("y = x + 1\nundefined_name", in: session)
                #expect(failed.exitCode == 1)
                #expect(failed.session?.exception == "NameError")
                #expect(failed.stderr.contains("undefined_name"))
                #expect(failed.stderr.contains("line 2"))
                let after = try await pool.execute("print(x, y)", in: session)
                #expect(after.stdout == "1 2\n")
                let exited = try await pool.execute("import sys\nsys.exit(4)", in: session)
                #expect(exited.exitCode == 4)
                #expect(exited.session?.stateLost == false)
                #expect(try await pool.execute("x", in: session).stdout == "1\n")
            }
        }
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func crashRestartsAndSaysTheStateIsLost() async throws {
        let tag = HostProbe.tag("crash")
        try await withSessionPool(Self.configuration(tag)) { pool in
            try await pool.withSession { session in
                _ = try await pool.execute("x = 1", in: session)
                let crashed = try await pool.execute("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", in: session)
                #expect(crashed.signal == SIGKILL)
                #expect(crashed.exitCode == nil)
                #expect(!crashed.timedOut)
                #expect(crashed.session?.stateLost == true)
                #expect(crashed.session?.stateLostReason?.contains("fresh interpreter") == true)
                let after = try await pool.execute("print('x' in globals())", in: session)
                #expect(after.stdout == "False\n")
                #expect(after.exitCode == 0)
                #expect(after.session?.stateLost == false, "the loss was reported with the crash")
            }
        }
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func exitingTheInterpreterRestartsIt() async throws {
        let tag = HostProbe.tag("osexit")
        try await withSessionPool(Self.configuration(tag)) { pool in
            try await pool.withSession { session in
                let ended = try await pool.execute("import os\nos._exit(3)", in: session)
                #expect(ended.exitCode == 3)
                #expect(ended.session?.stateLost == true)
                #expect(try await pool.execute("print(1 + 1)", in: session).stdout == "2\n")
            }
        }
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func timeoutKillsAndRestarts() async throws {
        let tag = HostProbe.tag("timeout")
        try await withSessionPool(Self.configuration(tag)) { pool in
            try await pool.withSession { session in
                _ = try await pool.execute("x = 1", in: session)
                let slow = try await pool.execute("import time\nwhile True:\n    time.sleep(1)", in: session, timeout: .seconds(2))
                #expect(slow.timedOut)
                #expect(slow.signal == SIGKILL)
                #expect(slow.session?.stateLost == true)
                let after = try await pool.execute("print('x' in globals())", in: session)
                #expect(after.stdout == "False\n")
            }
        }
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func memoryErrorKeepsTheSession() async throws {
        let tag = HostProbe.tag("memory")
        try await withSessionPool(Self.configuration(tag)) { pool in
            try await pool.withSession { session in
                _ = try await pool.execute("x = 5", in: session)
                let bomb = try await pool.execute("big = bytearray(10**10)", in: session)
                #expect(bomb.memoryExceeded)
                #expect(bomb.session?.exception == "MemoryError")
                #expect(bomb.session?.stateLost == false)
                #expect(try await pool.execute("x", in: session).stdout == "5\n")
            }
        }
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func outputOfEveryKindIsCapturedAndCapped() async throws {
        let tag = HostProbe.tag("output")
        try await withSessionPool(Self.configuration(tag)) { pool in
            try await pool.withSession { session in
                let mixed = try await pool.execute(
                    "import os, subprocess, sys\nprint('a')\nos.write(1, b'b\\n')\nsubprocess.run([sys.executable, '-c', 'print(3)'])\nprint('e', file=sys.stderr)",
                    in: session)
                #expect(mixed.stdout == "a\nb\n3\n")
                #expect(mixed.stderr == "e\n")
                let big = try await pool.execute("print('z' * 10000)", in: session)
                #expect(big.truncated)
                #expect(big.stdout.contains("kept the first 4096 of 10001 bytes"))
                let next = try await pool.execute("print('small')", in: session)
                #expect(next.stdout == "small\n", "each call starts with empty output")
                #expect(!next.truncated)
                let input = try await pool.execute("input()", in: session)
                #expect(input.session?.exception == "EOFError")
            }
        }
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func idleSessionsExpireAndComeBackEmpty() async throws {
        let tag = HostProbe.tag("idle")
        try await withSessionPool(Self.configuration(tag, warm: 0, idle: .milliseconds(300))) { pool in
            let session = try await pool.session()
            _ = try await pool.execute("x = 1", in: session)
            // Wait (without a time assertion) until the reaper has stopped the idle session.
            var status = await pool.status
            for _ in 0..<600 where status.sessions > 0 {
                try await Task.sleep(for: .milliseconds(50))
                status = await pool.status
            }
            #expect(status.sessions == 0)
            await HostProbe.expectNoProcesses(tagged: tag)
            let after = try await pool.execute("print('x' in globals())", in: session)
            #expect(after.stdout == "False\n")
            #expect(after.session?.stateLost == true)
            #expect(after.session?.stateLostReason?.contains("idle") == true)
            await pool.close(session)
        }
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func theNumberOfSandboxesIsBounded() async throws {
        let tag = HostProbe.tag("bound")
        try await withSessionPool(Self.configuration(tag, maxSessions: 2, warm: 1)) { pool in
            let first = try await pool.session()
            let second = try await pool.session()
            let third = Task { try await pool.session() }
            var status = await pool.status
            for _ in 0..<600 where status.waiting == 0 {
                try await Task.sleep(for: .milliseconds(20))
                status = await pool.status
            }
            #expect(status.waiting == 1, "a third session must wait: \(status)")
            #expect(status.sessions + status.warm + status.starting <= 2)
            #expect(HostProbe.processes(tagged: tag).count <= 2 * 3, "bwrap, its init and Python per sandbox; two sandboxes")
            await pool.close(first)
            let thirdSession = try await third.value
            #expect(try await pool.execute("print('third')", in: thirdSession).stdout == "third\n")
            await pool.close(second)
            await pool.close(thirdSession)
        }
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func manySessionsWorkConcurrently() async throws {
        let tag = HostProbe.tag("concurrent")
        try await withSessionPool(Self.configuration(tag, maxSessions: 3, warm: 2)) { pool in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        try await pool.withSession { session in
                            _ = try await pool.execute("n = \(index)", in: session)
                            let result = try await pool.execute("print(n * n)", in: session)
                            return result.stdout == "\(index * index)\n"
                        }
                    }
                }
                for try await correct in group { #expect(correct) }
            }
        }
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func closedSessionsAndPoolsAreErrors() async throws {
        let tag = HostProbe.tag("closed")
        let pool = try SessionPool(Self.configuration(tag, warm: 0))
        let session = try await pool.session()
        await pool.close(session)
        let closedSession = await #expect(throws: SandboxError.self) { try await pool.execute("1", in: session) }
        #expect(closedSession?.code == .invalidSession)
        await pool.shutdown()
        let closedPool = await #expect(throws: SandboxError.self) { try await pool.session() }
        #expect(closedPool?.code == .poolClosed)
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func withSessionClosesWhenTheBodyThrows() async throws {
        struct Planned: Error {}
        let tag = HostProbe.tag("throws")
        try await withSessionPool(Self.configuration(tag, warm: 0)) { pool in
            await #expect(throws: Planned.self) {
                try await pool.withSession { session in
                    _ = try await pool.execute("x = 1", in: session)
                    throw Planned()
                }
            }
            #expect(await pool.status.sessions == 0)
        }
        await HostProbe.expectNoProcesses(tagged: tag)
    }

    @Test func invalidConfigurationIsRejected() async throws {
        let error = #expect(throws: SandboxError.self) {
            try SessionPool(Self.configuration(HostProbe.tag("config"), maxSessions: 1, warm: 2))
        }
        #expect(error?.code == .invalidArgument)
    }
}
