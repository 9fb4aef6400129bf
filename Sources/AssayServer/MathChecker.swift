import AssayCore
import AssayMath
import AssayStore

/// The math domain as the server calls it: `MathGrader` on a completion and a gold answer.
struct MathChecker: Checker {
    let grader: MathGrader

    /// Grading options that change what counts as equal are part of the domain name, so a
    /// verdict given with a tolerance is never served from the store to an exact request.
    var domain: String {
        guard let tolerance = grader.options.relativeTolerance else { return "math" }
        return "math(rtol=\(tolerance))"
    }

    /// Grading an answer takes microseconds: cheaper than a store lookup.
    var isCheaperThanALookup: Bool { true }

    init(options: MathGradingOptions) {
        grader = MathGrader(options: options)
    }

    func check(_ item: CheckItem) async -> CheckOutcome {
        let grade = grader.grade(completion: item.candidate, gold: item.problem.reference)
        var details: JSONObject?
        if let source = grade.answerSource {
            details = JSONObject([("answer_source", .string("\(source)"))])
        }
        return CheckOutcome(
            verdict: grade.verdict, extracted: grade.extractedAnswer, details: details,
            elapsedSeconds: grade.elapsedMicroseconds / 1e6)
    }

    /// Reads the `options` object of a math request (all fields optional).
    static func options(_ body: FieldReader, default timeout: Duration) throws(APIError) -> MathGradingOptions {
        var options = MathGradingOptions(timeout: timeout, recordStages: true)
        guard let fields = try body.optionalNested("options") else { return options }
        try fields.rejectUnknown(["timeout_ms", "relative_tolerance"])
        if let milliseconds = try fields.optionalInteger("timeout_ms", in: 1...60_000) {
            options.timeout = .milliseconds(milliseconds)
        }
        if let tolerance = try fields.optionalNumber("relative_tolerance", in: 0...0.5), tolerance > 0 {
            options.relativeTolerance = tolerance
        }
        return options
    }

    /// The options as stored with a job, so a resumed job grades the same way.
    static func json(_ options: MathGradingOptions) -> JSONObject {
        var object = JSONObject()
        object["timeout_ms"] = .number(options.timeout.inMilliseconds)
        if let tolerance = options.relativeTolerance { object["relative_tolerance"] = .number(tolerance) }
        return object
    }
}
