import AssayCore
import AssayStore
import Foundation
import Testing

/// Kills a real `assay serve` in the middle of a job and checks that nothing finished is lost
/// and nothing is done twice.
@Suite(.serialized) struct ProcessResumeTests {
    static let itemCount = 20_000

    static func submission() throws -> Data {
        let items = (0..<itemCount).map { index in
            ["completion": "so \\boxed{\(index)/\(index + 1)}", "gold": "\(index)/\(index + 1)"]
        }
        return try JSONSerialization.data(withJSONObject: ["kind": "math.grade", "run": "crash", "items": items])
    }

    static func job(_ server: ServeProcess, _ id: String) async throws -> (state: String, completed: Int) {
        let (_, json) = try await server.request("GET", "/v1/jobs/\(id)")
        let job = json as? [String: Any]
        return (job?["state"] as? String ?? "?", job?["completed"] as? Int ?? -1)
    }

    /// Submits the big job and waits until some, but not all, of it is stored.
    static func submitAndWaitForProgress(_ server: ServeProcess) async throws -> String {
        let (status, json) = try await server.request("POST", "/v1/jobs", body: try submission())
        #expect(status == 202)
        let id = try #require((json as? [String: Any])?["id"] as? String)
        for _ in 0..<20_000 {
            let job = try await job(server, id)
            if job.state == "succeeded" {
                Issue.record("the job finished before the signal; raise itemCount")
                return id
            }
            if job.completed > 0 { return id }
            try await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("the job made no progress")
        return id
    }

    /// Restarts the server on the same store and waits for the job to finish.
    static func resume(db: String, directory: URL, id: String) async throws -> (state: String, completed: Int) {
        let server = try ServeProcess(db: db, arguments: ["--run", "crash"], logDirectory: directory)
        defer { server.stop(signal: SIGTERM) }
        for _ in 0..<60_000 {
            let job = try await job(server, id)
            if job.state != "queued" && job.state != "running" { return job }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("the resumed job did not finish")
        return try await job(server, id)
    }

    static func positionsWithVerdicts(_ store: VerdictStore, _ id: String) async throws -> [Int: Int64] {
        var found: [Int: Int64] = [:]
        var offset = 0
        while true {
            let page = try await store.jobResults(jobID: id, offset: offset, limit: 5000)
            if page.isEmpty { break }
            for entry in page { if let verdict = entry.verdict { found[entry.position] = verdict.id } }
            offset += page.count
        }
        return found
    }

    @Test(arguments: [SIGKILL, SIGTERM])
    func aKilledServerResumesItsJobWithoutLosingOrRepeatingWork(signal: Int32) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assay-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("assay.sqlite").path

        let server = try ServeProcess(db: db, arguments: ["--run", "crash"], logDirectory: directory)
        let id = try await Self.submitAndWaitForProgress(server)
        let status = server.stop(signal: signal)
        if signal == SIGTERM { #expect(status == 0, "graceful shutdown should exit cleanly") }

        // What the dead process left: every stored verdict is linked to its item, nothing else.
        let before: [Int: Int64]
        do {
            let store = try VerdictStore(path: db)
            let job = try #require(try await store.job(id: id))
            before = try await Self.positionsWithVerdicts(store, id)
            #expect(job.completed == before.count)
            #expect(try store.verdictCount(run: "crash") == before.count)
            #expect(job.completed < Self.itemCount)
            // SIGKILL leaves the job running; a graceful stop puts it back in the queue.
            #expect(job.state == (signal == SIGKILL ? .running : .queued))
        }

        let finished = try await Self.resume(db: db, directory: directory, id: id)
        #expect(finished.state == "succeeded")
        #expect(finished.completed == Self.itemCount)

        let store = try VerdictStore(path: db)
        // Exactly one verdict per item: nothing lost, nothing duplicated.
        #expect(try store.verdictCount(run: "crash") == Self.itemCount)
        let after = try await Self.positionsWithVerdicts(store, id)
        #expect(after.count == Self.itemCount)
        // Items finished before the signal kept their verdicts; they were not checked again.
        #expect(before.allSatisfy { after[$0.key] == $0.value })
        let results = try await store.jobResults(jobID: id, offset: 0, limit: 3)
        #expect(results.allSatisfy { $0.verdict?.verdict.status == "equal" })
    }
}
