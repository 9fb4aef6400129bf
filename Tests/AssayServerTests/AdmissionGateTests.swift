@testable import AssayServer
import Testing

@Suite struct AdmissionGateTests {
    @Test func aFullQueueIsRefusedAtOnce() async throws {
        let gate = AdmissionGate(workers: 1, queueDepth: 0)
        #expect(gate.tryAcquire())
        await #expect(throws: AdmissionGate.Refusal.queueFull) {
            try await gate.run(timeout: .seconds(5)) {}
        }
        gate.release()
        #expect(try await gate.run(timeout: .seconds(5)) { 42 } == 42)
    }

    @Test func waitersGiveUpAtTheirDeadline() async throws {
        let gate = AdmissionGate(workers: 1, queueDepth: 4)
        #expect(gate.tryAcquire())
        await #expect(throws: AdmissionGate.Refusal.timedOut) {
            try await gate.run(timeout: .milliseconds(20)) {}
        }
        #expect(gate.load.waiting == 0)
        gate.release()
        #expect(gate.load.running == 0)
    }

    @Test func aReleasedSlotGoesToTheOldestWaiter() async throws {
        let gate = AdmissionGate(workers: 1, queueDepth: 4)
        #expect(gate.tryAcquire())
        let order = OrderLog()
        let first = Task { try await gate.run(timeout: .seconds(30)) { await order.append(1) } }
        while gate.load.waiting < 1 { await Task.yield() }
        let second = Task { try await gate.run(timeout: .seconds(30)) { await order.append(2) } }
        while gate.load.waiting < 2 { await Task.yield() }
        gate.release()
        try await first.value
        try await second.value
        #expect(await order.values == [1, 2])
        #expect(gate.load.running == 0 && gate.load.waiting == 0)
    }
}

actor OrderLog {
    var values: [Int] = []
    func append(_ value: Int) { values.append(value) }
}
