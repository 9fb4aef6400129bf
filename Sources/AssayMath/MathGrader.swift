import AssayCore

/// Grades math answers against gold answers: extraction, parsing, exact equivalence.
///
/// ```swift
/// let grader = MathGrader()
/// let grade = grader.grade(completion: "... so the answer is $\\boxed{\\frac{1}{2}}$.", gold: "0.5")
/// grade.verdict.status   // .equal
/// grade.verdict.reward   // 1.0
/// ```
///
/// Outcomes are verdicts, never thrown errors: `equal` (reward 1), `not_equal`, `unparseable`
/// (no answer found, empty box, answer not readable), `timeout` (the per-pair deadline of
/// ``MathGradingOptions/timeout`` passed) and `invalid` (the gold answer is missing or
/// unreadable). Each verdict has a reason with a stable code. See ``AnswerExtractor`` for how
/// the answer is found and `MathComparer` (documented in the source) for how equivalence is
/// decided.
public struct MathGrader: Sendable {
    /// The grading settings.
    public var options: MathGradingOptions

    /// Creates a grader.
    public init(options: MathGradingOptions = .init()) {
        self.options = options
    }

    /// Grades a whole model completion: the final answer is extracted first.
    public func grade(completion: String, gold: String) -> MathGrade {
        run(completion, gold: gold, mode: .completion)
    }

    /// Checks an answer that is already extracted or written bare (a `\boxed{}` or other
    /// marker in it is still honoured).
    public func check(answer: String, gold: String) -> MathGrade {
        run(answer, gold: gold, mode: .answer)
    }

    // MARK: Implementation

    private struct Decision {
        var verdict: Verdict
        var answer: ExtractedAnswer?
    }

    private func run(_ text: String, gold: String, mode: AnswerExtractor.Mode) -> MathGrade {
        let clock = ContinuousClock()
        let start = clock.now
        var stages: [StageTiming]? = options.recordStages ? [] : nil
        var decision = decide(text, gold: gold, mode: mode, start: start, stages: &stages)
        let elapsed = start.duration(to: clock.now)
        if let stages { decision.verdict.stages = stages }
        return MathGrade(
            verdict: decision.verdict, extractedAnswer: decision.answer?.text, answerSource: decision.answer?.source,
            elapsedMicroseconds: elapsed.inMicroseconds)
    }

    static func verdict(_ status: Verdict.Status, _ code: String, _ message: String) -> Verdict {
        let passed = status == .equal
        return Verdict(status: status, passed: passed, reward: passed ? 1 : 0, reasons: [Reason(code: code, message: message)])
    }

