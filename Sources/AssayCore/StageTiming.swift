/// How long one stage of a check took (for example `extract`, `parse`, `compare`, `compile`).
public struct StageTiming: Sendable, Hashable, Codable {
    /// The stage's name.
    public var stage: String
    /// Wall-clock seconds spent in the stage.
    public var seconds: Double

    /// Creates a stage timing.
    public init(stage: String, seconds: Double) {
        self.stage = stage
        self.seconds = seconds
    }

    /// Creates a stage timing from a measured `Duration`.
    public init(stage: String, duration: Duration) {
        self.stage = stage
        self.seconds = duration.inSeconds
    }
}
