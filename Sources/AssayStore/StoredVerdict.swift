public import AssayCore
public import Foundation

/// A verdict as read back from the store.
public struct StoredVerdict: Sendable, Hashable {
    /// The verdict's row id.
    public var id: Int64
    /// The run it belongs to.
    public var run: String
    /// Its pair key (step, problem, candidate).
    public var key: VerdictKey
    /// The verdict with its stage timings.
    public var verdict: Verdict
    /// What the checker extracted, if anything.
    public var extracted: String?
    /// The measured speedup, for timed candidates.
    public var speedup: Double?
    /// Domain-specific details.
    public var details: JSONObject?
    /// Wall-clock seconds of the check.
    public var elapsedSeconds: Double
    /// When the verdict was stored.
    public var createdAt: Date
}
