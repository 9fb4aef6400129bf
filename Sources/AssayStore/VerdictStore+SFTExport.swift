import Foundation
import GRDB

extension VerdictStore {
    /// Reads the verdicts that pass `filter` (reward at least `minReward`, run, domain), oldest
    /// first, and hands each one whose problem has a stored prompt to `each` as a chat example:
    /// rejection sampling for supervised fine-tuning.
    ///
    /// Rows are read with a cursor inside one read transaction, so a store of any size is
    /// exported in constant memory (but for the `dedupe` set) and a server may keep writing.
    ///
    /// - Returns: how many examples were exported, and how many verdicts were left out for
    ///   having no prompt or for being duplicates.
    /// - Throws: ``StoreError`` for a run the store does not have, a bad filter, or an error
    ///   from `each` (wrapped).
    public func exportSFT(
        _ filter: SFTExportFilter, each: (SFTExample) throws -> Void
    ) throws(StoreError) -> SFTExportSummary {
        guard filter.minReward.isFinite else { throw StoreError("the minimum reward must be a finite number") }
        if let limit = filter.limit, limit < 1 { throw StoreError("the limit must be at least 1, not \(limit)") }
        if let domain = filter.domain, domain.isEmpty { throw StoreError("the domain must not be empty") }
        return try read { db in
            if let run = filter.run, try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE name = ?", arguments: [run]) == nil {
                let names = try String.fetchAll(db, sql: "SELECT name FROM run ORDER BY created_at, name")
                throw StoreError(
                    "no run named \(run) in \(path)"
                        + (names.isEmpty ? " (it has no runs)" : " (its runs: \(names.joined(separator: ", ")))"))
            }
            var conditions = ["v.reward >= :minReward"]
            var arguments: StatementArguments = ["minReward": filter.minReward]
            if let run = filter.run {
                conditions.append("r.name = :run")
                arguments += ["run": run]
            }
            if let domain = filter.domain {
                conditions.append("(p.domain = :domain OR substr(p.domain, 1, length(:domain) + 1) = :domain || '(')")
                arguments += ["domain": domain]
            }
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT v.id, r.name AS run_name, v.step, p.domain, v.problem_id, v.candidate_id, p.label, p.prompt,
                        c.source, v.reward, v.status
                    FROM verdict v JOIN run r ON r.id = v.run_id JOIN problem p ON p.id = v.problem_id
                        JOIN candidate c ON c.id = v.candidate_id
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY v.id
                    """, arguments: arguments)
            var summary = SFTExportSummary()
            var seen: Set<String> = []
            while let row = try rows.next() {
                if let limit = filter.limit, summary.exported >= limit { break }
                guard let prompt: String = row["prompt"], !prompt.isEmpty else {
                    summary.withoutPrompt += 1
                    continue
                }
                let problem: String = row["problem_id"]
                let candidate: String = row["candidate_id"]
                if filter.dedupe, !seen.insert(problem + candidate).inserted {
                    summary.duplicates += 1
                    continue
                }
                try each(
                    SFTExample(
                        verdictID: row["id"], run: row["run_name"], step: row["step"], domain: row["domain"],
                        problem: try ContentHash(hex: problem), candidate: try ContentHash(hex: candidate),
                        label: row["label"], prompt: prompt, completion: row["source"], reward: row["reward"],
                        status: row["status"]))
                summary.exported += 1
            }
            return summary
        }
    }
}
