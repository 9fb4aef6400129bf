import Testing
@testable import AssayKernels

/// The compiler-process semaphore: its bound, and jobs marked ahead going to the head of the queue.
@Suite struct ProcessLimiterTests {
    actor Log {
        var names: [String] = []
        var running = 0
        var most = 0
        func ran(_ name: String) { names.append(name) }
        func enter() { running += 1; most = max(most, running) }
        func leave() { running -= 1 }
    }

    /// Holds the only slot, queues `jobs` behind it (each records its name when it runs), then
    /// frees the slot and returns the order the queued jobs ran in.
    static func order(of jobs: [(String, ProcessLimiter.Priority)]) async -> [String] {
        let limiter = ProcessLimiter(limit: 1)
        let log = Log()
        await limiter.acquire()
        await withTaskGroup(of: Void.self) { group in
            for (index, job) in jobs.enumerated() {
                group.addTask { await limiter.withSlot(priority: job.1) { await log.ran(job.0) } }
                // queue in the listed order: the next job starts once this one waits
                while await limiter.waiting < index + 1 { await Task.yield() }
            }
            await limiter.release()
        }
        return await log.names
    }

    @Test func normalJobsRunInOrderAndAheadOnesGoFirst() async {
        let plain = await Self.order(of: [("a", .normal), ("b", .normal), ("c", .normal)])
        #expect(plain == ["a", "b", "c"])
        let mixed = await Self.order(of: [("a", .normal), ("L1", .ahead), ("b", .normal), ("L2", .ahead)])
        #expect(mixed == ["L1", "L2", "a", "b"])
    }

    @Test func neverMoreThanTheLimitRunAtOnce() async {
        let limiter = ProcessLimiter(limit: 3)
        let log = Log()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask {
                    await limiter.withSlot(priority: index % 4 == 0 ? .ahead : .normal) {
                        await log.enter()
                        try? await Task.sleep(for: .milliseconds(5))
                        await log.leave()
                    }
                }
            }
        }
        let most = await log.most
        #expect(most == 3)
    }
}
