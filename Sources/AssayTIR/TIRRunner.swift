public import AssayCore

/// Runs many trajectories (every problem, `samples` times) with bounded concurrency.
public struct TIRRunner: Sendable {
    /// The driver that runs each trajectory.
    public let driver: TIRDriver
    /// Trajectories in flight at once.
    public let concurrency: Int

    /// Creates a runner.
    public init(driver: TIRDriver, concurrency: Int) {
        self.driver = driver
        self.concurrency = max(concurrency, 1)
    }

    /// Runs all trajectories, handing each to `onResult` as soon as it ends (in completion
    /// order; each carries its problem id and sample index).
    ///
    /// - Throws: the first error that dooms the run (bad API key, unreachable server); the
    ///   trajectories still in flight are cancelled, and those already handed over are kept.
    public func run(
        problems: [TIRProblem],
        samples: Int,
        onResult: @Sendable (Trajectory) async throws -> Void
    ) async throws -> TIRSummary {
        let jobs = problems.flatMap { problem in (0..<samples).map { (problem, $0) } }
        var summary = TIRSummary()
        try await withThrowingTaskGroup(of: Trajectory.self) { group in
            var next = 0
            func launch() {
                guard next < jobs.count else { return }
                let (problem, sample) = jobs[next]
                next += 1
                group.addTask { try await driver.run(problem, sample: sample) }
            }
            for _ in 0..<min(concurrency, jobs.count) { launch() }
            while let trajectory = try await group.next() {
                summary.add(trajectory)
                try await onResult(trajectory)
                launch()
            }
        }
        return summary
    }
}

/// Counts over a run's trajectories.
public struct TIRSummary: Sendable, Hashable {
    /// Trajectories finished (graded or failed).
    public var trajectories = 0
    /// Trajectories whose final answer was correct.
    public var correct = 0
    /// Trajectories that could not be completed (inference-server failures).
    public var failed = 0
    /// Tool calls made, and how many of them failed.
    public var toolCalls = 0
    public var failedToolCalls = 0
    /// Verdict counts by status.
    public var verdicts: [String: Int] = [:]

    /// Adds one trajectory.
    public mutating func add(_ trajectory: Trajectory) {
        trajectories += 1
        toolCalls += trajectory.toolCalls.count
        failedToolCalls += trajectory.toolCalls.count { $0.result.failed }
        if let verdict = trajectory.verdict {
            verdicts[verdict.status.rawValue, default: 0] += 1
            if verdict.passed { correct += 1 }
        } else {
            failed += 1
        }
    }

    /// Fraction of graded trajectories that were correct.
    public var accuracy: Double {
        let graded = trajectories - failed
        return graded > 0 ? Double(correct) / Double(graded) : 0
    }
}
