import AssayCore
import AssayMath
import AssayStore
import Hummingbird

extension AssayService {
    /// `POST /get_reward`: OpenRLHF's remote reward model call.
    ///
    /// OpenRLHF sends `query` (prompt and response together), `prompts` and `labels`; the
    /// response is `query` minus its prompt prefix, graded against the label as a math gold
    /// answer. Use `--remote_rm_url http://host:port/get_reward?run=NAME` to name the run.
    func addOpenRLHFRoutes(to router: Router<BasicRequestContext>) {
        router.post(routes.add(.post, "/get_reward")) { request, _ -> Response in
            let body = try await RequestJSON.object(request, limit: self.configuration.maxBodyBytes)
            let target = try RunTarget.resolve(body: nil, request: request, defaultRun: self.configuration.defaultRun)
            let queries = try body.strings("query", maxCount: self.configuration.maxBatchItems)
            guard body.value("labels") != nil else {
                throw APIError.invalid(
                    "missing field \"labels\": the gold answers, one per query (OpenRLHF: --label_key)")
            }
            let labels = try body.strings("labels", maxCount: self.configuration.maxBatchItems)
            let prompts = body.value("prompts") == nil ? nil : try body.strings("prompts", maxCount: self.configuration.maxBatchItems)
            guard labels.count == queries.count else {
                throw APIError.invalid("\"labels\" has \(labels.count) items but \"query\" has \(queries.count)")
            }
            if let prompts, prompts.count != queries.count {
                throw APIError.invalid("\"prompts\" has \(prompts.count) items but \"query\" has \(queries.count)")
            }
            let checker = MathChecker(options: MathGradingOptions(timeout: self.configuration.mathPairTimeout, recordStages: true))
            let items = queries.indices.map { index in
                let prompt = prompts?[index]
                var response = queries[index]
                if let prompt, !prompt.isEmpty, response.hasPrefix(prompt) { response = String(response.dropFirst(prompt.count)) }
                return CheckItem(
                    problem: ProblemInput(domain: checker.domain, reference: labels[index], prompt: prompt),
                    candidate: response)
            }
            let results = try await self.admitted { deadline throws(APIError) in
                try await self.pipeline.run(items, checker: checker, target: target, deadline: deadline)
            }
            let rewards = results.map { JSONValue.number($0.outcome.verdict.reward) }
            let passed = results.map { JSONValue.number($0.outcome.verdict.passed ? 1 : 0) }
            return JSONResponse.make(
                .object(
                    JSONObject([
                        ("rewards", .array(rewards)), ("scores", .array(rewards)),
                        ("extra_logs", .object(JSONObject([("accuracy", .array(passed))]))),
                    ])))
        }
    }
}
