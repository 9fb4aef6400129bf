public import AssayCore

/// Grades JSON-lines records (`{"gold": ..., "completion": ..., ...}`) in parallel, keeping
/// their order.
///
/// Each record becomes one output object: the input's fields in their order (except the
/// long `completion`), then `verdict`, `reward`, `answer` (the extracted text or null),
/// `reason`, `code` and `elapsed_us` (grading time of the pair, in microseconds), plus
/// `stages_us` (`extract`, `parse`, `compare`) when ``MathGradingOptions/recordStages`` is on. A line that
/// is not a JSON object, or lacks a string `gold` or `completion`, becomes
/// `{"line": N, "verdict": "invalid", "reward": 0, "reason": ...}` and the batch goes on.
public struct MathBatchGrader: Sendable {
    /// The grader applied to each record.
    public var grader: MathGrader

    /// Creates a batch grader.
    public init(options: MathGradingOptions = .init()) {
        grader = MathGrader(options: options)
    }

    /// The graded form of one input line.
    public struct LineResult: Sendable, Hashable {
        /// The output JSON object, encoded on one line (no newline).
        public var json: String
        /// The verdict's status.
        public var status: Verdict.Status
        /// Grading time of the pair in microseconds (`nil` for invalid lines).
        public var elapsedMicroseconds: Double?
    }

    /// Grades one line; `lineNumber` (1-based) is used in messages about malformed lines.
    public func gradeLine(_ line: Substring, lineNumber: Int) -> LineResult {
        let object: JSONObject
        do {
            object = try JSONLines.decodeObject(line)
        } catch {
            return invalid(lineNumber, id: nil, reason: error.message)
        }
        guard let gold = MathBatchGrader.text(object["gold"]) else {
            return invalid(lineNumber, id: object["id"], reason: MathBatchGrader.fieldProblem("gold", object["gold"]))
        }
        guard case .string(let completion) = object["completion"] else {
            return invalid(
                lineNumber, id: object["id"], reason: MathBatchGrader.fieldProblem("completion", object["completion"]))
        }
        let grade = grader.grade(completion: completion, gold: gold)
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(object.members.count + 6)
        for member in object.members where member.key != "completion" {
            switch member.key {
            case "verdict", "reward", "answer", "reason", "code", "elapsed_us": continue
            default: members.append((member.key, member.value))
            }
        }
        let reason = grade.verdict.reasons.first
        members.append(("verdict", .string(grade.verdict.status.rawValue)))
        members.append(("reward", .number(grade.verdict.reward)))
        members.append(("answer", grade.extractedAnswer.map(JSONValue.string) ?? .null))
        members.append(("reason", .string(reason?.message ?? "")))
        members.append(("code", .string(reason?.code ?? "")))
        members.append(("elapsed_us", .number((grade.elapsedMicroseconds * 100).rounded() / 100)))
        if !grade.verdict.stages.isEmpty {
            let stages = grade.verdict.stages.map { ($0.stage, JSONValue.number(($0.seconds * 1e8).rounded() / 100)) }
            members.append(("stages_us", .object(JSONObject(stages))))
        }
        return LineResult(
            json: JSONLines.encode(.object(JSONObject(members))), status: grade.verdict.status,
            elapsedMicroseconds: grade.elapsedMicroseconds)
    }

    /// Grades `lines` with up to `jobs` parallel workers; results come back in input order.
    public func grade(_ lines: [Substring], firstLineNumber: Int = 1, jobs: Int) async -> [LineResult] {
        var all: [LineResult] = []
        all.reserveCapacity(lines.count)
        await grade(lines, firstLineNumber: firstLineNumber, jobs: jobs) { all.append(contentsOf: $0) }
        return all
    }

    /// Grades `lines` with up to `jobs` parallel workers, handing the results to `deliver` in
    /// input order, a chunk at a time, as soon as every earlier chunk is done (so output can be
    /// written while later lines are still being graded).
    public func grade(
        _ lines: [Substring], firstLineNumber: Int = 1, jobs: Int, deliver: ([LineResult]) -> Void
    ) async {
        let count = lines.count
        guard count > 0 else { return }
        let workers = max(1, jobs)
        let chunk = max(16, min(512, count / (workers * 4) + 1))
        await withTaskGroup(of: (Int, [LineResult]).self) { group in
            var nextStart = 0
            func addChunk() {
                let start = nextStart
                let end = min(count, start + chunk)
                nextStart = end
                group.addTask {
                    var out: [LineResult] = []
                    out.reserveCapacity(end - start)
                    for i in start..<end { out.append(gradeLine(lines[i], lineNumber: firstLineNumber + i)) }
                    return (start, out)
                }
            }
            for _ in 0..<workers where nextStart < count { addChunk() }
            var waiting: [Int: [LineResult]] = [:]
            var delivered = 0
            for await (start, results) in group {
                if nextStart < count { addChunk() }
                waiting[start] = results
                while let ready = waiting.removeValue(forKey: delivered) {
                    deliver(ready)
                    delivered += ready.count
                }
            }
        }
    }

    private func invalid(_ lineNumber: Int, id: JSONValue?, reason: String) -> LineResult {
        var members: [(String, JSONValue)] = [("line", .number(Double(lineNumber)))]
        if let id { members.append(("id", id)) }
        members.append(("verdict", .string(Verdict.Status.invalid.rawValue)))
        members.append(("reward", .number(0)))
        members.append(("reason", .string(reason)))
        return LineResult(json: JSONLines.encode(.object(JSONObject(members))), status: .invalid, elapsedMicroseconds: nil)
    }

    /// A gold answer as text: strings as they are, numbers in their shortest form.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s): return s
        case .number(let n):
            if n.rounded() == n && abs(n) < 9e15 { return String(Int64(n)) }
            return "\(n)"
        default: return nil
        }
    }

    static func fieldProblem(_ name: String, _ value: JSONValue?) -> String {
        guard let value else { return "missing field \"\(name)\"" }
        return "field \"\(name)\" must be a string, found a \(value.typeName)"
    }
}
