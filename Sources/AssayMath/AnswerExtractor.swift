/// Finds the final answer in a model's completion.
///
/// Order of preference, all searched only after the last `</think>` (a completion with
/// `<think>` but no `</think>` never finished reasoning and has no answer):
///
/// 1. the last `<answer>...</answer>` (R1 format); a `\boxed{}` inside it wins;
/// 2. the last `\boxed{...}` / `\fbox{...}` (nested braces; also `\boxed 5`); boxes that
///    directly precede it, separated only by commas, "and" or "or", join it
///    (`\boxed{1}, \boxed{2}` is the list `1, 2`; with "or" it is a hedge);
/// 3. the last `#### N` (GSM8K);
/// 4. the last "final answer is" / "Final answer:" / "the answer is" (also "the correct answer
///    is") / "answer:" phrase;
/// 5. in ``Mode/answer`` mode, the whole text; in ``Mode/completion`` mode, the whole text only
///    when it is one short line (the completion *is* the answer).
///
/// When the chosen answer is empty or broken (an empty box, an unclosed box) extraction fails:
/// it never falls back to a number found elsewhere in the reasoning.
public enum AnswerExtractor {
    /// What the text is.
    public enum Mode: Sendable {
        /// A whole model completion with reasoning.
        case completion
        /// An answer, already extracted or written bare (markers are still honoured).
        case answer
    }

    /// The longest completion line that is taken as the answer when nothing marks one.
    public static let bareAnswerLimit = 100

    /// Extracts the final answer from `text`.
    public static func extract(from text: String, mode: Mode = .completion) -> AnswerExtraction {
        var copy = text
        return copy.withUTF8 { buffer in extract(buffer, mode: mode) }
    }

    static func extract(_ b: UnsafeBufferPointer<UInt8>, mode: Mode) -> AnswerExtraction {
        var start = 0
        let end = b.count
        if let close = lastIndex(of: "</think>", in: b, from: 0, to: end) {
            start = close + 8
        } else if mode == .completion, firstIndex(of: "<think>", in: b, from: 0, to: end) != nil {
            return .failure(
                code: "unterminated_think",
                message: "the completion opens <think> but never closes it, so it has no final answer")
        }
        if let open = lastIndex(of: "<answer>", in: b, from: start, to: end) {
            let contentStart = open + 8
            let contentEnd = firstIndex(of: "</answer>", in: b, from: contentStart, to: end) ?? end
            if let boxed = boxedAnswer(b, from: contentStart, to: contentEnd) { return boxed }
            if case .success(var phrased)? = finalAnswerPhrase(b, from: contentStart, to: contentEnd) {
                phrased.source = .answerTag
                return .success(phrased)
            }
            let (s, e) = trimAnswer(b, contentStart, contentEnd)
            if s >= e { return .failure(code: "empty_answer", message: "the <answer> tag is empty") }
            return .success(ExtractedAnswer(text: string(b, s, e), source: .answerTag))
        }
        if let boxed = boxedAnswer(b, from: start, to: end) { return boxed }
        if let hashes = lastIndex(of: "####", in: b, from: start, to: end) {
            var lineEnd = hashes + 4
            while lineEnd < end && b[lineEnd] != 0x0A { lineEnd += 1 }
            let (s, e) = trimAnswer(b, hashes + 4, lineEnd)
            if s >= e { return .failure(code: "empty_answer", message: "nothing follows ####") }
            return .success(ExtractedAnswer(text: string(b, s, e), source: .gsm8k))
        }
        if let phrase = finalAnswerPhrase(b, from: start, to: end) { return phrase }
        let (s, e) = trimAnswer(b, start, end)
        if s >= e {
            return .failure(code: "no_answer_found", message: "the completion is empty")
        }
        let isOneShortLine = e - s <= bareAnswerLimit && !(s..<e).contains { b[$0] == 0x0A }
        if mode == .answer || isOneShortLine {
            return .success(ExtractedAnswer(text: string(b, s, e), source: .whole))
        }
        return .failure(
            code: "no_answer_found",
            message: "no \\boxed{}, <answer>, #### or \"final answer\" marks a final answer")
    }

    // MARK: Boxes

    struct Box {
        var start: Int
        var end: Int
        var contentStart: Int
        var contentEnd: Int
    }

