import Foundation

/// The JSON launch description of a raw-kernel candidate, as the model writes it.
///
/// ```json
/// {
///   "format": "assay-raw-kernel/1",
///   "inputs": ["x"],
///   "allocate": [{"name": "y", "like": "x"}],
///   "launches": [{"kernel": "relu_kernel", "grid": ["cdiv(numel(x), 256)"], "block": [256],
///                 "args": ["x", "y", "numel(x)"]}],
///   "returns": ["y"]
/// }
/// ```
/// docs/kernels.md describes every field.
public struct RawLaunchDescription: Sendable, Hashable, Decodable {
    /// A number or an expression string.
    public struct Expression: Sendable, Hashable, Decodable {
        /// The expression's text (`256` for the number 256).
        public var text: String

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let n = try? container.decode(Int64.self) {
                text = String(n)
            } else if let d = try? container.decode(Double.self) {
                text = String(d)
            } else {
                text = try container.decode(String.self)
            }
        }
    }

    /// A tensor the launches write into: an output or a scratch buffer.
    public struct Allocation: Sendable, Hashable, Decodable {
        public var name: String
        /// Same shape, dtype and device as this tensor (`empty_like`).
        public var like: String?
        /// Shape expressions (when not `like`).
        public var shape: [Expression]?
        /// `float32` (default: the dtype of the first input tensor), `float64`, `int32`, `int64`, ...
        public var dtype: String?
        /// `empty` (default) or `zeros`.
        public var fill: String?
    }

    /// One kernel launch.
    public struct Launch: Sendable, Hashable, Decodable {
        public var kernel: String
        /// One to three grid dimensions.
        public var grid: [Expression]
        /// One to three block dimensions.
        public var block: [Expression]
        /// Dynamic shared memory in bytes (default 0).
        public var sharedBytes: Expression?
        /// One entry per kernel parameter: a tensor name for pointer parameters, an expression
        /// for scalar parameters.
        public var args: [Expression]
    }

    public var format: String
    /// Names for forward's arguments, in order.
    public var inputs: [String]
    /// Inputs that are Python numbers rather than tensors (a subset of `inputs`).
    public var scalarInputs: [String]?
    /// Parameters and buffers of the reference model (state_dict keys such as `linear.weight`),
    /// bound to names with dots replaced by underscores (`linear_weight`).
    public var parameters: [String]?
    public var allocate: [Allocation]
    public var launches: [Launch]
    /// Names of the tensors forward returns (one: a tensor; several: a tuple).
    public var returns: [String]
    /// Extra nvcc flags (from the same allow-list as extra_cuda_cflags).
    public var nvccFlags: [String]?

    /// Decodes a launch description.
    public static func decode(_ text: String) throws(RawFormatError) -> RawLaunchDescription {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(RawLaunchDescription.self, from: Data(text.utf8))
        } catch let DecodingError.keyNotFound(key, context) {
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            throw RawFormatError(message: "the launch description lacks `\(path)`")
        } catch let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw RawFormatError(message: "the launch description's `\(path)` has the wrong type: \(context.debugDescription)")
        } catch {
            throw RawFormatError(message: "the launch description is not valid JSON: \(error)")
        }
    }
}
