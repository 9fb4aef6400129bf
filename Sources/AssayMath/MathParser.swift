/// A recursive-descent parser from ``MathToken``s to a ``MathAnswer``.
///
/// Grammar, loosest binding first:
///
///     list      := item ((',' | ';' | 'or' | 'and') item)*
///     item      := quantity (relop quantity)*           -- =, <, \le, \ne, \in ...
///     quantity  := ['\$'] union [unit]
///     union     := additive ('\cup' additive)*
///     additive  := [sign] term ((+ | - | \pm) term)*
///     term      := factor ((* | / | \cdot | \times | \div | implicit) factor)*
///     factor    := [sign] primary postfix* ('^' exponent)*
///
/// Notes on choices made:
/// - `2^10` is `2^{10}` (the plain-text reading), `\frac12` is `\frac{1}{2}` (TeX's reading);
/// - `2\frac{1}{2}` and `2 1/2` are mixed numbers (5/2), not products;
/// - two numbers in a row (`2 3`) are an error, not a product;
/// - a run of 2-3 letters is a product of variables (`xy`), a longer run is a word;
/// - `(a, b)` and `[a, b)` are kept as brackets; whether they are points or intervals is
///   decided by the comparison, which knows the other side.
struct MathParser {
    var tokens: [MathToken]
    var index = 0
    let source: [UInt8]
    /// Set when a currency sign was read inside the current quantity.
    var sawCurrency = false
    /// Current nesting of groups and signs, bounded by ``maxNesting``.
    var nesting = 0
    /// Deepest nesting accepted; deeper input is rejected instead of exhausting the stack.
    static let maxNesting = 64

    /// Enters one level of nesting; throws when the input nests too deep.
    mutating func enter() throws(MathParseError) {
        nesting += 1
        if nesting > MathParser.maxNesting {
            throw MathParseError(code: "too_deep", message: "the answer nests more than \(MathParser.maxNesting) levels deep")
        }
    }

    init(tokens: [MathToken], source: [UInt8]) {
        self.tokens = tokens
        self.source = source
    }

    /// What the last factor was, for mixed numbers.
    enum FactorShape {
        case other
        case integerLiteral
        case properFraction
    }

    // MARK: Token access

    var current: MathToken.Kind? { index < tokens.count ? tokens[index].kind : nil }

    func kind(at offset: Int) -> MathToken.Kind? {
        index + offset < tokens.count ? tokens[index + offset].kind : nil
    }

    mutating func advance() { index += 1 }

    func isSymbol(_ c: UInt8, at offset: Int = 0) -> Bool {
        if case .symbol(let s) = kind(at: offset) { return s == c }
        return false
    }

    func isCommand(_ name: String, at offset: Int = 0) -> Bool {
        if case .command(let s) = kind(at: offset) { return s == name }
        return false
    }

    func error(_ code: String, _ message: String) -> MathParseError {
        MathParseError(code: code, message: message)
    }

    /// A description of the current token for messages.
    var currentDescription: String {
        guard index < tokens.count else { return "the end" }
        let t = tokens[index]
        let text = String(decoding: source[t.start..<min(t.end, source.count)], as: UTF8.self)
        return "\"\(text)\""
    }

    // MARK: Entry

    /// Parses the whole token stream as one answer.
    mutating func parseAnswer() throws(MathParseError) -> MathAnswer {
        guard !tokens.isEmpty else { throw error("empty_answer", "the answer is empty") }
        let (items, connective) = try parseList(topLevel: true)
        if index < tokens.count {
            throw unexpectedToken()
        }
        return items.count == 1 ? items[0] : .list(items, connective)
    }

