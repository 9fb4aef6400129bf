public import AssayCore
public import Foundation
import GRDB

extension VerdictStore {
    /// Stores a new job and its items in one transaction and returns it.
    ///
    /// Items whose (step, problem, candidate) already has a verdict in `run` are linked to
    /// that verdict at once: re-submitting a batch redoes nothing that was finished.
    public func createJob(
        id: String = UUID().uuidString.lowercased(), kind: String, run: RunHandle, step: Int?,
        options: JSONObject, items: [(problem: ProblemInput, candidate: String)]
    ) async throws(StoreError) -> JobRecord {
        guard !items.isEmpty else { throw StoreError("a job needs at least one item") }
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO job (id, kind, state, run_id, step, total, options, created_at)
                    VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, kind, run.id, step, items.count, JSONValue.object(options).jsonText,
                    Date().timeIntervalSince1970,
                ])
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO job_item (job_id, position, problem_id, candidate_id, verdict_id)
                    VALUES (?, ?, ?, ?, (SELECT id FROM verdict WHERE run_id = ? AND coalesce(step, -1) = ?
                        AND problem_id = ? AND candidate_id = ?))
                    """)
            for (position, item) in items.enumerated() {
                let problemID = try Self.insertProblem(item.problem, db: db).hex
                let candidateID = try Self.insertCandidate(item.candidate, db: db).hex
                try insert.execute(arguments: [
                    id, position, problemID, candidateID, run.id, step ?? -1, problemID, candidateID,
                ])
            }
            try Self.refreshProgress(jobID: id, db: db)
        }
        guard let job = try await job(id: id) else { throw StoreError("job \(id) vanished after it was created") }
        return job
    }

    /// The job with `id`, if any.
    public func job(id: String) async throws(StoreError) -> JobRecord? {
        try await readAsync { db in try Self.fetchJob(id: id, db: db) }
    }

    /// The jobs in any of `states`, oldest first.
    public func jobs(in states: Set<JobState>) async throws(StoreError) -> [JobRecord] {
        try await readAsync { db in
            let marks = Array(repeating: "?", count: states.count).joined(separator: ",")
            let ids = try String.fetchAll(
                db, sql: "SELECT id FROM job WHERE state IN (\(marks)) ORDER BY created_at, id",
                arguments: StatementArguments(states.map(\.rawValue)))
            return try ids.compactMap { try Self.fetchJob(id: $0, db: db) }
        }
    }

    /// Up to `limit` items of a job that have no verdict yet, in order, from position
    /// `after + 1` on.
    public func pendingItems(jobID: String, after: Int = -1, limit: Int) async throws(StoreError) -> [JobItem] {
        try await readAsync { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.position, p.domain, p.reference, p.prompt, p.label, c.source
                    FROM job_item i JOIN problem p ON p.id = i.problem_id JOIN candidate c ON c.id = i.candidate_id
                    WHERE i.job_id = ? AND i.verdict_id IS NULL AND i.position > ? ORDER BY i.position LIMIT ?
                    """,
                arguments: [jobID, after, limit]
            ).map { row in
                JobItem(
                    position: row["position"],
                    problem: ProblemInput(
                        domain: row["domain"], reference: row["reference"], prompt: row["prompt"],
                        label: row["label"]),
                    candidate: row["source"])
            }
        }
    }

    /// Stores the verdicts of some items of a job and advances its progress, in one
    /// transaction, and returns the updated job. The verdicts take the job's run and step.
    @discardableResult
    public func completeItems(
        jobID: String, results: [(position: Int, record: VerdictRecord)], environment: ContentHash? = nil
    ) async throws(StoreError) -> JobRecord {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT job.run_id, job.step, run.name FROM job JOIN run ON run.id = job.run_id WHERE job.id = ?",
                    arguments: [jobID])
            else { throw StoreError("no job with id \(jobID)") }
            let run = RunHandle(id: row["run_id"], name: row["name"])
            let link = try db.cachedStatement(
                sql: "UPDATE job_item SET verdict_id = ? WHERE job_id = ? AND position = ? AND verdict_id IS NULL")
            let step: Int? = row["step"]
            for result in results {
                // A job's verdicts belong to the job's step, whatever the record says.
                var record = result.record
                record.step = step
                let outcome = try Self.insert(record, run: run, environment: environment, db: db)
                try link.execute(arguments: [outcome.verdictID, jobID, result.position])
            }
            try Self.refreshProgress(jobID: jobID, db: db)
            guard let job = try Self.fetchJob(id: jobID, db: db) else { throw StoreError("no job with id \(jobID)") }
            return job
        }
    }

    /// Moves an unfinished job to `state` (recording `error` for failures) and returns it;
    /// a finished job is returned unchanged.
    @discardableResult
    public func setState(_ state: JobState, jobID: String, error: String? = nil) async throws(StoreError) -> JobRecord {
        try await write { db in
            let now = Date().timeIntervalSince1970
            // A finished job stays finished: a worker finishing a chunk cannot undo a
            // client's cancellation.
            switch state {
            case .running:
                try db.execute(
                    sql: """
                        UPDATE job SET state = ?, started_at = ?, error = NULL
                        WHERE id = ? AND state IN ('queued', 'running')
                        """,
                    arguments: [state.rawValue, now, jobID])
            case .queued:
                try db.execute(
                    sql: "UPDATE job SET state = ? WHERE id = ? AND state IN ('queued', 'running')",
                    arguments: [state.rawValue, jobID])
            case .succeeded, .failed, .cancelled:
                try db.execute(
                    sql: """
                        UPDATE job SET state = ?, error = ?, finished_at = ?
                        WHERE id = ? AND state IN ('queued', 'running')
                        """,
                    arguments: [state.rawValue, error, now, jobID])
            }
            guard let job = try Self.fetchJob(id: jobID, db: db) else { throw StoreError("no job with id \(jobID)") }
            return job
        }
    }

    /// The items of a job from `offset`, with their verdicts where they have one.
    public func jobResults(
        jobID: String, offset: Int = 0, limit: Int = 1000
    ) async throws(StoreError) -> [(position: Int, key: VerdictKey, verdict: StoredVerdict?)] {
        try await readAsync { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT i.position, i.problem_id, i.candidate_id, i.verdict_id, j.step
                    FROM job_item i JOIN job j ON j.id = i.job_id
                    WHERE i.job_id = ? ORDER BY i.position LIMIT ? OFFSET ?
                    """,
                arguments: [jobID, limit, offset])
            let ids: [Int64] = rows.compactMap { $0["verdict_id"] }
            var verdicts: [Int64: StoredVerdict] = [:]
            if !ids.isEmpty {
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                for verdict in try Self.fetchVerdicts(
                    db, sql: Self.verdictSelect + " WHERE v.id IN (\(marks))", arguments: StatementArguments(ids))
                {
                    verdicts[verdict.id] = verdict
                }
            }
            return try rows.map { row in
                let verdictID: Int64? = row["verdict_id"]
                let key = VerdictKey(
                    step: row["step"], problem: try ContentHash(hex: row["problem_id"]),
                    candidate: try ContentHash(hex: row["candidate_id"]))
                return (position: row["position"], key: key, verdict: verdictID.flatMap { verdicts[$0] })
            }
        }
    }

    static func refreshProgress(jobID: String, db: Database) throws {
        try db.execute(
            sql: """
                UPDATE job SET completed = (SELECT count(*) FROM job_item
                    WHERE job_id = ? AND verdict_id IS NOT NULL) WHERE id = ?
                """,
            arguments: [jobID, jobID])
    }

    static func fetchJob(id: String, db: Database) throws -> JobRecord? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT job.*, run.name AS run_name FROM job JOIN run ON run.id = job.run_id WHERE job.id = ?
                    """,
                arguments: [id])
        else { return nil }
        let stateText: String = row["state"]
        guard let state = JobState(rawValue: stateText) else {
            throw StoreError("job \(id) has an unknown state \(stateText)")
        }
        let optionsText: String = row["options"]
        let started: Double? = row["started_at"]
        let finished: Double? = row["finished_at"]
        return JobRecord(
            id: row["id"], kind: row["kind"], state: state, run: row["run_name"], step: row["step"],
            total: row["total"], completed: row["completed"],
            options: try JSONValue(parsing: optionsText).objectValue ?? JSONObject(), error: row["error"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            startedAt: started.map(Date.init(timeIntervalSince1970:)),
            finishedAt: finished.map(Date.init(timeIntervalSince1970:)))
    }
}
