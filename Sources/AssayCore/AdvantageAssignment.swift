/// Adds advantages to a list of JSON records that each carry a `group` and a `reward`.
///
/// Records of the same group (compared by the group's JSON value) form one GRPO group; the
/// records come back in their original order with an `advantage` field appended (and
/// `advantage_note` where the group was degenerate).
public enum AdvantageAssignment {
    /// Annotates `records` with advantages.
    ///
    /// - Throws: ``JSONLineError`` naming the first record (1-based) that lacks a usable
    ///   `group` or `reward`; nothing is annotated in that case, since a group's advantages
    ///   depend on all of its members.
    public static func annotate(
        _ records: [JSONObject],
        method: AdvantageMethod,
        epsilon: Double = 1e-4
    ) throws(JSONLineError) -> [JSONObject] {
        var groups: [JSONValue: [Int]] = [:]
        var rewards: [Double] = []
        rewards.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            guard let group = record["group"], group != .null else {
                throw JSONLineError(message: "line \(index + 1): missing field \"group\"")
            }
            guard let rewardValue = record["reward"] else {
                throw JSONLineError(message: "line \(index + 1): missing field \"reward\"")
            }
            guard let reward = rewardValue.numberValue, reward.isFinite else {
                throw JSONLineError(
                    message: "line \(index + 1): \"reward\" must be a finite number, found a \(rewardValue.typeName)")
            }
            groups[group, default: []].append(index)
            rewards.append(reward)
        }
        var out = records
        for members in groups.values {
            let result: GroupAdvantages
            do {
                result = try GroupAdvantages(rewards: members.map { rewards[$0] }, method: method, epsilon: epsilon)
            } catch {
                throw JSONLineError(message: error.message)
            }
            for (member, advantage) in zip(members, result.values) {
                out[member]["advantage"] = .number(advantage)
                if let note = result.degenerate { out[member]["advantage_note"] = .string(note) }
            }
        }
        return out
    }
}
