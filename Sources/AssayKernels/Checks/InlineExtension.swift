/// One `load_inline(...)` call of a candidate, with its arguments resolved statically.
public struct InlineExtension: Sendable, Hashable, Decodable {
    /// A run of C++/CUDA source and where it sits in the candidate's Python file.
    public struct SourcePiece: Sendable, Hashable, Decodable {
        /// The source text.
        public var text: String
        /// The 1-based Python line where the text starts.
        public var line: Int
        /// Whether every newline of the text is a newline of the Python file (a plain literal),
        /// so that line `k` of the text is Python line `line + k`.
        public var exact: Bool

        /// Creates a piece.
        public init(text: String, line: Int, exact: Bool) {
            self.text = text
            self.line = line
            self.exact = exact
        }
    }

    /// The `name=` argument (the Python module name of the built extension).
    public var name: String?
    /// The Python line of the `load_inline` call.
    public var line: Int
    /// The Python expression the result is bound to (`relu_ext`, `self.ext`), if any.
    public var target: String?
    /// `cpp_sources`, one entry per source string (load_inline joins them with newlines).
    public var cppSources: [[SourcePiece]]
    /// `cuda_sources`, one entry per source string.
    public var cudaSources: [[SourcePiece]]
    /// The functions to bind, in order.
    public var functions: [String]
    public var extraCflags: [String]
    public var extraCudaCflags: [String]
    public var extraLdflags: [String]
    /// The `with_cuda=` argument, if given.
    public var withCuda: Bool?
    /// `no_implicit_headers=True`: load_inline adds no `#include` lines.
    public var noImplicitHeaders: Bool
    /// `with_pytorch_error_handling` (default true).
    public var withPytorchErrorHandling: Bool
    /// Arguments that could not be resolved without running the candidate.
    public var unresolved: [String]

    /// `cpp_sources` as the strings Python passes to load_inline (each one's pieces joined).
    public var cppSourceTexts: [String] { cppSources.map { $0.map(\.text).joined() } }
    /// `cuda_sources` as the strings Python passes to load_inline.
    public var cudaSourceTexts: [String] { cudaSources.map { $0.map(\.text).joined() } }

    /// Creates an extension description (tests and the raw format build these by hand).
    public init(
        name: String?, line: Int, target: String? = nil, cppSources: [[SourcePiece]], cudaSources: [[SourcePiece]],
        functions: [String], extraCflags: [String] = [], extraCudaCflags: [String] = [], extraLdflags: [String] = [],
        withCuda: Bool? = nil, noImplicitHeaders: Bool = false, withPytorchErrorHandling: Bool = true,
        unresolved: [String] = []
    ) {
        self.name = name
        self.line = line
        self.target = target
        self.cppSources = cppSources
        self.cudaSources = cudaSources
        self.functions = functions
        self.extraCflags = extraCflags
        self.extraCudaCflags = extraCudaCflags
        self.extraLdflags = extraLdflags
        self.withCuda = withCuda
        self.noImplicitHeaders = noImplicitHeaders
        self.withPytorchErrorHandling = withPytorchErrorHandling
        self.unresolved = unresolved
    }

    /// Whether load_inline would build a CUDA extension (it does when there are CUDA sources,
    /// unless `with_cuda=False`).
    public var buildsCUDA: Bool { withCuda ?? !cudaSources.isEmpty }
}
