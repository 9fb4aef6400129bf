import AssayCore
import Testing

@testable import AssayMath

/// One row of a grading table: gold, answer (bare or marked), expected status, and
/// optionally the expected reason code.
struct GradingCase: CustomTestStringConvertible, Sendable {
    var gold: String
    var answer: String
    var status: String
    var code: String?

    init(_ gold: String, _ answer: String, _ status: String, _ code: String? = nil) {
        self.gold = gold
        self.answer = answer
        self.status = status
        self.code = code
    }

    var testDescription: String { "\(gold) vs \(answer) -> \(status)" }
}

@Suite struct MathGraderTests {
    let grader = MathGrader()

    func check(_ c: GradingCase) {
        let grade = grader.check(answer: c.answer, gold: c.gold)
        #expect(grade.verdict.status.rawValue == c.status, "\(c.testDescription): \(grade.verdict.summary)")
        if let code = c.code {
            #expect(grade.reasonCode == code, "\(c.testDescription): \(grade.verdict.summary)")
        }
        #expect(grade.verdict.reward == (c.status == "equal" ? 1 : 0))
        #expect(grade.verdict.passed == (c.status == "equal"))
    }

    // MARK: The traps named in the issue

    static let traps: [GradingCase] = [
        GradingCase("\\frac{1}{2^{99}}", "\\frac{1}{2^{98}}", "not_equal", "value_mismatch"),
        GradingCase("1/2^{99}", "1/2^{98}", "not_equal"),
        GradingCase("0.1", "0.1000001", "not_equal", "value_mismatch"),
        GradingCase("\\frac13", "0.3333333", "not_equal"),
        GradingCase("8 \\text{ feet}", "8 \\text{ inches}", "not_equal", "unit_mismatch"),
        GradingCase("8 feet", "8 inches", "not_equal", "unit_mismatch"),
        GradingCase("3", "1 \\text{ or } 2 \\text{ or } 3", "not_equal", "hedged_answer"),
        GradingCase("3", "1 or 2 or 3", "not_equal", "hedged_answer"),
        GradingCase("3", "\\boxed{1} or \\boxed{3}", "not_equal", "hedged_answer"),
        GradingCase("3", "\\pm 3", "not_equal", "hedged_answer"),
        GradingCase("\\frac12", "\\frac12 \\text{ or } 0.5", "equal", "equal_all_alternatives"),
        GradingCase("2", "2, 3", "not_equal", "hedged_answer"),
        GradingCase("\\sqrt{2}", "1.4142135623730951", "not_equal"),
        GradingCase("\\pi", "3.14159265358979", "not_equal"),
    ]

    @Test(arguments: traps) func trap(_ c: GradingCase) { check(c) }

    @Test func neverFallsBackToAReasoningNumber() {
        let completion = """
            We compute 2 + 2 = 4, so the value is 4. Therefore the final answer is
            $\\boxed{}$
            """
        let grade = grader.grade(completion: completion, gold: "4")
        #expect(grade.verdict.status == .unparseable)
        #expect(grade.reasonCode == "empty_box")
        let broken = grader.grade(completion: "The sum is 4, so \\boxed{\\frac{4}{ is the answer", gold: "4")
        #expect(broken.verdict.status == .unparseable)
        let unreadable = grader.grade(completion: "Clearly 4 works. \\boxed{\\frac{4}{1}+}", gold: "4")
        #expect(unreadable.verdict.status == .unparseable)
        let noMarker = grader.grade(
            completion: "First, 4 apples.\nThen we add more and more until the count is 4 again.\nDone thinking about it.",
            gold: "4")
        #expect(noMarker.verdict.status == .unparseable)
        #expect(noMarker.reasonCode == "no_answer_found")
    }

    @Test func toleranceIsOptIn() {
        let exact = MathGrader().check(answer: "0.3333333", gold: "\\frac{1}{3}")
        #expect(exact.verdict.status == .notEqual)
        let tolerant = MathGrader(options: MathGradingOptions(relativeTolerance: 1e-6)).check(answer: "0.3333333", gold: "\\frac{1}{3}")
        #expect(tolerant.verdict.status == .equal)
        #expect(tolerant.reasonCode == "equal_within_tolerance")
        let tooFar = MathGrader(options: MathGradingOptions(relativeTolerance: 1e-9)).check(answer: "0.3333333", gold: "\\frac{1}{3}")
        #expect(tooFar.verdict.status == .notEqual)
    }

    // MARK: Numbers in many writings

