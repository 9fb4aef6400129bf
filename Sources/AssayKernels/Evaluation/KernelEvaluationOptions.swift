public import AssayCore

/// What `evaluate` asks the GPU worker for, and the Swift side's limits.
public struct KernelEvaluationOptions: Sendable, Hashable {
    /// Correctness trials (the worker accepts 5–1000).
    public var trials: Int = 5
    /// Whether the candidate is timed (with the eager and `torch.compile` baselines).
    public var timing: Bool = true
    /// Which baselines are timed (`eager`, `compile`).
    public var baselines: [String] = ["eager", "compile"]
    /// Whether the profiler check runs.
    public var profiler: Bool = true
    /// The worker's total limit for one evaluation (`timeouts.total_s`).
    public var totalSeconds: Double = 900
    /// Added to ``totalSeconds`` for the Swift-side backstop: past it the worker is killed.
    public var backstopMarginSeconds: Double = 120
    /// Artifact kinds the worker can load (`artifacts.LOADERS` in the worker, listed in its
    /// `hello` as `artifact_kinds`): `pybind_so` (full builds), `assay_slim` (slim builds) and
    /// `assay_raw` (raw-kernel builds). Builds of other kinds are not sent; their verdict is
    /// `internal_error` naming the missing loader.
    public var workerArtifactKinds: Set<String> = ["pybind_so", "assay_slim", "assay_raw"]
    /// How rewards are computed.
    public var rewardPolicy = KernelRewardPolicy()

    /// Creates the default options.
    public init() {}

    /// The Swift-side timeout of one `evaluate` request.
    public var backstop: Duration { .milliseconds(Int64((totalSeconds + backstopMarginSeconds) * 1000)) }
}
