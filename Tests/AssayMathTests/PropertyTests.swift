import AssayCore
import BigInt
import Testing

@testable import AssayMath

/// Seeded random generation of answers written in many ways.
struct AnswerWriter {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.count))
    }

    mutating func bool() -> Bool { rng.next() & 1 == 1 }

    /// A random rational n/d in lowest terms.
    mutating func rational() -> (n: Int, d: Int) {
        let denominators = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 20, 25, 40, 64, 125, 1000, 999, 37]
        let d = denominators[int(0...(denominators.count - 1))]
        let n = int(-5000...5000)
        let g = gcd(abs(n), d)
        return (n / max(g, 1), d / max(g, 1))
    }

    func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// The ways of writing n/d exactly.
    mutating func writings(_ n: Int, _ d: Int) -> [String] {
        let sign = n < 0 ? "-" : ""
        let m = abs(n)
        var out: [String] = []
        if d == 1 {
            out += ["\(n)", "\(n).0", "\\frac{\(2 * n)}{2}", "\(sign)\\frac{\(3 * m)}{3}"]
        } else {
            let k = int(2...9)
            out += [
                "\(sign)\\frac{\(m)}{\(d)}", "\(sign)\\dfrac{\(m)}{\(d)}", "\(n)/\(d)", "\\frac{\(n)}{\(d)}",
                "\\frac{\(n * k)}{\(d * k)}", "\(sign)\\left(\\frac{\(m)}{\(d)}\\right)",
            ]
            if n < 0 { out.append("\\frac{\(m)}{\(-d)}") }
            if m > d {
                out.append("\(sign)\(m / d)\\frac{\(m % d)}{\(d)}")
            }
        }
        let (integer, nonRepeating, repeating) = decimalExpansion(m, d)
        if repeating.isEmpty {
            let decimal = nonRepeating.isEmpty ? "\(integer)" : "\(integer).\(nonRepeating)"
            out.append(sign + decimal)
            out.append(sign + (nonRepeating.isEmpty ? decimal + ".000" : decimal + "000"))
            // Scientific notation: digits × 10^e with the point moved.
            let digits = "\(integer)\(nonRepeating)"
            let trimmed = String(digits.drop { $0 == "0" })
            if !trimmed.isEmpty {
                let exponent = "\(integer)".count - 1 - (integer == 0 ? digits.prefix { $0 == "0" }.count - 1 : 0)
                let mantissa = trimmed.count == 1 ? trimmed : "\(trimmed.first!).\(trimmed.dropFirst())"
                out.append("\(sign)\(mantissa)\\times 10^{\(exponent)}")
                out.append("\(sign)\(mantissa)e\(exponent)")
            }
        } else if repeating.count <= 12 {
            out.append("\(sign)\(integer).\(nonRepeating)\\overline{\(repeating)}")
        }
        return out
    }

    /// Integer part, non-repeating and repeating fraction digits of m/d (m >= 0) by long division.
    func decimalExpansion(_ m: Int, _ d: Int) -> (Int, String, String) {
        var seen: [Int: Int] = [:]
        var digits: [Character] = []
        var r = m % d
        while r != 0, seen[r] == nil {
            seen[r] = digits.count
            r *= 10
            digits.append(Character(String(r / d)))
            r %= d
        }
        if r == 0 { return (m / d, String(digits), "") }
        let start = seen[r]!
        return (m / d, String(digits[..<start]), String(digits[start...]))
    }

    // MARK: Polynomials

    /// A polynomial in x and y as coefficient -> (i, j) exponents.
    mutating func polynomial(terms: Int) -> [Int: [Int: Int]] {
        var p: [Int: [Int: Int]] = [:]
        for _ in 0..<terms {
            let i = int(0...4)
            let j = int(0...3)
            p[i, default: [:]][j, default: 0] += int(-9...9)
        }
        return p
    }

    static func nonZeroTerms(_ p: [Int: [Int: Int]]) -> [(c: Int, i: Int, j: Int)] {
        var out: [(Int, Int, Int)] = []
        for (i, row) in p {
            for (j, c) in row where c != 0 { out.append((c, i, j)) }
        }
        return out.sorted { ($0.1, $0.2) < ($1.1, $1.2) }
    }

    /// Writes the polynomial with its terms in a random order and factors in random forms.
    mutating func write(_ p: [Int: [Int: Int]]) -> String {
        var terms = AnswerWriter.nonZeroTerms(p)
        if terms.isEmpty { return "0" }
        for k in stride(from: terms.count - 1, to: 0, by: -1) { terms.swapAt(k, int(0...k)) }
        var text = ""
        for (index, t) in terms.enumerated() {
            var factors: [String] = []
            if t.i > 0 { factors.append(t.i == 1 ? "x" : (bool() ? "x^{\(t.i)}" : "x^\(t.i)")) }
            if t.j > 0 { factors.append(t.j == 1 ? "y" : "y^{\(t.j)}") }
            if bool() { factors.reverse() }
            let body = factors.joined(separator: bool() ? "" : " \\cdot ")
            let magnitude = abs(t.c)
            var term: String
            if body.isEmpty {
                term = "\(magnitude)"
            } else if magnitude == 1 {
                term = body
            } else {
                term = bool() ? "\(magnitude)\(body)" : "\(magnitude) \\cdot \(body)"
            }
            if index == 0 {
                text = (t.c < 0 ? "-" : "") + term
            } else {
                text += (t.c < 0 ? " - " : " + ") + term
            }
        }
        return text
    }
}

@Suite struct PropertyTests {
    let grader = MathGrader()

