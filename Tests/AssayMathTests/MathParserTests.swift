import Testing

@testable import AssayMath

/// Parser pieces: each row parses one string and checks the value or the shape it yields.
@Suite struct MathParserTests {
    func read(_ text: String, grouping: Bool = true) -> MathAnswer? {
        try? MathAnswerReader.read(text, allowCommaGrouping: grouping).get()
    }

    /// The exact value of a number written without variables.
    func number(_ text: String, grouping: Bool = true) -> Rational? {
        guard case .expression(let e, nil)? = read(text, grouping: grouping) else { return nil }
        if case .exact(let r)? = try? ExpressionEvaluator().evaluate(e) { return r }
        return nil
    }

    func errorCode(_ text: String) -> String? {
        if case .failure(let e) = MathAnswerReader.read(text, allowCommaGrouping: true) { return e.code }
        return nil
    }

    static func q(_ n: Int64, _ d: Int64 = 1) -> Rational { Rational(n, d)! }

    @Test(arguments: [
        ("42", q(42)), ("-42", q(-42)), ("3.75", q(15, 4)), (".5", q(1, 2)), ("12.0", q(12)),
        ("\\frac{1}{2}", q(1, 2)), ("\\dfrac{3}{4}", q(3, 4)), ("\\tfrac12", q(1, 2)), ("\\frac 1 2", q(1, 2)),
        ("\\frac12", q(1, 2)), ("\\frac{1}2", q(1, 2)), ("\\frac1{2}", q(1, 2)), ("\\cfrac{2}{3}", q(2, 3)),
        ("2\\frac{1}{2}", q(5, 2)), ("2 \\frac{1}{2}", q(5, 2)), ("-2\\frac{1}{2}", q(-5, 2)), ("2 1/2", q(5, 2)),
        ("2\\cdot\\frac{1}{2}", q(1)), ("0.\\overline{3}", q(1, 3)), ("0.1\\overline{6}", q(1, 6)),
        ("1.\\overline{142857}", q(8, 7)), ("6.02e23", q(602) * Rational(Rational.powerOfTen(21))),
        ("1E-3", q(1, 1000)), ("2.5\\times10^{3}", q(2500)), ("2.5 \\cdot 10^{-2}", q(1, 40)),
        ("1,000,000", q(1_000_000)), ("10,\\!000", q(10000)), ("10{,}000", q(10000)), ("1\\,000", q(1000)),
        ("2^{10}", q(1024)), ("2^10", q(1024)), ("(-2)^3", q(-8)), ("-2^2", q(-4)), ("2^{-2}", q(1, 4)),
        ("3!", q(6)), ("\\binom{6}{3}", q(20)), ("\\dbinom{5}{0}", q(1)),
        ("\\left(\\frac{1}{2}\\right)", q(1, 2)), ("\\left[ 3 \\right]", q(3)), ("{3}", q(3)),
        ("6 \\div 4", q(3, 2)), ("6 / 4", q(3, 2)), ("2 \\times 3", q(6)), ("2*3", q(6)), ("2(3)", q(6)),
        ("1 - 2 - 3", q(-4)), ("1 + 2 \\cdot 3", q(7)), ("12/3/2", q(2)), ("\\text{5}", q(5)),
        ("−3", q(-3)), ("3 × 4", q(12)), ("½", q(0)),
    ])
    func numbers(text: String, value: Rational) {
        if text == "½" {
            // Unmapped Unicode is a word, not a number.
            #expect(number(text) == nil)
            return
        }
        #expect(number(text) == value, "\(text)")
    }

