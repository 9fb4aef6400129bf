/// The result of running one piece of model-written code as a tool call.
public struct ToolExecution: Sendable, Hashable, Codable {
    /// What the code printed (stdout, then stderr), already truncated for the model.
    public var output: String
    /// `ok`, `error` (an exception or non-zero exit), `timeout`, `memory_exceeded`,
    /// `crashed` or `sandbox_error`.
    public var status: String
    /// Whether the session's Python state was lost (it was restarted after this call).
    public var stateLost: Bool
    /// Wall-clock milliseconds.
    public var durationMilliseconds: Double

    /// Creates a result.
    public init(output: String, status: String, stateLost: Bool, durationMilliseconds: Double) {
        self.output = output
        self.status = status
        self.stateLost = stateLost
        self.durationMilliseconds = durationMilliseconds
    }

    /// Whether the call counts as failed for reward shaping.
    public var failed: Bool { status != "ok" }

    enum CodingKeys: String, CodingKey {
        case output, status
        case stateLost = "state_lost"
        case durationMilliseconds = "duration_ms"
    }
}

/// A persistent Python session that one trajectory's tool calls run in, in order.
public protocol PythonToolSession: Sendable {
    /// Runs `code` in the session (state persists between calls).
    func execute(_ code: String) async -> ToolExecution
}

/// Opens one session per trajectory and closes it when the trajectory ends.
public protocol PythonToolProvider: Sendable {
    /// Calls `body` with a fresh session that is torn down when `body` returns or throws.
    func withSession<T: Sendable>(_ body: (any PythonToolSession) async throws -> T) async throws -> T
}
