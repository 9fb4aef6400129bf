import Foundation

/// How the compile service builds candidates.
public struct CompileOptions: Sendable, Hashable {
    /// Which build path to use.
    public enum PathChoice: String, Sendable, Hashable, CaseIterable {
        /// The slim path, and the full path where the slim header does not cover the candidate.
        case auto
        /// Only the slim path (a coverage gap is reported, not retried).
        case slim
        /// Only the full path: load_inline itself, in a subprocess.
        case full
    }

    /// The GPU architecture to build for, such as `sm_90` (H100). SASS for exactly this
    /// architecture is built, plus PTX, as load_inline does for the GPU it runs on.
    public var arch: String
    /// The content-addressed build cache.
    public var cacheDirectory: String
    /// The longest one slim-path or raw build may take (all its compiler runs together).
    public var timeout: Duration
    /// The longest one full-path build may take (load_inline takes a minute or more).
    public var fullTimeout: Duration
    /// How many compiler processes may run at once (default: the number of cores).
    public var jobs: Int
    public var path: PathChoice
    /// Niceness of the compiler processes (0: as this process). `assay kernel eval` and
    /// `assay serve` use ``evaluationNiceness``: their GPU workers' evaluation processes hold the
    /// GPU and are the pipeline's bottleneck, so compilers (which have slack) yield the CPU to them.
    public var niceness: Int32

    /// The compiler niceness for runs that also evaluate on the GPU.
    public static let evaluationNiceness: Int32 = 10

    /// Creates options.
    public init(
        arch: String = "sm_90", cacheDirectory: String, timeout: Duration = .seconds(120),
        fullTimeout: Duration = .seconds(900), jobs: Int? = nil, path: PathChoice = .auto, niceness: Int32 = 0
    ) {
        self.niceness = max(0, min(19, niceness))
        self.arch = arch
        self.cacheDirectory = cacheDirectory
        self.timeout = timeout
        self.fullTimeout = fullTimeout
        self.jobs = max(1, jobs ?? defaultJobs())
        self.path = path
    }

    /// The compute capability digits of ``arch`` (`90`, `90a`, `100`), if it is well formed.
    public var archDigits: String? {
        guard arch.hasPrefix("sm_") else { return nil }
        let digits = arch.dropFirst(3)
        guard digits.count >= 2, digits.dropLast(digits.last.map { $0.isLetter ? 1 : 0 } ?? 0).allSatisfy(\.isNumber)
        else { return nil }
        return String(digits)
    }

    /// ``arch`` as a TORCH_CUDA_ARCH_LIST entry with PTX (`9.0+PTX`), for the full path.
    var torchArchList: String? {
        guard let digits = archDigits else { return nil }
        let suffix = digits.last!.isLetter ? String(digits.last!) : ""
        let number = digits.dropLast(suffix.count)
        return "\(number.dropLast()).\(number.last!)\(suffix)+PTX"
    }
}

private func defaultJobs() -> Int { ProcessInfo.processInfo.activeProcessorCount }
