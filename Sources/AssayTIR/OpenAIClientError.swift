/// Why a request to an OpenAI-compatible server failed (after any retries).
public struct OpenAIClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure it was.
    public var code: Code
    /// A message for the user that says what to do.
    public var message: String
    /// The HTTP status, when the server answered.
    public var httpStatus: Int?

    /// Creates an error.
    public init(code: Code, message: String, httpStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String { message }

    /// Failure kinds. Open for extension, matched by value.
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The server could not be reached (refused, DNS, TLS, ...).
        public static let unreachable = Code(rawValue: "unreachable")
        /// The server rejected the credentials (HTTP 401 or 403).
        public static let unauthorized = Code(rawValue: "unauthorized")
        /// The server rejected the request (HTTP 4xx other than 401, 403 and 429).
        public static let rejected = Code(rawValue: "rejected")
        /// The server kept answering 429 or 5xx until the retries ran out.
        public static let unavailable = Code(rawValue: "unavailable")
        /// The request took longer than its timeout on every attempt.
        public static let timedOut = Code(rawValue: "timed_out")
        /// The server's answer was not the JSON it should be.
        public static let badResponse = Code(rawValue: "bad_response")
    }

    /// Whether the whole run should stop (no later request can succeed either).
    public var isFatalForRun: Bool {
        code == .unauthorized || code == .unreachable
    }
}
