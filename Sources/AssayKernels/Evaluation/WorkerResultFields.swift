import AssayCore
import Foundation

/// The fields of the worker's `result` response that the verdict and feedback use.
struct WorkerResultFields {
    var passed: Bool
    var correct: Bool
    var reasons: [Reason]
    /// Runtime findings; a severity other than `warn` counts as `reject` (the safe reading).
    var findings: [Finding]
    var speedupEager: Double?
    var speedupCompile: Double?
    var stages: [StageTiming]
    var firstMismatch: JSONObject?
    var timing: JSONObject?

    init(_ object: JSONObject) {
        passed = object["passed"] == .bool(true)
        correct = object["correct"] == .bool(true)
        reasons = (object["reasons"]?.arrayItems ?? []).compactMap { value in
            guard let o = value.objectValue, let code = o["code"]?.stringValue else { return nil }
            return Reason(code: code, message: o["message"]?.stringValue ?? "")
        }
        findings = (object["findings"]?.arrayItems ?? []).compactMap { value in
            guard let o = value.objectValue, let code = o["code"]?.stringValue else { return nil }
            let severity: Finding.Severity = o["severity"]?.stringValue == "warn" ? .warn : .reject
            return Finding(code: code, severity: severity, message: o["message"]?.stringValue ?? "")
        }
        speedupEager = object["speedup_eager"]?.numberValue
        speedupCompile = object["speedup_compile"]?.numberValue
        stages = (object["stages"]?.arrayItems ?? []).compactMap { value in
            guard let o = value.objectValue, let stage = o["stage"]?.stringValue, let seconds = o["seconds"]?.numberValue
            else { return nil }
            return StageTiming(stage: stage, seconds: seconds)
        }
        firstMismatch = object["correctness"]?.objectValue?["first_mismatch"]?.objectValue
        timing = object["timing"]?.objectValue
    }

    /// The median of one timing entry (`candidate`, `eager`, `compile`), in milliseconds.
    func medianMilliseconds(_ key: String) -> Double? {
        timing?[key]?.objectValue?["median_ms"]?.numberValue
    }

    /// Feedback: what failed first, the first mismatch, the timing summary, the findings.
    func feedbackLines(status: String) -> [String] {
        var lines: [String] = []
        if status == "ok" && passed {
            lines.append("Correct on every trial.")
        } else if let first = reasons.first {
            lines.append("\(status): \(first.message)")
        } else {
            lines.append(status)
        }
        if let m = firstMismatch {
            if let index = m["index"], index != .null {
                lines.append(
                    "First mismatch in output \(text(m["output"])) at index \(index.jsonText) (trial \(text(m["trial"])), "
                        + "\(text(m["distribution"])) inputs): expected \(text(m["expected"])), got \(text(m["actual"])); "
                        + "\(text(m["count"])) of \(text(m["numel"])) elements outside atol=\(text(m["atol"])), rtol=\(text(m["rtol"])).")
            } else if let message = m["message"]?.stringValue {
                lines.append(message)
            }
        }
        if let candidate = medianMilliseconds("candidate") {
            var parts = ["Timing (median): your kernel \(ms(candidate))"]
            if let eager = medianMilliseconds("eager") { parts.append("PyTorch eager \(ms(eager))") }
            if let compiled = medianMilliseconds("compile") { parts.append("torch.compile \(ms(compiled))") }
            if let s = speedupEager { parts.append(String(format: "speedup vs eager %.3gx", s)) }
            if let s = speedupCompile { parts.append(String(format: "vs torch.compile %.3gx", s)) }
            lines.append(parts.joined(separator: "; ") + ".")
        }
        if !findings.isEmpty {
            lines.append("Runtime checks:")
            lines += findings.map { "- " + $0.feedbackLine }
        }
        return lines
    }

    private func text(_ value: JSONValue?) -> String {
        guard let value else { return "?" }
        if let s = value.stringValue { return s }
        return value.jsonText
    }

    private func ms(_ value: Double) -> String { String(format: "%.4g ms", value) }
}

extension JSONValue {
    /// The elements, if this is an array.
    var arrayItems: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
