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
