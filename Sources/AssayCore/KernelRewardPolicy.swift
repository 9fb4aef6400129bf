#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How far a kernel candidate got, for reward shaping.
public enum KernelStage: String, Sendable, Hashable, Codable, CaseIterable {
    /// No usable candidate could be extracted from the model's output.
    case formatError = "format_error"
    /// Extracted, but it did not compile (or was rejected before compiling).
    case compileError = "compile_error"
    /// Compiled, but its outputs did not match the reference (or it crashed).
    case incorrect
    /// Compiled and matched the reference on every trial.
    case correct
}

/// How a kernel candidate's outcome becomes a scalar reward.
///
/// Defaults: 0 for a format error or a compile error, 0.1 for a compiled but incorrect
/// kernel, 1 for a correct one plus a speedup bonus of `clamp(log2(speedup), 0, 3)` (so a
/// correct kernel 2x faster than the baseline earns 2, 8x or more earns 4, and a correct but
/// slower kernel earns 1). Any hack finding zeroes the reward, whatever else happened; a
/// speedup is only used when it came from a trusted timing run (the caller passes `nil`
/// otherwise).
public struct KernelRewardPolicy: Sendable, Hashable, Codable {
    /// Reward when no candidate could be extracted.
    public var formatError: Double = 0
    /// Reward for a candidate that did not compile.
    public var compileError: Double = 0
    /// Reward for a candidate that compiled but was incorrect.
    public var incorrect: Double = 0.1
    /// Reward for a correct candidate, before the speedup bonus.
    public var correct: Double = 1
    /// Weight of the speedup bonus.
    public var speedupWeight: Double = 1
    /// Upper clip of `log2(speedup)`.
    public var maxLog2Speedup: Double = 3
    /// Lower clip of `log2(speedup)` (0: slower kernels are not punished below `correct`).
    public var minLog2Speedup: Double = 0

    /// Creates the default policy.
    public init() {}

    /// The reward for one outcome.
    ///
    /// - Parameters:
    ///   - stage: how far the candidate got.
    ///   - speedup: baseline time / candidate time from a trusted timing run, if any.
    ///   - hackDetected: whether any reject-level hack finding was made.
    public func reward(stage: KernelStage, speedup: Double?, hackDetected: Bool) -> Double {
        if hackDetected { return 0 }
        switch stage {
        case .formatError: return formatError
        case .compileError: return compileError
        case .incorrect: return incorrect
        case .correct:
            guard let speedup, speedup.isFinite, speedup > 0 else { return correct }
            let bonus = min(max(log2(speedup), minLog2Speedup), maxLog2Speedup)
            return correct + speedupWeight * bonus
        }
    }
}
