import BigInt

/// Elementary functions on balls. Each series is summed in ball arithmetic and its
/// truncated tail is added to the radius as a proven bound, so results stay certified.
extension RealBall {
    /// The smallest exponent a series term must reach before summation stops.
    private static var tailExponent: Int { -(precision + 8) }

    /// A ball `0 ± 2^e` that covers a neglected series tail.
    private static func tail(_ e: Int) -> RealBall { RealBall(mid: 0, exp: e, rad: 1) }

    /// π, computed once with Machin's formula `16 atan(1/5) - 4 atan(1/239)`.
    static let pi: RealBall = {
        let a = atanSeries(RealBall(Rational(1, 5)!))
        let b = atanSeries(RealBall(Rational(1, 239)!))
        return a.scaled(4) - b.scaled(2)
    }()

    /// ln 2, computed once as `2 atanh(1/3)`.
    static let ln2: RealBall = atanhSeries(RealBall(Rational(1, 3)!)).scaled(1)

    /// `atan(z)` for `|z| <= 1/4` by its alternating Taylor series.
    private static func atanSeries(_ z: RealBall) -> RealBall {
        let z2 = z * z
        var term = z
        var sum = z
        var k = 1
        while term.upperLog2 >= tailExponent {
            term = -(term * z2)
            sum = sum + term.divided(byInt: 2 * k + 1)
            k += 1
        }
        return sum + tail(tailExponent)
    }

    /// `atanh(z)` for `|z| <= 1/2` by its Taylor series; the tail is below twice the last term.
    private static func atanhSeries(_ z: RealBall) -> RealBall {
        let z2 = z * z
        var term = z
        var sum = z
        var k = 1
        while term.upperLog2 >= tailExponent {
            term = term * z2
            sum = sum + term.divided(byInt: 2 * k + 1)
            k += 1
        }
        return sum + tail(tailExponent + 1)
    }

    /// e^x; `nil` when |x| is too large to represent sensibly (above 2^40).
    func exponential() -> RealBall? {
        guard upperLog2 < 40 else { return nil }
        if isExactZero { return RealBall(1) }
        let n = Int((approximateDouble / 0.6931471805599453).rounded())
        let r = self - RealBall.ln2 * RealBall(n)
        let y = r.scaled(-12)
        var term = RealBall(1)
        var sum = RealBall(1)
        var k = 1
        while term.upperLog2 >= RealBall.tailExponent {
            term = (term * y).divided(byInt: k)
            sum = sum + term
            k += 1
        }
        sum = sum + RealBall.tail(RealBall.tailExponent + 1)
        for _ in 0..<12 { sum = sum * sum }
        return sum.scaled(n)
    }

    /// The natural logarithm; `nil` unless the ball is certainly positive.
    func logarithm() -> RealBall? {
        guard certainSign == 1 else { return nil }
        var k = exp + mid.magnitude.bitWidth - 1
        var m = scaled(-k)
        if m.approximateDouble > 1.4142 {
            m = m.scaled(-1)
            k += 1
        }
        let one = RealBall(1)
        guard let z = (m - one).divided(by: m + one) else { return nil }
        return RealBall.atanhSeries(z).scaled(1) + RealBall.ln2 * RealBall(k)
    }

    /// Sine and cosine together; `nil` when |x| is above 2^60.
    func sineCosine() -> (sin: RealBall, cos: RealBall)? {
        guard upperLog2 < 60 else { return nil }
        if isExactZero { return (.zero, RealBall(1)) }
        let twoPi = RealBall.pi.scaled(1)
        let n = Int((approximateDouble / 6.283185307179586).rounded())
        let r = n == 0 ? self : self - twoPi * RealBall(n)
        let steps = 8
        let y = r.scaled(-steps)
        let y2 = y * y
        // sin y = y - y^3/3! + ...; cos y = 1 - y^2/2! + ...
        var sTerm = y
        var s = y
        var cTerm = RealBall(1)
        var c = RealBall(1)
        var k = 1
        while sTerm.upperLog2 >= RealBall.tailExponent || cTerm.upperLog2 >= RealBall.tailExponent {
            cTerm = -(cTerm * y2).divided(byInt: (2 * k - 1) * (2 * k))
            c = c + cTerm
            sTerm = -(sTerm * y2).divided(byInt: (2 * k) * (2 * k + 1))
            s = s + sTerm
            k += 1
        }
        s = s + RealBall.tail(RealBall.tailExponent)
        c = c + RealBall.tail(RealBall.tailExponent)
        let one = RealBall(1)
        for _ in 0..<steps {
            let newS = (s * c).scaled(1)
            let newC = one - (s * s).scaled(1)
            s = newS
            c = newC
        }
        return (s, c)
    }

    /// The arctangent (any real argument).
    func arctangent() -> RealBall? {
        if isExactZero { return self }
        // atan(x) = 2 atan(x / (1 + sqrt(1 + x^2))), applied three times brings |x| under 0.2.
        var y = self
        let one = RealBall(1)
        for _ in 0..<3 {
            guard let root = (one + y * y).squareRoot(), let next = y.divided(by: one + root) else {
                return nil
            }
            y = next
        }
        return RealBall.atanSeries(y).scaled(3)
    }

    /// The arcsine; `nil` outside [-1, 1].
    func arcsine() -> RealBall? {
        let one = RealBall(1)
        if (self - one).isExactZero { return RealBall.pi.scaled(-1) }
        if (self + one).isExactZero { return -RealBall.pi.scaled(-1) }
        guard let root = (one - self * self).squareRoot(), root.certainSign == 1,
            let ratio = self.divided(by: root)
        else { return nil }
        return ratio.arctangent()
    }

    /// The arccosine; `nil` outside [-1, 1].
    func arccosine() -> RealBall? {
        guard let a = arcsine() else { return nil }
        return RealBall.pi.scaled(-1) - a
    }

    /// `self` to a real power; the base must be positive unless the exponent is an integer.
    func power(_ exponent: RealBall) -> RealBall? {
        guard let l = logarithm() else { return nil }
        return (exponent * l).exponential()
    }
}
