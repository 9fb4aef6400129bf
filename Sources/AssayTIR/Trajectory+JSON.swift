public import AssayCore

extension Trajectory {
    /// The trajectory as one JSON object for a JSON-lines file.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object["problem_id"] = .string(problemID)
        object["sample"] = .number(Double(sample))
        object["protocol"] = .string(protocolKind.rawValue)
        object["verdict"] = verdict.map { .string($0.status.rawValue) } ?? .string("error")
        object["reward"] = verdict.map { .number($0.reward) } ?? .null
        object["final_answer"] = finalAnswer.map(JSONValue.string) ?? .null
        object["reason"] = verdict.map { .string($0.summary) } ?? .null
        object["error"] = error.map(JSONValue.string) ?? .null
        object["finish_reason"] = finishReason.map(JSONValue.string) ?? .null
        object["completion_tokens"] = .number(Double(completionTokens))
        object["duration_ms"] = .number(durationMilliseconds.rounded())
        object["tool_calls"] = .array(toolCalls.map(\.jsonValue))
        object["messages"] = .array(messages.map(\.jsonValue))
        return .object(object)
    }
}

extension ToolCallRecord {
    var jsonValue: JSONValue {
        .object(JSONObject([
            ("index", .number(Double(index))),
            ("code", .string(code)),
            ("output", .string(result.output)),
            ("status", .string(result.status)),
            ("state_lost", .bool(result.stateLost)),
            ("duration_ms", .number((result.durationMilliseconds * 1000).rounded() / 1000)),
        ]))
    }
}

extension ChatMessage {
    var jsonValue: JSONValue {
        var object = JSONObject([("role", .string(role)), ("content", content.map(JSONValue.string) ?? .null)])
        if let toolCalls {
            object["tool_calls"] = .array(toolCalls.map { call in
                .object(JSONObject([
                    ("id", .string(call.id)),
                    ("type", .string(call.type)),
                    ("function", .object(JSONObject([
                        ("name", .string(call.function.name)),
                        ("arguments", .string(call.function.arguments)),
                    ]))),
                ]))
            })
        }
        if let toolCallID { object["tool_call_id"] = .string(toolCallID) }
        return .object(object)
    }
}
