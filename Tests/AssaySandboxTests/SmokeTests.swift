import Testing
import AssayCore
@testable import AssaySandbox

@Suite struct SmokeTests {
    @Test func basics() async throws {
        let sandbox = Sandbox(limits: SandboxLimits(timeout: .seconds(3), memoryBytes: 256 << 20), processTag: "smoke")
        for code in ["print('hi')", "import sys; sys.exit(3)", "1/0", "x = [0]*10**9", "while True: pass", "import os; os.kill(os.getpid(), 9)", "print('x'*200000)", "import time; time.sleep(100)"] {
            let r = try await sandbox.run(code: code)
            print(code, r.json.members.map { "\($0.key)=\($0.value)" }.joined(separator: " ").prefix(400))
        }
    }
}

@Suite struct SessionSmokeTests {
    @Test func sessions() async throws {
        let sandbox = Sandbox(limits: SandboxLimits(timeout: .seconds(2), memoryBytes: 256 << 20), processTag: "smokesession")
        try await withSessionPool(SessionPool.Configuration(sandbox: sandbox, maxSessions: 3, warmSessions: 2)) { pool in
            try await pool.withSession { s in
                for code in ["x = 41", "x + 1", "import time; time.sleep(10)", "x", "y = 5", "import os; os._exit(3)", "y", "print('a'*100000)"] {
                    let r = try await pool.execute(code, in: s)
                    print(code, r.json.members.map { "\($0.key)=\($0.value)" }.joined(separator: " ").prefix(300))
                }
                let clock = ContinuousClock()
                var times: [Duration] = []
                for i in 0..<200 { let t0 = clock.now; _ = try await pool.execute("z = \(i)", in: s); times.append(clock.now - t0) }
                times.sort()
                print("p50", times[100], "p99", times[198])
            }
            print(await pool.status)
        }
    }
}
