import AssayCore
import AssayStore
import Hummingbird

extension AssayService {
    /// `POST /v1/groups`: one problem, a group of candidates → verdicts, rewards and group
    /// advantages (GRPO, Dr. GRPO or RLOO).
    func addGroupRoutes(to router: Router<BasicRequestContext>) {
        router.post(routes.add(.post, "/v1/groups")) { request, _ -> Response in
            let body = try await RequestJSON.object(request, limit: self.configuration.maxBodyBytes)
            try body.rejectUnknown([
                "domain", "problem", "candidates", "method", "epsilon", "run", "step", "options", "reward_policy",
            ])
            let domain = try body.optionalString("domain") ?? "math"
            guard domain == "math" else {
                throw APIError.invalid(
                    "field \"domain\" must be one of: \(self.domains.joined(separator: ", ")); found \"\(domain)\"")
            }
            let target = try RunTarget.resolve(body: body, request: request, defaultRun: self.configuration.defaultRun)
            let methodName = try body.optionalString("method") ?? AdvantageMethod.grpo.rawValue
            guard let method = AdvantageMethod(rawValue: methodName) else {
                throw APIError.invalid(
                    "field \"method\" must be one of: \(AdvantageMethod.allCases.map(\.rawValue).joined(separator: ", ")); found \"\(methodName)\"")
            }
            let epsilon = try body.optionalNumber("epsilon", in: 0...1) ?? 1e-4
            let checker = MathChecker(options: try MathChecker.options(body, default: self.configuration.mathPairTimeout))
            let shaping = try RewardShaping.read(body)
            let problemFields = try body.nested("problem")
            try problemFields.rejectUnknown(["gold", "prompt", "id"])
            let problem = ProblemInput(
                domain: checker.domain, reference: try problemFields.string("gold"),
                prompt: try problemFields.optionalString("prompt"),
                label: problemFields.value("id").map(Self.label))
            let candidates = try body.strings("candidates", maxCount: self.configuration.maxBatchItems)
            let items = candidates.map { CheckItem(problem: problem, candidate: $0) }
            let results = try await self.admitted { deadline throws(APIError) in
                try await self.pipeline.run(items, checker: checker, target: target, deadline: deadline)
            }.map(shaping.shaped)
            let rewards = results.map(\.outcome.verdict.reward)
            let advantages: GroupAdvantages
            do {
                advantages = try GroupAdvantages(rewards: rewards, method: method, epsilon: epsilon)
            } catch {
                throw APIError.invalid("cannot compute advantages: \(error)")
            }
            return JSONResponse.make(
                .object(
                    JSONObject([
                        ("run", .string(target.run)), ("step", target.step.map { .number(Double($0)) } ?? .null),
                        ("method", .string(method.rawValue)), ("results", .array(results.map { $0.json() })),
                        ("rewards", .array(rewards.map(JSONValue.number))),
                        ("advantages", .array(advantages.values.map(JSONValue.number))),
                        ("mean_reward", .number(advantages.meanReward)),
                        ("degenerate", advantages.degenerate.map(JSONValue.string) ?? .null),
                    ])))
        }
    }
}