    private func decide(
        _ text: String, gold: String, mode: AnswerExtractor.Mode, start: ContinuousClock.Instant,
        stages: inout [StageTiming]?
    ) -> Decision {
        let clock = ContinuousClock()
        var mark = start
        func stage(_ name: String) {
            guard stages != nil else { return }
            let now = clock.now
            stages!.append(StageTiming(stage: name, duration: mark.duration(to: now)))
            mark = now
        }
        var goldText = MathGrader.trimmed(gold)
        // Some datasets store the gold inside a box (`\boxed{5}`): take its content.
        if goldText.utf8.contains(0x5C), goldText.contains("\\boxed") || goldText.contains("\\fbox"),
            case .success(let inner) = AnswerExtractor.extract(from: goldText, mode: .answer)
        {
            goldText = inner.text
        }
        guard !goldText.isEmpty else {
            return Decision(verdict: MathGrader.verdict(.invalid, "missing_gold", "the gold answer is empty"), answer: nil)
        }
        let deadline = Deadline(instant: start.advanced(by: options.timeout))
        let extracted: ExtractedAnswer
        switch AnswerExtractor.extract(from: text, mode: mode) {
        case .success(let a): extracted = a
        case .failure(let code, let message):
            return Decision(verdict: MathGrader.verdict(.unparseable, code, message), answer: nil)
        }
        stage("extract")
        let answerText = extracted.text
        func done(_ status: Verdict.Status, _ code: String, _ message: String) -> Decision {
            Decision(verdict: MathGrader.verdict(status, code, message), answer: extracted)
        }
        if answerText == goldText {
            return done(.equal, "identical", "the answer is written exactly as the gold")
        }
        if let g = MathGrader.plainInteger(goldText), let a = MathGrader.plainInteger(answerText) {
            return g == a
                ? done(.equal, "equal_value", "the same integer")
                : done(.notEqual, "value_mismatch", "\(a) is not \(g)")
        }
        var goldValueText = goldText
        if let letter = ChoiceReader.goldLetter(goldText) {
            let letters = ChoiceReader.answerLetters(answerText)
            let name = String(UnicodeScalar(letter))
            if letters.count > 1 {
                let all = letters.map { String(UnicodeScalar($0)) }.joined(separator: ", ")
                return done(.notEqual, "hedged_answer", "the answer names several choices (\(all))")
            }
            if let chosen = letters.first {
                if chosen == letter { return done(.equal, "equal_choice", "the same choice (\(name))") }
                return done(.notEqual, "choice_mismatch", "the answer chose (\(String(UnicodeScalar(chosen)))), the gold is (\(name))")
            }
            // No letter in the answer: compare with the choice's value when the gold states it.
            guard let value = ChoiceReader.droppingMarker(goldText) else {
                return done(.notEqual, "choice_expected", "the gold is choice (\(name)) but the answer names no choice letter")
            }
            goldValueText = value
        }
        let goldAnswer: MathAnswer
        switch MathAnswerReader.read(goldValueText, allowCommaGrouping: true) {
        case .success(let g): goldAnswer = g
        case .failure(let e):
            return done(.invalid, "invalid_gold", "the gold answer cannot be parsed: \(e.message)")
        }
        let goldIsList: Bool
        switch goldAnswer {
        case .list, .bracket, .set: goldIsList = true
        default: goldIsList = false
        }
        let answerBody = ChoiceReader.droppingMarker(answerText) ?? answerText
        let answerValue: MathAnswer
        switch MathAnswerReader.read(answerBody, allowCommaGrouping: !goldIsList) {
        case .success(let a): answerValue = a
        case .failure(let e):
            return done(.unparseable, e.code, "the answer cannot be parsed: \(e.message)")
        }
        stage("parse")
        var isText = false
        if case .text = goldAnswer { isText = true }
        if case .text(let words) = answerValue {
            isText = true
            // A completion without any answer marker is prose, not an answer, unless it is a
            // few words at most.
            if extracted.source == .whole && mode == .completion && words.split(separator: " ").count > 3 {
                return Decision(
                    verdict: MathGrader.verdict(
                        .unparseable, "no_answer_found",
                        "no \\boxed{}, <answer>, #### or \"final answer\" marks a final answer"),
                    answer: nil)
            }
        }
        if isText && TextNormalizer.normalize(goldValueText) == TextNormalizer.normalize(answerBody) {
            return done(.equal, "equal_text", "the same words")
        }
        if deadline.isExpired { return done(.timeout, "timeout", "the per-pair deadline passed") }
        let comparer = MathComparer(
            relativeTolerance: options.relativeTolerance, deadline: deadline, seed: SplitMix64.hash(goldValueText))
        let outcome = comparer.compare(goldAnswer, answerValue)
        stage("compare")
        switch outcome.kind {
        case .equal: return done(.equal, outcome.code, outcome.message)
        case .notEqual, .undecided: return done(.notEqual, outcome.code, outcome.message)
        case .timeout: return done(.timeout, outcome.code, outcome.message)
        }
    }

    static func trimmed(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f.isWhitespace { sub.removeFirst() }
        while let l = sub.last, l.isWhitespace { sub.removeLast() }
        return sub.count == s.count ? s : String(sub)
    }

    /// A plain integer (optional sign, at most 18 digits, nothing else).
    static func plainInteger(_ s: String) -> Int64? {
        var utf8 = s.utf8[...]
        var negative = false
        if let f = utf8.first, f == 0x2D || f == 0x2B {
            negative = f == 0x2D
            utf8 = utf8.dropFirst()
        }
        guard !utf8.isEmpty, utf8.count <= 18 else { return nil }
        var v: Int64 = 0
        for c in utf8 {
            guard c &- 0x30 < 10 else { return nil }
            v = v * 10 + Int64(c - 0x30)
        }
        return negative ? -v : v
    }
}
