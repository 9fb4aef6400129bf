import AssayCore
import AssayMath
import AssayStore

/// Jobs of kind `math.grade`: the `/v1/math/grade` batch, run in the background.
struct MathJobHandler: JobHandler {
    let defaultTimeout: Duration

    var kind: String { "math.grade" }
    var submissionFields: Set<String> { ["items", "options"] }

    func parse(_ body: FieldReader, maxItems: Int) throws(APIError) -> (items: [CheckItem], options: JSONObject) {
        let options = try MathChecker.options(body, default: defaultTimeout)
        let checker = MathChecker(options: options)
        let (items, _) = try AssayService.mathItems(body, domain: checker.domain, maxItems: maxItems)
        return (items, MathChecker.json(options))
    }

    func check(_ items: [JobItem], options: JSONObject) async -> [CheckOutcome] {
        var settings = MathGradingOptions(timeout: defaultTimeout, recordStages: true)
        if let milliseconds = options["timeout_ms"]?.numberValue { settings.timeout = .milliseconds(Int64(milliseconds)) }
        settings.relativeTolerance = options["relative_tolerance"]?.numberValue
        let checker = MathChecker(options: settings)
        var outcomes: [CheckOutcome] = []
        outcomes.reserveCapacity(items.count)
        for item in items {
            outcomes.append(await checker.check(CheckItem(problem: item.problem, candidate: item.candidate)))
        }
        return outcomes
    }
}