    func unexpectedToken() -> MathParseError {
        if let kind = current {
            switch kind {
            case .letters(let w) where w.count > 1: return .textual("unexpected word \(currentDescription)")
            case .word: return .textual("unexpected word \(currentDescription)")
            case .textOpen: return .textual("unexpected text \(currentDescription)")
            case .symbol(0x7D), .symbol(0x29), .symbol(0x5D):
                return error("unbalanced_brackets", "unbalanced bracket \(currentDescription)")
            default: break
            }
        }
        return error("unexpected_token", "unexpected \(currentDescription)")
    }

    // MARK: Lists

    /// A connective word at the current position (`or`, `and`, `\text{ or }`), with the number
    /// of tokens it spans.
    func connectiveAhead() -> (MathAnswer.Connective, Int)? {
        func connective(_ w: String) -> MathAnswer.Connective? {
            switch w.lowercased() {
            case "or": .or
            case "and": .and
            default: nil
            }
        }
        switch current {
        case .letters(let w):
            if let c = connective(w) { return (c, 1) }
        case .command("lor"), .command("vee"):
            return (.or, 1)
        case .textOpen:
            // \text{ or }, \text{, or }, \text{and}
            var i = 1
            var found: MathAnswer.Connective?
            while let k = kind(at: i) {
                switch k {
                case .word(let w):
                    guard found == nil, let c = connective(w) else { return nil }
                    found = c
                case .symbol(0x2C): break
                case .textClose:
                    if let found { return (found, i + 1) }
                    return nil
                default: return nil
                }
                i += 1
            }
        default: break
        }
        return nil
    }

    /// Items separated by commas, semicolons or connectives, up to a closer or the end.
    mutating func parseList(topLevel: Bool) throws(MathParseError) -> ([MathAnswer], MathAnswer.Connective) {
        try enter()
        defer { nesting -= 1 }
        var items: [MathAnswer] = []
        var connective = MathAnswer.Connective.comma
        while true {
            items.append(try parseItem())
            var separated = false
            if isSymbol(0x2C) || isSymbol(0x3B) {
                advance()
                separated = true
            }
            if let (c, length) = connectiveAhead() {
                index += length
                if c == .or || connective == .comma { connective = c }
                separated = true
            }
            if !separated { break }
            if current == nil { throw error("dangling_separator", "the answer ends with a separator") }
        }
        _ = topLevel
        return (items, connective)
    }

    /// Parses a list that must end with the symbol `closer` (consumed).
    mutating func parseGroup(closer: MathToken.Kind, what: String) throws(MathParseError) -> [MathAnswer] {
        let (items, _) = try parseList(topLevel: false)
        guard current == closer else {
            throw error("unbalanced_brackets", "\(what) is not closed (found \(currentDescription))")
        }
        advance()
        return items
    }

    // MARK: Relations

    func relationOperator() -> (RelationOperator?, isMembership: Bool, length: Int)? {
        switch current {
        case .symbol(0x3D):
            return (.equal, false, isSymbol(0x3D, at: 1) ? 2 : 1)
        case .symbol(0x3C):
            return isSymbol(0x3D, at: 1) ? (.lessEqual, false, 2) : (.less, false, 1)
        case .symbol(0x3E):
            return isSymbol(0x3D, at: 1) ? (.greaterEqual, false, 2) : (.greater, false, 1)
        case .symbol(0x21) where isSymbol(0x3D, at: 1):
            return (.notEqual, false, 2)
        case .command(let name):
            switch name {
            case "le", "leq", "leqslant", "leqq": return (.lessEqual, false, 1)
            case "ge", "geq", "geqslant", "geqq": return (.greaterEqual, false, 1)
            case "lt": return (.less, false, 1)
            case "gt": return (.greater, false, 1)
            case "ne", "neq": return (.notEqual, false, 1)
            case "approx", "equiv", "simeq", "cong": return (.equal, false, 1)
            case "in": return (nil, true, 1)
            default: return nil
            }
        default: return nil
        }
    }

