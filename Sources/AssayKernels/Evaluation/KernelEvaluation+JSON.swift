public import AssayCore

extension KernelEvaluation {
    /// Seconds per stage name (a stage that ran twice, like the worker's `profile`, is summed).
    var stageSeconds: JSONObject {
        var object = JSONObject()
        for stage in verdict.stages {
            let sum = (object[stage.stage]?.numberValue ?? 0) + stage.seconds
            object[stage.stage] = .number((sum * 1e6).rounded() / 1e6)
        }
        return object
    }

    /// The result line of `assay kernel eval`: `carried` fields first (an input line's own
    /// fields), then problem, candidate_hash, compiled, correct, speedups, findings, reward,
    /// feedback, timings, status, passed, reasons.
    public func json(carrying carried: JSONObject = JSONObject()) -> JSONValue {
        var object = carried
        let worker = workerResult.map(WorkerResultFields.init)
        func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        let members: [(String, JSONValue)] = [
            ("problem", problem.map { .string($0) } ?? .null),
            ("candidate_hash", .string(candidateHash)),
            ("compiled", .bool(compiled)),
            ("correct", .bool(correct)),
            ("speedup_eager", number(speedupEager)),
            ("speedup_compile", number(speedupCompile)),
            ("findings", .array(findings.map { item in
                var o = item.finding.json.objectValue ?? JSONObject()
                o["source"] = .string(item.source.rawValue)
                return .object(o)
            })),
            ("reward", .number(verdict.reward)),
            ("feedback", .string(feedback)),
            ("timings", .object(JSONObject([
                ("stages", .object(stageSeconds)),
                ("candidate_median_ms", number(worker?.medianMilliseconds("candidate"))),
                ("eager_median_ms", number(worker?.medianMilliseconds("eager"))),
                ("compile_median_ms", number(worker?.medianMilliseconds("compile"))),
            ]))),
            ("status", .string(verdict.status.rawValue)),
            ("passed", .bool(verdict.passed)),
            ("reasons", .array(verdict.reasons.map { .object(JSONObject([("code", .string($0.code)), ("message", .string($0.message))])) })),
        ]
        for (key, value) in members { object[key] = value }
        return .object(object)
    }
}
