public import AssayCore

/// Why no candidate could be extracted from a model's output.
public struct ExtractionFailure: Error, Sendable, Hashable {
    /// A stable code: `empty_output`, `unfinished_thinking`, `no_model_new`, `incomplete_raw_kernel`.
    public var code: String
    /// Feedback for the model: what is missing and what the answer should look like.
    public var message: String

    /// Creates a failure.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The `format_error` verdict for this failure (reward 0, not passed).
    public var verdict: Verdict {
        Verdict(status: .formatError, passed: false, reward: 0, reasons: [Reason(code: code, message: message)])
    }
}