    mutating func parseItem() throws(MathParseError) -> MathAnswer {
        let startToken = index
        let first = try parseQuantity()
        guard let (firstOp, isMembership, firstLength) = relationOperator() else { return first }
        let nameEnd = index
        index += firstLength
        if isMembership {
            guard let name = nameText(from: startToken, to: nameEnd) else {
                throw error("bad_relation", "\\in needs a variable on its left")
            }
            return .membership(name: name, set: try parseQuantity())
        }
        var terms = [first]
        var ops: [RelationOperator] = [firstOp!]
        terms.append(try parseQuantity())
        while let (op, member, length) = relationOperator() {
            guard let op, !member else { throw error("bad_relation", "\\in inside a chain of relations") }
            index += length
            ops.append(op)
            terms.append(try parseQuantity())
        }
        if ops == [.equal], let name = nameText(from: startToken, to: nameEnd) {
            return .assignment(name: name, value: terms[1])
        }
        // (x, y) = (2, 3): named coordinates.
        if ops == [.equal], case .bracket(_, _, let names) = terms[0],
            names.allSatisfy({ if case .expression(.symbol, nil) = $0 { return true } else { return false } })
        {
            let text = String(decoding: source[tokens[startToken].start..<tokens[nameEnd - 1].end], as: UTF8.self)
            return .assignment(name: text.filter { !$0.isWhitespace }, value: terms[1])
        }
        var expressions: [MathExpression] = []
        for term in terms {
            guard let e = term.plainExpression else {
                throw error("bad_relation", "a relation between \(term.kindName)s is not supported")
            }
            expressions.append(e)
        }
        return .relation(expressions, ops)
    }

    /// The text of tokens `from..<to` when it is just a name: a letter or Greek command,
    /// an optional subscript and optional arguments (`x`, `a_1`, `f(x)`, `P(x, y)`).
    func nameText(from: Int, to: Int) -> String? {
        guard from < to, to <= tokens.count else { return nil }
        var i = from
        switch tokens[i].kind {
        case .letters(let w) where w.count == 1: break
        case .command(let c) where MathParser.greekLetters.contains(c): break
        default: return nil
        }
        i += 1
        func symbolAt(_ j: Int, _ c: UInt8) -> Bool {
            if j < to, case .symbol(let s) = tokens[j].kind { return s == c }
            return false
        }
        if symbolAt(i, 0x5F) {
            // Subscript: one token or a braced group of simple tokens.
            i += 1
            if symbolAt(i, 0x7B) {
                i += 1
                while i < to, !symbolAt(i, 0x7D) { i += 1 }
                guard symbolAt(i, 0x7D) else { return nil }
                i += 1
            } else {
                guard i < to else { return nil }
                i += 1
            }
        }
        // Primes and an inverse mark: f'(x), f''(x), f^{-1}(x), f^{\prime}(x).
        while symbolAt(i, 0x27) { i += 1 }
        if symbolAt(i, 0x5E) {
            func isMinusOne(_ j: Int) -> Bool {
                guard symbolAt(j, 0x2D), j + 1 < to, case .number(let r) = tokens[j + 1].kind else { return false }
                return r == .one
            }
            func isPrime(_ j: Int) -> Bool {
                if j < to, case .command("prime") = tokens[j].kind { return true }
                return false
            }
            if isMinusOne(i + 1) {
                i += 3
            } else if symbolAt(i + 1, 0x7B), isMinusOne(i + 2), symbolAt(i + 4, 0x7D) {
                i += 5
            } else if isPrime(i + 1) {
                i += 2
            } else if symbolAt(i + 1, 0x7B), isPrime(i + 2), symbolAt(i + 3, 0x7D) {
                i += 4
            } else {
                return nil
            }
        }
        if symbolAt(i, 0x28) {
            i += 1
            while i < to, !symbolAt(i, 0x29) {
                switch tokens[i].kind {
                case .letters, .symbol(0x2C), .command: i += 1
                default: return nil
                }
            }
            guard symbolAt(i, 0x29) else { return nil }
            i += 1
        }
        guard i == to else { return nil }
        let text = String(decoding: source[tokens[from].start..<tokens[to - 1].end], as: UTF8.self)
        return text.filter { !$0.isWhitespace }
    }

