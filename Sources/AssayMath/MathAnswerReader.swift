/// Reads an answer string into a ``MathAnswer``: special words first (yes/no, "no solution",
/// number words), then the LaTeX/plain-text parser; words that are not mathematics make a
/// normalised ``MathAnswer/text(_:)`` answer.
enum MathAnswerReader {
    /// Longest answer that is parsed, in bytes.
    static let maxLength = 16_384

    static func read(_ text: some StringProtocol, allowCommaGrouping: Bool) -> Result<MathAnswer, MathParseError> {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 0x2E || AnswerExtractor.isSpace(last) { bytes.removeLast() }
        var start = 0
        while start < bytes.count, AnswerExtractor.isSpace(bytes[start]) { start += 1 }
        if start > 0 { bytes.removeFirst(start) }
        guard !bytes.isEmpty else {
            return .failure(MathParseError(code: "empty_answer", message: "the answer is empty"))
        }
        guard bytes.count <= maxLength else {
            return .failure(MathParseError(code: "too_long", message: "the answer is longer than \(maxLength) bytes"))
        }
        let hasLetter = bytes.contains { AnswerExtractor.isLetter($0) }
        if hasLetter, let special = TextNormalizer.special(TextNormalizer.normalize(text)) {
            return .success(special)
        }
        do {
            let tokens = try MathLexer.tokenize(bytes, allowCommaGrouping: allowCommaGrouping)
            var parser = MathParser(tokens: tokens, source: bytes)
            return .success(try parser.parseAnswer())
        } catch {
            if error.isTextual {
                let normalized = TextNormalizer.normalize(text)
                if !normalized.isEmpty { return .success(.text(normalized)) }
            }
            return .failure(error)
        }
    }
}