    /// The last box (and the boxes that directly precede it) in `from..<to`.
    static func boxedAnswer(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> AnswerExtraction? {
        var boxes: [Box] = []
        var i = from
        var failure: AnswerExtraction?
        while let found = nextBoxCommand(b, from: i, to: to) {
            switch readBox(b, commandStart: found.start, nameEnd: found.end, to: to) {
            case .some(let box):
                boxes.append(box)
                failure = nil
                i = box.end
            case .none:
                failure = .failure(code: "unterminated_box", message: "the last \\boxed{ is never closed")
                i = found.end
            }
        }
        if let failure { return failure }
        guard var last = boxes.popLast() else { return nil }
        // Unwrap \boxed{\boxed{x}}.
        while let inner = nextBoxCommand(b, from: last.contentStart, to: last.contentEnd),
            trim(b, last.contentStart, inner.start).0 == inner.start,
            let innerBox = readBox(b, commandStart: inner.start, nameEnd: inner.end, to: last.contentEnd),
            trim(b, innerBox.end, last.contentEnd).0 == last.contentEnd
        {
            last = innerBox
        }
        var parts = [last]
        var hedged = false
        while let previous = boxes.last, let joiner = connective(b, previous.end, parts[0].start) {
            if joiner == .or { hedged = true }
            parts.insert(previous, at: 0)
            boxes.removeLast()
        }
        var texts: [String] = []
        for part in parts {
            let (s, e) = trim(b, part.contentStart, part.contentEnd)
            if s >= e { return .failure(code: "empty_box", message: "the final \\boxed{} is empty") }
            texts.append(string(b, s, e))
        }
        let text = texts.count == 1 ? texts[0] : texts.joined(separator: hedged ? " \\text{ or } " : ", ")
        return .success(ExtractedAnswer(text: text, source: .boxed))
    }

    /// The next `\boxed` or `\fbox` command at or after `from`.
    static func nextBoxCommand(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> (start: Int, end: Int)? {
        var i = from
        while i < to {
            guard let slash = indexOfByte(0x5C, b, from: i, to: to) else { return nil }
            if matches("\\boxed", b, at: slash, to: to) {
                let e = slash + 6
                if e >= to || !isLetter(b[e]) { return (slash, e) }
            } else if matches("\\fbox", b, at: slash, to: to) {
                let e = slash + 5
                if e >= to || !isLetter(b[e]) { return (slash, e) }
            }
            i = slash + 1
        }
        return nil
    }

    /// Reads the argument of a box command; `nil` when its brace is never closed.
    static func readBox(_ b: UnsafeBufferPointer<UInt8>, commandStart: Int, nameEnd: Int, to: Int) -> Box? {
        var i = nameEnd
        while i < to && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        if i < to && b[i] == 0x7B {
            var depth = 0
            var j = i
            while j < to {
                let c = b[j]
                if c == 0x5C {
                    j += 2
                    continue
                }
                if c == 0x7B { depth += 1 }
                if c == 0x7D {
                    depth -= 1
                    if depth == 0 { return Box(start: commandStart, end: j + 1, contentStart: i + 1, contentEnd: j) }
                }
                j += 1
            }
            return nil
        }
        // \boxed 5: one token up to whitespace or $.
        var j = i
        while j < to, b[j] != 0x20, b[j] != 0x24, b[j] != 0x0A, b[j] != 0x09 { j += 1 }
        return Box(start: commandStart, end: j, contentStart: i, contentEnd: j)
    }

    enum Joiner { case comma, or }

    /// How two boxes are joined when only a separator lies between them (`, `, ` and `, ` or `).
    static func connective(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Joiner? {
        guard from <= to, to - from <= 40 else { return nil }
        var gap = String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self).lowercased()
        for noise in ["$", "\\text{", "\\quad", "\\qquad", "}", "\\(", "\\)", "\\,", "~"] {
            gap = gap.replacingAll(noise, with: " ")
        }
        let words = gap.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        switch words {
        case [], [","], [";"], ["and"], [",", "and"], [", and"], [",and"]: return .comma
        case ["or"], [",", "or"], [", or"], [",or"]: return .or
        default: return nil
        }
    }

    // MARK: Phrases

    static let phrases: [StaticString] = ["final answer is", "final answer:", "answer is", "answer:"]

    /// The text after the last final-answer phrase.
    static func finalAnswerPhrase(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> AnswerExtraction? {
        var best: (position: Int, length: Int)?
        for phrase in phrases {
            if let p = lastIndexIgnoringCase(of: phrase, in: b, from: from, to: to) {
                let length = phrase.utf8CodeUnitCount
                if best == nil || p + length > best!.position + best!.length { best = (p, length) }
            }
        }
        guard let best else { return nil }
        var s = best.position + best.length
        while s < to && (b[s] == 0x20 || b[s] == 0x3A || b[s] == 0x09 || b[s] == 0x2A) { s += 1 }
        var e: Int
        if s < to && b[s] == 0x24 {
            // $...$ or $$...$$
            let doubled = s + 1 < to && b[s + 1] == 0x24
            let contentStart = s + (doubled ? 2 : 1)
            e = indexOfByte(0x24, b, from: contentStart, to: to) ?? to
            let (ts, te) = trimAnswer(b, contentStart, e)
            if ts >= te { return .failure(code: "empty_answer", message: "nothing follows the final-answer phrase") }
            return .success(ExtractedAnswer(text: string(b, ts, te), source: .finalAnswerPhrase))
        }
        if matches("\\(", b, at: s, to: to) || matches("\\[", b, at: s, to: to) {
            let closer: StaticString = b[s + 1] == 0x28 ? "\\)" : "\\]"
            let contentStart = s + 2
            e = firstIndex(of: closer, in: b, from: contentStart, to: to) ?? to
            let (ts, te) = trimAnswer(b, contentStart, e)
            if ts >= te { return .failure(code: "empty_answer", message: "nothing follows the final-answer phrase") }
            return .success(ExtractedAnswer(text: string(b, ts, te), source: .finalAnswerPhrase))
        }
        e = s
        while e < to && b[e] != 0x0A {
            // A sentence ends at ". " or a final "."; a point between digits is a decimal point.
            if b[e] == 0x2E {
                let next = e + 1 < to ? b[e + 1] : 0x20
                if next == 0x20 || next == 0x0A || next == 0x09 || e + 1 == to { break }
            }
            e += 1
        }
        let (ts, te) = trimAnswer(b, s, e)
        if ts >= te { return .failure(code: "empty_answer", message: "nothing follows the final-answer phrase") }
        return .success(ExtractedAnswer(text: string(b, ts, te), source: .finalAnswerPhrase))
    }

    // MARK: Byte helpers

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }

    static func string(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    static func trim(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> (Int, Int) {
        var s = s
        var e = e
        while s < e && isSpace(b[s]) { s += 1 }
        while e > s && isSpace(b[e - 1]) { e -= 1 }
        return (s, e)
    }

    /// Trims whitespace, `$` delimiters, `**` emphasis and a final period.
    static func trimAnswer(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> (Int, Int) {
        var s = s
        var e = e
        while true {
            let before = (s, e)
            (s, e) = trim(b, s, e)
            while s < e && (b[s] == 0x24 || b[s] == 0x2A) { s += 1 }
            while e > s && (b[e - 1] == 0x24 || b[e - 1] == 0x2A || b[e - 1] == 0x2E) { e -= 1 }
            if (s, e) == before { break }
        }
        return (s, e)
    }

    static func indexOfByte(_ c: UInt8, _ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        var i = from
        while i < to {
            if b[i] == c { return i }
            i += 1
        }
        return nil
    }

    static func matches(_ literal: StaticString, _ b: UnsafeBufferPointer<UInt8>, at i: Int, to: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i >= 0, i + n <= to else { return false }
        let p = literal.utf8Start
        for k in 0..<n where b[i + k] != p[k] { return false }
        return true
    }

    static func firstIndex(of literal: StaticString, in b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        let first = literal.utf8Start[0]
        var i = from
        while let p = indexOfByte(first, b, from: i, to: to) {
            if matches(literal, b, at: p, to: to) { return p }
            i = p + 1
        }
        return nil
    }

    static func lastIndex(of literal: StaticString, in b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        let n = literal.utf8CodeUnitCount
        let first = literal.utf8Start[0]
        var i = to - n
        while i >= from {
            if b[i] == first && matches(literal, b, at: i, to: to) { return i }
            i -= 1
        }
        return nil
    }

    static func lastIndexIgnoringCase(of literal: StaticString, in b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        let n = literal.utf8CodeUnitCount
        let p = literal.utf8Start
        var i = to - n
        outer: while i >= from {
            for k in 0..<n {
                var c = b[i + k]
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                if c != p[k] {
                    i -= 1
                    continue outer
                }
            }
            return i
        }
        return nil
    }
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