    // MARK: Quantities and units

    mutating func parseQuantity() throws(MathParseError) -> MathAnswer {
        let outerCurrency = sawCurrency
        sawCurrency = false
        defer { sawCurrency = outerCurrency }
        var node = try parseUnion()
        if case .expression(.function(.degrees, let args), nil) = node {
            node = .expression(args[0], unit: .degree)
        }
        let trailing = try parseTrailingUnit()
        var unit: MathUnit?
        if case .expression(_, let u) = node { unit = u }
        if let trailing {
            if let unit, unit != trailing, !(unit == .degree && trailing.dimension == "angle") {
                throw error("bad_unit", "two different units on one quantity")
            }
            unit = trailing
        }
        if sawCurrency {
            if let unit, unit.dimension != "money" {
                throw error("bad_unit", "a currency sign together with \(unit.name)")
            }
            unit = unit ?? .dollar
        }
        if let unit {
            guard case .expression(let e, _) = node else {
                throw error("bad_unit", "a unit on \(node.kindName)")
            }
            node = .expression(e, unit: unit)
        }
        return node
    }

    /// Unit words, `%`, `°` after a quantity; `nil` (and nothing consumed) when there are none.
    mutating func parseTrailingUnit() throws(MathParseError) -> MathUnit? {
        var words: [String] = []
        var power = 1
        var percent = false
        var degree = false
        loop: while let k = current {
            switch k {
            case .symbol(0x25):
                percent = true
                advance()
            case .command("degree"), .command("circ"):
                degree = true
                advance()
            case .command("cent"):
                words.append("cent")
                advance()
            case .letters(let w) where w.count > 1:
                if connectiveAhead() != nil || MathParser.functionNames[w] != nil || w == "pi" { break loop }
                words.append(w)
                advance()
            case .word(let w):
                if connectiveAhead() != nil || w.count == 1 && words.isEmpty && !MathUnit.isKnown(w) { break loop }
                words.append(w)
                advance()
            case .textOpen:
                if connectiveAhead() != nil { break loop }
                guard let group = textGroupWords() else { break loop }
                words.append(contentsOf: group.words)
                index = group.end
            case .symbol(0x5E) where !words.isEmpty:
                // cm^2, \text{cm}^{2}
                if case .number(let r) = kind(at: 1), let n = r.intValue {
                    power = n
                    index += 2
                } else if isSymbol(0x7B, at: 1), case .number(let r) = kind(at: 2), let n = r.intValue,
                    isSymbol(0x7D, at: 3)
                {
                    power = n
                    index += 4
                } else {
                    break loop
                }
            case .symbol(0x2F) where !words.isEmpty:
                // km/h, m/s
                if case .letters(let w) = kind(at: 1) {
                    words[words.count - 1] += "/" + w
                    index += 2
                } else {
                    break loop
                }
            default:
                break loop
            }
        }
        if percent && words.isEmpty && !degree { return .percent }
        if degree && words.isEmpty && !percent { return .degree }
        if words.isEmpty { return nil }
        if percent || degree { throw error("bad_unit", "a unit word together with % or °") }
        return MathUnit.from(words: words, power: power)
    }

    /// The words of the text group at the current position, if it holds only words (and
    /// slashes/dots between them), with the index after its close.
    func textGroupWords() -> (words: [String], end: Int)? {
        guard case .textOpen = current else { return nil }
        var i = index + 1
        var words: [String] = []
        while i < tokens.count {
            switch tokens[i].kind {
            case .word(let w): words.append(w)
            case .symbol(0x2E): break
            case .symbol(0x2F):
                if !words.isEmpty, i + 1 < tokens.count, case .word(let w) = tokens[i + 1].kind {
                    words[words.count - 1] += "/" + w
                    i += 1
                } else {
                    return nil
                }
            case .textClose: return words.isEmpty ? nil : (words, i + 1)
            default: return nil
            }
            i += 1
        }
        return nil
    }

