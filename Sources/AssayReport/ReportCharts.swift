import AssayCore
import AssayStore
import Foundation

/// The data behind the report's charts, computed from a snapshot and handed to the page as
/// JSON (the page draws it with plotly.js).
struct ReportCharts {
    let snapshot: ReportSnapshot

    var json: JSONValue {
        .object(
            JSONObject([
                ("verdicts", verdicts), ("speedups", speedups), ("passAtK", passAtK), ("fastP", fastP),
                ("steps", steps), ("stages", stages),
            ]))
    }

    /// Stacked counts: one category per run and domain, one series per status.
    var verdicts: JSONValue {
        var categories: [String] = []
        for row in snapshot.statuses {
            let category = "\(row.run) · \(row.domain)"
            if !categories.contains(category) { categories.append(category) }
        }
        var statusOrder: [(status: String, passed: Bool)] = []
        for row in snapshot.statuses where !statusOrder.contains(where: { $0.status == row.status }) {
            statusOrder.append((row.status, row.passed))
        }
        // Passing statuses first, so green sits at the bottom of every bar.
        statusOrder.sort { ($0.passed ? 0 : 1, $0.status) < ($1.passed ? 0 : 1, $1.status) }
        let series: [JSONValue] = statusOrder.map { entry in
            let counts = categories.map { category in
                snapshot.statuses.first { "\($0.run) · \($0.domain)" == category && $0.status == entry.status }?.count ?? 0
            }
            return .object(
                JSONObject([
                    ("status", .string(entry.status)), ("passed", .bool(entry.passed)),
                    ("counts", .array(counts.map { .number(Double($0)) })),
                ]))
        }
        return .object(JSONObject([("categories", .array(categories.map(JSONValue.string))), ("series", .array(series))]))
    }

    /// log2 of every measured speedup, per run.
    var speedups: JSONValue {
        var perRun: [(String, [Double])] = []
        var count = 0
        for run in runNames {
            let values = snapshot.timed.filter { $0.run == run }.compactMap(\.speedup).filter { $0 > 0 && $0.isFinite }
            if values.isEmpty { continue }
            count += values.count
            perRun.append((run, values.map { log2($0) }))
        }
        return .object(
            JSONObject([
                ("count", .number(Double(count))),
                (
                    "runs",
                    .array(
                        perRun.map { run, values in
                            .object(JSONObject([("run", .string(run)), ("log2", .array(values.map(JSONValue.number)))]))
                        })
                ),
            ]))
    }

    /// Unbiased pass@k averaged over the problems with at least k candidates, per run, for k
    /// = 1, 2, 4, ... up to the largest group.
    var passAtK: JSONValue {
        .array(
            runNames.compactMap { run in
                let problems = snapshot.problems.filter { $0.run == run }
                guard let largest = problems.map(\.candidates).max(), largest > 0 else { return nil }
                var ks: [Int] = []
                var k = 1
                while k <= largest {
                    ks.append(k)
                    k *= 2
                }
                if ks.last != largest { ks.append(largest) }
                var values: [JSONValue] = []
                var counts: [JSONValue] = []
                for k in ks {
                    let scores = problems.compactMap { AssayCore.passAtK(n: $0.candidates, correct: $0.passed, k: k) }
                    values.append(.number(scores.reduce(0, +) / Double(scores.count)))
                    counts.append(.number(Double(scores.count)))
                }
                return .object(
                    JSONObject([
                        ("run", .string(run)), ("k", .array(ks.map { .number(Double($0)) })), ("value", .array(values)),
                        ("problems", .array(counts)),
                    ]))
            })
    }

    /// fast_p over thresholds 0 ... max(4, largest speedup), per run with kernel verdicts.
    var fastP: JSONValue {
        .array(
            runNames.compactMap { run in
                let results = snapshot.timed.filter { $0.run == run }.map { (correct: $0.passed, speedup: $0.speedup) }
                guard !results.isEmpty else { return nil }
                let largest = max(4, results.compactMap(\.speedup).filter(\.isFinite).max() ?? 0)
                let thresholds = (0...100).map { Double($0) * largest / 100 }
                let values = thresholds.map { AssayCore.fastP(results, threshold: $0) ?? 0 }
                return .object(
                    JSONObject([
                        ("run", .string(run)), ("p", .array(thresholds.map(JSONValue.number))),
                        ("value", .array(values.map(JSONValue.number))),
                    ]))
            })
    }

    /// Mean reward and accuracy per step, for runs that have steps.
    var steps: JSONValue {
        .array(
            runNames.compactMap { run in
                let rows = snapshot.steps.filter { $0.run == run }
                guard !rows.isEmpty else { return nil }
                return .object(
                    JSONObject([
                        ("run", .string(run)), ("step", .array(rows.map { .number(Double($0.step)) })),
                        ("reward", .array(rows.map { .number($0.meanReward) })),
                        ("accuracy", .array(rows.map { .number($0.accuracy) })),
                        ("verdicts", .array(rows.map { .number(Double($0.verdicts)) })),
                    ]))
            })
    }

    var stages: JSONValue {
        .array(
            snapshot.stages.map { row in
                .object(
                    JSONObject([
                        ("domain", .string(row.domain)), ("stage", .string(row.stage)),
                        ("count", .number(Double(row.count))), ("mean_ms", .number(row.meanSeconds * 1000)),
                    ]))
            })
    }

    var runNames: [String] { snapshot.runs.map(\.name) }
}
