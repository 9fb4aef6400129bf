import AssayCore
import AssayKernels
import AssayStore

/// Jobs of kind `kernels.eval`: KernelBench-style candidates (a problem's Python source and a
/// model's raw output) compiled here and evaluated on the GPU workers.
struct KernelJobHandler: JobHandler {
    let backend: KernelBackend

    var kind: String { "kernels.eval" }
    var submissionFields: Set<String> { ["items", "options"] }

    /// Options that change verdicts (trials, timing) are part of the domain name, like a
    /// math tolerance: a verdict given without timing is never served to a timed request.
    static func domain(trials: Int?, timing: Bool?) -> String {
        var parts: [String] = []
        if let trials { parts.append("trials=\(trials)") }
        if let timing, !timing { parts.append("timing=false") }
        return parts.isEmpty ? "kernels" : "kernels(\(parts.joined(separator: ",")))"
    }

    func parse(_ body: FieldReader, maxItems: Int) throws(APIError) -> (items: [CheckItem], options: JSONObject) {
        var options = JSONObject()
        var trials: Int?
        var timing: Bool?
        if let fields = try body.optionalNested("options") {
            try fields.rejectUnknown(["trials", "timing"])
            trials = try fields.optionalInteger("trials", in: 5...1000)
            timing = try fields.optionalBool("timing")
            if let trials { options["trials"] = .number(Double(trials)) }
            if let timing { options["timing"] = .bool(timing) }
        }
        let domain = Self.domain(trials: trials, timing: timing)
        var items: [CheckItem] = []
        for item in try body.objects("items", maxCount: maxItems) {
            try item.rejectUnknown(["problem", "candidate", "problem_name", "id"])
            let name = try item.optionalString("problem_name")
            items.append(
                CheckItem(
                    problem: ProblemInput(
                        domain: domain, reference: try item.string("problem"),
                        label: name ?? item.value("id").map(AssayService.label)),
                    candidate: try item.string("candidate")))
        }
        return (items, options)
    }

    func check(_ items: [JobItem], options: JSONObject) async -> [CheckOutcome] {
        let evaluator: KernelEvaluator
        switch await backend.evaluator() {
        case .success(let ready): evaluator = ready
        case .failure(let unavailable):
            let verdict = Verdict(
                status: .internalError, passed: false, reward: 0,
                reasons: [Reason(code: "kernels_unavailable", message: unavailable.message)])
            return items.map { _ in CheckOutcome(verdict: verdict, elapsedSeconds: 0) }
        }
        var configured = evaluator
        if let trials = options["trials"]?.numberValue { configured.options.trials = Int(trials) }
        if case .bool(let timing)? = options["timing"] { configured.options.timing = timing }
        let batch = items.map {
            KernelEvaluator.Item(output: $0.candidate, problemSource: $0.problem.reference, problemName: $0.problem.label)
        }
        let results = Results(count: items.count)
        await configured.evaluate(batch: batch, concurrency: backend.settings.concurrency) { index, evaluation in
            await results.set(index, Self.outcome(evaluation))
        }
        return await results.all
    }

    static func outcome(_ evaluation: KernelEvaluation) -> CheckOutcome {
        CheckOutcome(
            verdict: evaluation.verdict, extracted: nil,
            // A speedup counts only for a correct kernel (fast_p, the report).
            speedup: evaluation.correct ? evaluation.speedupEager : nil,
            details: evaluation.json().objectValue,
            elapsedSeconds: evaluation.verdict.stages.reduce(0) { $0 + $1.seconds })
    }

    /// Collects results that arrive out of order.
    actor Results {
        var values: [CheckOutcome?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ outcome: CheckOutcome) { values[index] = outcome }
        var all: [CheckOutcome] {
            values.map {
                $0
                    ?? CheckOutcome(
                        verdict: Verdict(
                            status: .internalError, passed: false, reward: 0,
                            reasons: [Reason(code: "no_result", message: "the evaluator returned no result for this item")]),
                        elapsedSeconds: 0)
            }
        }
    }
}
