import BigInt
import Testing

@testable import AssayMath

@Suite struct RationalTests {
    @Test func reducesAndNormalisesSign() throws {
        let r = try #require(Rational(6, -8))
        #expect(r.numerator == -3)
        #expect(r.denominator == 4)
        #expect(r.description == "-3/4")
    }

    @Test func divisionByZeroIsNil() {
        #expect(Rational(1, 0) == nil)
        #expect(Rational(3).divided(by: .zero) == nil)
        #expect(Rational.zero.reciprocal == nil)
    }

    @Test func overflowFallsBackToBigInt() throws {
        let big = Rational(Int(Int64.max))
        let sum = big + big
        #expect(sum.numerator == BigInt(Int64.max) * 2)
        let product = big * big
        #expect(product.numerator == BigInt(Int64.max) * BigInt(Int64.max))
        // And comes back to the small form when it fits again.
        let back = try #require(product.divided(by: big))
        #expect(back == big)
        #expect(back.hashValue == big.hashValue)
    }

    @Test func minimumInt64DoesNotTrap() throws {
        let m = try #require(Rational(Int64.min, 1))
        #expect((-m).numerator == -BigInt(Int64.min))
        let q = try #require(Rational(1, Int64.min))
        #expect(q.denominator == -BigInt(Int64.min))
        #expect(q.signum == -1)
    }

    @Test func powersOfTwoStayDistinct() throws {
        let a = try #require(Rational(1).divided(by: Rational(2).power(99)!))
        let b = try #require(Rational(1).divided(by: Rational(2).power(98)!))
        #expect(a != b)
        #expect(a < b)
        #expect(a * Rational(2) == b)
    }

    @Test(arguments: [
        ("1/3", "1/3", 0), ("1/3", "1/2", -1), ("-1/3", "-1/2", 1), ("0", "0", 0), ("5", "-5", 1),
    ])
    func comparison(a: String, b: String, expected: Int) throws {
        func parse(_ s: String) throws -> Rational {
            let parts = s.split(separator: "/").map { Int64($0)! }
            return try #require(Rational(parts[0], parts.count > 1 ? parts[1] : 1))
        }
        #expect(Rational.compare(try parse(a), try parse(b)) == expected)
    }

    @Test func integerPowersAndFloor() throws {
        #expect(Rational(-2).power(3) == Rational(-8))
        #expect(Rational(2).power(-2) == Rational(1, 4))
        #expect(Rational.zero.power(-1) == nil)
        #expect(try #require(Rational(-7, 2)).floor == -4)
        #expect(try #require(Rational(7, 2)).floor == 3)
    }

    @Test func decimalLiteralsAreExact() {
        func digits(_ s: String) -> [UInt8] { Array(s.utf8) }
        #expect(MathLexer.decimalValue(integer: digits("0"), fraction: digits("1"), repeating: [], exponent: 0) == Rational(1, 10))
        #expect(MathLexer.decimalValue(integer: digits("0"), fraction: [], repeating: digits("3"), exponent: 0) == Rational(1, 3))
        #expect(MathLexer.decimalValue(integer: digits("0"), fraction: digits("1"), repeating: digits("6"), exponent: 0) == Rational(1, 6))
        #expect(MathLexer.decimalValue(integer: digits("6"), fraction: digits("02"), repeating: [], exponent: 23)
            == Rational(Rational.powerOfTen(21) * 602))
        #expect(MathLexer.decimalValue(integer: digits("1"), fraction: [], repeating: [], exponent: -5) == Rational(1, 100_000))
    }
}
