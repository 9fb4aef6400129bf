public import Foundation

/// Everything a report shows, read from the store in one consistent snapshot.
public struct ReportSnapshot: Sendable {
    /// One run and its totals.
    public struct Run: Sendable, Hashable {
        public var name: String
        public var domain: String?
        public var createdAt: Date
        public var verdicts: Int
        public var passed: Int
        public var meanReward: Double
        /// The environment fingerprint's JSON, if recorded.
        public var environment: String?
    }

    /// How many verdicts of one run and domain have one status.
    public struct StatusCount: Sendable, Hashable {
        public var run: String
        public var domain: String
        public var status: String
        public var passed: Bool
        public var count: Int
    }

    /// One problem within one run: how its candidates fared.
    public struct ProblemRow: Sendable, Hashable {
        public var run: String
        public var problemID: String
        public var domain: String
        public var label: String?
        public var prompt: String?
        public var reference: String
        public var candidates: Int
        public var passed: Int
        public var meanReward: Double
        public var bestSpeedup: Double?
    }

    /// One verdict with its candidate, for the per-problem details.
    public struct CandidateRow: Sendable, Hashable {
        public var run: String
        public var problemID: String
        public var candidateID: String
        public var step: Int?
        public var status: String
        public var passed: Bool
        public var reward: Double
        public var extracted: String?
        public var speedup: Double?
        /// The reasons as JSON (`[{"code","message"}]`).
        public var reasons: String
        public var source: String
        /// Whether `source` was cut to the report's limit.
        public var sourceTruncated: Bool
    }

    /// Mean reward and accuracy of one training step of one run.
    public struct StepRow: Sendable, Hashable {
        public var run: String
        public var step: Int
        public var verdicts: Int
        public var meanReward: Double
        public var accuracy: Double
    }

    /// One timed verdict (kernels).
    public struct Timed: Sendable, Hashable {
        public var run: String
        public var passed: Bool
        public var speedup: Double?
    }

    /// Time spent in one stage of checking.
    public struct StageRow: Sendable, Hashable {
        public var domain: String
        public var stage: String
        public var count: Int
        public var meanSeconds: Double
    }

    public var runs: [Run]
    public var statuses: [StatusCount]
    public var problems: [ProblemRow]
    public var candidates: [CandidateRow]
    public var steps: [StepRow]
    /// Verdicts of the `kernels` domain (the ones that can have a speedup).
    public var timed: [Timed]
    public var stages: [StageRow]
    /// When the snapshot was taken.
    public var takenAt: Date
}
