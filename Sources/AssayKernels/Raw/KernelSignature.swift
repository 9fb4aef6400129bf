import Foundation

/// The parameter list of an `extern "C" __global__` kernel, read from CUDA source.
public struct KernelSignature: Sendable, Hashable, Codable {
    /// One kernel parameter.
    public struct Parameter: Sendable, Hashable, Codable {
        /// The parameter's name (may be empty).
        public var name: String
        /// For pointers, the pointee type (`float`); for scalars, the type (`int64_t`).
        public var type: String
        /// Whether the parameter is a pointer (it takes a tensor).
        public var isPointer: Bool
    }

    /// The kernel's name.
    public var name: String
    /// Its parameters, in order.
    public var parameters: [Parameter]

    /// Scalar parameter types the raw-kernel launcher can pass, with their byte sizes.
    public static let scalarTypes: [String: Int] = [
        "int": 4, "int32_t": 4, "unsigned": 4, "unsigned int": 4, "uint32_t": 4, "long": 8, "long long": 8,
        "int64_t": 8, "unsigned long": 8, "unsigned long long": 8, "uint64_t": 8, "size_t": 8,
        "float": 4, "double": 8, "bool": 1,
    ]

    /// Pointee types a tensor argument may have, with the torch dtype each needs.
    public static let pointerTypes: [String: String] = [
        "float": "float32", "double": "float64", "int": "int32", "int32_t": "int32", "int64_t": "int64",
        "long long": "int64", "long": "int64", "uint8_t": "uint8", "unsigned char": "uint8", "int8_t": "int8",
        "char": "int8", "bool": "bool", "__half": "float16", "half": "float16", "__nv_bfloat16": "bfloat16",
        "int16_t": "int16", "short": "int16", "void": "any",
    ]

    /// Every `extern "C" __global__` kernel in `source`.
    public static func parseAll(_ source: String) throws(RawFormatError) -> [KernelSignature] {
        let code = SourceTokens.removingComments(source)
        var result: [KernelSignature] = []
        var searchStart = code.startIndex
        while let marker = code.range(of: "__global__", range: searchStart..<code.endIndex) {
            searchStart = marker.upperBound
            // `extern "C"` must come right before (possibly with __launch_bounds__ between).
            let before = code[code.startIndex..<marker.lowerBound].suffix(64)
            guard before.replacingOccurrences(of: " ", with: "").hasSuffix("extern\"C\"") else { continue }
            var rest = code[marker.upperBound...].drop { $0.isWhitespace }
            if rest.hasPrefix("__launch_bounds__") {
                guard let close = rest.firstIndex(of: ")") else { continue }
                rest = rest[rest.index(after: close)...].drop { $0.isWhitespace }
            }
            guard rest.hasPrefix("void") else {
                throw RawFormatError(message: "a __global__ kernel must return void")
            }
            rest = rest.dropFirst(4).drop { $0.isWhitespace }
            if rest.hasPrefix("__launch_bounds__") {
                guard let close = rest.firstIndex(of: ")") else { continue }
                rest = rest[rest.index(after: close)...].drop { $0.isWhitespace }
            }
            let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            rest = rest.dropFirst(name.count).drop { $0.isWhitespace }
            guard !name.isEmpty, rest.first == "(", let close = rest.firstIndex(of: ")") else { continue }
            let list = rest[rest.index(after: rest.startIndex)..<close]
            var parameters: [Parameter] = []
            for raw in list.split(separator: ",") {
                let text = raw.trimmingWhitespace()
                if text.isEmpty || text == "void" { continue }
                parameters.append(try parameter(String(text), kernel: name))
            }
            result.append(KernelSignature(name: name, parameters: parameters))
        }
        return result
    }

    private static func parameter(_ text: String, kernel: String) throws(RawFormatError) -> Parameter {
        if text.contains("&") || text.contains("[") || text.contains("<") {
            throw RawFormatError(message: "kernel \(kernel): parameter `\(text)` must be a plain pointer or scalar")
        }
        let pointerDepth = text.filter { $0 == "*" }.count
        let words = text.replacingOccurrences(of: "*", with: " * ").split(separator: " ").map(String.init)
            .filter { !["const", "__restrict__", "__restrict", "restrict", "volatile", "*"].contains($0) }
        guard words.count >= 1 else {
            throw RawFormatError(message: "kernel \(kernel): cannot read parameter `\(text)`")
        }
        let hasName = words.count >= 2 && !["int", "long", "unsigned", "char", "short"].contains(words.last!)
        let name = hasName ? words.last! : ""
        let type = (hasName ? words.dropLast() : words[...]).joined(separator: " ")
        if pointerDepth > 1 {
            throw RawFormatError(message: "kernel \(kernel): parameter `\(text)` is a pointer to a pointer")
        }
        if pointerDepth == 1 {
            guard pointerTypes[type] != nil else {
                throw RawFormatError(message: "kernel \(kernel): pointer parameter `\(text)` has element type `\(type)`; use \(pointerTypes.keys.sorted().joined(separator: ", "))")
            }
            return Parameter(name: name, type: type, isPointer: true)
        }
        guard scalarTypes[type] != nil else {
            throw RawFormatError(message: "kernel \(kernel): scalar parameter `\(text)` has type `\(type)`; use \(scalarTypes.keys.sorted().joined(separator: ", "))")
        }
        return Parameter(name: name, type: type, isPointer: false)
    }
}
