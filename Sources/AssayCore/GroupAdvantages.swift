/// The advantages of one group of candidates for one problem.
public struct GroupAdvantages: Sendable, Hashable, Codable {
    /// One advantage per reward, in the order the rewards were given.
    public var values: [Double]
    /// The group's mean reward.
    public var meanReward: Double
    /// Why every advantage is zero, when the group carries no learning signal: all rewards
    /// equal (`zero_variance`) or a single candidate (`single_candidate`). `nil` otherwise.
    public var degenerate: String?

    /// Computes advantages for `rewards` with `method`.
    ///
    /// - Parameters:
    ///   - rewards: the rewards of one group, in candidate order. Must be finite.
    ///   - method: the estimator.
    ///   - epsilon: added to the standard deviation by ``AdvantageMethod/grpo``.
    /// - Throws: ``AdvantageError`` when the group is empty or a reward is not finite.
    public init(rewards: [Double], method: AdvantageMethod, epsilon: Double = 1e-4) throws(AdvantageError) {
        guard !rewards.isEmpty else { throw AdvantageError(message: "a group needs at least one reward") }
        if let bad = rewards.firstIndex(where: { !$0.isFinite }) {
            throw AdvantageError(message: "reward \(bad) is not a finite number (\(rewards[bad]))")
        }
        let n = Double(rewards.count)
        let mean = rewards.reduce(0, +) / n
        meanReward = mean
        if rewards.count == 1 {
            values = [0]
            degenerate = "single_candidate"
            return
        }
        if rewards.allSatisfy({ $0 == rewards[0] }) {
            values = Array(repeating: 0, count: rewards.count)
            degenerate = "zero_variance"
            return
        }
        degenerate = nil
        switch method {
        case .grpo:
            let variance = rewards.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            let std = variance.squareRoot()
            values = rewards.map { ($0 - mean) / (std + epsilon) }
        case .drGRPO:
            values = rewards.map { $0 - mean }
        case .rloo:
            let total = rewards.reduce(0, +)
            values = rewards.map { $0 - (total - $0) / (n - 1) }
        }
    }
}

/// A group of rewards that cannot be turned into advantages.
public struct AdvantageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the group.
    public var message: String
    public var description: String { message }
}
