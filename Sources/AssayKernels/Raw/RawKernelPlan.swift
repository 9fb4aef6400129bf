/// A validated raw-kernel candidate: what the GPU worker needs to allocate and launch, with
/// every expression compiled (see ``LaunchExpression``) and every argument typed.
public struct RawKernelPlan: Sendable, Hashable, Codable {
    /// One tensor to allocate before the launches.
    public struct Allocation: Sendable, Hashable, Codable {
        public var name: String
        public var like: String?
        public var shape: [LaunchExpression]?
        public var dtype: String?
        public var fill: String
    }

    /// One argument of a launch.
    public struct Argument: Sendable, Hashable, Codable {
        /// `tensor` (a device pointer) or `scalar`.
        public var kind: String
        /// The C type: the pointee type for tensors, the scalar type otherwise.
        public var ctype: String
        /// The tensor's name (tensors).
        public var tensor: String?
        /// The value (scalars).
        public var value: LaunchExpression?
        /// The torch dtype a tensor argument must have (`any` for `void*`).
        public var dtype: String?
    }

    /// One launch.
    public struct Launch: Sendable, Hashable, Codable {
        public var kernel: String
        public var grid: [LaunchExpression]
        public var block: [LaunchExpression]
        public var sharedBytes: LaunchExpression
        public var args: [Argument]
    }

    /// Always `assay-raw-kernel-plan/1`.
    public var format = "assay-raw-kernel-plan/1"
    public var inputs: [String]
    public var scalarInputs: [String]
    public var parameters: [String]
    public var allocations: [Allocation]
    public var launches: [Launch]
    public var returns: [String]
    public var nvccFlags: [String]