    // MARK: Unions and sums

    mutating func parseUnion() throws(MathParseError) -> MathAnswer {
        let first = try parseAdditive()
        guard isCommand("cup") else { return first }
        var parts = [first]
        while isCommand("cup") {
            advance()
            parts.append(try parseAdditive())
        }
        return .union(parts)
    }

    enum AdditiveSign { case plus, minus, plusMinus }

    func additiveSign() -> AdditiveSign? {
        switch current {
        case .symbol(0x2B): .plus
        case .symbol(0x2D): .minus
        case .command("pm"), .command("mp"): .plusMinus
        default: nil
        }
    }

    mutating func parseAdditive() throws(MathParseError) -> MathAnswer {
        let sign = additiveSign()
        if sign != nil { advance() }
        let first = try parseTerm()
        if sign == nil && additiveSign() == nil { return first }
        guard var acc = first.plainExpression else {
            if sign == .minus, case .expression(let e, let unit) = first {
                return .expression(MathParser.negate(e), unit: unit)
            }
            throw error("bad_arithmetic", "arithmetic on \(first.kindName)")
        }
        switch sign {
        case .minus: acc = MathParser.negate(acc)
        case .plusMinus: acc = .plusMinus(.number(.zero), acc)
        case .plus, nil: break
        }
        var terms = [acc]
        while let s = additiveSign() {
            advance()
            let next = try parseTerm()
            guard let e = next.plainExpression else {
                throw error("bad_arithmetic", "arithmetic on \(next.kindName)")
            }
            switch s {
            case .plus: terms.append(e)
            case .minus: terms.append(MathParser.negate(e))
            case .plusMinus: terms = [.plusMinus(MathParser.sum(terms), e)]
            }
        }
        return .expression(MathParser.sum(terms), unit: nil)
    }

    // MARK: Products

    /// Whether the current token can start a factor multiplied without an operator.
    func startsImplicitFactor() -> Bool {
        guard let k = current else { return false }
        switch k {
        case .letters(let w):
            if connectiveAhead() != nil { return false }
            if w.count == 1 || MathParser.functionNames[w] != nil || MathParser.letterConstants.contains(w) {
                return true
            }
            if MathParser.functionPrefix(of: w) != nil { return true }
            if MathUnit.isKnown(w) && isTail(after: index + 1) { return false }
            return w.count <= 3 && !MathParser.nonVariableWords.contains(w.lowercased())
        case .command(let name):
            return MathParser.implicitStartCommands.contains(name) || MathParser.functionNames[name] != nil
                || MathParser.greekLetters.contains(name)
        case .symbol(let c):
            return c == 0x28 || c == 0x7B
        case .textOpen:
            // \mathrm{e}, \mathbf{v}: a single letter; words are units or text.
            guard let group = textGroupWords(), group.words.count == 1 else { return false }
            let w = group.words[0]
            return w.count == 1 && !(isTail(after: group.end) && MathUnit.isKnown(w))
                || MathParser.functionNames[w.lowercased()] != nil
        default:
            return false
        }
    }

    /// Whether the token at `i` ends a quantity (end, separator, relation, closer, unit power).
    func isTail(after i: Int) -> Bool {
        guard i < tokens.count else { return true }
        switch tokens[i].kind {
        case .symbol(let c): return [0x2C, 0x3B, 0x29, 0x5D, 0x7D, 0x3D, 0x3C, 0x3E, 0x5E, 0x2F, 0x2E].contains(c)
        case .rowSeparator, .end, .textOpen: return true
        case .letters(let w): return ["or", "and"].contains(w.lowercased())
        case .command(let c): return c == "}" || c == "rangle" || relationCommands.contains(c)
        default: return false
        }
    }

