/// Settings for ``MathGrader``.
public struct MathGradingOptions: Sendable, Hashable {
    /// The per-pair time budget; a pair that needs longer gets the verdict `timeout`.
    /// Checked cooperatively between steps (no signals), so it is safe on many threads.
    public var timeout: Duration
    /// Opt-in relative tolerance for numbers: with `1e-6`, `1/3` equals `0.3333333`.
    /// `nil` (the default) means exact comparison.
    public var relativeTolerance: Double?
    /// Whether verdicts carry stage timings (`extract`, `parse`, `compare`); off by default
    /// because reading the clock costs time on the fast path.
    public var recordStages: Bool

    /// Creates options.
    public init(timeout: Duration = .milliseconds(200), relativeTolerance: Double? = nil, recordStages: Bool = false) {
        self.timeout = timeout
        self.relativeTolerance = relativeTolerance
        self.recordStages = recordStages
    }
}
