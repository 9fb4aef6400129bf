/// Normalises answers that are words: LaTeX text commands, braces and `$` dropped, lower case,
/// single spaces, no trailing punctuation. `\text{Monday.}` and `monday` normalise alike.
enum TextNormalizer {
    /// Commands whose name is dropped (their argument stays).
    static let droppedCommands: Set<String> = [
        "text", "textbf", "textit", "textrm", "textsf", "texttt", "textnormal", "mathrm", "mathbf", "mathit",
        "mathsf", "mbox", "emph", "operatorname", "left", "right", "quad", "qquad", "displaystyle", "boxed",
        "textup", "hbox", "underline",
    ]

    static func normalize(_ text: some StringProtocol) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let bytes = Array(text.utf8)
        var i = 0
        var space = false
        func push(_ c: UInt8) {
            if space && !out.isEmpty { out.append(0x20) }
            space = false
            out.append(c)
        }
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x5C {
                var j = i + 1
                while j < bytes.count, AnswerExtractor.isLetter(bytes[j]) { j += 1 }
                if j == i + 1 {
                    // \, \; \  \{ \} \$ ...
                    if j < bytes.count {
                        let d = bytes[j]
                        if d == 0x2C || d == 0x3B || d == 0x20 || d == 0x21 || d == 0x3A {
                            space = true
                        } else if d != 0x7B && d != 0x7D && d != 0x24 {
                            push(d)
                        }
                    }
                    i = j + 1
                    continue
                }
                let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                if !droppedCommands.contains(name) {
                    push(0x5C)
                    for b in bytes[(i + 1)..<j] { push(b) }
                } else {
                    space = true
                }
                i = j
                continue
            }
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D, 0x7E: space = true
            case 0x7B, 0x7D, 0x24: break
            case 0x41...0x5A: push(c | 0x20)
            default: push(c)
            }
            i += 1
        }
        while let last = out.last, [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x20].contains(last) { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// Answers whose normalised text has a fixed meaning.
    static func special(_ normalized: String) -> MathAnswer? {
        switch normalized {
        case "yes", "true": return .boolean(true)
        case "no", "false": return .boolean(false)
        case "no solution", "no solutions", "no real solution", "no real solutions", "none", "dne",
            "does not exist", "no such number", "no real roots", "no roots", "no real root", "no solution exists",
            "there is no solution", "empty set", "the empty set", "nothing":
            return .nothing
        case "all real numbers", "all reals", "all real x", "every real number":
            return .allReals
        default:
            if let n = numberWords[normalized] { return .expression(.number(Rational(n)), unit: nil) }
            return nil
        }
    }

    static let numberWords: [String: Int] = {
        let ones = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        ]
        let tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        var table: [String: Int] = [:]
        for (i, w) in ones.enumerated() { table[w] = i }
        for (i, t) in tens.enumerated() {
            let base = (i + 2) * 10
            table[t] = base
            for k in 1...9 {
                table[t + "-" + ones[k]] = base + k
                table[t + " " + ones[k]] = base + k
            }
        }
        table["one hundred"] = 100
        table["a hundred"] = 100
        table["hundred"] = 100
        return table
    }()
}