    static let numbers: [GradingCase] = [
        GradingCase("\\frac{1}{2}", "0.5", "equal"),
        GradingCase("\\frac{1}{2}", "\\dfrac{1}{2}", "equal"),
        GradingCase("\\frac{1}{2}", "\\tfrac12", "equal"),
        GradingCase("\\frac{1}{2}", "1/2", "equal"),
        GradingCase("\\frac{1}{2}", "\\frac{2}{4}", "equal"),
        GradingCase("\\frac{1}{2}", "50\\%", "equal"),
        GradingCase("-\\frac{3}{4}", "-0.75", "equal"),
        GradingCase("-\\frac{3}{4}", "\\frac{-3}{4}", "equal"),
        GradingCase("-\\frac{3}{4}", "\\frac{3}{-4}", "equal"),
        GradingCase("\\frac{5}{2}", "2\\frac{1}{2}", "equal"),
        GradingCase("\\frac{5}{2}", "2 1/2", "equal"),
        GradingCase("-\\frac{5}{2}", "-2\\frac{1}{2}", "equal"),
        GradingCase("\\frac{1}{3}", "0.\\overline{3}", "equal"),
        GradingCase("\\frac{1}{6}", "0.1\\overline{6}", "equal"),
        GradingCase("6.02\\times 10^{23}", "6.02e23", "equal"),
        GradingCase("602000000000000000000000", "6.02 \\times 10^{23}", "equal"),
        GradingCase("0.00001", "1e-5", "equal"),
        GradingCase("1000000", "1,000,000", "equal"),
        GradingCase("10000", "10,\\!000", "equal"),
        GradingCase("10000", "10{,}000", "equal"),
        GradingCase("1000000", "1\\,000\\,000", "equal"),
        GradingCase("42", "42.0", "equal"),
        GradingCase("42", "042", "equal"),
        GradingCase("42", "+42", "equal"),
        GradingCase("42", "\\$42", "equal"),
        GradingCase("42", "42 dollars", "equal"),
        GradingCase("18.90", "\\$18.90", "equal"),
        GradingCase("5", "five", "equal"),
        GradingCase("21", "twenty-one", "equal"),
        GradingCase("1024", "2^{10}", "equal"),
        GradingCase("1024", "2^10", "equal"),
        GradingCase("120", "5!", "equal"),
        GradingCase("10", "\\binom{5}{2}", "equal"),
        GradingCase("3", "\\log_2 8", "equal"),
        GradingCase("\\frac32", "\\log_4 8", "equal"),
        GradingCase("2", "\\sqrt{4}", "equal"),
        GradingCase("\\frac{2}{3}", "\\sqrt{\\frac{4}{9}}", "equal"),
        GradingCase("3", "\\sqrt[3]{27}", "equal"),
        GradingCase("-3", "\\sqrt[3]{-27}", "equal"),
        GradingCase("7", "|-7|", "equal"),
        GradingCase("42", "43", "not_equal", "value_mismatch"),
        GradingCase("\\boxed{42}", "42", "equal"),
        GradingCase("$\\boxed{\\frac{1}{2}}$", "0.5", "equal"),
        GradingCase("1000", "1,001", "not_equal"),
        GradingCase("0.5", "0.05", "not_equal"),
        GradingCase("\\frac{1}{2}", "\\frac{1}{3}", "not_equal"),
    ]

    @Test(arguments: numbers) func number(_ c: GradingCase) { check(c) }

    // MARK: Irrationals

    static let irrationals: [GradingCase] = [
        GradingCase("2\\sqrt{2}", "\\sqrt{8}", "equal"),
        GradingCase("3\\sqrt{3}", "\\sqrt{27}", "equal"),
        GradingCase("\\frac{\\sqrt{3}}{2}", "\\frac{1}{2}\\sqrt{3}", "equal"),
        GradingCase("\\frac{1}{\\sqrt{2}}", "\\frac{\\sqrt{2}}{2}", "equal"),
        GradingCase("\\frac{\\pi}{2}", "\\pi/2", "equal"),
        GradingCase("\\frac{\\pi}{2}", "0.5\\pi", "equal"),
        GradingCase("2\\pi", "\\pi \\cdot 2", "equal"),
        GradingCase("\\frac{\\sqrt{3}}{2}", "\\sin 60^\\circ", "equal"),
        GradingCase("\\frac{1}{2}", "\\cos\\frac{\\pi}{3}", "equal"),
        GradingCase("1", "\\tan\\frac{\\pi}{4}", "equal"),
        GradingCase("\\frac{\\pi}{4}", "\\arctan 1", "equal"),
        GradingCase("\\ln 2 + \\ln 3", "\\ln 6", "equal"),
        GradingCase("e^2", "\\exp(2)", "equal"),
        GradingCase("1 + \\sqrt{2}", "\\sqrt{2} + 1", "equal"),
        GradingCase("\\sqrt{2}+\\sqrt{3}", "\\sqrt{5+2\\sqrt{6}}", "equal"),
        GradingCase("2\\sqrt{2}", "\\sqrt{7.99}", "not_equal"),
        GradingCase("\\pi", "\\frac{22}{7}", "not_equal"),
        GradingCase("\\sqrt{2}", "\\sqrt{3}", "not_equal"),
        GradingCase("e", "2.718281828459045", "not_equal"),
    ]

