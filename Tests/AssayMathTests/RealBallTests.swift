import BigInt
import Testing

@testable import AssayMath

@Suite struct RealBallTests {
    /// Whether the ball contains the rational `value`.
    func contains(_ ball: RealBall, _ value: Rational) -> Bool {
        (ball - RealBall(value)).containsZero
    }

    /// The ball is within 2^-250 of `value` (relative to max(1, |value|)).
    func isTight(_ ball: RealBall, around value: Rational) -> Bool {
        let d = ball - RealBall(value)
        return d.containsZero && d.upperLog2 < -250 + max(1, RealBall(value).upperLog2)
    }

    @Test func piDigits() throws {
        // π = 3.14159265358979323846264338327950288419716939937510...
        let lower = try #require(Rational(314_159_265_358_979_323, 100_000_000_000_000_000))
        let upper = try #require(Rational(314_159_265_358_979_324, 100_000_000_000_000_000))
        #expect((RealBall.pi - RealBall(lower)).certainSign == 1)
        #expect((RealBall(upper) - RealBall.pi).certainSign == 1)
        #expect(RealBall.pi.rad.bitWidth < 16)
    }

    @Test func squareRootOfTwoSquaredIsTwo() throws {
        let r = try #require(RealBall(2).squareRoot())
        #expect(isTight(r * r, around: Rational(2)))
        // And it is not any nearby decimal.
        let decimal = try #require(Rational(1_414_213_562_373_095_049, 1_000_000_000_000_000_000))
        #expect(!contains(r, decimal))
    }

    @Test func expAndLogAreInverse() throws {
        for k in [1, 2, 7, 100] {
            let e = try #require(RealBall(k).exponential())
            let back = try #require(e.logarithm())
            #expect(isTight(back, around: Rational(k)))
        }
        #expect(RealBall(-1).logarithm() == nil)
    }

    @Test func trigIdentities() throws {
        for k in [1, 3, 50, 997] {
            let x = RealBall(try #require(Rational(Int64(k), 7)))
            let (s, c) = try #require(x.sineCosine())
            #expect(isTight(s * s + c * c, around: .one))
        }
        let (s, c) = try #require(RealBall.pi.scaled(-1).sineCosine())  // π/2
        #expect(isTight(s, around: .one))
        #expect(isTight(c, around: .zero))
    }

    @Test func inverseTrig() throws {
        let a = try #require(RealBall(1).arctangent())
        #expect(isTight(a.scaled(2) - RealBall.pi, around: .zero))
        let half = RealBall(try #require(Rational(1, 2)))
        let s = try #require(half.arcsine())
        #expect(isTight(s.scaled(0) * RealBall(6) - RealBall.pi, around: .zero))
        #expect(RealBall(2).arcsine() == nil)
    }

    @Test func reciprocalOfZeroIsNil() {
        #expect(RealBall.zero.reciprocal == nil)
        #expect(RealBall(mid: 1, exp: 0, rad: 5).reciprocal == nil)
    }
}
