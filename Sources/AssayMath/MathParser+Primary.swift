extension MathParser {
    // MARK: Tables

    /// Function names, as letters or commands, and the function they denote.
    static let functionNames: [String: MathFunction] = [
        "sin": .sin, "cos": .cos, "tan": .tan, "cot": .cot, "sec": .sec, "csc": .csc, "cosec": .csc,
        "arcsin": .asin, "arccos": .acos, "arctan": .atan, "arccot": .acot, "arcsec": .asec, "arccsc": .acsc,
        "asin": .asin, "acos": .acos, "atan": .atan, "tg": .tan, "ctg": .cot,
        "sinh": .sinh, "cosh": .cosh, "tanh": .tanh,
        "ln": .ln, "log": .log, "lg": .log, "exp": .exp, "sqrt": .root,
        "gcd": .gcd, "lcm": .lcm, "max": .max, "min": .min, "abs": .abs, "floor": .floor, "ceil": .ceil,
    ]

    /// Letter runs that are constants.
    static let letterConstants: Set<String> = ["pi", "e", "inf", "infty", "infinity"]

    /// Short letter runs that are words, not products of variables.
    static let nonVariableWords: Set<String> = [
        "or", "and", "yes", "no", "the", "is", "dne", "not", "are", "all", "any", "for", "cm", "mm", "km", "ft",
        "kg", "mg", "lb", "lbs", "oz", "hr", "hrs", "min", "sec", "mph", "day", "in", "yd", "mi", "ml",
    ]

    static let greekLetters: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
        "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma", "tau", "upsilon", "phi", "varphi", "chi",
        "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi", "Omega",
    ]

    /// Commands that can start a factor multiplied without an operator.
    static let implicitStartCommands: Set<String> = [
        "frac", "dfrac", "tfrac", "cfrac", "sqrt", "pi", "binom", "dbinom", "tbinom", "lfloor", "lceil",
        "langle", "lvert", "infty", "exp", "ln", "log",
    ]

    /// A function name that starts a letter run (`sinx`), with the remainder length allowed.
    static func functionPrefix(of word: String) -> (String, MathFunction)? {
        for length in stride(from: min(6, word.count - 1), through: 2, by: -1) {
            let prefix = String(word.prefix(length))
            if let f = functionNames[prefix], word.count - length <= 2 { return (prefix, f) }
        }
        return nil
    }

    // MARK: Expression builders (with constant folding)

    static func negate(_ e: MathExpression) -> MathExpression { e.negated }

    static func sum(_ terms: [MathExpression]) -> MathExpression {
        if terms.count == 1 { return terms[0] }
        var total = Rational.zero
        var rest: [MathExpression] = []
        for t in terms {
            if case .number(let r) = t { total = total + r } else { rest.append(t) }
        }
        if rest.isEmpty { return .number(total) }
        if !total.isZero { rest.append(.number(total)) }
        return rest.count == 1 ? rest[0] : .sum(rest)
    }

    static func product(_ factors: [MathExpression]) -> MathExpression {
        if factors.count == 1 { return factors[0] }
        var total = Rational.one
        var rest: [MathExpression] = []
        for f in factors {
            switch f {
            case .number(let r): total = total * r
            case .power(.number(let b), .number(let e)) where e == Rational(-1) && !b.isZero:
                total = total * b.reciprocal!
            default: rest.append(f)
            }
        }
        if rest.isEmpty { return .number(total) }
        if total != .one { rest.insert(.number(total), at: 0) }
        return rest.count == 1 ? rest[0] : .product(rest)
    }

    static func reciprocal(_ e: MathExpression) -> MathExpression {
        if case .number(let r) = e, let inverse = r.reciprocal { return .number(inverse) }
        return .power(e, .minusOne)
    }

    static func power(_ base: MathExpression, _ exponent: MathExpression) -> MathExpression {
        if case .number(let b) = base, case .number(let e) = exponent, let n = e.intValue, abs(n) <= 64,
            b.bitSize * abs(n) <= 4096, let value = b.power(n)
        {
            return .number(value)
        }
        return .power(base, exponent)
    }

    // MARK: Primary

    mutating func parsePrimary() throws(MathParseError) -> (MathAnswer, FactorShape) {
        guard let k = current else { throw error("dangling_operator", "the answer ends where a value should be") }
        switch k {
        case .number(let r):
            let plain = tokens[index].isPlainInteger
            advance()
            if isSymbol(0x5F), let numeral = try numeralBase(index: index - 1) {
                return (numeral, .other)
            }
            return (.expression(.number(r), unit: nil), plain ? .integerLiteral : .other)
        case .letters(let w):
            return (try parseLetters(w), .other)
        case .word(let w):
            // Inside a text group that is being read as math.
            if w.count == 1 {
                advance()
                return (letterValue(w), .other)
            }
            throw MathParseError.textual("the word \"\(w)\"")
        case .command(let name):
            return try parseCommand(name)
        case .symbol(0x28), .symbol(0x5B):
            return (try parseBracketed(), .other)
        case .symbol(0x7B):
            advance()
            let items = try parseGroup(closer: .symbol(0x7D), what: "a { group")
            return (items.count == 1 ? items[0] : .list(items, .comma), .other)
        case .symbol(0x7C):
            advance()
            let inner = try parseAdditive()
            guard isSymbol(0x7C) else { throw error("unbalanced_brackets", "an absolute value | is not closed") }
            advance()
            guard let e = inner.plainExpression else { throw error("bad_arithmetic", "|...| of \(inner.kindName)") }
            return (.expression(.function(.abs, [e]), unit: nil), .other)
        case .textOpen:
            return (try parseTextGroup(), .other)
        case .begin(let env):
            return (try parseMatrix(env), .other)
        default:
            throw unexpectedToken()
        }
    }

    func letterValue(_ w: String) -> MathAnswer {
        w == "e" ? .expression(.constant(.e), unit: nil) : .expression(.symbol(w), unit: nil)
    }

    /// `1011_2`: a numeral with a base subscript.
    mutating func numeralBase(index numberIndex: Int) throws(MathParseError) -> MathAnswer? {
        let t = tokens[numberIndex]
        guard t.isPlainInteger else { return nil }
        var j = index + 1
        var base: Int?
        if j < tokens.count, case .number(let b) = tokens[j].kind {
            base = b.intValue
            j += 1
        } else if j + 2 < tokens.count, case .symbol(0x7B) = tokens[j].kind, case .number(let b) = tokens[j + 1].kind,
            case .symbol(0x7D) = tokens[j + 2].kind
        {
            base = b.intValue
            j += 3
        }
        guard let base, (2...36).contains(base) else { return nil }
        let digits = String(decoding: source[t.start..<t.end], as: UTF8.self)
        guard digits.allSatisfy({ ($0.wholeNumberValue ?? 99) < base }) else {
            throw error("bad_number", "\(digits) is not a base-\(base) numeral")
        }
        index = j
        return .numeral(digits: digits, base: base)
    }

    mutating func parseLetters(_ w: String) throws(MathParseError) -> MathAnswer {
        if let f = MathParser.functionNames[w] {
            advance()
            return try parseFunctionApplication(f)
        }
        switch w {
        case "pi":
            advance()
            return .expression(.constant(.pi), unit: nil)
        case "inf", "infty", "infinity":
            advance()
            return .expression(.infinity, unit: nil)
        default: break
        }
        if w.count == 1 {
            advance()
            return try subscripted(w)
        }
        if let (prefix, f) = MathParser.functionPrefix(of: w) {
            let t = tokens[index]
            tokens[index] = MathToken(kind: .letters(String(w.dropFirst(prefix.count))), start: t.start + prefix.count,
                                      end: t.end, spaceBefore: false)
            return try parseFunctionApplication(f)
        }
        if w.count <= 3 && !MathParser.nonVariableWords.contains(w.lowercased()) {
            if w.hasPrefix("pi") {
                let t = tokens[index]
                tokens[index] = MathToken(kind: .letters(String(w.dropFirst(2))), start: t.start + 2, end: t.end,
                                          spaceBefore: false)
                return .expression(.constant(.pi), unit: nil)
            }
            splitFirstLetter()
            let letter = String(w.prefix(1))
            advance()
            return letterValue(letter)
        }
        throw MathParseError.textual("the word \"\(w)\"")
    }

    /// A single-letter variable with an optional subscript (`a_1`, `x_{12}`).
    mutating func subscripted(_ letter: String) throws(MathParseError) -> MathAnswer {
        guard isSymbol(0x5F) else { return letterValue(letter) }
        advance()
        guard index < tokens.count else { throw error("dangling_operator", "the answer ends with _") }
        let start = tokens[index].start
        if isSymbol(0x7B) {
            var depth = 0
            repeat {
                if isSymbol(0x7B) { depth += 1 }
                if isSymbol(0x7D) { depth -= 1 }
                advance()
            } while depth > 0 && index < tokens.count
            guard depth == 0 else { throw error("unbalanced_braces", "a subscript is not closed") }
        } else {
            if case .letters(let w) = current, w.count > 1 { splitFirstLetter() }
            if case .number = current { splitFirstDigit() }
            advance()
        }
        let end = tokens[index - 1].end
        let sub = String(decoding: source[start..<end], as: UTF8.self).filter { $0 != "{" && $0 != "}" && $0 != " " }
        return .expression(.symbol(letter + "_" + sub), unit: nil)
    }

    mutating func parseCommand(_ name: String) throws(MathParseError) -> (MathAnswer, FactorShape) {
        if let f = MathParser.functionNames[name], name != "sqrt" {
            advance()
            return (try parseFunctionApplication(f), .other)
        }
        if MathParser.greekLetters.contains(name) {
            advance()
            return (.expression(.symbol("\\" + name), unit: nil), .other)
        }
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac":
            advance()
            let (a, aInteger) = try texArgument()
            let (b, bInteger) = try texArgument()
            var shape = FactorShape.other
            if aInteger, bInteger, case .number(let n) = a, case .number(let d) = b, n.signum > 0, n < d {
                shape = .properFraction
            }
            if case .number(let n) = a, case .number(let d) = b, let q = n.divided(by: d) {
                return (.expression(.number(q), unit: nil), shape)
            }
            return (.expression(MathParser.product([a, MathParser.reciprocal(b)]), unit: nil), shape)
        case "sqrt":
            advance()
            var rootIndex: MathExpression?
            if isSymbol(0x5B) {
                advance()
                let items = try parseGroup(closer: .symbol(0x5D), what: "a root index")
                rootIndex = try single(items, what: "a root index")
            }
            let (radicand, _) = try texArgument()
            if let rootIndex {
                return (.expression(.function(.root, [rootIndex, radicand]), unit: nil), .other)
            }
            return (.expression(.function(.root, [.number(Rational(2)), radicand]), unit: nil), .other)
        case "pi", "uppi", "varpi":
            advance()
            return (.expression(.constant(.pi), unit: nil), .other)
        case "infty", "infin", "infinity":
            advance()
            return (.expression(.infinity, unit: nil), .other)
        case "binom", "dbinom", "tbinom", "choose":
            advance()
            let (n, _) = try texArgument()
            let (k, _) = try texArgument()
            return (.expression(.function(.binomial, [n, k]), unit: nil), .other)
        case "{", "lbrace":
            advance()
            if isCommand("}") || isCommand("rbrace") {
                advance()
                return (.nothing, .other)
            }
            let (items, _) = try parseList(topLevel: false)
            guard isCommand("}") || isCommand("rbrace") else {
                if isSymbol(0x7C) || isSymbol(0x3A) || isCommand("mid") {
                    throw error("unsupported", "set-builder notation is not supported")
                }
                throw error("unbalanced_brackets", "a set \\{ is not closed")
            }
            advance()
            return (.set(items), .other)
        case "langle":
            advance()
            let (items, _) = try parseList(topLevel: false)
            guard isCommand("rangle") else { throw error("unbalanced_brackets", "\\langle is not closed") }
            advance()
            return (.bracket(open: 0x28, close: 0x29, items), .other)
        case "lvert", "vert", "|":
            advance()
            let inner = try parseAdditive()
            guard isCommand("rvert") || isCommand("vert") || isCommand("|") || isSymbol(0x7C) else {
                throw error("unbalanced_brackets", "an absolute value is not closed")
            }
            advance()
            guard let e = inner.plainExpression else { throw error("bad_arithmetic", "|...| of \(inner.kindName)") }
            return (.expression(.function(.abs, [e]), unit: nil), .other)
        case "lfloor", "lceil":
            advance()
            let inner = try parseAdditive()
            let closer = name == "lfloor" ? "rfloor" : "rceil"
            guard isCommand(closer) else { throw error("unbalanced_brackets", "\\\(name) is not closed") }
            advance()
            guard let e = inner.plainExpression else { throw error("bad_arithmetic", "\\\(name) of \(inner.kindName)") }
            return (.expression(.function(name == "lfloor" ? .floor : .ceil, [e]), unit: nil), .other)
        case "emptyset", "varnothing", "empty", "O":
            advance()
            return (.nothing, .other)
        case "mathbbR":
            advance()
            return (.allReals, .other)
        case "$":
            advance()
            sawCurrency = true
            return try parsePrimary()
        case "ldots", "cdots", "dots", "vdots":
            throw error("unsupported", "an ellipsis (a sequence) cannot be compared")
        case "int", "sum", "prod", "lim", "iint", "oint":
            throw error("unsupported", "\\\(name) is not evaluated")
        default:
            throw error("unknown_command", "unknown command \\\(name)")
        }
    }

    /// A TeX macro argument: `{...}`, one digit of a number (`\frac12`), one letter, or a
    /// command. The flag tells whether it was a plain integer.
    mutating func texArgument() throws(MathParseError) -> (MathExpression, Bool) {
        guard let k = current else { throw error("missing_argument", "a command is missing an argument") }
        switch k {
        case .symbol(0x7B):
            let braceIndex = index
            advance()
            let items = try parseGroup(closer: .symbol(0x7D), what: "a { group")
            let e = try single(items, what: "an argument")
            let plainInteger = index - braceIndex == 3 && tokens[braceIndex + 1].isPlainInteger
            return (e, plainInteger)
        case .number(let r):
            if tokens[index].isPlainInteger && tokens[index].end - tokens[index].start > 1 {
                splitFirstDigit()
                guard case .number(let digit) = current else { return (.number(r), false) }
                advance()
                return (.number(digit), true)
            }
            let plain = tokens[index].isPlainInteger
            advance()
            return (.number(r), plain)
        case .letters(let w):
            if w.count > 1 && w != "pi" { splitFirstLetter() }
            let (a, _) = try parsePrimary()
            return (try single([a], what: "an argument"), false)
        default:
            let (a, _) = try parsePrimary()
            return (try single([a], what: "an argument"), false)
        }
    }

    /// `f x`, `f(x)`, `f^2 x`, `\sin^{-1} x`, `\log_2 8`, `\sqrt x` (plain).
    mutating func parseFunctionApplication(_ function: MathFunction) throws(MathParseError) -> MathAnswer {
        var f = function
        var outerPower: MathExpression?
        var base: MathExpression?
        if isSymbol(0x5E) {
            advance()
            let e = try parseExponent()
            if e == .number(Rational(-1)), let inverse = MathParser.inverse(of: f) {
                f = inverse
            } else {
                outerPower = e
            }
        }
        if f == .log && isSymbol(0x5F) {
            advance()
            if isSymbol(0x7B) {
                advance()
                base = try single(try parseGroup(closer: .symbol(0x7D), what: "a log base"), what: "a log base")
            } else {
                if case .number = current { splitFirstDigit() }
                base = try single([try parsePrimary().0], what: "a log base")
            }
        }
        var args: [MathExpression]
        if isSymbol(0x28) {
            advance()
            let items = try parseGroup(closer: .symbol(0x29), what: "a function's (")
            args = []
            for item in items {
                guard let e = item.plainExpression else { throw error("bad_arithmetic", "a function of \(item.kindName)") }
                args.append(e)
            }
        } else if isSymbol(0x7B) {
            advance()
            args = [try single(try parseGroup(closer: .symbol(0x7D), what: "a { group"), what: "an argument")]
        } else {
            args = [try parseFunctionArgument()]
        }
        var e: MathExpression
        switch f {
        case .log:
            guard args.count == 1 else { throw error("bad_arguments", "log takes one argument") }
            e = .function(.log, [base ?? .number(Rational(10)), args[0]])
        case .root:
            guard args.count == 1 else { throw error("bad_arguments", "sqrt takes one argument") }
            e = .function(.root, [.number(Rational(2)), args[0]])
        case .gcd, .lcm, .max, .min:
            guard !args.isEmpty else { throw error("bad_arguments", "\(f.rawValue) needs arguments") }
            e = .function(f, args)
        default:
            guard args.count == 1 else { throw error("bad_arguments", "\(f.rawValue) takes one argument") }
            e = .function(f, args)
        }
        if let outerPower { e = .power(e, outerPower) }
        return .expression(e, unit: nil)
    }

    static func inverse(of f: MathFunction) -> MathFunction? {
        switch f {
        case .sin: .asin
        case .cos: .acos
        case .tan: .atan
        case .cot: .acot
        case .sec: .asec
        case .csc: .acsc
        default: nil
        }
    }

    /// The argument of a function written without parentheses: `\sin 2x` is `\sin(2x)`,
    /// `\sin x \cos x` is `\sin(x)\cos(x)`.
    mutating func parseFunctionArgument() throws(MathParseError) -> MathExpression {
        let (first, _) = try parseFactor(allowSign: true)
        guard var e = first.plainExpression else { throw error("bad_arithmetic", "a function of \(first.kindName)") }
        var factors = [e]
        while startsImplicitFactor() {
            if case .command(let name) = current, MathParser.functionNames[name] != nil { break }
            if case .letters(let w) = current, MathParser.functionNames[w] != nil || MathParser.functionPrefix(of: w) != nil {
                break
            }
            if isSymbol(0x28) || isSymbol(0x7B) { break }
            let (next, _) = try parseFactor(allowSign: false)
            guard let n = next.plainExpression else { throw error("bad_arithmetic", "a function of \(next.kindName)") }
            factors.append(n)
        }
        e = MathParser.product(factors)
        return e
    }

    // MARK: Brackets, text, matrices

    /// `(a)`, `(a, b)`, `[a, b)`, ...
    mutating func parseBracketed() throws(MathParseError) -> MathAnswer {
        guard case .symbol(let open) = current else { throw unexpectedToken() }
        advance()
        if isSymbol(0x29) || isSymbol(0x5D) {
            throw error("empty_brackets", "empty brackets")
        }
        let (items, _) = try parseList(topLevel: false)
        guard case .symbol(let close) = current, close == 0x29 || close == 0x5D else {
            throw error("unbalanced_brackets", "a bracket is not closed (found \(currentDescription))")
        }
        advance()
        if items.count == 1 {
            guard open == 0x28 && close == 0x29 || open == 0x5B && close == 0x5D else {
                throw error("unbalanced_brackets", "mismatched brackets around one value")
            }
            return items[0]
        }
        return .bracket(open: open, close: close, items)
    }

    /// A text group in a value position: a single letter or function name, math written in
    /// text (`\text{5}`), or words (which make the whole answer text).
    mutating func parseTextGroup() throws(MathParseError) -> MathAnswer {
        let open = index
        var depth = 0
        var close = index
        while close < tokens.count {
            if case .textOpen = tokens[close].kind { depth += 1 }
            if case .textClose = tokens[close].kind {
                depth -= 1
                if depth == 0 { break }
            }
            close += 1
        }
        guard close < tokens.count else { throw error("unbalanced_braces", "a text group is not closed") }
        let inner = Array(tokens[(open + 1)..<close])
        if inner.count == 1, case .word(let w) = inner[0].kind {
            if let f = MathParser.functionNames[w.lowercased()], w.count > 1 {
                index = close + 1
                return try parseFunctionApplication(f)
            }
            if w.count == 1 {
                index = close + 1
                return try subscripted(w)
            }
            if w == "pi" {
                index = close + 1
                return .expression(.constant(.pi), unit: nil)
            }
        }
        let hasWords = inner.contains {
            if case .word(let w) = $0.kind { return w.count > 1 }
            return false
        }
        if hasWords {
            // \text{27 cubic units}: a quantity written inside the text group.
            var sub = MathParser(tokens: inner, source: source)
            sub.nesting = nesting
            if let value = try? sub.parseAnswer(), case .expression(_, _?) = value {
                index = close + 1
                return value
            }
            throw MathParseError.textual("text \(String(decoding: source[tokens[open].start..<tokens[close].end], as: UTF8.self))")
        }
        var sub = MathParser(tokens: inner, source: source)
        sub.nesting = nesting
        let value = try sub.parseAnswer()
        index = close + 1
        return value
    }

    /// `\begin{pmatrix} a & b \\ c & d \end{pmatrix}` and its relatives.
    mutating func parseMatrix(_ env: String) throws(MathParseError) -> MathAnswer {
        let matrixEnvironments: Set<String> = ["pmatrix", "bmatrix", "Bmatrix", "matrix", "smallmatrix", "array"]
        guard matrixEnvironments.contains(env) else {
            throw error("unsupported", "the \(env) environment is not supported")
        }
        advance()
        var rows: [[MathAnswer]] = []
        var row: [MathAnswer] = []
        while true {
            if case .end(let e) = current {
                guard e == env else { throw error("unbalanced_environment", "\\begin{\(env)} ends with \\end{\(e)}") }
                advance()
                if !row.isEmpty { rows.append(row) }
                break
            }
            guard current != nil else { throw error("unbalanced_environment", "\\begin{\(env)} is not closed") }
            row.append(try parseItem())
            if isSymbol(0x26) {
                advance()
            } else if current == .rowSeparator {
                advance()
                rows.append(row)
                row = []
            } else if case .end = current {
                continue
            } else if current == nil {
                throw error("unbalanced_environment", "\\begin{\(env)} is not closed")
            } else {
                throw error("bad_matrix", "unexpected \(currentDescription) in a matrix")
            }
        }
        guard let width = rows.first?.count, width > 0, rows.allSatisfy({ $0.count == width }) else {
            throw error("bad_matrix", "the matrix rows have different lengths")
        }
        return .matrix(rows)
    }
}
