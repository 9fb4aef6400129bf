public import BigInt

/// An exact rational number of arbitrary size, always in lowest terms with a positive
/// denominator.
///
/// Small values (numerator and denominator that fit in `Int64`) are kept inline and use
/// overflow-checked machine arithmetic; a result that would overflow is recomputed with
/// `BigInt`, so no operation ever loses precision. `1/2^99` and `1/2^98` are different
/// values, and so are `0.1` and `0.1000001`.
public struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        /// Numerator and denominator; the denominator is positive and the fraction reduced.
        case small(Int64, Int64)
        /// Used only when the reduced fraction does not fit `small`.
        case big(BigInt, BigInt)
    }

    var storage: Storage

    private init(storage: Storage) { self.storage = storage }

    /// Zero.
    public static let zero = Rational(0)
    /// One.
    public static let one = Rational(1)

    /// The integer `value`.
    public init(_ value: Int) {
        storage = .small(Int64(value), 1)
    }

    /// The integer `value`.
    init(_ value: Int64) {
        storage = .small(value, 1)
    }

    /// The integer `value`.
    public init(_ value: BigInt) {
        self = Rational.reduced(value, 1)
    }

    /// `numerator / denominator`, reduced; `nil` when the denominator is zero.
    public init?(numerator: BigInt, denominator: BigInt) {
        guard !denominator.isZero else { return nil }
        self = Rational.reduced(numerator, denominator)
    }

    /// `numerator / denominator`, reduced; `nil` when the denominator is zero.
    public init?(_ numerator: Int64, _ denominator: Int64) {
        guard denominator != 0 else { return nil }
        self = Rational.reducedSmall(numerator, denominator)
    }

    /// The numerator (carries the sign).
    public var numerator: BigInt {
        switch storage {
        case .small(let n, _): BigInt(n)
        case .big(let n, _): n
        }
    }

    /// The denominator (always positive).
    public var denominator: BigInt {
        switch storage {
        case .small(_, let d): BigInt(d)
        case .big(_, let d): d
        }
    }

    /// Whether the value is an integer.
    public var isInteger: Bool {
        switch storage {
        case .small(_, let d): d == 1
        case .big(_, let d): d == 1
        }
    }

    /// Whether the value is zero.
    public var isZero: Bool {
        if case .small(let n, _) = storage { return n == 0 }
        return false
    }

    /// -1, 0 or 1.
    public var signum: Int {
        switch storage {
        case .small(let n, _): n == 0 ? 0 : (n < 0 ? -1 : 1)
        case .big(let n, _): n.isZero ? 0 : (n.sign == .minus ? -1 : 1)
        }
    }

    /// The value as an `Int`, when it is an integer that fits.
    public var intValue: Int? {
        switch storage {
        case .small(let n, let d): d == 1 ? Int(exactly: n) : nil
        case .big: nil
        }
    }

    /// The nearest `Double` (for display and tolerance checks only, never for equality).
    public var doubleValue: Double {
        switch storage {
        case .small(let n, let d): return Double(n) / Double(d)
        case .big(let n, let d):
            // Scale so that both fit a Double's range before dividing.
            let shift = max(n.magnitude.bitWidth, d.magnitude.bitWidth) - 1000
            if shift > 0 {
                return Double(n >> shift) / Double(d >> shift)
            }
            return Double(n) / Double(d)
        }
    }

    /// Size of the value in bits (numerator plus denominator), used to bound work.
    public var bitSize: Int {
        switch storage {
        case .small(let n, let d): (64 - n.magnitude.leadingZeroBitCount) + (64 - d.leadingZeroBitCount)
        case .big(let n, let d): n.magnitude.bitWidth + d.magnitude.bitWidth
        }
    }

    public var description: String {
        switch storage {
        case .small(let n, let d): d == 1 ? "\(n)" : "\(n)/\(d)"
        case .big(let n, let d): d == 1 ? "\(n)" : "\(n)/\(d)"
        }
    }

    // MARK: Construction helpers

    static func reducedSmall(_ n: Int64, _ d: Int64) -> Rational {
        if n == 0 { return Rational(storage: .small(0, 1)) }
        if d == 1 { return Rational(storage: .small(n, 1)) }
        let g = Int64(bitPattern: gcd(n.magnitude, d.magnitude))
        var num = n
        var den = d
        if g > 1 {
            num = n / g
            den = d / g
        }
        if den < 0 {
            let (nn, o1) = Int64(0).subtractingReportingOverflow(num)
            let (dd, o2) = Int64(0).subtractingReportingOverflow(den)
            if o1 || o2 { return reduced(BigInt(n), BigInt(d)) }
            num = nn
            den = dd
        }
        return Rational(storage: .small(num, den))
    }

    static func reduced(_ n: BigInt, _ d: BigInt) -> Rational {
        if n.isZero { return Rational(storage: .small(0, 1)) }
        var num = n
        var den = d
        let g = num.magnitude.greatestCommonDivisor(with: den.magnitude)
        if g != 1 {
            let bg = BigInt(g)
            num = num / bg
            den = den / bg
        }
        if den.sign == .minus {
            num = -num
            den = -den
        }
        if let sn = Int64(exactly: num), let sd = Int64(exactly: den) {
            return Rational(storage: .small(sn, sd))
        }
        return Rational(storage: .big(num, den))
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = a
        var y = b
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    // MARK: Arithmetic

    /// The sum.
    public static func + (a: Rational, b: Rational) -> Rational {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            if ad == 1 && bd == 1 {
                let (s, o) = an.addingReportingOverflow(bn)
                if !o { return Rational(storage: .small(s, 1)) }
            } else {
                let (x, o1) = an.multipliedReportingOverflow(by: bd)
                let (y, o2) = bn.multipliedReportingOverflow(by: ad)
                let (d, o3) = ad.multipliedReportingOverflow(by: bd)
                if !(o1 || o2 || o3) {
                    let (s, o4) = x.addingReportingOverflow(y)
                    if !o4 { return reducedSmall(s, d) }
                }
            }
        }
        return reduced(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    /// The negation.
    public static prefix func - (a: Rational) -> Rational {
        if case .small(let n, let d) = a.storage {
            let (m, o) = Int64(0).subtractingReportingOverflow(n)
            if !o { return Rational(storage: .small(m, d)) }
        }
        return reduced(-a.numerator, a.denominator)
    }

    /// The difference.
    public static func - (a: Rational, b: Rational) -> Rational { a + (-b) }

    /// The product.
    public static func * (a: Rational, b: Rational) -> Rational {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            let (n, o1) = an.multipliedReportingOverflow(by: bn)
            let (d, o2) = ad.multipliedReportingOverflow(by: bd)
            if !(o1 || o2) { return reducedSmall(n, d) }
        }
        return reduced(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    /// The quotient, or `nil` when dividing by zero.
    public func divided(by b: Rational) -> Rational? {
        guard !b.isZero else { return nil }
        if case .small(let an, let ad) = storage, case .small(let bn, let bd) = b.storage {
            let (n, o1) = an.multipliedReportingOverflow(by: bd)
            let (d, o2) = ad.multipliedReportingOverflow(by: bn)
            if !(o1 || o2) { return Rational.reducedSmall(n, d) }
        }
        return Rational.reduced(numerator * b.denominator, denominator * b.numerator)
    }

    /// The reciprocal, or `nil` for zero.
    public var reciprocal: Rational? { Rational.one.divided(by: self) }

    /// The absolute value.
    public var magnitude: Rational { signum < 0 ? -self : self }

    /// `self` raised to an integer power; `nil` for `0` to a negative power.
    ///
    /// The caller bounds the size of the result (see ``bitSize``) before calling.
    public func power(_ exponent: Int) -> Rational? {
        if exponent == 0 { return .one }
        if exponent < 0 {
            guard let r = reciprocal else { return nil }
            return r.power(-exponent)
        }
        var result = Rational.one
        var base = self
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * base }
            e >>= 1
            if e > 0 { base = base * base }
        }
        return result
    }

    /// The largest integer not above the value.
    public var floor: BigInt {
        let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
        return r.sign == .minus && !r.isZero ? q - 1 : q
    }

    /// 10 to the power `n` as a `BigInt`.
    static func powerOfTen(_ n: Int) -> BigInt {
        if n < 19 {
            var p: Int64 = 1
            for _ in 0..<n { p *= 10 }
            return BigInt(p)
        }
        return BigInt(10).power(n)
    }

    // MARK: Comparison

    public static func < (a: Rational, b: Rational) -> Bool {
        compare(a, b) < 0
    }

    /// -1, 0 or 1 as `a` is below, equal to or above `b`.
    public static func compare(_ a: Rational, _ b: Rational) -> Int {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            let x = an.multipliedFullWidth(by: bd)
            let y = bn.multipliedFullWidth(by: ad)
            if x.high != y.high { return x.high < y.high ? -1 : 1 }
            if x.low != y.low { return x.low < y.low ? -1 : 1 }
            return 0
        }
        let x = a.numerator * b.denominator
        let y = b.numerator * a.denominator
        return x == y ? 0 : (x < y ? -1 : 1)
    }
}
