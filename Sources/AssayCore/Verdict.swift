/// The outcome of checking one candidate answer against one problem, in any domain.
///
/// A verdict is a plain value: the domain that produced it decides its ``status``, whether it
/// ``passed``, the ``reward`` a trainer should see, and the ``reasons`` behind it. Expected
/// outcomes (a wrong answer, a compile error, an unparseable box) are verdicts, never thrown
/// errors.
public struct Verdict: Sendable, Hashable, Codable {
    /// What the checker concluded, as a machine-readable code (`equal`, `not_equal`, ...).
    public var status: Status
    /// Whether the candidate counts as correct for metrics such as pass@k.
    public var passed: Bool
    /// The scalar reward for the candidate.
    public var reward: Double
    /// Why the checker concluded what it did, most important first.
    public var reasons: [Reason]
    /// How long each stage of the check took, in the order the stages ran.
    public var stages: [StageTiming]

    /// Creates a verdict.
    public init(
        status: Status,
        passed: Bool,
        reward: Double,
        reasons: [Reason] = [],
        stages: [StageTiming] = []
    ) {
        self.status = status
        self.passed = passed
        self.reward = reward
        self.reasons = reasons
        self.stages = stages
    }

    /// The human-readable reasons joined into one line (empty when there are none).
    public var summary: String {
        reasons.map(\.message).joined(separator: "; ")
    }
}
