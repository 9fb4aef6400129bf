/// A kernel candidate extracted from a model's output, before any check.
public struct KernelCandidate: Sendable, Hashable {
    /// The two candidate formats.
    public enum Format: String, Sendable, Hashable, Codable {
        /// Python defining `ModelNew`, with CUDA/C++ built by `torch.utils.cpp_extension.load_inline`.
        case inlineExtension = "load_inline"
        /// Assay's raw-kernel format: a CUDA source plus a JSON launch description (docs/kernels.md).
        case rawKernel = "raw_kernel"
    }

    /// Which format the candidate is in.
    public var format: Format
    /// The Python source (`.inlineExtension`) or the CUDA kernel source (`.rawKernel`).
    public var source: String
    /// The JSON launch description (`.rawKernel` only).
    public var launchDescription: String?
    /// Whether the output was cut off inside the chosen code block.
    public var truncated: Bool
    /// How the candidate was found (which block, which rule), for people reading a verdict.
    public var notes: [String]

    /// Creates a candidate.
    public init(
        format: Format, source: String, launchDescription: String? = nil, truncated: Bool = false,
        notes: [String] = []
    ) {
        self.format = format
        self.source = source
        self.launchDescription = launchDescription
        self.truncated = truncated
        self.notes = notes
    }
}