    @Test func sameRationalWrittenManyWaysStaysEqual() {
        var writer = AnswerWriter(seed: 0x5EED_0001)
        var checked = 0
        for _ in 0..<150 {
            let (n, d) = writer.rational()
            let forms = writer.writings(n, d)
            let gold = forms[0]
            for form in forms.dropFirst() {
                let grade = grader.check(answer: form, gold: gold)
                #expect(grade.verdict.status == .equal, "\(n)/\(d): \(gold) vs \(form): \(grade.verdict.summary)")
                checked += 1
            }
        }
        #expect(checked > 800)
    }

    @Test func nearbyRationalsStayUnequal() {
        var writer = AnswerWriter(seed: 0x5EED_0002)
        for _ in 0..<200 {
            let (n, d) = writer.rational()
            let delta = writer.int(1...3)
            let gold = "\\frac{\(n)}{\(d)}"
            let near = "\\frac{\(n * 1_000_003 + delta)}{\(d * 1_000_003)}"
            let grade = grader.check(answer: near, gold: gold)
            #expect(grade.verdict.status == .notEqual, "\(gold) vs \(near)")
        }
    }

    @Test func polynomialRewrittenStaysEqual() {
        var writer = AnswerWriter(seed: 0x5EED_0003)
        for _ in 0..<120 {
            let p = writer.polynomial(terms: writer.int(1...6))
            let gold = writer.write(p)
            let answer = writer.write(p)
            let grade = grader.check(answer: answer, gold: gold)
            #expect(grade.verdict.status == .equal, "\(gold) vs \(answer): \(grade.verdict.summary)")
        }
    }

    @Test func factoredPolynomialEqualsItsExpansion() {
        var writer = AnswerWriter(seed: 0x5EED_0004)
        for _ in 0..<100 {
            // (a1 x + b1)(a2 x + b2)(a3 x + b3), expanded by hand.
            let roots = (0..<3).map { _ in (writer.int(1...5), writer.int(-9...9)) }
            var coefficients = [1]
            for (a, b) in roots {
                var next = [Int](repeating: 0, count: coefficients.count + 1)
                for (k, c) in coefficients.enumerated() {
                    next[k] += c * b
                    next[k + 1] += c * a
                }
                coefficients = next
            }
            var p: [Int: [Int: Int]] = [:]
            for (k, c) in coefficients.enumerated() { p[k] = [0: c] }
            let factored = roots.map { "(\($0.0 == 1 ? "" : "\($0.0)")x\($0.1 < 0 ? "-" : "+")\(abs($0.1)))" }.joined()
            let expanded = writer.write(p)
            let grade = grader.check(answer: expanded, gold: factored)
            #expect(grade.verdict.status == .equal, "\(factored) vs \(expanded): \(grade.verdict.summary)")
        }
    }

    @Test func distinctPolynomialsStayUnequal() {
        var writer = AnswerWriter(seed: 0x5EED_0005)
        var compared = 0
        for _ in 0..<150 {
            let p = writer.polynomial(terms: writer.int(1...6))
            var q = p
            let i = writer.int(0...4)
            let j = writer.int(0...3)
            q[i, default: [:]][j, default: 0] += writer.bool() ? 1 : -1
            guard !AnswerWriter.nonZeroTerms(p).isEmpty || !AnswerWriter.nonZeroTerms(q).isEmpty else { continue }
            let gold = writer.write(p)
            let answer = writer.write(q)
            let grade = grader.check(answer: answer, gold: gold)
            #expect(grade.verdict.status == .notEqual, "\(gold) vs \(answer): \(grade.verdict.summary)")
            compared += 1
        }
        #expect(compared > 100)
    }

    @Test func tuplesAreOrderedAndSetsAreNot() {
        var writer = AnswerWriter(seed: 0x5EED_0006)
        for _ in 0..<60 {
            let count = writer.int(2...5)
            var values = (0..<count).map { _ in writer.int(-50...50) }
            while Set(values).count < count { values = (0..<count).map { _ in writer.int(-50...50) } }
            var shuffled = values
            repeat {
                for k in stride(from: count - 1, to: 0, by: -1) { shuffled.swapAt(k, writer.int(0...k)) }
            } while shuffled == values
            let list = { (v: [Int]) in v.map(String.init).joined(separator: ", ") }
            let tuple = grader.check(answer: "(\(list(shuffled)))", gold: "(\(list(values)))")
            #expect(tuple.verdict.status == .notEqual)
            let set = grader.check(answer: "\\{\(list(shuffled))\\}", gold: "\\{\(list(values))\\}")
            #expect(set.verdict.status == .equal)
            let partial = grader.check(answer: "(\(list(Array(values.dropLast()))))", gold: "(\(list(values)))")
            #expect(partial.verdict.status == .notEqual)
        }
    }

    /// Random junk never crashes, hangs, or grades as equal to an unrelated gold.
    @Test func junkIsHandled() {
        let alphabet = Array("0123456789+-*/^_{}()[]\\,.=<> xyzabcπ√°%$!|&frac sqrt text left right pmatrix".utf8)
        var rng = SplitMix64(seed: 0x5EED_0007)
        let grader = MathGrader(options: MathGradingOptions(timeout: .milliseconds(500)))
        for _ in 0..<3000 {
            let length = Int(rng.next() % 24) + 1
            var bytes: [UInt8] = []
            for _ in 0..<length { bytes.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            let text = String(decoding: bytes, as: UTF8.self)
            let grade = grader.check(answer: text, gold: "123457")
            if grade.verdict.status == .equal {
                #expect(text.contains("123457"), "\(text) graded equal to 123457")
            }
        }
    }
}
