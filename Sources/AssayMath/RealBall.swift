import BigInt

/// A real number known to lie in a certified interval: `[(mid - rad) * 2^exp, (mid + rad) * 2^exp]`.
///
/// This is ball (midpoint-radius interval) arithmetic on `BigInt` mantissas with
/// ``precision`` bits. Every operation widens the radius by a proven bound on its rounding
/// and truncation error, so the true value of an expression always lies inside its ball.
/// Consequences the grader relies on:
///
/// - two balls that do not overlap are a *proof* that the values differ, however close they
///   are (`\sqrt{2}` is never equal to a 60-digit decimal approximation of it);
/// - two balls that overlap only say that the values agree to within the radii, about
///   `2^-300` relative to their size at the default precision. The grader treats that as
///   equal; it is the one documented limit of this method (two *distinct* values that
///   agree to ~90 significant digits would be confused).
struct RealBall: Sendable, CustomStringConvertible {
    var mid: BigInt
    var exp: Int
    var rad: BigUInt

    /// Working precision in bits of the midpoint.
    static let precision = 320

    init(mid: BigInt, exp: Int, rad: BigUInt) {
        self.mid = mid
        self.exp = exp
        self.rad = rad
    }

    /// An exact integer.
    init(_ value: Int) {
        self.init(mid: BigInt(value), exp: 0, rad: 0)
        normalize()
    }

    /// The ball around a rational, with a radius of one unit in the last place.
    init(_ value: Rational) {
        if value.isZero {
            self.init(mid: 0, exp: 0, rad: 0)
            return
        }
        let n = value.numerator
        let d = value.denominator
        if d == 1 {
            self.init(mid: n, exp: 0, rad: 0)
            normalize()
            return
        }
        let shift = RealBall.precision + d.magnitude.bitWidth - n.magnitude.bitWidth + 2
        if shift > 0 {
            self.init(mid: (n << shift) / d, exp: -shift, rad: 1)
        } else {
            self.init(mid: n / d, exp: 0, rad: 1)
        }
        normalize()
    }

    static let zero = RealBall(mid: 0, exp: 0, rad: 0)

    var description: String {
        "RealBall(\(approximateDouble) ± 2^\(exp + rad.bitWidth))"
    }

    /// Whether this ball is exactly zero (no radius).
    var isExactZero: Bool { mid.isZero && rad.isZero }

    /// An exponent `t` with `|x| < 2^t` for every `x` in the ball.
    var upperLog2: Int {
        if isExactZero { return Int.min / 4 }
        return exp + max(mid.magnitude.bitWidth, rad.bitWidth) + 1
    }

    /// The sign of every value in the ball, or `nil` when the ball contains zero (and is not
    /// exactly zero).
    var certainSign: Int? {
        if isExactZero { return 0 }
        if mid.magnitude > rad { return mid.sign == .minus ? -1 : 1 }
        return nil
    }

    /// Whether the ball contains zero.
    var containsZero: Bool { mid.magnitude <= rad }

    /// An approximation for choosing reduction steps and for display (never for decisions).
    var approximateDouble: Double {
        let bits = mid.magnitude.bitWidth
        if bits <= 60 { return scale(Double(mid), exp) }
        let shift = bits - 60
        return scale(Double(mid >> shift), exp + shift)
    }

    private func scale(_ x: Double, _ e: Int) -> Double {
        if e > 2000 { return x == 0 ? 0 : (x < 0 ? -.infinity : .infinity) }
        if e < -2000 { return 0 }
        return x * Double(sign: .plus, exponent: e, significand: 1)
    }

    /// Drops low bits so the midpoint keeps ``precision`` bits and the radius at most 64.
    mutating func normalize() {
        if mid.isZero && rad.isZero {
            exp = 0
            return
        }
        let midBits = mid.magnitude.bitWidth
        let radBits = rad.bitWidth
        let shift = max(midBits - RealBall.precision, radBits - 64, 0)
        if shift > 0 {
            mid = mid >> shift
            rad = (rad >> shift) + 2
            exp += shift
        }
    }

    /// The ball multiplied by `2^k` (exact).
    func scaled(_ k: Int) -> RealBall {
        if isExactZero { return self }
        return RealBall(mid: mid, exp: exp + k, rad: rad)
    }

    /// The ball with its radius widened by `2^e`.
    func widened(byPowerOfTwo e: Int) -> RealBall {
        self + RealBall(mid: 0, exp: e, rad: 1)
    }

    // MARK: Arithmetic

    static prefix func - (a: RealBall) -> RealBall {
        RealBall(mid: -a.mid, exp: a.exp, rad: a.rad)
    }

