/// What the static checks learned about a KernelBench problem file.
public struct ProblemInfo: Sendable, Hashable, Decodable {
    /// Top-level classes of the problem (`Model`, helpers).
    public var classes: [String]
    /// How many arguments `get_inputs()` passes to forward, when it can be read off the file.
    public var forwardArity: Int?
    /// How many arguments `get_init_inputs()` passes to `__init__`, when it can be read off.
    public var initArity: Int?
    /// Whether the problem is float32 (no half, bf16 or fp8 anywhere in it).
    public var fp32: Bool
    /// Torch ops the problem allows candidates to keep (`# assay: allow-torch-ops conv2d`).
    public var allowedOps: [String]
}
