import BigInt

/// Splits an answer (LaTeX or plain text) into ``MathToken``s in one pass over its UTF-8 bytes.
///
/// The lexer does the byte-level work so the parser sees clean tokens:
/// - number literals with their value: decimals, scientific notation (`6.02e23`), repeating
///   decimals (`0.\overline{3}`), and digit grouping (see ``allowCommaGrouping``);
/// - spacing and sizing commands (`\,`, `\quad`, `\left`, `\right`, `$`) are dropped;
/// - text groups (`\text{...}`, `\mathrm{...}`, ...) become `textOpen`, words, `textClose`;
/// - Unicode symbols (`π`, `≤`, `°`, `²`, `−`) become the commands they stand for.
///
/// Digit grouping: `1{,}000`, `1,\!000` and `1\,000` are always one number. A plain comma
/// (`1,000,000`) groups digits only when ``allowCommaGrouping`` is on, outside any bracket, and
/// every group after the first has exactly three digits; otherwise the comma separates items
/// (`(1,000)` is a pair and `1,2` a list).
struct MathLexer {
    let bytes: [UInt8]
    let allowCommaGrouping: Bool
    var tokens: [MathToken] = []
    var pos = 0
    var depth = 0
    var pendingSpace = false
    /// Scratch space for the digits of the number being lexed.
    var digits: [UInt8] = []
    /// Nesting of text groups.
    var textNesting = 0
    /// Longest number literal accepted, in digits.
    static let maxDigits = 5000

    init(bytes: [UInt8], allowCommaGrouping: Bool) {
        self.bytes = bytes
        self.allowCommaGrouping = allowCommaGrouping
        tokens.reserveCapacity(min(bytes.count, 64))
    }

    /// Tokenizes `bytes`.
    static func tokenize(_ bytes: [UInt8], allowCommaGrouping: Bool) throws(MathParseError) -> [MathToken] {
        var lexer = MathLexer(bytes: bytes, allowCommaGrouping: allowCommaGrouping)
        try lexer.lex(until: bytes.count, textMode: false)
        return lexer.tokens
    }

