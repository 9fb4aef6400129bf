public import AssayCore
import Foundation

/// One line of an `assay kernel eval --batch` file.
///
/// `problem` is a path to a KernelBench problem file (relative paths are resolved against
/// the batch file's directory, then the current directory) or, when it contains a newline,
/// the problem's source itself; `candidate` is the model's raw output; the optional
/// `problem_name` names the problem in results (default: the path, or null for inline
/// sources). Every other field is carried through to the result line.
public struct EvaluationBatchLine: Sendable {
    /// What to evaluate.
    public var item: KernelEvaluator.Item
    /// The line's other fields, in order.
    public var carried: JSONObject

    /// Creates a line from its parts.
    public init(item: KernelEvaluator.Item, carried: JSONObject) {
        self.item = item
        self.carried = carried
    }

    /// Parses one line, or says (as a reason with code `invalid_line`) why it is unusable.
    public static func parse(_ text: some StringProtocol, baseDirectory: String?) -> Result<EvaluationBatchLine, EvaluationBatchLineError> {
        let object: JSONObject
        do {
            object = try JSONLines.decodeObject(text)
        } catch {
            return .failure(EvaluationBatchLineError(message: "not a JSON object: \(error)", carried: JSONObject()))
        }
        var carried = object
        for key in ["problem", "candidate", "problem_name"] { carried[key] = nil }
        guard let problem = object["problem"]?.stringValue, !problem.isEmpty else {
            return .failure(EvaluationBatchLineError(message: "missing string field `problem` (a path or the source)", carried: carried))
        }
        guard let candidate = object["candidate"]?.stringValue else {
            return .failure(EvaluationBatchLineError(message: "missing string field `candidate` (the model's output)", carried: carried))
        }
        var name = object["problem_name"]?.stringValue
        let source: String
        if problem.contains("\n") {
            source = problem
        } else {
            var candidates = [problem]
            if !problem.hasPrefix("/"), let baseDirectory { candidates.insert(baseDirectory + "/" + problem, at: 0) }
            guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
                let data = FileManager.default.contents(atPath: path)
            else {
                return .failure(EvaluationBatchLineError(message: "problem file not found: \(problem)", carried: carried))
            }
            source = String(decoding: data, as: UTF8.self)
            if name == nil { name = problem }
        }
        return .success(EvaluationBatchLine(
            item: KernelEvaluator.Item(output: candidate, problemSource: source, problemName: name), carried: carried))
    }
}

/// Why a batch line cannot be evaluated; its result line has status `invalid`.
public struct EvaluationBatchLineError: Error, Sendable {
    /// What is wrong with the line.
    public var message: String
    /// The line's carried fields, when it was a JSON object.
    public var carried: JSONObject

    /// The result line for the invalid input line.
    public var resultJSON: JSONValue {
        var object = carried
        object["status"] = .string(Verdict.Status.invalid.rawValue)
        object["passed"] = .bool(false)
        object["reward"] = .number(0)
        object["reasons"] = .array([.object(JSONObject([("code", .string("invalid_line")), ("message", .string(message))]))])
        return .object(object)
    }
}
