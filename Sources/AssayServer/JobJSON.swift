import AssayCore
import AssayStore
import Foundation

extension JobRecord {
    /// The job as the API renders it (`Job` in openapi.yaml).
    var json: JSONValue {
        func time(_ date: Date?) -> JSONValue { date.map { .string($0.formatted(.iso8601)) } ?? .null }
        return .object(
            JSONObject([
                ("id", .string(id)), ("kind", .string(kind)), ("state", .string(state.rawValue)),
                ("run", .string(run)), ("step", step.map { .number(Double($0)) } ?? .null),
                ("total", .number(Double(total))), ("completed", .number(Double(completed))),
                ("error", error.map(JSONValue.string) ?? .null),
                ("created_at", time(createdAt)), ("started_at", time(startedAt)), ("finished_at", time(finishedAt)),
                (
                    "links",
                    .object(
                        JSONObject([
                            ("self", .string("/v1/jobs/\(id)")), ("results", .string("/v1/jobs/\(id)/results")),
                            ("events", .string("/v1/jobs/\(id)/events")),
                        ]))
                ),
            ]))
    }
}
