import AssayCore
import AssayServer
import AssayStore
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct JobRoutesTests {
    static func submission(count: Int, run: String = "jobs", step: Int? = nil) -> String {
        let items = (0..<count).map { index in
            #"{"id": \#(index), "completion": "\\boxed{\#(index % 3 == 0 ? index : index + 1)}", "gold": "\#(index)"}"#
        }.joined(separator: ",")
        let stepField = step.map { ", \"step\": \($0)" } ?? ""
        return #"{"kind": "math.grade", "run": "\#(run)"\#(stepField), "items": [\#(items)]}"#
    }

    struct Unfinished: Error {}

    /// Polls the job until it has finished (giving up after about a minute, so that a
    /// runner that stalls fails the test instead of hanging it).
    static func waitForJob(_ client: some TestClientProtocol, id: String) async throws -> JSONObject {
        for _ in 0..<6000 {
            let job = try await client.send(.get, "/v1/jobs/\(id)").object()
            if let state = job["state"]?.stringValue, ["succeeded", "failed", "cancelled"].contains(state) { return job }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("job \(id) did not finish")
        throw Unfinished()
    }

    @Test func aSubmittedJobRunsToTheEndAndItsResultsAreInOrder() async throws {
        let server = try TestServer { $0.jobChunkSize = 7 }
        try await server.test { client in
            let submitted = try await client.send(.post, "/v1/jobs", json: Self.submission(count: 30))
            #expect(submitted.status == .accepted)
            let id = try #require(try submitted.object()["id"]?.stringValue)
            #expect(submitted.headers[.location] == "/v1/jobs/\(id)")
            let job = try await Self.waitForJob(client, id: id)
            #expect(job["state"] == .string("succeeded"))
            #expect(job["completed"] == .number(30))
            let page = try await client.send(.get, "/v1/jobs/\(id)/results?offset=10&limit=5").object()
            guard case .array(let results)? = page["results"] else {
                Issue.record("no results")
                return
            }
            #expect(results.map { $0.objectValue?["position"] } == (10..<15).map { .number(Double($0)) })
            // Item 12 answers 12 (12 % 3 == 0): equal; item 13 answers 14: not equal.
            #expect(results[2].objectValue?["verdict"]?.objectValue?["status"] == .string("equal"))
            #expect(results[3].objectValue?["verdict"]?.objectValue?["status"] == .string("not_equal"))
        }
        #expect(try server.store.verdictCount(run: "jobs") == 30)
    }

    @Test func theEventStreamEndsWithDone() async throws {
        let server = try TestServer { $0.jobChunkSize = 5 }
        try await server.test { client in
            let submitted = try await client.send(.post, "/v1/jobs", json: Self.submission(count: 40))
            let id = try #require(try submitted.object()["id"]?.stringValue)
            let stream = try await client.send(.get, "/v1/jobs/\(id)/events")
            #expect(stream.status == .ok)
            #expect(stream.headers[.contentType] == "text/event-stream")
            let events = stream.text.split(separator: "\n\n").map { String($0) }
            let names = events.compactMap { $0.split(separator: "\n").first { $0.hasPrefix("event: ") }?.dropFirst(7) }
            #expect(names.last == "done")
            #expect(names.dropLast().allSatisfy { $0 == "progress" })
            let last = try #require(events.last?.split(separator: "\n").first { $0.hasPrefix("data: ") })
            let job = try JSONLines.decodeObject(last.dropFirst(6))
            #expect(job["state"] == .string("succeeded"))
            #expect(job["completed"] == .number(40))
        }
    }

    @Test func resubmittingAFinishedBatchRedoesNothing() async throws {
        let server = try TestServer()
        try await server.test { client in
            let first = try await client.send(.post, "/v1/jobs", json: Self.submission(count: 12, step: 4))
            _ = try await Self.waitForJob(client, id: try #require(try first.object()["id"]?.stringValue))
            let second = try await client.send(.post, "/v1/jobs", json: Self.submission(count: 12, step: 4))
            #expect(try second.object()["completed"] == .number(12))
            let job = try await Self.waitForJob(client, id: try #require(try second.object()["id"]?.stringValue))
            #expect(job["state"] == .string("succeeded"))
        }
        #expect(try server.store.verdictCount(run: "jobs") == 12)
    }

    @Test func cancellingAFinishedJobChangesNothing() async throws {
        try await TestServer().test { client in
            let submitted = try await client.send(.post, "/v1/jobs", json: Self.submission(count: 3))
            let id = try #require(try submitted.object()["id"]?.stringValue)
            _ = try await Self.waitForJob(client, id: id)
            let cancelled = try await client.send(.post, "/v1/jobs/\(id)/cancel")
            #expect(cancelled.status == .ok)
            #expect(try cancelled.object()["state"] == .string("succeeded"))
        }
    }

    @Test func cancellingAQueuedJobStopsIt() async throws {
        let store = try VerdictStore.inMemory()
        let run = try await store.run(named: "jobs")
        // A job stored by an earlier process, not yet picked up: cancel it before the runner starts.
        let job = try await store.createJob(
            kind: "math.grade", run: run, step: nil, options: JSONObject(),
            items: [(ProblemInput(domain: "math", reference: "1"), "\\boxed{1}")])
        try await store.setState(.cancelled, jobID: job.id)
        try await TestServer(store: store).test { client in
            let response = try await client.send(.get, "/v1/jobs/\(job.id)")
            #expect(try response.object()["state"] == .string("cancelled"))
            #expect(try response.object()["completed"] == .number(0))
        }
    }

    @Test func jobsLeftRunningByADeadProcessResumeOnStart() async throws {
        let store = try VerdictStore.inMemory()
        let run = try await store.run(named: "jobs")
        let items = (0..<10).map { (ProblemInput(domain: "math", reference: "\($0)"), "\\boxed{\($0)}") }
        let job = try await store.createJob(kind: "math.grade", run: run, step: nil, options: JSONObject(), items: items)
        try await store.setState(.running, jobID: job.id)
        try await TestServer(store: store).test { client in
            let finished = try await Self.waitForJob(client, id: job.id)
            #expect(finished["state"] == .string("succeeded"))
            #expect(finished["completed"] == .number(10))
        }
    }

    @Test(arguments: [
        (#"{"kind": "math.grade"}"#, "missing field \"items\""),
        (#"{"kind": "math.grade", "items": [{"completion": "x", "gold": "1"}], "extra": 1}"#, "unknown field \"extra\""),
        (#"{"kind": "kernels.eval", "items": []}"#, "unknown job kind \"kernels.eval\"; this server runs: math.grade"),
        (#"{"items": []}"#, "missing field \"kind\""),
    ])
    func invalidSubmissionsSayWhatIsWrong(body: String, message: String) async throws {
        try await TestServer().test { client in
            let response = try await client.send(.post, "/v1/jobs", json: body)
            #expect(response.status == .unprocessableContent)
            let actual = try response.error().message
            #expect(actual.hasPrefix(message), "\(actual)")
        }
    }

    @Test func tooManyWaitingJobsIs429() async throws {
        let server = try TestServer { $0.maxQueuedJobs = 0 }
        try await server.test { client in
            let response = try await client.send(.post, "/v1/jobs", json: Self.submission(count: 1))
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "5")
            #expect(try response.error().code == "queue_full")
        }
    }
}