    private var relationCommands: Set<String> { ["le", "leq", "ge", "geq", "ne", "neq", "lt", "gt", "in", "approx"] }

    mutating func parseTerm() throws(MathParseError) -> MathAnswer {
        var (node, shape) = try parseFactor(allowSign: false)
        var factors: [MathExpression]?
        var onlyFirst = true
        func expression(_ a: MathAnswer) throws(MathParseError) -> MathExpression {
            guard let e = a.plainExpression else {
                throw error("bad_arithmetic", "arithmetic on \(a.kindName)")
            }
            return e
        }
        while let k = current {
            var isDivision = false
            var explicit = false
            switch k {
            case .symbol(0x2A), .command("cdot"), .command("times"), .command("ast"):
                explicit = true
            case .symbol(0x2F), .command("div"), .command("over"):
                explicit = true
                isDivision = true
            default: break
            }
            if explicit {
                advance()
                let (rhs, _) = try parseFactor(allowSign: true)
                var list: [MathExpression]
                if let factors { list = factors } else { list = [try expression(node)] }
                let e = try expression(rhs)
                list.append(isDivision ? MathParser.reciprocal(e) : e)
                factors = list
                onlyFirst = false
                continue
            }
            // Plain-text mixed number: 2 1/2.
            if onlyFirst, shape == .integerLiteral, case .number(let n) = k, tokens[index].spaceBefore,
                tokens[index].isPlainInteger, isSymbol(0x2F, at: 1), case .number(let d) = kind(at: 2),
                tokens[index + 2].isPlainInteger, !d.isZero, n < d, let whole = node.plainExpression?.rationalValue
            {
                index += 3
                node = .expression(.number(whole + n.divided(by: d)!), unit: nil)
                shape = .other
                onlyFirst = false
                continue
            }
            guard startsImplicitFactor() else { break }
            let (rhs, rhsShape) = try parseFactor(allowSign: false)
            if onlyFirst, shape == .integerLiteral, rhsShape == .properFraction,
                let whole = node.plainExpression?.rationalValue, let part = rhs.plainExpression?.rationalValue
            {
                node = .expression(.number(whole + part), unit: nil)
                shape = .other
                onlyFirst = false
                continue
            }
            var list: [MathExpression]
            if let factors { list = factors } else { list = [try expression(node)] }
            list.append(try expression(rhs))
            factors = list
            onlyFirst = false
        }
        if let factors {
            return .expression(MathParser.product(factors), unit: nil)
        }
        return node
    }

    // MARK: Factors and powers

    mutating func parseFactor(allowSign: Bool) throws(MathParseError) -> (MathAnswer, FactorShape) {
        try enter()
        defer { nesting -= 1 }
        if allowSign {
            if isSymbol(0x2D) {
                advance()
                let (f, _) = try parseFactor(allowSign: true)
                guard case .expression(let e, let unit) = f else {
                    throw error("bad_arithmetic", "a minus sign before \(f.kindName)")
                }
                return (.expression(MathParser.negate(e), unit: unit), .other)
            }
            if isSymbol(0x2B) {
                advance()
                return try parseFactor(allowSign: true)
            }
        }
        var (base, shape) = try parsePrimary()
        base = try parsePostfix(base)
        while isSymbol(0x5E) {
            advance()
            if isDegreeMarker() {
                base = try degrees(base)
                shape = .other
                continue
            }
            let exponent = try parseExponent()
            guard let b = base.plainExpression else {
                throw error("bad_arithmetic", "a power of \(base.kindName)")
            }
            base = .expression(MathParser.power(b, exponent), unit: nil)
            shape = .other
            base = try parsePostfix(base)
        }
        if isCommand("degree") {
            advance()
            base = try degrees(base)
            shape = .other
        }
        return (base, shape)
    }