    // MARK: Character classes

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }

    private func byte(_ i: Int) -> UInt8 { i < bytes.count ? bytes[i] : 0 }

    private mutating func emit(_ kind: MathToken.Kind, _ start: Int, _ end: Int, plainInteger: Bool = false) {
        tokens.append(MathToken(kind: kind, start: start, end: end, spaceBefore: pendingSpace, isPlainInteger: plainInteger))
        pendingSpace = false
    }

    // MARK: Main loop

    mutating func lex(until limit: Int, textMode: Bool) throws(MathParseError) {
        while pos < limit {
            let c = bytes[pos]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D, 0x7E, 0x24:  // space, tab, newlines, ~, $
                pendingSpace = true
                pos += 1
            case 0x30...0x39:
                try lexNumber()
            case 0x2E where MathLexer.isDigit(byte(pos + 1)):
                try lexNumber()
            case 0x5C:  // backslash
                try lexCommand(textMode: textMode)
            case _ where MathLexer.isLetter(c):
                lexLetters(textMode: textMode, limit: limit)
            case 0x80...:
                try lexUnicode(textMode: textMode, limit: limit)
            case 0x28, 0x5B, 0x7B:  // ( [ {
                depth += 1
                emit(.symbol(c), pos, pos + 1)
                pos += 1
            case 0x29, 0x5D, 0x7D:  // ) ] }
                depth -= 1
                emit(.symbol(c), pos, pos + 1)
                pos += 1
            default:
                emit(.symbol(c), pos, pos + 1)
                pos += 1
            }
        }
    }

    private mutating func lexLetters(textMode: Bool, limit: Int) {
        let start = pos
        while pos < limit, MathLexer.isLetter(bytes[pos]) || (textMode && bytes[pos] >= 0x80 && unicodeMapping(at: pos) == nil) {
            pos += 1
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        emit(textMode ? .word(text) : .letters(text), start, pos)
    }

    // MARK: Numbers

    private func digitRun(from i: Int) -> Int {
        var j = i
        while j < bytes.count, MathLexer.isDigit(bytes[j]) { j += 1 }
        return j
    }

    /// Whether exactly three digits start at `i` and no further digit follows.
    private func threeDigitGroup(at i: Int) -> Bool {
        digitRun(from: i) == i + 3
    }

    private func matches(_ literal: StaticString, at i: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            for k in 0..<n where bytes[i + k] != buffer[k] { return false }
            return true
        }
    }

    private mutating func lexNumber() throws(MathParseError) {
        let start = pos
        digits.removeAll(keepingCapacity: true)
        var plain = true
        var end = digitRun(from: pos)
        digits.append(contentsOf: bytes[pos..<end])
        pos = end
        // Digit grouping.
        if !digits.isEmpty {
            let firstGroup = digits.count
            while true {
                var next: Int?
                if matches("{,}", at: pos) {
                    next = pos + 3
                } else if matches(",\\!", at: pos) {
                    next = pos + 3
                } else if matches("\\,", at: pos) || matches("\\ ", at: pos) {
                    next = pos + 2
                } else if allowCommaGrouping, depth == 0, firstGroup <= 3, byte(pos) == 0x2C {
                    next = pos + 1
                }
                guard let groupStart = next, threeDigitGroup(at: groupStart) else { break }
                digits.append(contentsOf: bytes[groupStart..<groupStart + 3])
                pos = groupStart + 3
                plain = false
            }
        }
        let integerCount = digits.count
        guard integerCount <= MathLexer.maxDigits else {
            throw MathParseError(code: "number_too_large", message: "a number with more than \(MathLexer.maxDigits) digits")
        }
        // Fraction and repeating part.
        var repeating: [UInt8] = []
        if byte(pos) == 0x2E {
            let afterPoint = pos + 1
            if MathLexer.isDigit(byte(afterPoint)) {
                end = digitRun(from: afterPoint)
                digits.append(contentsOf: bytes[afterPoint..<end])
                pos = end
                plain = false
            }
            if let (r, next) = repeatingGroup(at: digits.count == integerCount ? afterPoint : pos) {
                repeating = r
                pos = next
                plain = false
            } else if digits.isEmpty {
                throw MathParseError(code: "bad_number", message: "a lone decimal point")
            }
        }
        // Scientific notation: e or E, optional sign, digits.
        var exponent = 0
        if byte(pos) == 0x65 || byte(pos) == 0x45 {
            var j = pos + 1
            var negative = false
            if byte(j) == 0x2B || byte(j) == 0x2D {
                negative = byte(j) == 0x2D
                j += 1
            }
            if MathLexer.isDigit(byte(j)) {
                let e = digitRun(from: j)
                guard e - j <= 6 else {
                    throw MathParseError(code: "number_too_large", message: "exponent too large in a number")
                }
                var value = 0
                for k in j..<e { value = value * 10 + Int(bytes[k] - 0x30) }
                guard value <= 10_000 else {
                    throw MathParseError(code: "number_too_large", message: "exponent too large in a number")
                }
                exponent = negative ? -value : value
                pos = e
                plain = false
            }
        }
        guard digits.count + repeating.count <= MathLexer.maxDigits else {
            throw MathParseError(code: "number_too_large", message: "a number with more than \(MathLexer.maxDigits) digits")
        }
        let value = MathLexer.decimalValue(
            digits: digits, fractionCount: digits.count - integerCount, repeating: repeating, exponent: exponent)
        emit(.number(value), start, pos, plainInteger: plain)
    }

    /// `\overline{ddd}` or `\bar{ddd}` at `i`: the digits and the position after the group.
    private func repeatingGroup(at i: Int) -> ([UInt8], Int)? {
        var j: Int
        if matches("\\overline", at: i) {
            j = i + 9
        } else if matches("\\bar", at: i) && !MathLexer.isLetter(byte(i + 4)) {
            j = i + 4
        } else {
            return nil
        }
        while byte(j) == 0x20 { j += 1 }
        if byte(j) == 0x7B {
            let e = digitRun(from: j + 1)
            guard e > j + 1, byte(e) == 0x7D else { return nil }
            return (Array(bytes[(j + 1)..<e]), e + 1)
        }
        if MathLexer.isDigit(byte(j)) { return ([bytes[j]], j + 1) }
        return nil
    }

    /// The exact value of a decimal literal `I.F(R)e±X` (`R` repeating): `digits` holds the
    /// integer digits followed by the `fractionCount` fraction digits.
    static func decimalValue(digits: [UInt8], fractionCount: Int, repeating: [UInt8], exponent: Int) -> Rational {
        // Fast path: at most 18 digits, no repeating part, a small exponent.
        if digits.count <= 18 && repeating.isEmpty && exponent > -19 && exponent < 19 {
            var v: Int64 = 0
            for d in digits { v = v &* 10 &+ Int64(d &- 0x30) }
            let scale = exponent - fractionCount
            if scale >= 0 {
                let (p, o) = v.multipliedReportingOverflow(by: smallPowersOfTen[scale])
                if !o { return Rational(p) }
            } else if scale > -19 {
                return Rational.reducedSmall(v, smallPowersOfTen[-scale])
            }
        }
        let base = integerValue(digits)
        var value: Rational
        if repeating.isEmpty {
            value = Rational(numerator: base, denominator: Rational.powerOfTen(fractionCount))!
        } else {
            let withRepeat = integerValue(digits + repeating)
            let denominator = Rational.powerOfTen(fractionCount) * (Rational.powerOfTen(repeating.count) - 1)
            value = Rational(numerator: withRepeat - base, denominator: denominator)!
        }
        if exponent > 0 {
            value = value * Rational(Rational.powerOfTen(exponent))
        } else if exponent < 0 {
            value = value.divided(by: Rational(Rational.powerOfTen(-exponent)))!
        }
        return value
    }

    /// 10^0 ... 10^18.
    static let smallPowersOfTen: [Int64] = {
        var p: [Int64] = [1]
        for _ in 1...18 { p.append(p.last! * 10) }
        return p
    }()

    /// The exact value of `integer.fraction(repeating)` times 10^exponent.
    static func decimalValue(integer: [UInt8], fraction: [UInt8], repeating: [UInt8], exponent: Int) -> Rational {
        decimalValue(digits: integer + fraction, fractionCount: fraction.count, repeating: repeating, exponent: exponent)
    }

    static func integerValue(_ digits: [UInt8]) -> BigInt {
        if digits.isEmpty { return 0 }
        if digits.count <= 18 {
            var v: Int64 = 0
            for d in digits { v = v * 10 + Int64(d - 0x30) }
            return BigInt(v)
        }
        return BigInt(String(decoding: digits, as: UTF8.self))!
    }

    // MARK: Commands

    /// Commands that only change spacing or sizing.
    static let ignoredCommands: Set<String> = [
        "quad", "qquad", "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
        "biggl", "biggr", "Biggl", "Biggr", "displaystyle", "textstyle", "scriptstyle", "limits",
        "nolimits", "mathstrut", "strut", "middle", "enspace", "thinspace", "negthinspace", "hfill",
        "space", "medspace", "thickspace", "nonumber", "notag", "phantom", "hspace", "vspace", "allowbreak",
    ]

    /// Commands whose braced argument is text (or an upright symbol) rather than math.
    static let textCommands: Set<String> = [
        "text", "textbf", "textit", "textrm", "textsf", "texttt", "textnormal", "textup", "emph", "mbox",
        "hbox", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathnormal", "boldsymbol", "bm", "mathbfit",
        "textsc", "underline", "fbox",
    ]

    private mutating func lexCommand(textMode: Bool) throws(MathParseError) {
        let start = pos
        let c1 = byte(pos + 1)
        if c1 == 0 {
            throw MathParseError(code: "bad_command", message: "a trailing backslash")
        }
        if !MathLexer.isLetter(c1) {
            pos += 2
            switch c1 {
            case 0x5C:  // \\ row separator, with an optional [2pt]
                if byte(pos) == 0x5B, let close = bytes[pos...].firstIndex(of: 0x5D) { pos = close + 1 }
                emit(.rowSeparator, start, pos)
            case 0x2C, 0x3B, 0x3A, 0x20, 0x3E:  // \, \; \: \  \>
                pendingSpace = true
            case 0x21:  // \!
                break
            case 0x7B:
                depth += 1
                emit(.command("{"), start, pos)
            case 0x7D:
                depth -= 1
                emit(.command("}"), start, pos)
            case 0x25:
                emit(.symbol(0x25), start, pos)
            case 0x28, 0x29, 0x5B, 0x5D:  // \( \) \[ \] math delimiters
                pendingSpace = true
            case 0x7C:
                emit(.command("|"), start, pos)
            case 0x23, 0x26, 0x5F:
                emit(.symbol(c1), start, pos)
            default:
                emit(.command(String(UnicodeScalar(c1))), start, pos)
            }
            return
        }
        var j = pos + 1
        while j < bytes.count, MathLexer.isLetter(bytes[j]) { j += 1 }
        let name = String(decoding: bytes[(pos + 1)..<j], as: UTF8.self)
        pos = j
        if byte(pos) == 0x2A { pos += 1 }  // starred forms such as \operatorname*
        if MathLexer.ignoredCommands.contains(name) {
            pendingSpace = true
            if name == "left" || name == "right" || name == "middle" {
                skipSpaces()
                if byte(pos) == 0x2E { pos += 1 }  // \left. and \right.
            } else if name == "hspace" || name == "vspace" || name == "phantom" {
                try skipBraceGroup()
            }
            return
        }
        if MathLexer.textCommands.contains(name) {
            try lexTextGroup(command: name, start: start)
            return
        }
        switch name {
        case "begin", "end":
            let env = try readBraceWord()
            emit(name == "begin" ? .begin(env) : .end(env), start, pos)
            if name == "begin" && env == "array" { skipSpaces(); try skipBraceGroup() }
        case "operatorname":
            let op = try readBraceWord()
            emit(.command(op.lowercased()), start, pos)
        case "mathbb", "mathcal", "Bbb":
            let letter = try readBraceWord()
            emit(.command("mathbb" + letter), start, pos)
        default:
            emit(.command(name), start, pos)
        }
        _ = textMode
    }

    private mutating func skipSpaces() {
        while byte(pos) == 0x20 { pos += 1 }
    }

    /// Reads `{word}` (also a bare letter) after a command.
    private mutating func readBraceWord() throws(MathParseError) -> String {
        skipSpaces()
        if byte(pos) == 0x7B {
            guard let close = matchingBrace(from: pos) else {
                throw MathParseError(code: "unbalanced_braces", message: "a brace group is not closed")
            }
            let word = String(decoding: bytes[(pos + 1)..<close], as: UTF8.self)
                .filter { !$0.isWhitespace && $0 != "*" }
            pos = close + 1
            return word
        }
        if MathLexer.isLetter(byte(pos)) {
            pos += 1
            return String(UnicodeScalar(bytes[pos - 1]))
        }
        throw MathParseError(code: "bad_command", message: "a command is missing its argument")
    }

    private mutating func skipBraceGroup() throws(MathParseError) {
        if byte(pos) == 0x7B {
            guard let close = matchingBrace(from: pos) else {
                throw MathParseError(code: "unbalanced_braces", message: "a brace group is not closed")
            }
            pos = close + 1
        }
    }

    /// The index of the `}` that closes the `{` at `open` (escaped braces skipped).
    func matchingBrace(from open: Int) -> Int? {
        var level = 0
        var i = open
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x5C {
                i += 2
                continue
            }
            if c == 0x7B { level += 1 }
            if c == 0x7D {
                level -= 1
                if level == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    private mutating func lexTextGroup(command: String, start: Int) throws(MathParseError) {
        textNesting += 1
        defer { textNesting -= 1 }
        guard textNesting <= 16 else {
            throw MathParseError(code: "too_deep", message: "text groups nest too deep")
        }
        skipSpaces()
        let contentStart: Int
        let contentEnd: Int
        if byte(pos) == 0x7B {
            guard let close = matchingBrace(from: pos) else {
                throw MathParseError(code: "unbalanced_braces", message: "\\\(command){ is not closed")
            }
            contentStart = pos + 1
            contentEnd = close
        } else if pos < bytes.count, bytes[pos] != 0x5C {
            // A single-character argument, as in \mathrm e.
            contentStart = pos
            contentEnd = pos + 1
        } else {
            throw MathParseError(code: "bad_command", message: "\\\(command) is missing its argument")
        }
        let blank = bytes[contentStart..<contentEnd].allSatisfy { $0 == 0x20 || $0 == 0x7E }
        if blank {
            pendingSpace = true
            pos = contentEnd + (contentEnd < bytes.count && bytes[contentEnd] == 0x7D ? 1 : 0)
            return
        }
        let space = pendingSpace
        emit(.textOpen(command), start, contentStart)
        pendingSpace = space || bytes[contentStart] == 0x20
        pos = contentStart
        let savedDepth = depth
        depth = 0
        try lex(until: contentEnd, textMode: true)
        depth = savedDepth
        pos = contentEnd
        if pos < bytes.count && bytes[pos] == 0x7D { pos += 1 }
        emit(.textClose, contentEnd, pos)
    }

    // MARK: Unicode

    /// The token a non-ASCII character at `i` stands for, with its byte length.
    func unicodeMapping(at i: Int) -> (kind: MathToken.Kind?, length: Int)? {
        let b0 = bytes[i]
        var scalar: UInt32
        var length: Int
        if b0 & 0xE0 == 0xC0 {
            length = 2
            scalar = UInt32(b0 & 0x1F) << 6 | UInt32(byte(i + 1) & 0x3F)
        } else if b0 & 0xF0 == 0xE0 {
            length = 3
            scalar = UInt32(b0 & 0x0F) << 12 | UInt32(byte(i + 1) & 0x3F) << 6 | UInt32(byte(i + 2) & 0x3F)
        } else if b0 & 0xF8 == 0xF0 {
            length = 4
            scalar =
                UInt32(b0 & 0x07) << 18 | UInt32(byte(i + 1) & 0x3F) << 12 | UInt32(byte(i + 2) & 0x3F) << 6
                | UInt32(byte(i + 3) & 0x3F)
        } else {
            return (nil, 1)
        }
        let kind: MathToken.Kind?
        switch scalar {
        case 0xA0, 0x2002...0x200B, 0x202F, 0x205F, 0x3000: kind = nil
        case 0x3C0: kind = .command("pi")
        case 0x221E: kind = .command("infty")
        case 0x221A: kind = .command("sqrt")
        case 0xD7: kind = .command("times")
        case 0xB7, 0x22C5, 0x2219: kind = .command("cdot")
        case 0xF7: kind = .command("div")
        case 0x2212, 0x2013, 0x2014: kind = .symbol(0x2D)
        case 0x2264, 0x2A7D: kind = .command("le")
        case 0x2265, 0x2A7E: kind = .command("ge")
        case 0x2260: kind = .command("ne")
        case 0x2248: kind = .command("approx")
        case 0xB0, 0x2103: kind = .command("degree")
        case 0xB1: kind = .command("pm")
        case 0x2213: kind = .command("mp")
        case 0x2205: kind = .command("emptyset")
        case 0x222A: kind = .command("cup")
        case 0x2229: kind = .command("cap")
        case 0x2208: kind = .command("in")
        case 0x2032: kind = .symbol(0x27)
        case 0x2033: kind = .command("doubleprime")
        case 0xA2: kind = .command("cent")
        case 0x20AC: kind = .command("euro")
        case 0xA3: kind = .command("pound")
        case 0x211D: kind = .command("mathbbR")
        case 0x3B1: kind = .command("alpha")
        case 0x3B2: kind = .command("beta")
        case 0x3B3: kind = .command("gamma")
        case 0x3B4: kind = .command("delta")
        case 0x3B8: kind = .command("theta")
        case 0x3BB: kind = .command("lambda")
        case 0x3BC: kind = .command("mu")
        case 0x3C3: kind = .command("sigma")
        case 0x3C6: kind = .command("phi")
        case 0x3C9: kind = .command("omega")
        case 0xB2, 0xB3, 0xB9: kind = .symbol(0x5E)  // superscript digits, expanded by the caller
        default: return nil
        }
        return (kind, length)
    }

    private mutating func lexUnicode(textMode: Bool, limit: Int) throws(MathParseError) {
        guard let (kind, length) = unicodeMapping(at: pos) else {
            // An unmapped character: part of a word.
            let start = pos
            while pos < limit, bytes[pos] >= 0x80 || MathLexer.isLetter(bytes[pos]) {
                if bytes[pos] >= 0x80, unicodeMapping(at: pos) != nil { break }
                pos += 1
            }
            let text = String(decoding: bytes[start..<pos], as: UTF8.self)
            emit(textMode ? .word(text) : .letters(text), start, pos)
            return
        }
        let start = pos
        pos += length
        guard let kind else {
            pendingSpace = true
            return
        }
        if case .symbol(0x5E) = kind {
            // ² ³ ¹ -> ^ followed by the digit.
            let digit: Int = bytes[start + 1] == 0xB2 ? 2 : (bytes[start + 1] == 0xB3 ? 3 : 1)
            emit(.symbol(0x5E), start, pos)
            emit(.number(Rational(digit)), start, pos, plainInteger: false)
            return
        }
        emit(kind, start, pos)
    }
}
