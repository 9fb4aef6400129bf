public import AssayCore

/// The result of grading one answer against one gold answer.
public struct MathGrade: Sendable, Hashable {
    /// The verdict: `equal`, `not_equal`, `unparseable`, `timeout` or `invalid`, with reward
    /// 1.0 for `equal` and 0.0 otherwise, and coded reasons.
    public var verdict: Verdict
    /// The final answer that was extracted (before parsing), if any.
    public var extractedAnswer: String?
    /// Where the answer was found (`boxed`, `answer_tag`, `gsm8k`, `final_answer_phrase`,
    /// `whole`), if it was.
    public var answerSource: ExtractedAnswer.Source?
    /// Wall-clock time spent grading this pair, in microseconds.
    public var elapsedMicroseconds: Double

    /// Creates a grade.
    public init(
        verdict: Verdict, extractedAnswer: String?, answerSource: ExtractedAnswer.Source? = nil,
        elapsedMicroseconds: Double
    ) {
        self.verdict = verdict
        self.extractedAnswer = extractedAnswer
        self.answerSource = answerSource
        self.elapsedMicroseconds = elapsedMicroseconds
    }

    /// The first reason's code (`equal_value`, `unit_mismatch`, `empty_box`, ...).
    public var reasonCode: String? { verdict.reasons.first?.code }
}
