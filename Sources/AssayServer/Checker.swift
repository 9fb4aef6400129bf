import AssayCore
import AssayStore

/// One candidate to check against one problem.
struct CheckItem: Sendable {
    var problem: ProblemInput
    var candidate: String
}

/// What one check produced, before it is stored.
struct CheckOutcome: Sendable {
    var verdict: Verdict
    var extracted: String?
    var speedup: Double?
    var details: JSONObject?
    var elapsedSeconds: Double

    init(verdict: Verdict, extracted: String? = nil, speedup: Double? = nil, details: JSONObject? = nil, elapsedSeconds: Double) {
        self.verdict = verdict
        self.extracted = extracted
        self.speedup = speedup
        self.details = details
        self.elapsedSeconds = elapsedSeconds
    }

    init(stored: StoredVerdict) {
        self.init(
            verdict: stored.verdict, extracted: stored.extracted, speedup: stored.speedup, details: stored.details,
            elapsedSeconds: stored.elapsedSeconds)
    }
}

/// A domain's checker as the server calls it: one item in, one outcome out, never throwing
/// (a candidate's failure is a verdict).
protocol Checker: Sendable {
    /// The domain name stored with problems (`math`, `python`, `kernels`).
    var domain: String { get }
    /// Whether checking costs less than looking a verdict up: then the pipeline checks
    /// every item and lets the store keep the verdict it already had, saving a read per
    /// request. Expensive checkers (sandboxed programs, kernels) look up first.
    var isCheaperThanALookup: Bool { get }
    /// Checks one item.
    func check(_ item: CheckItem) async -> CheckOutcome
}
