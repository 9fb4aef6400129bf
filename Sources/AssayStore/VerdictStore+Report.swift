import Foundation
import GRDB

extension VerdictStore {
    /// Reads what a report shows, in one read transaction.
    ///
    /// - Parameters:
    ///   - run: only this run, or every run when `nil`.
    ///   - candidatesPerProblem: how many verdicts per (run, problem) to include with their
    ///     source: failures and passes alternately (a failure first), oldest first.
    ///   - maxSourceCharacters: longer sources are cut to this many characters.
    public func reportSnapshot(
        run: String? = nil, candidatesPerProblem: Int = 6, maxSourceCharacters: Int = 20_000
    ) throws(StoreError) -> ReportSnapshot {
        try read { db in
            let runFilter = run == nil ? "1" : "r.name = :run"
            let arguments: StatementArguments = run.map { ["run": $0] } ?? [:]
            let runs = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.name, r.domain, r.created_at, e.fingerprint,
                        count(v.id) AS verdicts, coalesce(sum(v.passed), 0) AS passed,
                        coalesce(avg(v.reward), 0) AS mean_reward
                    FROM run r LEFT JOIN verdict v ON v.run_id = r.id LEFT JOIN environment e ON e.id = r.environment_id
                    WHERE \(runFilter) GROUP BY r.id ORDER BY r.created_at, r.name
                    """, arguments: arguments
            ).map { row in
                ReportSnapshot.Run(
                    name: row["name"], domain: row["domain"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                    verdicts: row["verdicts"], passed: row["passed"], meanReward: row["mean_reward"],
                    environment: row["fingerprint"])
            }
            let statuses = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.name, p.domain, v.status, max(v.passed) AS passed, count(*) AS n
                    FROM verdict v JOIN run r ON r.id = v.run_id JOIN problem p ON p.id = v.problem_id
                    WHERE \(runFilter) GROUP BY r.name, p.domain, v.status ORDER BY r.name, p.domain, n DESC
                    """, arguments: arguments
            ).map { row in
                ReportSnapshot.StatusCount(
                    run: row["name"], domain: row["domain"], status: row["status"], passed: row["passed"], count: row["n"])
            }
            let problems = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.name, p.id, p.domain, p.label, p.prompt, p.reference,
                        count(*) AS n, sum(v.passed) AS c, avg(v.reward) AS mean_reward, max(v.speedup) AS best
                    FROM verdict v JOIN run r ON r.id = v.run_id JOIN problem p ON p.id = v.problem_id
                    WHERE \(runFilter) GROUP BY r.id, p.id ORDER BY r.name, coalesce(p.label, p.id)
                    """, arguments: arguments
            ).map { row in
                ReportSnapshot.ProblemRow(
                    run: row["name"], problemID: row["id"], domain: row["domain"], label: row["label"],
                    prompt: row["prompt"], reference: row["reference"], candidates: row["n"], passed: row["c"],
                    meanReward: row["mean_reward"], bestSpeedup: row["best"])
            }
            var candidateArguments = arguments
            candidateArguments += ["limit": candidatesPerProblem, "chars": maxSourceCharacters]
            let candidates = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (
                        SELECT *, row_number() OVER (
                            PARTITION BY run_id, problem_id ORDER BY within, passed) AS rank
                        FROM (
                            SELECT v.run_id, r.name, v.problem_id, v.candidate_id, v.step, v.status, v.passed,
                                v.reward, v.extracted, v.speedup, v.reasons, substr(c.source, 1, :chars) AS source,
                                length(c.source) > :chars AS truncated,
                                row_number() OVER (PARTITION BY v.run_id, v.problem_id, v.passed ORDER BY v.id) AS within
                            FROM verdict v JOIN run r ON r.id = v.run_id JOIN candidate c ON c.id = v.candidate_id
                            WHERE \(runFilter)
                        )
                    ) WHERE rank <= :limit ORDER BY name, problem_id, rank
                    """, arguments: candidateArguments
            ).map { row in
                ReportSnapshot.CandidateRow(
                    run: row["name"], problemID: row["problem_id"], candidateID: row["candidate_id"], step: row["step"],
                    status: row["status"], passed: row["passed"], reward: row["reward"], extracted: row["extracted"],
                    speedup: row["speedup"], reasons: row["reasons"], source: row["source"],
                    sourceTruncated: row["truncated"])
            }
            let steps = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.name, v.step, count(*) AS n, avg(v.reward) AS mean_reward, avg(v.passed) AS accuracy
                    FROM verdict v JOIN run r ON r.id = v.run_id
                    WHERE v.step IS NOT NULL AND \(runFilter) GROUP BY r.id, v.step ORDER BY r.name, v.step
                    """, arguments: arguments
            ).map { row in
                ReportSnapshot.StepRow(
                    run: row["name"], step: row["step"], verdicts: row["n"], meanReward: row["mean_reward"],
                    accuracy: row["accuracy"])
            }
            let timed = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.name, v.passed, v.speedup
                    FROM verdict v JOIN run r ON r.id = v.run_id JOIN problem p ON p.id = v.problem_id
                    WHERE (p.domain = 'kernels' OR p.domain LIKE 'kernels(%') AND \(runFilter)
                    """, arguments: arguments
            ).map { row in ReportSnapshot.Timed(run: row["name"], passed: row["passed"], speedup: row["speedup"]) }
            let stages = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.domain, s.stage, count(*) AS n, avg(s.seconds) AS mean
                    FROM verdict_stage s JOIN verdict v ON v.id = s.verdict_id JOIN run r ON r.id = v.run_id
                        JOIN problem p ON p.id = v.problem_id
                    WHERE \(runFilter) GROUP BY p.domain, s.stage ORDER BY p.domain, min(s.position)
                    """, arguments: arguments
            ).map { row in
                ReportSnapshot.StageRow(domain: row["domain"], stage: row["stage"], count: row["n"], meanSeconds: row["mean"])
            }
            return ReportSnapshot(
                runs: runs, statuses: statuses, problems: problems, candidates: candidates, steps: steps, timed: timed,
                stages: stages, takenAt: Date())
        }
    }
}
