import AssayCore
import AssayStore
import Testing

@Suite struct SFTTrajectoryExportTests {
    static let tool = JSONValue.object(JSONObject([("type", .string("function"))]))

    /// A function-calling trajectory line as `assay tir run` writes it.
    static func line(sample: Int, reward: String, answer: String = "4") -> String {
        """
        {"problem_id":"p1","sample":\(sample),"protocol":"function-calling","verdict":"equal","reward":\(reward),\
        "final_answer":"\(answer)","tool_calls":[],"messages":[{"role":"system","content":"Use python."},\
        {"role":"user","content":"2+2?"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",\
        "function":{"name":"python","arguments":"{\\"code\\": \\"print(2+2)\\"}"}}]},\
        {"role":"tool","content":"4\\n","tool_call_id":"c1"},{"role":"assistant","content":"\\\\boxed{\(answer)}"}]}
        """
    }

    @Test func keepsRewardedTrajectoriesAsMultiTurnChatsWithToolCalls() throws {
        var export = try SFTTrajectoryExport(tools: [Self.tool])
        let example = try #require(try export.example(fromLine: Self.line(sample: 0, reward: "1"), number: 1))
        #expect(example.members.map(\.key) == [
            "messages", "tools", "problem_id", "sample", "protocol", "reward", "verdict", "final_answer",
        ])
        guard case .array(let messages)? = example["messages"] else { Issue.record("no messages"); return }
        #expect(messages.compactMap { $0.objectValue?["role"]?.stringValue } == ["system", "user", "assistant", "tool", "assistant"])
        // The tool call's arguments become a JSON object, as Hugging Face chat templates expect.
        guard case .array(let calls)? = messages[2].objectValue?["tool_calls"] else { Issue.record("no calls"); return }
        #expect(
            calls.first?.objectValue?["function"]?.objectValue?["arguments"]
                == .object(JSONObject([("code", .string("print(2+2)"))])))
        #expect(messages[3].objectValue?["tool_call_id"] == .string("c1"))
        #expect(example["tools"] == .array([Self.tool]))
        #expect(export.summary.exported == 1)
    }

    @Test func leavesOutLowRewardsFailuresAndDuplicatesAndCountsThem() throws {
        var export = try SFTTrajectoryExport(minReward: 1, dedupe: true)
        let lines = [
            Self.line(sample: 0, reward: "1"), Self.line(sample: 1, reward: "0", answer: "5"),
            Self.line(sample: 2, reward: "null"), Self.line(sample: 3, reward: "1"), "", "  ",
            Self.line(sample: 4, reward: "1", answer: "4.0"),
        ]
        var kept: [Double] = []
        for (index, line) in lines.enumerated() {
            if let example = try export.example(fromLine: line, number: index + 1) {
                kept.append(try #require(example["sample"]?.numberValue))
            }
        }
        // Sample 3 repeats sample 0's conversation exactly; sample 4 answers differently.
        #expect(kept == [0, 4])
        #expect(export.summary.exported == 2 && export.summary.belowMinimum == 1)
        #expect(export.summary.failed == 1 && export.summary.duplicates == 1)
    }

    @Test func limitAndNoToolsColumnWithoutToolCalls() throws {
        var export = try SFTTrajectoryExport(tools: [Self.tool], limit: 1)
        let plain = """
            {"problem_id":"p2","sample":0,"reward":1,"messages":[{"role":"user","content":"1+1?"},\
            {"role":"assistant","content":"\\\\boxed{2}"}]}
            """
        let example = try #require(try export.example(fromLine: plain, number: 1))
        #expect(example["tools"] == nil)
        #expect(export.isFull)
        #expect(try export.example(fromLine: Self.line(sample: 0, reward: "1"), number: 2) == nil)
    }

    @Test(arguments: [
        ("not json", "line 3:"),
        (#"{"reward": 1}"#, "no \"messages\""),
        (#"{"reward": 1, "messages": [{"content": "x"}]}"#, "string \"role\""),
        (#"{"reward": "1", "messages": [{"role": "user", "content": "x"}]}"#, "\"reward\" must be a number"),
        (#"{"messages": [{"role": "user", "content": "x"}]}"#, "\"reward\" must be a number"),
    ])
    func badLinesAreErrorsThatNameTheLine(line: String, message: String) throws {
        var export = try SFTTrajectoryExport()
        let error = #expect(throws: StoreError.self) { try export.example(fromLine: line, number: 3) }
        #expect(error?.message.hasPrefix("line 3:") == true)
        #expect(error?.message.contains(message) == true)
    }

    @Test func badOptionsAreErrors() {
        #expect(throws: StoreError.self) { try SFTTrajectoryExport(minReward: .infinity) }
        #expect(throws: StoreError.self) { try SFTTrajectoryExport(limit: 0) }
    }
}