    /// Validates `description` against the kernels of `source`.
    public init(description: RawLaunchDescription, source: String) throws(RawFormatError) {
        guard description.format == CandidateExtractor.rawFormatMarker else {
            throw RawFormatError(message: "`format` must be \"\(CandidateExtractor.rawFormatMarker)\"")
        }
        let kernels = try KernelSignature.parseAll(source)
        guard !kernels.isEmpty else {
            throw RawFormatError(message: "the CUDA source has no `extern \"C\" __global__ void` kernel")
        }
        let byName = Dictionary(kernels.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let scalarInputs = description.scalarInputs ?? []
        for s in scalarInputs where !description.inputs.contains(s) {
            throw RawFormatError(message: "scalar_inputs names `\(s)`, which is not in inputs")
        }
        let parameterNames = (description.parameters ?? []).map { $0.replacingDots() }
        var tensors: [String] = []
        var seen = Set<String>()
        for name in description.inputs + parameterNames + description.allocate.map(\.name) {
            guard name.isIdentifier else { throw RawFormatError(message: "`\(name)` is not a valid name") }
            guard seen.insert(name).inserted else { throw RawFormatError(message: "the name `\(name)` is used twice") }
        }
        tensors = description.inputs.filter { !scalarInputs.contains($0) } + parameterNames
        guard !tensors.isEmpty || description.allocate.allSatisfy({ $0.dtype != nil }) else {
            throw RawFormatError(message: "allocations need a dtype when there is no input tensor")
        }
        let scalars = Set(scalarInputs)
        var allocations: [Allocation] = []
        for a in description.allocate {
            let inScope = Set(tensors)
            if let like = a.like {
                guard inScope.contains(like) else {
                    throw RawFormatError(message: "allocation `\(a.name)`: `like` names `\(like)`, which is not a tensor defined before it")
                }
            } else {
                guard let shape = a.shape, !shape.isEmpty else {
                    throw RawFormatError(message: "allocation `\(a.name)` needs `like` or a non-empty `shape`")
                }
                _ = shape
            }
            let fill = a.fill ?? "empty"
            guard ["empty", "zeros"].contains(fill) else {
                throw RawFormatError(message: "allocation `\(a.name)`: fill must be \"empty\" or \"zeros\"")
            }
            if let dtype = a.dtype, !Set(KernelSignature.pointerTypes.values).contains(dtype) || dtype == "any" {
                throw RawFormatError(message: "allocation `\(a.name)`: unknown dtype `\(dtype)`")
            }
            var shape: [LaunchExpression]?
            if let exprs = a.shape {
                shape = []
                for e in exprs { shape!.append(try LaunchExpression(parsing: e.text, tensors: inScope, scalars: scalars)) }
            }
            allocations.append(Allocation(name: a.name, like: a.like, shape: shape, dtype: a.dtype, fill: fill))
            tensors.append(a.name)
        }
        let tensorSet = Set(tensors)
        guard !description.launches.isEmpty else { throw RawFormatError(message: "`launches` is empty") }
        var launches: [Launch] = []
        for (n, l) in description.launches.enumerated() {
            let label = "launch \(n + 1) (\(l.kernel))"
            guard let signature = byName[l.kernel] else {
                throw RawFormatError(message: "\(label): no `extern \"C\" __global__ void \(l.kernel)(...)` in the source; found \(kernels.map(\.name).joined(separator: ", "))")
            }
            guard (1...3).contains(l.grid.count), (1...3).contains(l.block.count) else {
                throw RawFormatError(message: "\(label): grid and block need one to three dimensions")
            }
            guard l.args.count == signature.parameters.count else {
                throw RawFormatError(message: "\(label): \(l.args.count) args for \(signature.parameters.count) kernel parameters")
            }
            var grid: [LaunchExpression] = []
            for g in l.grid { grid.append(try LaunchExpression(parsing: g.text, tensors: tensorSet, scalars: scalars)) }
            var block: [LaunchExpression] = []
            for b in l.block { block.append(try LaunchExpression(parsing: b.text, tensors: tensorSet, scalars: scalars)) }
            let shared = try LaunchExpression(parsing: l.sharedBytes?.text ?? "0", tensors: tensorSet, scalars: scalars)
            var args: [Argument] = []
            for (p, a) in zip(signature.parameters, l.args) {
                if p.isPointer {
                    guard tensorSet.contains(a.text) else {
                        throw RawFormatError(message: "\(label): parameter `\(p.name)` is a pointer, so its argument must be a tensor name, not `\(a.text)`")
                    }
                    args.append(Argument(kind: "tensor", ctype: p.type, tensor: a.text, value: nil,
                                         dtype: KernelSignature.pointerTypes[p.type]))
                } else {
                    let value = try LaunchExpression(parsing: a.text, tensors: tensorSet, scalars: scalars)
                    if value.program.contains(where: { $0.hasPrefix("f:") }), !["float", "double"].contains(p.type) {
                        throw RawFormatError(message: "\(label): parameter `\(p.name)` is `\(p.type)`, but `\(a.text)` is not an integer")
                    }
                    args.append(Argument(kind: "scalar", ctype: p.type, tensor: nil, value: value, dtype: nil))
                }
            }
            launches.append(Launch(kernel: l.kernel, grid: grid, block: block, sharedBytes: shared, args: args))
        }
        guard !description.returns.isEmpty else { throw RawFormatError(message: "`returns` is empty") }
        for r in description.returns where !tensorSet.contains(r) {
            throw RawFormatError(message: "`returns` names `\(r)`, which is not a tensor")
        }
        self.inputs = description.inputs
        self.scalarInputs = scalarInputs
        self.parameters = description.parameters ?? []
        self.allocations = allocations
        self.launches = launches
        self.returns = description.returns
        self.nvccFlags = description.nvccFlags ?? []
    }
}

extension String {
    fileprivate func replacingDots() -> String { String(map { $0 == "." ? "_" : $0 }) }

    fileprivate var isIdentifier: Bool {
        guard let first, first.isLetter || first == "_" else { return false }
        return allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