    private func degrees(_ base: MathAnswer) throws(MathParseError) -> MathAnswer {
        guard let b = base.plainExpression else { throw error("bad_unit", "degrees on \(base.kindName)") }
        return .expression(.function(.degrees, [b]), unit: nil)
    }

    /// `\circ` or `{\circ}` after `^` (consumed when present).
    mutating func isDegreeMarker() -> Bool {
        if isCommand("circ") || isCommand("degree") {
            advance()
            return true
        }
        if isSymbol(0x7B), isCommand("circ", at: 1), isSymbol(0x7D, at: 2) {
            index += 3
            return true
        }
        return false
    }

    mutating func parsePostfix(_ node: MathAnswer) throws(MathParseError) -> MathAnswer {
        var result = node
        // Primes name a new symbol: f', f''.
        while isSymbol(0x27), case .expression(.symbol(let name), nil) = result {
            advance()
            result = .expression(.symbol(name + "'"), unit: nil)
        }
        while isSymbol(0x21) && !isSymbol(0x3D, at: 1) {
            advance()
            guard let e = result.plainExpression else { throw error("bad_arithmetic", "a factorial of \(result.kindName)") }
            result = .expression(.function(.factorial, [e]), unit: nil)
        }
        return result
    }

    /// The exponent after `^`: a braced group, a signed exponent, a whole number (plain-text
    /// reading of `2^10`), a single letter, or a command.
    mutating func parseExponent() throws(MathParseError) -> MathExpression {
        try enter()
        defer { nesting -= 1 }
        guard let k = current else { throw error("dangling_operator", "the answer ends with ^") }
        switch k {
        case .symbol(0x7B):
            advance()
            let items = try parseGroup(closer: .symbol(0x7D), what: "an exponent group")
            return try single(items, what: "an exponent")
        case .symbol(0x2D):
            advance()
            return MathParser.negate(try parseExponent())
        case .symbol(0x2B):
            advance()
            return try parseExponent()
        case .number(let r):
            advance()
            return .number(r)
        case .letters(let w):
            if w.count > 1 && MathParser.functionNames[w] == nil && w != "pi" { splitFirstLetter() }
            let (a, _) = try parsePrimary()
            return try single([a], what: "an exponent")
        default:
            let (a, _) = try parsePrimary()
            return try single([a], what: "an exponent")
        }
    }

    /// The one expression of a group.
    func single(_ items: [MathAnswer], what: String) throws(MathParseError) -> MathExpression {
        guard items.count == 1, let e = items[0].plainExpression else {
            throw error("bad_group", "\(what) must be one expression")
        }
        return e
    }

    /// Splits a letter run so that its first letter is a token of its own.
    mutating func splitFirstLetter() {
        guard case .letters(let w) = current, w.count > 1 else { return }
        let t = tokens[index]
        let first = MathToken(kind: .letters(String(w.prefix(1))), start: t.start, end: t.start + 1, spaceBefore: t.spaceBefore)
        let rest = MathToken(kind: .letters(String(w.dropFirst())), start: t.start + 1, end: t.end, spaceBefore: false)
        tokens[index] = first
        tokens.insert(rest, at: index + 1)
    }

    /// Splits a plain integer token so that its first digit is a token of its own (`\frac12`).
    mutating func splitFirstDigit() {
        let t = tokens[index]
        guard t.isPlainInteger, t.end - t.start > 1 else { return }
        let firstDigit = Int(source[t.start] - 0x30)
        let restDigits = Array(source[(t.start + 1)..<t.end])
        tokens[index] = MathToken(kind: .number(Rational(firstDigit)), start: t.start, end: t.start + 1,
                                  spaceBefore: t.spaceBefore, isPlainInteger: true)
        let rest = MathToken(kind: .number(Rational(MathLexer.integerValue(restDigits))), start: t.start + 1,
                             end: t.end, spaceBefore: false, isPlainInteger: true)
        tokens.insert(rest, at: index + 1)
    }
}
