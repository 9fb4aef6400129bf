public import Foundation

/// Everything a report shows, read from the store in one consistent snapshot.
public struct ReportSnapshot: Sendable {
    /// One run and its totals.
    public struct Run: Sendable, Hashable {
        /// The run's name.
        public var name: String
        /// The domain it was created for.
        public var domain: String?
        /// When it was created.
        public var createdAt: Date
        /// How many verdicts it has.
        public var verdicts: Int
        /// How many of them passed.
        public var passed: Int
        /// Their mean reward.
        public var meanReward: Double
        /// The environment fingerprint's JSON, if recorded.
        public var environment: String?
    }

    /// How many verdicts of one run and domain have one status.
    public struct StatusCount: Sendable, Hashable {
        /// The run.
        public var run: String
        /// The problems' domain.
        public var domain: String
        /// The verdict status.
        public var status: String
        /// Whether the status counts as passed.
        public var passed: Bool
        /// How many verdicts have it.
        public var count: Int
    }

    /// One problem within one run: how its candidates fared.
    public struct ProblemRow: Sendable, Hashable {
        /// The run.
        public var run: String
        /// The problem's content address (hex).
        public var problemID: String
        /// Its domain.
        public var domain: String
        /// The caller's name for it.
        public var label: String?
        /// Its prompt, if stored.
        public var prompt: String?
        /// Its reference (gold answer, test case, reference model).
        public var reference: String
        /// How many verdicts it has in the run.
        public var candidates: Int
        /// How many passed.
        public var passed: Int
        /// Their mean reward.
        public var meanReward: Double
        /// The best measured speedup, for kernels.
        public var bestSpeedup: Double?
    }

    /// One verdict with its candidate, for the per-problem details.
    public struct CandidateRow: Sendable, Hashable {
        /// The run.
        public var run: String
        /// The problem's content address.
        public var problemID: String
        /// The candidate's content address.
        public var candidateID: String
        /// The training step.
        public var step: Int?
        /// The verdict status.
        public var status: String
        /// Whether it passed.
        public var passed: Bool
        /// Its reward.
        public var reward: Double
        /// What the checker extracted.
        public var extracted: String?
        /// The measured speedup.
        public var speedup: Double?
        /// The reasons as JSON (`[{"code","message"}]`).
        public var reasons: String
        public var source: String
        /// Whether `source` was cut to the report's limit.
        public var sourceTruncated: Bool
    }

    /// Mean reward and accuracy of one training step of one run.
    public struct StepRow: Sendable, Hashable {
        /// The run.
        public var run: String
        /// The training step.
        public var step: Int
        /// How many verdicts the step has.
        public var verdicts: Int
        /// Their mean reward.
        public var meanReward: Double
        /// The fraction that passed.
        public var accuracy: Double
    }

    /// One timed verdict (kernels).
    public struct Timed: Sendable, Hashable {
        /// The run.
        public var run: String
        /// Whether the kernel passed.
        public var passed: Bool
        /// Its speedup, when it was timed and correct.
        public var speedup: Double?
    }

    /// Time spent in one stage of checking.
    public struct StageRow: Sendable, Hashable {
        /// The domain.
        public var domain: String
        /// The stage's name.
        public var stage: String
        /// How many times it ran.
        public var count: Int
        /// Its mean duration.
        public var meanSeconds: Double
    }

    /// The runs, oldest first.
    public var runs: [Run]
    /// Verdict counts per run, domain and status.
    public var statuses: [StatusCount]
    /// Every (run, problem) with verdicts.
    public var problems: [ProblemRow]
    /// A few verdicts per (run, problem), with sources.
    public var candidates: [CandidateRow]
    /// Per-step means, for runs with steps.
    public var steps: [StepRow]
    /// Verdicts of the `kernels` domain (the ones that can have a speedup).
    public var timed: [Timed]
    /// Time per checking stage.
    public var stages: [StageRow]
    /// When the snapshot was taken.
    public var takenAt: Date
}
