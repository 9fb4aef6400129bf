import AssayCore
import Testing

@testable import AssayMath

@Suite struct MathBatchGraderTests {
    let batch = MathBatchGrader()

    func object(_ json: String) throws -> JSONObject {
        try JSONLines.decodeObject(json)
    }

    @Test func carriesFieldsInOrderAndDropsTheCompletion() throws {
        let line = #"{"id": "p1", "gold": "\\frac{1}{2}", "meta": {"k": [1, 2]}, "completion": "so \\boxed{0.5}", "z": 3}"#
        let result = batch.gradeLine(Substring(line), lineNumber: 1)
        let out = try object(result.json)
        #expect(out.members.map(\.key) == ["id", "gold", "meta", "z", "verdict", "reward", "answer", "reason", "code", "elapsed_us"])
        #expect(out["verdict"] == .string("equal"))
        #expect(out["reward"] == .number(1))
        #expect(out["answer"] == .string("0.5"))
        #expect(out["code"] == .string("equal_value"))
        #expect(result.status == .equal)
        #expect((out["elapsed_us"]?.numberValue ?? -1) >= 0)
    }

    @Test func numericGoldIsAccepted() throws {
        let result = batch.gradeLine("{\"gold\": 42, \"completion\": \"#### 42\"}", lineNumber: 1)
        #expect(result.status == .equal)
    }

    @Test func unparseableAnswerHasNullAnswer() throws {
        let result = batch.gradeLine(#"{"gold": "4", "completion": "so \\boxed{}"}"#, lineNumber: 1)
        let out = try object(result.json)
        #expect(out["verdict"] == .string("unparseable"))
        #expect(out["answer"] == .null)
        #expect(out["code"] == .string("empty_box"))
    }

    @Test(arguments: [
        ("not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (#"{"completion": "\\boxed{1}"}"#, "missing field \"gold\""),
        (#"{"gold": "1"}"#, "missing field \"completion\""),
        (#"{"gold": "1", "completion": 5}"#, "must be a string"),
        ("", "not valid JSON"),
    ])
    func malformedLinesAreInvalid(line: String, reason: String) throws {
        let result = batch.gradeLine(Substring(line), lineNumber: 7)
        #expect(result.status == .invalid)
        #expect(result.elapsedMicroseconds == nil)
        let out = try object(result.json)
        #expect(out["line"] == .number(7))
        #expect(out["verdict"] == .string("invalid"))
        #expect(out["reward"] == .number(0))
        let text = out["reason"]?.stringValue ?? ""
        #expect(text.contains(reason), "\(text)")
    }

    @Test func parallelGradingKeepsOrder() async throws {
        var lines: [Substring] = []
        for i in 0..<2000 {
            let answer = i % 3 == 0 ? "\(i)" : "\(i + 1)"
            lines.append(Substring(#"{"id": \#(i), "gold": "\#(i)", "completion": "\\boxed{\#(answer)}"}"#))
        }
        lines.insert("garbage", at: 1000)
        let results = await batch.grade(lines, firstLineNumber: 1, jobs: 4)
        #expect(results.count == lines.count)
        for (index, result) in results.enumerated() {
            let out = try object(result.json)
            if index == 1000 {
                #expect(out["line"] == .number(1001))
                continue
            }
            let i = index < 1000 ? index : index - 1
            #expect(out["id"] == .number(Double(i)))
            #expect(result.status == (i % 3 == 0 ? .equal : .notEqual))
        }
        let sequential = await batch.grade(lines, firstLineNumber: 1, jobs: 1)
        #expect(sequential.map(\.status) == results.map(\.status))
    }
}