    @Test func commaGroupingOnlyWhereSensible() {
        #expect(number("1,000") == MathParserTests.q(1000))
        #expect(number("1,000", grouping: false) == nil)
        if case .list(let items, .comma)? = read("1,2") { #expect(items.count == 2) } else { Issue.record("1,2 is a list") }
        if case .bracket(_, _, let items)? = read("(1,000)") { #expect(items.count == 2) } else {
            Issue.record("(1,000) is a pair")
        }
        if case .list(let items, _)? = read("1, 000") { #expect(items.count == 2) } else { Issue.record("1, 000 is a list") }
        if case .list(let items, _)? = read("1,0000") { #expect(items.count == 2) } else { Issue.record("1,0000 is a list") }
    }

    @Test func expressionsKeepTheirShape() {
        if case .expression(.product(let f), nil)? = read("2x") { #expect(f.count == 2) } else { Issue.record("2x") }
        if case .expression(.product(let f), nil)? = read("xy") { #expect(f.count == 2) } else { Issue.record("xy") }
        if case .expression(.symbol("x_1"), nil)? = read("x_1") {} else { Issue.record("x_1") }
        if case .expression(.symbol("a_12"), nil)? = read("a_{12}") {} else { Issue.record("a_{12}") }
        if case .expression(.function(.root, let args), nil)? = read("\\sqrt[3]{x}") {
            #expect(args[0] == .number(Rational(3)))
        } else { Issue.record("\\sqrt[3]{x}") }
        if case .expression(.function(.asin, _), nil)? = read("\\sin^{-1} x") {} else { Issue.record("\\sin^{-1}") }
        if case .expression(.power(.function(.sin, _), _), nil)? = read("\\sin^2 x") {} else { Issue.record("\\sin^2") }
        if case .expression(.function(.log, let args), nil)? = read("\\log_{3} 9") {
            #expect(args[0] == .number(Rational(3)))
        } else { Issue.record("\\log_3") }
        if case .expression(.plusMinus, nil)? = read("1 \\pm \\sqrt{2}") {} else { Issue.record("\\pm") }
        if case .expression(.constant(.e), nil)? = read("e") {} else { Issue.record("e") }
        if case .expression(.constant(.pi), nil)? = read("π") {} else { Issue.record("π") }
    }

    @Test func structures() {
        if case .bracket(0x5B, 0x29, let items)? = read("[1, 5)") { #expect(items.count == 2) } else { Issue.record("[1,5)") }
        if case .set(let items)? = read("\\{1, 2, 3\\}") { #expect(items.count == 3) } else { Issue.record("set") }
        if case .union(let parts)? = read("(-\\infty, 0) \\cup (1, \\infty)") { #expect(parts.count == 2) } else {
            Issue.record("union")
        }
        if case .matrix(let rows)? = read("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\\\ \\end{pmatrix}") {
            #expect(rows.count == 2 && rows[0].count == 2)
        } else { Issue.record("matrix") }
        if case .relation(let terms, let ops)? = read("2 \\le x < 5") {
            #expect(terms.count == 3)
            #expect(ops == [.lessEqual, .less])
        } else { Issue.record("chain") }
        if case .assignment("x", _)? = read("x = 3") {} else { Issue.record("assignment") }
        if case .assignment("f(x)", _)? = read("f(x) = x^2") {} else { Issue.record("f(x) =") }
        if case .relation(_, [.equal])? = read("y - 2x = 1") {} else { Issue.record("equation") }
        if case .membership("x", _)? = read("x \\in [0, 1]") {} else { Issue.record("membership") }
        if case .list(let items, .or)? = read("1 \\text{ or } 2") { #expect(items.count == 2) } else { Issue.record("or") }
        if case .list(let items, .and)? = read("1 and 2") { #expect(items.count == 2) } else { Issue.record("and") }
        if case .numeral("1011", 2)? = read("1011_2") {} else { Issue.record("numeral") }
        if case .nothing? = read("\\emptyset") {} else { Issue.record("emptyset") }
        if case .allReals? = read("\\mathbb{R}") {} else { Issue.record("R") }
    }

    @Test func unitsAndMarks() {
        func unit(_ text: String) -> String? {
            if case .expression(_, let u?)? = read(text) { return u.name }
            return nil
        }
        #expect(unit("8 \\text{ inches}") == "inch")
        #expect(unit("8 in") == "inch")
        #expect(unit("8\\,\\mathrm{cm}") == "centimeter")
        #expect(unit("5 \\text{ cm}^2") == "centimeter^2")
        #expect(unit("5 square feet") == "foot^2")
        #expect(unit("30^\\circ") == "degree")
        #expect(unit("30^{\\circ}") == "degree")
        #expect(unit("30°") == "degree")
        #expect(unit("50\\%") == "percent")
        #expect(unit("50%") == "percent")
        #expect(unit("\\$5") == "dollar")
        #expect(unit("18 apples") == "apple")
        #expect(unit("2x") == nil)
        #expect(unit("5 xy") == nil)
    }

    @Test func textAndSpecialWords() {
        if case .text("monday")? = read("\\text{Monday}") {} else { Issue.record("text") }
        if case .boolean(true)? = read("\\text{Yes}") {} else { Issue.record("yes") }
        if case .nothing? = read("No solution.") {} else { Issue.record("no solution") }
        if case .expression(.number(let r), nil)? = read("seven") { #expect(r == Rational(7)) } else { Issue.record("seven") }
    }

    @Test(arguments: [
        ("\\frac{1}{", "dangling_operator"), ("\\frac{10}", "missing_argument"), ("3 +", "dangling_operator"),
        ("(1, 2", "unbalanced_brackets"), ("\\foo", "unknown_command"), ("x =", "dangling_operator"),
        ("1, 2, \\ldots", "unsupported"), ("\\{x : x > 0\\}", "unsupported"), ("2 3", "unexpected_token"),
        ("\\sqrt{}", "unbalanced_brackets"), ("???", "unexpected_token"), ("\\begin{pmatrix} 1 & 2", "unbalanced_environment"),
    ])
    func errors(text: String, code: String) {
        #expect(errorCode(text) == code, "\(text)")
    }
}
