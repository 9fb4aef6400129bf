public import AssayCore

extension SandboxResult {
    /// The result as one JSON object: `stdout`, `stderr`, `exit_code`, `signal`, `timed_out`,
    /// `memory_exceeded`, `truncated`, `duration_ms`, `isolated`, and for session calls
    /// `exception`, `state_lost` and `state_lost_reason`.
    public var json: JSONObject {
        var object = JSONObject()
        object["stdout"] = .string(stdout)
        object["stderr"] = .string(stderr)
        object["exit_code"] = exitCode.map { .number(Double($0)) } ?? .null
        object["signal"] = signal.map { .number(Double($0)) } ?? .null
        object["timed_out"] = .bool(timedOut)
        object["memory_exceeded"] = .bool(memoryExceeded)
        object["truncated"] = .bool(truncated)
        object["duration_ms"] = .number((durationMilliseconds * 1000).rounded() / 1000)
        object["isolated"] = .bool(isolated)
        if let session {
            object["exception"] = session.exception.map { .string($0) } ?? .null
            object["state_lost"] = .bool(session.stateLost)
            object["state_lost_reason"] = session.stateLostReason.map { .string($0) } ?? .null
        }
        return object
    }
}

extension SandboxError {
    /// The error as the JSON object the CLI prints: `error` (the message) and `error_code`.
    public var json: JSONObject {
        JSONObject([("error", .string(message)), ("error_code", .string(code.rawValue))])
    }
}
