/// The result of building one extension (one `load_inline` call, or a raw kernel).
public struct ExtensionBuild: Sendable, Hashable, Codable {
    /// Which build produced (or tried to produce) the library.
    public enum Path: String, Sendable, Hashable, Codable {
        /// The slim torch header and C entry points (no pybind11), loaded by worker/assay_kernels.
        case slim
        /// load_inline itself, in a subprocess (full torch headers and pybind11).
        case full
        /// A raw-kernel candidate built to a cubin.
        case raw
    }

    /// How the build ended.
    public enum Status: String, Sendable, Hashable, Codable {
        case compiled
        case compileError = "compile_error"
        case timeout
        /// The build could not be attempted here (the full path needs torch with CUDA and ninja).
        case unavailable
    }

    /// The extension's name (`name=` of load_inline; `raw_kernel` for raw candidates).
    public var name: String
    public var path: Path
    public var status: Status
    /// The functions bound (load_inline) or kernels launched (raw).
    public var functions: [String]
    /// The build directory in the cache (holds the library and `manifest.json`).
    public var directory: String?
    /// The built file, relative to ``directory``: `<name>.so`, or `kernel.cubin`.
    public var library: String?
    /// The content address of the build.
    public var key: String
    /// Whether the result came from the cache.
    public var cached: Bool
    /// Wall-clock seconds of the build (0 for cache hits).
    public var seconds: Double
    /// Compiler errors mapped to candidate lines and trimmed; empty when compiled.
    public var diagnostics: String
    /// Why the slim path was not used, when the full path built the extension.
    public var fallbackReason: String?
    /// On the slim path: which standard-library headers the slim header included (`all`, or
    /// `selected: ...`; see ``SlimLibrarySelection``), and whether that was a second attempt.
    public var standardLibrary: String? = nil
}
