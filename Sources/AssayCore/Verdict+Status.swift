extension Verdict {
    /// A verdict's status code.
    ///
    /// Statuses are an open set of strings so that every domain can add its own (math adds
    /// `equal` and `not_equal`, kernels add `compile_error`, ...) without touching this module.
    /// The statuses that several domains share are declared here.
    public struct Status: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible,
        ExpressibleByStringLiteral
    {
        /// The wire form of the status, in `snake_case`.
        public var rawValue: String

        /// Creates a status from its wire form.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Creates a status from a string literal.
        public init(stringLiteral value: String) { self.rawValue = value }

        /// Creates a status by decoding a single string.
        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        /// Encodes the status as a single string.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        public var description: String { rawValue }

        /// The input record itself was malformed; nothing was checked.
        public static let invalid: Status = "invalid"
        /// The check ran out of its time budget before it could decide.
        public static let timeout: Status = "timeout"
        /// The candidate's answer could not be found or parsed.
        public static let unparseable: Status = "unparseable"
        /// The candidate's output is not in the expected format.
        public static let formatError: Status = "format_error"
        /// The checker itself failed (an infrastructure error, not the candidate's fault).
        public static let internalError: Status = "internal_error"
    }
}
