import AssayCore
import HTTPTypes
import AssayStore
import Foundation

/// The path every synchronous check takes: reuse the verdicts this run already has, check
/// the rest (in parallel, until the request's deadline), store them in one transaction, and
/// return one result per item in order. A verdict the run already had is returned as stored,
/// with `cached: true`.
struct CheckPipeline: Sendable {
    let store: VerdictStore
    let runs: RunRegistry
    let metrics: ServerMetrics
    let environmentID: ContentHash
    let parallelism: Int

    func run(
        _ items: [CheckItem], checker: some Checker, target: RunTarget, deadline: Deadline
    ) async throws(APIError) -> [CheckResult] {
        let run: RunHandle
        do {
            run = try await runs.handle(for: target.run, domain: checker.domain)
        } catch {
            throw Self.storeFailure(error)
        }
        let keys = items.map {
            VerdictKey(step: target.step, problem: $0.problem.id, candidate: ContentHash.of(source: $0.candidate))
        }
        // Expensive checkers skip what the run already has; cheap ones check everything and
        // the store keeps (and returns) the verdict it already had.
        var stored: [VerdictKey: StoredVerdict] = [:]
        if !checker.isCheaperThanALookup {
            do {
                stored = try await store.verdicts(in: run, for: keys)
            } catch {
                throw Self.storeFailure(error)
            }
        }
        // Each distinct pair not yet verdicted is checked once, even if it repeats in the batch.
        var pending: [(key: VerdictKey, item: CheckItem)] = []
        var seen = Set<VerdictKey>()
        for (key, item) in zip(keys, items) where stored[key] == nil && seen.insert(key).inserted {
            pending.append((key, item))
        }
        let outcomes = await checkAll(pending, checker: checker, deadline: deadline)
        // A checker that failed (not the candidate's fault) gives no verdict: nothing is
        // stored for it, so a retry checks it again.
        let failed = pending.compactMap { outcomes[$0.key] }.filter { $0.verdict.status == .internalError }
        let finished = pending.filter { outcomes[$0.key].map { $0.verdict.status != .internalError } ?? false }
        let records = finished.map { entry in
            let outcome = outcomes[entry.key]!
            return VerdictRecord(
                problem: entry.item.problem, candidate: entry.item.candidate, step: target.step,
                verdict: outcome.verdict, extracted: outcome.extracted, speedup: outcome.speedup,
                details: outcome.details, elapsedSeconds: outcome.elapsedSeconds)
        }
        var fresh: [VerdictKey: Int64] = [:]
        do {
            let recorded = try await store.record(records, run: run, environment: environmentID)
            var kept: [(VerdictKey, Int64)] = []
            for (entry, outcome) in zip(finished, recorded) {
                if outcome.inserted {
                    fresh[entry.key] = outcome.verdictID
                } else {
                    kept.append((entry.key, outcome.verdictID))
                }
            }
            // The run already had these pairs: answer with the verdicts it stored.
            if !kept.isEmpty {
                let old = try await store.verdicts(ids: kept.map(\.1))
                for (key, id) in kept { stored[key] = old[id] }
            }
        } catch {
            throw Self.storeFailure(error)
        }
        let newStatuses = finished.compactMap { fresh[$0.key] == nil ? nil : outcomes[$0.key]!.verdict.status }
        metrics.recordVerdicts(domain: checker.domain, statuses: newStatuses, cached: items.count - newStatuses.count)
        for entry in finished { metrics.recordCheck(domain: checker.domain, seconds: outcomes[entry.key]!.elapsedSeconds) }
        if let failure = failed.first {
            throw APIError(
                status: .serviceUnavailable, code: "checker_failed",
                message: "the \(checker.domain) checker failed: \(failure.verdict.summary)", headers: [.retryAfter: "5"])
        }
        guard finished.count == pending.count else {
            throw APIError(
                status: .serviceUnavailable, code: "timeout",
                message: """
                    the request's deadline passed after \(finished.count) of \(pending.count) new checks; \
                    those are stored and will not be redone: retry the same request
                    """,
                headers: [.retryAfter: "1"])
        }
        return try keys.map { key throws(APIError) in
            if let old = stored[key] {
                return CheckResult(verdictID: old.id, outcome: CheckOutcome(stored: old), cached: true)
            }
            guard let id = fresh[key], let outcome = outcomes[key] else {
                throw Self.storeFailure(StoreError("the store lost track of a verdict it had just written"))
            }
            return CheckResult(verdictID: id, outcome: outcome, cached: false)
        }
    }

    /// Checks `pending` in up to `parallelism` slices; items not started before the deadline
    /// get no outcome.
    private func checkAll(
        _ pending: [(key: VerdictKey, item: CheckItem)], checker: some Checker, deadline: Deadline
    ) async -> [VerdictKey: CheckOutcome] {
        if pending.isEmpty { return [:] }
        let sliceCount = max(1, min(parallelism, pending.count / 4))
        if sliceCount == 1 {
            var outcomes: [VerdictKey: CheckOutcome] = [:]
            for entry in pending {
                if deadline.isExpired { break }
                outcomes[entry.key] = await checker.check(entry.item)
            }
            return outcomes
        }
        let sliceSize = (pending.count + sliceCount - 1) / sliceCount
        return await withTaskGroup(of: [(VerdictKey, CheckOutcome)].self) { group in
            for start in stride(from: 0, to: pending.count, by: sliceSize) {
                let slice = Array(pending[start..<min(start + sliceSize, pending.count)])
                group.addTask {
                    var done: [(VerdictKey, CheckOutcome)] = []
                    for entry in slice {
                        if deadline.isExpired { break }
                        done.append((entry.key, await checker.check(entry.item)))
                    }
                    return done
                }
            }
            var outcomes: [VerdictKey: CheckOutcome] = [:]
            for await done in group {
                for (key, outcome) in done { outcomes[key] = outcome }
            }
            return outcomes
        }
    }

    static func storeFailure(_ error: StoreError) -> APIError {
        APIError(status: .serviceUnavailable, code: "store_unavailable", message: "the verdict store failed: \(error.message)", headers: [.retryAfter: "1"])
    }
}
