public import AssayCore

/// Tool-integrated reasoning trajectories (the JSON lines `assay tir run` writes) as multi-turn
/// chat examples for supervised fine-tuning: rejection sampling on the trajectory's reward.
///
/// Each kept line becomes `{"messages": [...], "tools": [...], "problem_id", "sample",
/// "protocol", "reward", "verdict", "final_answer"}`: the conversation as it happened (system,
/// user, assistant turns, tool calls and tool results), with each tool call's `arguments`
/// turned from JSON text into a JSON object, as Hugging Face chat templates expect; `tools`
/// (the definitions given to ``init(minReward:tools:dedupe:limit:)``) only on examples that
/// call a tool. Feed lines one at a time to ``example(fromLine:number:)``.
public struct SFTTrajectoryExport: Sendable {
    /// What the export kept and left out.
    public struct Summary: Sendable, Hashable {
        /// Examples returned.
        public var exported = 0
        /// Trajectories whose reward is below the minimum.
        public var belowMinimum = 0
        /// Trajectories the inference server could not complete (`reward: null`).
        public var failed = 0
        /// Trajectories with the same messages as one already exported (`dedupe`).
        public var duplicates = 0

        /// Creates an empty summary.
        public init() {}
    }

    /// Keep trajectories whose reward is at least this.
    public let minReward: Double
    /// Tool definitions (OpenAI format) added as `tools` to examples with tool calls.
    public let tools: [JSONValue]
    /// Keep one example per distinct conversation.
    public let dedupe: Bool
    /// Stop after this many examples.
    public let limit: Int?
    /// The counts so far.
    public private(set) var summary = Summary()
    private var seen: Set<String> = []

    /// Creates an export.
    ///
    /// - Throws: ``StoreError`` for a minimum reward that is not finite or a limit below 1.
    public init(minReward: Double = 1, tools: [JSONValue] = [], dedupe: Bool = false, limit: Int? = nil) throws(StoreError) {
        guard minReward.isFinite else { throw StoreError("the minimum reward must be a finite number") }
        if let limit, limit < 1 { throw StoreError("the limit must be at least 1, not \(limit)") }
        self.minReward = minReward
        self.tools = tools
        self.dedupe = dedupe
        self.limit = limit
    }

    /// Whether the limit has been reached (no further line can be exported).
    public var isFull: Bool { limit.map { summary.exported >= $0 } ?? false }

    /// The example for one trajectory line, or `nil` when the trajectory is left out (counted in
    /// ``summary``) or the limit is reached. Blank lines give `nil` and count nothing.
    ///
    /// - Throws: ``StoreError`` naming the line when it is not a trajectory (not a JSON object,
    ///   no `messages` list of messages with a string `role`, no `reward`).
    public mutating func example(fromLine text: some StringProtocol, number: Int) throws(StoreError) -> JSONObject? {
        if isFull || text.allSatisfy(\.isWhitespace) { return nil }
        let trajectory: JSONObject
        do {
            trajectory = try JSONLines.decodeObject(text)
        } catch {
            throw StoreError("line \(number): \(error.message)")
        }
        guard case .array(let messages)? = trajectory["messages"], !messages.isEmpty else {
            throw StoreError("line \(number): no \"messages\" list (is this a file written by `assay tir run`?)")
        }
        let converted = try messages.map { message throws(StoreError) in try Self.convert(message, line: number) }
        switch trajectory["reward"] {
        case .null?:
            summary.failed += 1
            return nil
        case let value? where value.numberValue != nil:
            if value.numberValue! < minReward {
                summary.belowMinimum += 1
                return nil
            }
        default:
            throw StoreError("line \(number): \"reward\" must be a number or null")
        }
        if dedupe, !seen.insert(JSONLines.encode(.array(converted))).inserted {
            summary.duplicates += 1
            return nil
        }
        var example = JSONObject([("messages", .array(converted))])
        let callsTools = converted.contains { $0.objectValue?["tool_calls"] != nil }
        if callsTools && !tools.isEmpty { example["tools"] = .array(tools) }
        for key in ["problem_id", "sample", "protocol", "reward", "verdict", "final_answer"] {
            if let value = trajectory[key] { example[key] = value }
        }
        summary.exported += 1
        return example
    }

    /// A message with its tool calls' `arguments` parsed (kept as text when they are not a
    /// JSON object: that is what the model wrote).
    static func convert(_ message: JSONValue, line: Int) throws(StoreError) -> JSONValue {
        guard var object = message.objectValue, object["role"]?.stringValue != nil else {
            throw StoreError("line \(line): every message needs a string \"role\"")
        }
        guard case .array(let calls)? = object["tool_calls"] else { return message }
        object["tool_calls"] = .array(calls.map { call in
            guard var callObject = call.objectValue, var function = callObject["function"]?.objectValue,
                let arguments = function["arguments"]?.stringValue,
                case .object(let parsed)? = try? JSONValue(parsing: arguments)
            else { return call }
            function["arguments"] = .object(parsed)
            callObject["function"] = .object(function)
            return .object(callObject)
        })
        return .object(object)
    }
}