    @Test(arguments: irrationals) func irrational(_ c: GradingCase) { check(c) }

    // MARK: Expressions, equations, inequalities

    static let expressions: [GradingCase] = [
        GradingCase("x^2+2x+1", "(x+1)^2", "equal", "equivalent_expression"),
        GradingCase("(x+1)(x-1)", "x^2-1", "equal"),
        GradingCase("2x+3y", "3y+2x", "equal"),
        GradingCase("\\frac{x^2-1}{x-1}", "x+1", "equal"),
        GradingCase("\\frac{1}{x}+\\frac{1}{y}", "\\frac{x+y}{xy}", "equal"),
        GradingCase("\\sin^2 x + \\cos^2 x", "1", "equal"),
        GradingCase("2\\sin x \\cos x", "\\sin 2x", "equal"),
        GradingCase("\\sqrt{x^2}", "x", "not_equal"),
        GradingCase("x^2+2x+1", "x^2+2x+2", "not_equal", "expression_mismatch"),
        GradingCase("2x", "2y", "not_equal"),
        GradingCase("2", "(1+i)(1-i)", "equal"),
        GradingCase("-i", "\\frac{1}{i}", "equal"),
        GradingCase("3-4i", "(2-i)^2", "equal"),
        GradingCase("\\frac{1+i}{2}", "\\frac12 + \\frac{i}{2}", "equal"),
        GradingCase("3-4i", "3+4i", "not_equal"),
        GradingCase("x^2+1", "(x+i)(x-i)", "equal"),
        GradingCase("y=2x+1", "2x-y+1=0", "equal", "equivalent_equation"),
        GradingCase("y = 2x + 1", "y = 1 + 2x", "equal"),
        GradingCase("x^2+y^2=1", "y^2 = 1 - x^2", "equal"),
        GradingCase("y=2x+1", "y=2x-1", "not_equal"),
        GradingCase("x=3", "3", "equal"),
        GradingCase("3", "x=3", "equal"),
        GradingCase("x=3", "x=3.0", "equal"),
        GradingCase("x=3", "y=3", "not_equal"),
        GradingCase("f(x)=x^2", "x^2", "equal"),
        GradingCase("f^{-1}(x) = 2x+1", "2x+1", "equal"),
        GradingCase("f'(x) = 3x^2", "3x^2", "equal"),
        GradingCase("x^2 = 4", "4", "not_equal"),
        GradingCase("(2, 3)", "(x, y) = (2, 3)", "equal"),
        GradingCase("(2, 3)", "(x, y) = (3, 2)", "not_equal"),
        GradingCase("1, 2", "x = 1, x = 2", "equal"),
        GradingCase("[2,5]", "2 \\le x \\le 5", "equal", "equal_interval"),
        GradingCase("(2,5]", "2 < x \\leq 5", "equal"),
        GradingCase("[2,5]", "2 < x \\le 5", "not_equal"),
        GradingCase("(3, \\infty)", "x > 3", "equal"),
        GradingCase("(-\\infty, 3)", "x<3", "equal"),
        GradingCase("(-\\infty,-1)\\cup(2,\\infty)", "x < -1 \\text{ or } x > 2", "equal"),
        GradingCase("(-\\infty, 2] \\cup [3, \\infty)", "(-\\infty,2]\\cup[3,\\infty)", "equal"),
        GradingCase("(-\\infty, 2] \\cup [3, \\infty)", "[3,\\infty)\\cup(-\\infty,2]", "equal"),
        GradingCase("(-\\infty, 2] \\cup [3, \\infty)", "(-\\infty, 2) \\cup [3, \\infty)", "not_equal"),
        GradingCase("(-\\infty, \\infty)", "\\mathbb{R}", "equal"),
        GradingCase("(-\\infty, \\infty)", "all real numbers", "equal"),
        GradingCase("[1,3]", "x \\in [1,3]", "equal"),
        GradingCase("(1, 4)", "1 < x < 4", "equal"),
        GradingCase("x > 1", "2x + 1 > 3", "equal"),
        GradingCase("x > 1", "x < 1", "not_equal"),
    ]

