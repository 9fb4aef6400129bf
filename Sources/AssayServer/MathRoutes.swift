import AssayCore
import AssayMath
import AssayStore
import Hummingbird

extension AssayService {
    /// `POST /v1/math/grade`: a batch of completions with gold answers → verdicts.
    func addMathRoutes(to router: Router<BasicRequestContext>) {
        router.post(routes.add(.post, "/v1/math/grade")) { request, _ -> Response in
            let body = try await RequestJSON.object(request, limit: self.configuration.maxBodyBytes)
            try body.rejectUnknown(["items", "run", "step", "options", "reward_policy"])
            let target = try RunTarget.resolve(body: body, request: request, defaultRun: self.configuration.defaultRun)
            let checker = MathChecker(options: try MathChecker.options(body, default: self.configuration.mathPairTimeout))
            let shaping = try RewardShaping.read(body)
            let (items, ids) = try Self.mathItems(body, domain: checker.domain, maxItems: self.configuration.maxBatchItems)
            let results = try await self.admitted { deadline throws(APIError) in
                try await self.pipeline.run(items, checker: checker, target: target, deadline: deadline)
            }.map(shaping.shaped)
            return JSONResponse.make(
                .object(
                    JSONObject([
                        ("run", .string(target.run)), ("step", target.step.map { .number(Double($0)) } ?? .null),
                        ("results", .array(zip(results, ids).map { $0.json(id: $1) })),
                        ("summary", Self.summary(results)),
                    ])))
        }
    }

    /// Reads `items`: each `{completion, gold, prompt?, id?}`.
    static func mathItems(
        _ body: FieldReader, domain: String, maxItems: Int
    ) throws(APIError) -> (items: [CheckItem], ids: [JSONValue?]) {
        var items: [CheckItem] = []
        var ids: [JSONValue?] = []
        for item in try body.objects("items", maxCount: maxItems) {
            try item.rejectUnknown(["completion", "gold", "prompt", "id"])
            items.append(
                CheckItem(
                    problem: ProblemInput(
                        domain: domain, reference: try item.string("gold"), prompt: try item.optionalString("prompt"),
                        label: item.value("id").map(Self.label)),
                    candidate: try item.string("completion")))
            ids.append(item.value("id"))
        }
        return (items, ids)
    }

    /// A client's `id` as a problem label (strings as they are, other JSON as text).
    static func label(_ id: JSONValue) -> String {
        id.stringValue ?? id.jsonText
    }

    /// Counts per status, passes, mean reward and cache hits of a batch.
    static func summary(_ results: [CheckResult]) -> JSONValue {
        var statuses = JSONObject()
        var counts: [String: Int] = [:]
        for result in results { counts[result.outcome.verdict.status.rawValue, default: 0] += 1 }
        for (status, count) in counts.sorted(by: { $0.key < $1.key }) { statuses[status] = .number(Double(count)) }
        let rewards = results.map(\.outcome.verdict.reward)
        return .object(
            JSONObject([
                ("count", .number(Double(results.count))),
                ("passed", .number(Double(results.count { $0.outcome.verdict.passed }))),
                ("mean_reward", .number(rewards.isEmpty ? 0 : rewards.reduce(0, +) / Double(rewards.count))),
                ("cached", .number(Double(results.count { $0.cached }))), ("statuses", .object(statuses)),
            ]))
    }
}
