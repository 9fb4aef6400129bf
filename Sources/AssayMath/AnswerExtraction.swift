/// The final answer found in a completion, or why none could be taken.
public enum AnswerExtraction: Sendable, Hashable {
    /// An answer was found.
    case success(ExtractedAnswer)
    /// No usable answer: `code` is a stable reason code (`empty_box`, `no_answer_found`,
    /// `unterminated_box`, `unterminated_think`, `empty_answer`).
    case failure(code: String, message: String)

    /// The answer, if one was found.
    public var answer: ExtractedAnswer? {
        if case .success(let a) = self { return a }
        return nil
    }
}

/// An answer taken from a completion, with where it was found.
public struct ExtractedAnswer: Sendable, Hashable {
    /// Where in the completion the answer was found.
    public enum Source: String, Sendable, Hashable {
        /// `\boxed{...}` or `\fbox{...}`.
        case boxed
        /// `<answer>...</answer>`.
        case answerTag = "answer_tag"
        /// `#### N`.
        case gsm8k
        /// "The final answer is ...".
        case finalAnswerPhrase = "final_answer_phrase"
        /// The whole (short) text.
        case whole
    }

    /// The answer text as written (without the marker).
    public var text: String
    /// Where it was found.
    public var source: Source

    /// Creates an extracted answer.
    public init(text: String, source: Source) {
        self.text = text
        self.source = source
    }
}