    @Test(arguments: expressions) func expression(_ c: GradingCase) { check(c) }

    // MARK: Structures

    static let structures: [GradingCase] = [
        GradingCase("(1,2)", "(1, 2)", "equal"),
        GradingCase("(1,2)", "(2,1)", "not_equal"),
        GradingCase("(1,2,3)", "(1,2)", "not_equal", "size_mismatch"),
        GradingCase("(1,2)", "[1,2]", "not_equal", "bracket_mismatch"),
        GradingCase("(\\frac12, 3)", "(0.5, 3)", "equal"),
        GradingCase("\\{1,2,3\\}", "\\{3,1,2\\}", "equal", "equal_set"),
        GradingCase("1, 2, 3", "3, 2, 1", "equal"),
        GradingCase("1,2,3", "\\{1,2,3\\}", "equal"),
        GradingCase("1, 2, 3", "1, 2", "not_equal"),
        GradingCase("1, 2", "1, 2, 3", "not_equal"),
        GradingCase("\\pm 3", "3, -3", "equal"),
        GradingCase("3 \\pm \\sqrt{2}", "3+\\sqrt2, 3-\\sqrt2", "equal"),
        GradingCase("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}", "equal"),
        GradingCase("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "\\begin{pmatrix}1&3\\\\2&4\\end{pmatrix}", "not_equal"),
        GradingCase("\\begin{pmatrix}1\\\\2\\\\3\\end{pmatrix}", "(1,2,3)", "equal"),
        GradingCase("\\begin{pmatrix}1\\\\2\\end{pmatrix}", "\\begin{pmatrix}1&2\\end{pmatrix}", "not_equal"),
        GradingCase("\\langle 1, 2 \\rangle", "(1,2)", "equal"),
        GradingCase("\\{3\\}", "3", "equal"),
        GradingCase("B", "\\textbf{(B) }12", "equal", "equal_choice"),
        GradingCase("(B)", "B", "equal"),
        GradingCase("\\text{(B)}", "(B)", "equal"),
        GradingCase("B", "\\text{(C)}", "not_equal", "choice_mismatch"),
        GradingCase("B", "(A) or (B)", "not_equal", "hedged_answer"),
        GradingCase("B", "12", "not_equal", "choice_expected"),
        GradingCase("12", "\\textbf{(B) }12", "equal"),
        GradingCase("\\textbf{(B) }12", "12", "equal"),
        GradingCase("\\textbf{(B) }12", "13", "not_equal"),
        GradingCase("Yes", "yes", "equal"),
        GradingCase("\\text{No}", "no", "equal"),
        GradingCase("Yes", "No", "not_equal"),
        GradingCase("\\text{no solution}", "\\emptyset", "equal"),
        GradingCase("DNE", "does not exist", "equal"),
        GradingCase("\\varnothing", "\\{\\}", "equal"),
        GradingCase("no solution", "0", "not_equal"),
        GradingCase("\\text{Monday}", "Monday", "equal"),
        GradingCase("\\text{Monday}", "Tuesday", "not_equal"),
        GradingCase("\\text{odd}", "odd", "equal"),
        GradingCase("1011_2", "1011_2", "equal"),
        GradingCase("1011_2", "1011", "equal"),
        GradingCase("1011_2", "1101_2", "not_equal"),
    ]

    @Test(arguments: structures) func structure(_ c: GradingCase) { check(c) }

    // MARK: Units, percent, degrees, currency

    static let units: [GradingCase] = [
        GradingCase("12 \\text{ inches}", "1 \\text{ foot}", "not_equal", "unit_mismatch"),
        GradingCase("12 \\text{ inches}", "12 \\text{ in}", "equal"),
        GradingCase("45 \\text{ mph}", "45 \\text{ miles per hour}", "equal"),
        GradingCase("27", "\\text{27 cubic units}", "equal"),
        GradingCase("8 \\text{ inches}", "8", "equal"),
        GradingCase("8", "8 \\text{ cm}", "equal"),
        GradingCase("8 \\text{ cm}", "8 \\text{ m}", "not_equal", "unit_mismatch"),
        GradingCase("8 \\text{ cm}", "8 \\text{ seconds}", "not_equal", "unit_mismatch"),
        GradingCase("5 \\text{ cm}^2", "5 \\text{ square centimeters}", "equal"),
        GradingCase("5 \\text{ cm}^2", "5 \\text{ cm}", "not_equal", "unit_mismatch"),
        GradingCase("90 \\text{ minutes}", "1.5 \\text{ hours}", "not_equal", "unit_mismatch"),
        GradingCase("18 apples", "18", "equal"),
        GradingCase("18", "18 apples", "equal"),
        GradingCase("18 apples", "18 oranges", "not_equal", "unit_mismatch"),
        GradingCase("30^\\circ", "30", "equal"),
        GradingCase("30^\\circ", "30°", "equal"),
        GradingCase("30^\\circ", "30 degrees", "equal"),
        GradingCase("30^{\\circ}", "60^\\circ", "not_equal"),
        GradingCase("50\\%", "50", "equal"),
        GradingCase("50\\%", "0.5", "equal", "equal_percent"),
        GradingCase("0.5", "50\\%", "equal"),
        GradingCase("50\\%", "5\\%", "not_equal"),
        GradingCase("50", "0.5", "not_equal"),
        GradingCase("\\$5", "5 \\text{ dollars}", "equal"),
        GradingCase("\\$5", "500 \\text{ cents}", "not_equal", "unit_mismatch"),
        GradingCase("\\$5", "5 \\text{ cents}", "not_equal", "unit_mismatch"),
    ]

    @Test(arguments: units) func unit(_ c: GradingCase) { check(c) }

    // MARK: Unparseable answers and invalid golds

    static let unparseable: [GradingCase] = [
        GradingCase("5", "\\boxed{}", "unparseable", "empty_box"),
        GradingCase("5", "\\boxed{ }", "unparseable", "empty_box"),
        GradingCase("5", "\\frac{1}{", "unparseable"),
        GradingCase("5", "3 +", "unparseable"),
        GradingCase("5", "\\foo{5}", "unparseable", "unknown_command"),
        GradingCase("5", "(1, 2", "unparseable"),
        GradingCase("5", "1, 2, \\ldots", "unparseable"),
    ]

    @Test(arguments: unparseable) func unparseableAnswer(_ c: GradingCase) { check(c) }

    @Test func hostileInputsAreBounded() {
        let deep = String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300)
        let grade = grader.check(answer: deep, gold: "1")
        #expect(grade.verdict.status == .unparseable)
        #expect(grade.reasonCode == "too_deep")
        let signs = grader.check(answer: String(repeating: "-", count: 1000) + "1", gold: "1")
        #expect(signs.verdict.status == .unparseable)
        let digits = grader.check(answer: String(repeating: "9", count: 6000), gold: "1")
        #expect(digits.verdict.status == .unparseable)
        #expect(digits.reasonCode == "number_too_large")
        let huge = grader.check(answer: "10^{10^{10}}", gold: "10^{10^{10}} \\cdot 10")
        #expect(huge.verdict.status == .notEqual)
        let factorial = MathGrader(options: MathGradingOptions(timeout: .milliseconds(50))).check(answer: "\\binom{100000}{50000}", gold: "1")
        #expect(factorial.verdict.status == .timeout)
    }

