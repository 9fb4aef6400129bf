public import AssayKernels

/// How `assay serve` evaluates CUDA kernels (`/v1/kernels/eval`): the GPU worker pool, the
/// compile service and the evaluation defaults.
public struct KernelSettings: Sendable {
    /// The GPU worker pool (GPUs, slots per GPU, worker directory, logs).
    public var pool: GPUWorkerPoolConfiguration
    /// The compile service's options (architecture, cache directory, build path).
    public var compile: CompileOptions
    /// The evaluation defaults (trials, timing, timeouts, reward policy); a job may set
    /// `trials` and `timing`.
    public var evaluation: KernelEvaluationOptions
    /// Candidates of one job chunk in flight at once (compiles overlap evaluations).
    public var concurrency: Int

    /// Creates settings.
    public init(
        pool: GPUWorkerPoolConfiguration, compile: CompileOptions,
        evaluation: KernelEvaluationOptions = KernelEvaluationOptions(), concurrency: Int = 4
    ) {
        self.pool = pool
        self.compile = compile
        self.evaluation = evaluation
        self.concurrency = max(1, concurrency)
    }
}
