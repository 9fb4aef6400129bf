import AssayCore
import AssayStore
import Testing

@Suite struct JobStoreTests {
    static func items(_ range: Range<Int>) -> [(problem: ProblemInput, candidate: String)] {
        range.map { (ProblemInput(domain: "math", reference: "\($0)"), "answer \($0)") }
    }

    static func verdict(for item: JobItem) -> VerdictRecord {
        VerdictRecord(
            problem: item.problem, candidate: item.candidate,
            verdict: Verdict(status: "equal", passed: true, reward: 1), elapsedSeconds: 0.001)
    }

    @Test func jobProgressAdvancesAsItemsComplete() async throws {
        let store = try VerdictStore.inMemory()
        let run = try await store.run(named: "jobs")
        let job = try await store.createJob(
            kind: "math.grade", run: run, step: nil, options: JSONObject([("timeout_ms", .number(100))]),
            items: Self.items(0..<10))
        #expect(job.state == .queued)
        #expect(job.total == 10 && job.completed == 0)
        #expect(job.options["timeout_ms"] == .number(100))

        let firstFour = try await store.pendingItems(jobID: job.id, limit: 4)
        #expect(firstFour.map(\.position) == [0, 1, 2, 3])
        let updated = try await store.completeItems(
            jobID: job.id, results: firstFour.map { ($0.position, Self.verdict(for: $0)) })
        #expect(updated.completed == 4)
        #expect(try await store.pendingItems(jobID: job.id, limit: 100).map(\.position) == Array(4..<10))

        let results = try await store.jobResults(jobID: job.id)
        #expect(results.count == 10)
        #expect(results.prefix(4).allSatisfy { $0.verdict != nil })
        #expect(results.dropFirst(4).allSatisfy { $0.verdict == nil })
    }

    @Test func resubmittingABatchReusesFinishedVerdicts() async throws {
        let store = try VerdictStore.inMemory()
        let run = try await store.run(named: "jobs")
        let first = try await store.createJob(
            kind: "math.grade", run: run, step: 5, options: JSONObject(), items: Self.items(0..<6))
        let pending = try await store.pendingItems(jobID: first.id, limit: 3)
        try await store.completeItems(jobID: first.id, results: pending.map { ($0.position, Self.verdict(for: $0)) })

        let second = try await store.createJob(
            kind: "math.grade", run: run, step: 5, options: JSONObject(), items: Self.items(0..<6))
        #expect(second.completed == 3)
        #expect(try await store.pendingItems(jobID: second.id, limit: 100).map(\.position) == [3, 4, 5])
        // A different step is different work.
        let third = try await store.createJob(
            kind: "math.grade", run: run, step: 6, options: JSONObject(), items: Self.items(0..<6))
        #expect(third.completed == 0)
    }

    @Test func statesMoveAndAreListed() async throws {
        let store = try VerdictStore.inMemory()
        let run = try await store.run(named: "jobs")
        let a = try await store.createJob(kind: "k", run: run, step: nil, options: JSONObject(), items: Self.items(0..<1))
        let b = try await store.createJob(kind: "k", run: run, step: nil, options: JSONObject(), items: Self.items(1..<2))
        let running = try await store.setState(.running, jobID: a.id)
        #expect(running.startedAt != nil)
        let failed = try await store.setState(.failed, jobID: b.id, error: "grader crashed")
        #expect(failed.error == "grader crashed" && failed.finishedAt != nil)
        #expect(try await store.jobs(in: [.queued, .running]).map(\.id) == [a.id])
        #expect(try await store.job(id: "nope") == nil)
    }

    @Test func aCancelledJobStaysCancelled() async throws {
        let store = try VerdictStore.inMemory()
        let run = try await store.run(named: "jobs")
        let job = try await store.createJob(kind: "k", run: run, step: nil, options: JSONObject(), items: Self.items(0..<2))
        try await store.setState(.running, jobID: job.id)
        try await store.setState(.cancelled, jobID: job.id)
        #expect(try await store.setState(.succeeded, jobID: job.id).state == .cancelled)
        #expect(try await store.setState(.queued, jobID: job.id).state == .cancelled)
    }

    @Test func emptyJobsAreRejected() async throws {
        let store = try VerdictStore.inMemory()
        let run = try await store.run(named: "jobs")
        await #expect(throws: StoreError.self) {
            try await store.createJob(kind: "k", run: run, step: nil, options: JSONObject(), items: [])
        }
    }
}
