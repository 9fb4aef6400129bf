import AssayCore
import Foundation
import GRDB

extension VerdictStore {
    /// What happened to one record given to ``record(_:run:environment:)``.
    public struct RecordOutcome: Sendable, Hashable {
        /// The id of the stored verdict (the new row, or the one already there).
        public var verdictID: Int64
        /// Whether the verdict was inserted now (`false`: the pair was already verdicted in
        /// this run, and the stored verdict was kept).
        public var inserted: Bool
    }

    /// Stores a batch of verdicts in one transaction.
    ///
    /// Problems and candidates are inserted once per content address. A pair (step, problem,
    /// candidate) already verdicted in `run` is left as it is. Either the whole batch is
    /// stored or, if the process dies first, none of it. Batches of concurrent callers share
    /// transactions (a group commit); the call returns once this batch is committed.
    ///
    /// - Returns: one outcome per record, in order.
    @discardableResult
    public func record(
        _ records: [VerdictRecord], run: RunHandle, environment: ContentHash? = nil
    ) async throws(StoreError) -> [RecordOutcome] {
        if records.isEmpty { return [] }
        do {
            return try await commits.record(records, run: run, environment: environment)
        } catch {
            throw Self.wrap(error)
        }
    }

    static func insert(
        _ record: VerdictRecord, run: RunHandle, environment: ContentHash?, db: Database
    ) throws -> RecordOutcome {
        let now = Date().timeIntervalSince1970
        let problemID = try insertProblem(record.problem, db: db)
        let candidateID = try insertCandidate(record.candidate, db: db)
        let reasons = try JSONLines.encode(record.verdict.reasons)
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO verdict (run_id, step, problem_id, candidate_id, status, passed, reward,
                    reasons, extracted, speedup, details, environment_id, elapsed_seconds, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING RETURNING id
                """)
        let inserted = try Int64.fetchOne(
            insert,
            arguments: [
                run.id, record.step, problemID.hex, candidateID.hex, record.verdict.status.rawValue,
                record.verdict.passed, record.verdict.reward, reasons, record.extracted,
                record.speedup.flatMap { $0.isFinite ? $0 : nil },
                record.details.map { JSONValue.object($0).jsonText },
                environment?.hex, record.elapsedSeconds, now,
            ])
        if let id = inserted {
            let stage = try db.cachedStatement(
                sql: "INSERT INTO verdict_stage (verdict_id, position, stage, seconds) VALUES (?, ?, ?, ?)")
            for (position, timing) in record.verdict.stages.enumerated() {
                try stage.execute(arguments: [id, position, timing.stage, timing.seconds])
            }
            return RecordOutcome(verdictID: id, inserted: true)
        }
        let existing = try db.cachedStatement(
            sql: """
                SELECT id FROM verdict WHERE run_id = ? AND coalesce(step, -1) = ?
                    AND problem_id = ? AND candidate_id = ?
                """)
        guard
            let id = try Int64.fetchOne(
                existing, arguments: [run.id, record.step ?? -1, problemID.hex, candidateID.hex])
        else { throw StoreError("verdict insert was ignored but no existing verdict was found") }
        return RecordOutcome(verdictID: id, inserted: false)
    }

    static func insertProblem(_ problem: ProblemInput, db: Database) throws -> ContentHash {
        let id = problem.id
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO problem (id, domain, label, prompt, reference, created_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """)
        try statement.execute(arguments: [
            id.hex, problem.domain, problem.label, problem.prompt, problem.reference,
            Date().timeIntervalSince1970,
        ])
        return id
    }