    /// The same ball with a midpoint of at least ``precision`` bits (exact rescaling), so
    /// that its last unit is below its precision.
    var extended: RealBall {
        let bits = mid.magnitude.bitWidth
        guard bits < RealBall.precision, !isExactZero else { return self }
        let shift = RealBall.precision - bits
        return RealBall(mid: mid << shift, exp: exp - shift, rad: rad << shift)
    }

    static func + (x: RealBall, y: RealBall) -> RealBall {
        if x.isExactZero { return y }
        if y.isExactZero { return x }
        let a = x.extended
        let b = y.extended
        // A summand entirely below the other's last unit only widens the radius.
        if b.upperLog2 < a.exp - 1 {
            return RealBall(mid: a.mid, exp: a.exp, rad: a.rad + 1)
        }
        if a.upperLog2 < b.exp - 1 {
            return RealBall(mid: b.mid, exp: b.exp, rad: b.rad + 1)
        }
        let e = min(a.exp, b.exp)
        let sa = a.exp - e
        let sb = b.exp - e
        var r = RealBall(
            mid: (a.mid << sa) + (b.mid << sb), exp: e, rad: (a.rad << sa) + (b.rad << sb))
        r.normalize()
        return r
    }

    static func - (a: RealBall, b: RealBall) -> RealBall { a + (-b) }

    static func * (a: RealBall, b: RealBall) -> RealBall {
        if a.isExactZero || b.isExactZero { return .zero }
        let am = a.mid.magnitude
        let bm = b.mid.magnitude
        var rad = am * b.rad + bm * a.rad
        if !a.rad.isZero && !b.rad.isZero { rad += a.rad * b.rad }
        var r = RealBall(mid: a.mid * b.mid, exp: a.exp + b.exp, rad: rad)
        r.normalize()
        return r
    }

    /// The ball divided by a small positive integer.
    func divided(byInt k: Int) -> RealBall {
        precondition(k > 0)
        if isExactZero { return self }
        // Make room for precision before the integer division.
        let shift = max(0, RealBall.precision + 8 - mid.magnitude.bitWidth)
        let m = mid << shift
        let bk = BigInt(k)
        var r = RealBall(mid: m / bk, exp: exp - shift, rad: (rad << shift) / BigUInt(k) + 1)
        r.normalize()
        return r
    }

    /// The reciprocal, or `nil` when the ball contains zero.
    var reciprocal: RealBall? {
        let m = mid.magnitude
        guard m > rad else { return nil }
        let k = m.bitWidth + RealBall.precision + 2
        let one = BigUInt(1) << k
        let q = one / m
        let err = (one * rad) / (m * (m - rad)) + 2
        var r = RealBall(mid: mid.sign == .minus ? -BigInt(q) : BigInt(q), exp: -k - exp, rad: err)
        r.normalize()
        return r
    }

    /// The quotient, or `nil` when the divisor's ball contains zero.
    func divided(by b: RealBall) -> RealBall? {
        guard let inverse = b.reciprocal else { return nil }
        return self * inverse
    }

    /// An integer power by repeated squaring.
    func power(_ n: Int) -> RealBall? {
        if n == 0 { return RealBall(1) }
        if n < 0 { return reciprocal?.power(-n) }
        var result = RealBall(1)
        var base = self
        var e = n
        while e > 0 {
            if e & 1 == 1 { result = result * base }
            e >>= 1
            if e > 0 { base = base * base }
        }
        return result
    }

    /// The square root, or `nil` when the ball lies (partly) below zero in a way that is
    /// not just rounding around zero.
    func squareRoot() -> RealBall? {
        if isExactZero { return self }
        if mid.sign == .minus && mid.magnitude > rad { return nil }
        if mid.magnitude <= rad {
            // The ball straddles zero: the root lies in [0, sqrt(upper)].
            var upper = BigUInt(mid.sign == .minus ? 0 : mid.magnitude) + rad
            var e = exp
            if e & 1 != 0 {
                upper <<= 1
                e -= 1
            }
            let s = upper.squareRoot() + 1
            let half = (s + 1) / 2
            return RealBall(mid: BigInt(half), exp: e / 2, rad: half + 1)
        }
        var t = max(0, 2 * RealBall.precision + 2 - mid.magnitude.bitWidth)
        if (exp - t) & 1 != 0 { t += 1 }
        let m = mid.magnitude << t
        let r = rad << t
        let s = m.squareRoot()
        let err = r / s + 2
        var result = RealBall(mid: BigInt(s), exp: (exp - t) / 2, rad: err)
        result.normalize()
        return result
    }

    /// Whether the two balls overlap.
    func overlaps(_ other: RealBall) -> Bool {
        (self - other).containsZero
    }
}
