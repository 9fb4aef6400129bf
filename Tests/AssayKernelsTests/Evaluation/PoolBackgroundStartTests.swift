import AssayCore
import Foundation
import Testing
@testable import AssayKernels

/// `withGPUWorkerPool(startInBackground: true)`: the body runs while the workers start (the
/// stand-in worker of Fixtures/fakeworker, which is healthy), requests wait for a worker, and
/// `firstStartsEnded()` reports when every slot has started.
@Suite(.serialized) struct PoolBackgroundStartTests {
    @Test func theBodyRunsWhileWorkersStartAndRequestsWaitForThem() async throws {
        let configuration = BaselineShareTests.configuration(gpus: [0, 1], slots: 2)
        let (before, reply, after) = try await withGPUWorkerPool(configuration, startInBackground: true) { pool in
            let before = await pool.slotStatuses().filter { $0.state == .idle }.count
            let reply = try await pool.send(BaselineShareTests.request(problem: "P"), timeout: .seconds(60))
            let after = await pool.firstStartsEnded()
            return (before, reply, after)
        }
        #expect(before < 4)                                 // the body did not wait for the workers
        guard case .response(let object) = reply else {
            Issue.record("expected a response, got \(reply)")
            return
        }
        #expect(object["status"] == .string("ok"))
        #expect(after.count == 4)
        #expect(after.allSatisfy { $0.starts == 1 && $0.state != .down && $0.state != .starting })
    }

    @Test func firstStartsEndedReportsSlotsThatCannotStart() async throws {
        var configuration = BaselineShareTests.configuration(gpus: [0], slots: 2)
        configuration.workerDirectory = NSTemporaryDirectory() + "no-such-worker-" + UUID().uuidString
        let statuses = try await withGPUWorkerPool(configuration, startInBackground: true) { pool in
            await pool.firstStartsEnded()
        }
        #expect(statuses.count == 2)
        #expect(statuses.allSatisfy { $0.state == .down && $0.lastFailure?.contains("no assay_worker package") == true })
    }
}
