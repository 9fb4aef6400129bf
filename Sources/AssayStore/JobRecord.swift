public import AssayCore
public import Foundation

/// A long-running batch of checks (a math batch, a kernel evaluation), stored so that it
/// survives restarts: the items without a verdict are the work left.
public struct JobRecord: Sendable, Hashable {
    /// The job's id (a UUID string).
    public var id: String
    /// What kind of work it is, such as `math.grade` or `kernels.eval`.
    public var kind: String
    /// Where the job stands.
    public var state: JobState
    /// The run its verdicts belong to.
    public var run: String
    /// The training step its verdicts belong to, if any.
    public var step: Int?
    /// How many items the job has.
    public var total: Int
    /// How many items have a stored verdict.
    public var completed: Int
    /// The kind-specific options the job was submitted with.
    public var options: JSONObject
    /// Why the job failed, for failed jobs.
    public var error: String?
    /// When the job was submitted.
    public var createdAt: Date
    /// When work on it last started.
    public var startedAt: Date?
    /// When it finished.
    public var finishedAt: Date?
}

/// Where a job stands.
public enum JobState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Submitted (or interrupted by a restart), waiting for a worker.
    case queued
    /// A worker is on it.
    case running
    /// Every item has a verdict.
    case succeeded
    /// The job could not be completed; ``JobRecord/error`` says why.
    case failed
    /// Cancelled by a client before it finished.
    case cancelled

    /// Whether the job will not change any more.
    public var isFinished: Bool {
        switch self {
        case .queued, .running: false
        case .succeeded, .failed, .cancelled: true
        }
    }
}

/// One item of a job still to be checked.
public struct JobItem: Sendable, Hashable {
    /// The item's position in the submitted batch (0-based).
    public var position: Int
    /// The problem.
    public var problem: ProblemInput
    /// The candidate's (normalised) source.
    public var candidate: String
}
