import AssayCore

/// Applies a request's `reward_policy` to stored verdicts on the way out.
///
/// The store keeps the checker's verdict (reward 1 or 0 for math); shaping is applied when
/// answering, so a verdict served from the store gets the policy of the request that asks.
struct RewardShaping: Sendable {
    var math: MathRewardPolicy

    static let standard = RewardShaping(math: MathRewardPolicy())

    /// Reads an optional `reward_policy` object.
    static func read(_ body: FieldReader) throws(APIError) -> RewardShaping {
        guard let fields = try body.optionalNested("reward_policy") else { return .standard }
        try fields.rejectUnknown(["correct", "incorrect", "unparseable"])
        var policy = MathRewardPolicy()
        if let value = try fields.optionalNumber("correct", in: -1e6...1e6) { policy.correct = value }
        if let value = try fields.optionalNumber("incorrect", in: -1e6...1e6) { policy.incorrect = value }
        if let value = try fields.optionalNumber("unparseable", in: -1e6...1e6) { policy.unparseable = value }
        return RewardShaping(math: policy)
    }

    /// The result with its reward under this policy.
    func shaped(_ result: CheckResult) -> CheckResult {
        var result = result
        let verdict = result.outcome.verdict
        let parsed = verdict.status != .unparseable
        result.outcome.verdict.reward = math.reward(passed: verdict.passed, parsed: parsed)
        return result
    }
}
