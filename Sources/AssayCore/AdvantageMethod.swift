/// How rewards inside one group of candidates become advantages.
public enum AdvantageMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// GRPO: `(r - mean) / (std + epsilon)`, with the sample standard deviation (n - 1),
    /// as TRL computes it.
    case grpo
    /// Dr. GRPO: `r - mean`, no division by the standard deviation.
    case drGRPO = "dr-grpo"
    /// RLOO: `r - mean(other rewards)`, the leave-one-out baseline.
    case rloo
}
