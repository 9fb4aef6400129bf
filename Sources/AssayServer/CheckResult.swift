import AssayCore
import AssayStore

/// A stored verdict for one item of a request, ready to render.
struct CheckResult: Sendable {
    var verdictID: Int64
    var outcome: CheckOutcome
    /// Whether the verdict came from the store (the pair was checked before in this run).
    var cached: Bool

    /// The verdict as the API renders it (`VerdictResult` in openapi.yaml).
    func json(id: JSONValue? = nil) -> JSONValue {
        var object = JSONObject()
        if let id { object["id"] = id }
        let verdict = outcome.verdict
        object["status"] = .string(verdict.status.rawValue)
        object["passed"] = .bool(verdict.passed)
        object["reward"] = .number(verdict.reward)
        object["extracted"] = outcome.extracted.map(JSONValue.string) ?? .null
        object["reasons"] = .array(
            verdict.reasons.map { .object(JSONObject([("code", .string($0.code)), ("message", .string($0.message))])) })
        object["stages"] = .array(
            verdict.stages.map { .object(JSONObject([("stage", .string($0.stage)), ("seconds", .number($0.seconds))])) })
        if let speedup = outcome.speedup { object["speedup"] = .number(speedup) }
        if let details = outcome.details { object["details"] = .object(details) }
        object["elapsed_seconds"] = .number(outcome.elapsedSeconds)
        object["verdict_id"] = .number(Double(verdictID))
        object["cached"] = .bool(cached)
        return .object(object)
    }
}
