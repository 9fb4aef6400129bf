/// The sandbox itself could not do its job: an infrastructure failure, never the outcome of the
/// code that was run (that is a ``SandboxResult``, whatever the code did).
public struct SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A machine-readable kind of failure; an open set.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The wire form, in `snake_case`.
        public var rawValue: String
        /// Creates a code from its wire form.
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Isolation was requested but bubblewrap is missing or cannot create a sandbox here.
        public static let isolationUnavailable = Code(rawValue: "isolation_unavailable")
        /// The sandbox or the Python driver failed before the code ran.
        public static let sandboxFailed = Code(rawValue: "sandbox_failed")
        /// The process could not be launched at all.
        public static let launchFailed = Code(rawValue: "launch_failed")
        /// A session's driver broke the request/reply protocol.
        public static let protocolError = Code(rawValue: "protocol_error")
        /// The session is unknown, closed, or already running a call.
        public static let invalidSession = Code(rawValue: "invalid_session")
        /// The session pool was shut down.
        public static let poolClosed = Code(rawValue: "pool_closed")
        /// The calling task was cancelled while waiting for the pool.
        public static let cancelled = Code(rawValue: "cancelled")
        /// A limit or option is out of range.
        public static let invalidArgument = Code(rawValue: "invalid_argument")
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and, where possible, how to fix it.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