    static func insertCandidate(_ source: String, db: Database) throws -> ContentHash {
        let id = ContentHash.of(source: source)
        let statement = try db.cachedStatement(
            sql: "INSERT INTO candidate (id, source, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        try statement.execute(arguments: [id.hex, ContentHash.normalise(source), Date().timeIntervalSince1970])
        return id
    }

    /// The verdicts already stored in `run` for any of `keys` (the pairs a batch would skip).
    ///
    /// Each key is one lookup in the unique (run, step, problem, candidate) index, so the
    /// cost does not grow with the size of the store.
    public func verdicts(in run: RunHandle, for keys: [VerdictKey]) async throws(StoreError) -> [VerdictKey: StoredVerdict] {
        if keys.isEmpty { return [:] }
        let unique = Array(Set(keys))
        return try await readAsync { db in
            let lookup = try db.cachedStatement(
                sql: """
                    SELECT id FROM verdict WHERE run_id = ? AND coalesce(step, -1) = ?
                        AND problem_id = ? AND candidate_id = ?
                    """)
            var ids: [Int64] = []
            for key in unique {
                if let id = try Int64.fetchOne(
                    lookup, arguments: [run.id, key.step ?? -1, key.problem.hex, key.candidate.hex])
                {
                    ids.append(id)
                }
            }
            var found: [VerdictKey: StoredVerdict] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for verdict in try Self.fetchVerdicts(
                    db, sql: Self.verdictSelect + " WHERE v.id IN (\(marks))", arguments: StatementArguments(Array(chunk)))
                {
                    found[verdict.key] = verdict
                }
            }
            return found
        }
    }

    /// The verdicts with the given row ids (those that exist), keyed by id.
    public func verdicts(ids: [Int64]) async throws(StoreError) -> [Int64: StoredVerdict] {
        if ids.isEmpty { return [:] }
        return try await readAsync { db in
            var found: [Int64: StoredVerdict] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for verdict in try Self.fetchVerdicts(
                    db, sql: Self.verdictSelect + " WHERE v.id IN (\(marks))", arguments: StatementArguments(Array(chunk)))
                {
                    found[verdict.id] = verdict
                }
            }
            return found
        }
    }

    /// The verdict with row id `id`, if any.
    public func verdict(id: Int64) async throws(StoreError) -> StoredVerdict? {
        try await readAsync { db in
            try Self.fetchVerdicts(db, sql: Self.verdictSelect + " WHERE v.id = ?", arguments: [id]).first
        }
    }

    /// The number of verdicts stored, in one run or in all.
    public func verdictCount(run: String? = nil) throws(StoreError) -> Int {
        try read { db in
            if let run {
                return try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM verdict JOIN run ON run.id = verdict.run_id WHERE run.name = ?",
                    arguments: [run]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM verdict") ?? 0
        }
    }

    /// The source of a stored candidate (normalised), if any.
    public func candidateSource(_ id: ContentHash) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT source FROM candidate WHERE id = ?", arguments: [id.hex]) }
    }

    static let verdictSelect = """
        SELECT v.id, r.name AS run_name, v.step, v.problem_id, v.candidate_id, v.status, v.passed,
            v.reward, v.reasons, v.extracted, v.speedup, v.details, v.elapsed_seconds, v.created_at,
            (SELECT json_group_array(json_array(s.stage, s.seconds))
                FROM (SELECT stage, seconds FROM verdict_stage WHERE verdict_id = v.id ORDER BY position) s
            ) AS stages
        FROM verdict v JOIN run r ON r.id = v.run_id
        """

    static func fetchVerdicts(_ db: Database, sql: String, arguments: StatementArguments) throws -> [StoredVerdict] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let reasonsText: String = row["reasons"]
            let reasons = try JSONDecoder().decode([Reason].self, from: Data(reasonsText.utf8))
            let stagesText: String = row["stages"]
            var stages: [StageTiming] = []
            if case .array(let items) = try JSONValue(parsing: stagesText) {
                for item in items {
                    if case .array(let pair) = item, pair.count == 2, let name = pair[0].stringValue,
                        let seconds = pair[1].numberValue
                    {
                        stages.append(StageTiming(stage: name, seconds: seconds))
                    }
                }
            }
            let detailsText: String? = row["details"]
            let details = try detailsText.flatMap { try JSONValue(parsing: $0).objectValue }
            let verdict = Verdict(
                status: Verdict.Status(rawValue: row["status"]), passed: row["passed"], reward: row["reward"],
                reasons: reasons, stages: stages)
            return StoredVerdict(
                id: row["id"], run: row["run_name"],
                key: VerdictKey(
                    step: row["step"], problem: try ContentHash(hex: row["problem_id"]),
                    candidate: try ContentHash(hex: row["candidate_id"])),
                verdict: verdict, extracted: row["extracted"], speedup: row["speedup"], details: details,
                elapsedSeconds: row["elapsed_seconds"],
                createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
    }
}
