/// How a math trajectory's outcome becomes a scalar reward.
///
/// Defaults: 1 for a correct final answer, 0 otherwise, no format bonus and no tool
/// penalty, the plain verifiable reward of DeepSeek-R1-style training. Shaping terms are
/// opt-in and documented per field; the reward of a correct answer never drops below that of
/// an incorrect one, whatever the weights.
public struct MathRewardPolicy: Sendable, Hashable, Codable {
    /// Reward for a final answer judged equal to the gold answer.
    public var correct: Double = 1
    /// Reward for a final answer that was found and parsed but is wrong.
    public var incorrect: Double = 0
    /// Reward when no final answer could be extracted or parsed (a format failure).
    public var unparseable: Double = 0
    /// Subtracted for each tool call that failed (error, timeout, crash), up to
    /// ``maxToolPenalty`` in total.
    public var toolFailurePenalty: Double = 0
    /// Cap on the total tool-failure penalty.
    public var maxToolPenalty: Double = 0

    /// Creates the default policy.
    public init() {}

    /// The reward for one outcome.
    ///
    /// - Parameters:
    ///   - passed: whether the final answer was judged correct.
    ///   - parsed: whether a final answer was found and parsed at all.
    ///   - failedToolCalls: how many tool calls in the trajectory failed.
    public func reward(passed: Bool, parsed: Bool, failedToolCalls: Int = 0) -> Double {
        let base = passed ? correct : (parsed ? incorrect : unparseable)
        let penalty = min(Double(max(failedToolCalls, 0)) * toolFailurePenalty, maxToolPenalty)
        let shaped = base - penalty
        // Shaping must never make a correct answer worth less than the best wrong one.
        return passed ? max(shaped, max(incorrect, unparseable)) : shaped
    }
}
