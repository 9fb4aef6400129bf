/// Multiple-choice letters in their usual written forms: `B`, `(B)`, `\text{(B)}`,
/// `\textbf{(B) }12`, `B) 12`, `Option B`.
enum ChoiceReader {
    /// Letters accepted as choices.
    static let letters: ClosedRange<UInt8> = 0x41...0x4A  // A ... J

    /// The answer with formatting commands, braces, `$` and spaces removed.
    static func stripped(_ text: some StringProtocol) -> [UInt8] {
        let normalized = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < normalized.count {
            let c = normalized[i]
            if c == 0x5C {
                var j = i + 1
                while j < normalized.count, AnswerExtractor.isLetter(normalized[j]) { j += 1 }
                if j == i + 1 { j += 1 }
                i = j
                continue
            }
            if c != 0x7B && c != 0x7D && c != 0x24 && c != 0x20 && c != 0x7E && c != 0x09 && c != 0x0A {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    /// The letter of a gold answer that is a multiple-choice letter, in strict forms only:
    /// `B`, `(B)`, `B)`, `B.`, or `(B)` followed by the option's text.
    static func goldLetter(_ gold: some StringProtocol) -> UInt8? {
        // Cheap rejection: a choice needs a capital letter A-J.
        guard gold.utf8.contains(where: { letters.contains($0) }) else { return nil }
        let s = stripped(gold)
        guard !s.isEmpty else { return nil }
        if s.count == 1, letters.contains(s[0]) { return s[0] }
        if s.count >= 3, s[0] == 0x28, letters.contains(s[1]), s[2] == 0x29 { return s[1] }
        if s.count == 2, letters.contains(s[0]), s[1] == 0x29 || s[1] == 0x2E { return s[0] }
        return nil
    }

    /// The distinct choice letters an answer names (more than one is a hedge).
    static func answerLetters(_ answer: some StringProtocol) -> [UInt8] {
        let s = stripped(answer)
        var found: [UInt8] = []
        var i = 0
        while i + 2 < s.count {
            if s[i] == 0x28, letters.contains(s[i + 1]), s[i + 2] == 0x29 {
                if !found.contains(s[i + 1]) { found.append(s[i + 1]) }
                i += 3
            } else {
                i += 1
            }
        }
        if !found.isEmpty { return found }
        if let first = s.first, letters.contains(first) {
            if s.count == 1 || [0x29, 0x2E, 0x3A].contains(s[1]) { return [first] }
        }
        let lower = String(decoding: s, as: UTF8.self).lowercased()
        for prefix in ["option", "choice", "answer", "answeris"] where lower.hasPrefix(prefix) {
            var rest = s.dropFirst(prefix.count)
            if rest.first == 0x3A { rest = rest.dropFirst() }
            if rest.first == 0x28 { rest = rest.dropFirst() }
            if let letter = rest.first, letters.contains(letter) {
                let after = rest.dropFirst()
                if after.isEmpty || [0x29, 0x2E].contains(after.first!) { return [letter] }
            }
        }
        return []
    }

    /// The answer without a leading choice marker such as `\textbf{(B) }`, when the rest is the
    /// option's value (`\textbf{(B) }12` gives `12`); `nil` when there is no such marker.
    static func droppingMarker(_ answer: String) -> String? {
        let bytes = Array(answer.utf8)
        // Find "(X)" at the start, possibly inside \textbf{...} or \text{...}.
        var i = 0
        var consumedCommand = false
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        if i < bytes.count, bytes[i] == 0x5C {
            var j = i + 1
            while j < bytes.count, AnswerExtractor.isLetter(bytes[j]) { j += 1 }
            let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
            guard ["text", "textbf", "mathrm", "mathbf", "textrm"].contains(name), j < bytes.count, bytes[j] == 0x7B
            else { return nil }
            i = j + 1
            consumedCommand = true
        }
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        guard i + 2 < bytes.count, bytes[i] == 0x28, letters.contains(bytes[i + 1]), bytes[i + 2] == 0x29 else {
            return nil
        }
        i += 3
        var end = bytes.count
        if consumedCommand {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x7E { i += 1 }
            if i < bytes.count, bytes[i] == 0x7D {
                i += 1
            } else {
                // \textbf{(B) 12}: the value is inside the command's braces.
                guard let close = bytes.lastIndex(of: 0x7D), close >= i else { return nil }
                end = close
            }
        }
        let rest = String(decoding: bytes[i..<end], as: UTF8.self)
        return rest.allSatisfy(\.isWhitespace) ? nil : rest
    }
}