    @Test func invalidGold() {
        let empty = grader.check(answer: "5", gold: "  ")
        #expect(empty.verdict.status == .invalid)
        #expect(empty.reasonCode == "missing_gold")
        let broken = grader.check(answer: "5", gold: "\\frac{1}{")
        #expect(broken.verdict.status == .invalid)
        #expect(broken.reasonCode == "invalid_gold")
    }

    @Test func timeoutIsAVerdict() {
        let grader = MathGrader(options: MathGradingOptions(timeout: .zero))
        let grade = grader.check(answer: "\\sin^2 x + \\cos^2 x", gold: "1")
        #expect(grade.verdict.status == .timeout)
        #expect(grade.verdict.reward == 0)
    }

    @Test func measuresEachPair() {
        let grade = grader.check(answer: "42", gold: "42")
        #expect(grade.elapsedMicroseconds >= 0)
        #expect(grade.extractedAnswer == "42")
        #expect(grade.answerSource == .whole)
    }

    @Test func stageTimingsAreOptIn() {
        #expect(grader.check(answer: "x^2", gold: "x \\cdot x").verdict.stages.isEmpty)
        let timed = MathGrader(options: MathGradingOptions(recordStages: true)).check(answer: "x^2", gold: "x \\cdot x")
        #expect(timed.verdict.stages.map(\.stage) == ["extract", "parse", "compare"])
    }
}
