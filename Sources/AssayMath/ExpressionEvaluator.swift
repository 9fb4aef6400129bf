import AssayCore
import BigInt

/// Why an expression could not be evaluated at a point.
struct EvaluationError: Error, Sendable {
    enum Kind: Sendable {
        /// Outside the function's domain at this point (`\sqrt{-1}`, `1/0`): try another point.
        case domain
        /// Not a number at all (`\infty`, an unknown function).
        case notNumeric
        /// Too large to evaluate sensibly.
        case tooLarge
        /// A value whose floor or sign cannot be certified at this precision.
        case undecided
        /// The deadline passed.
        case timeout
    }

    var kind: Kind
    var message: String
}

/// Evaluates a ``MathExpression`` exactly where it can (rationals) and in certified ball
/// arithmetic otherwise.
///
/// Exact paths: `+ - * /`, integer powers, roots of perfect powers (`\sqrt{8/18} = 2/3`),
/// `\log_2 8 = 3`, factorials, binomials, gcd/lcm, floor/ceil. Everything else (`\pi`, `e`,
/// irrational roots, trig, logs) goes through ``RealBall``.
struct ExpressionEvaluator {
    /// Values for the variables.
    var variables: [String: Rational] = [:]
    /// Cooperative deadline, polled in loops.
    var deadline: Deadline = .never

    /// Results with more bits than this switch from exact to ball arithmetic.
    static let exactBitLimit = 1 << 15

    static let eBall: RealBall = RealBall(1).exponential()!

    func fail(_ kind: EvaluationError.Kind, _ message: String) -> EvaluationError {
        EvaluationError(kind: kind, message: message)
    }

    func evaluate(_ expression: MathExpression) throws(EvaluationError) -> NumericValue {
        switch expression {
        case .number(let r):
            return .exact(r)
        case .symbol(let name):
            guard let v = variables[name] else { throw fail(.notNumeric, "the variable \(name) has no value") }
            return .exact(v)
        case .constant(.pi):
            return .approx(RealBall.pi)
        case .constant(.e):
            return .approx(ExpressionEvaluator.eBall)
        case .infinity:
            throw fail(.notNumeric, "infinity is not a number")
        case .plusMinus:
            throw fail(.notNumeric, "± stands for two values")
        case .sum(let items):
            var total = try evaluate(items[0])
            for item in items.dropFirst() { total = add(total, try evaluate(item)) }
            return total
        case .product(let items):
            var total = try evaluate(items[0])
            for item in items.dropFirst() { total = try multiply(total, try evaluate(item)) }
            return total
        case .power(let base, let exponent):
            return try power(try evaluate(base), try evaluate(exponent))
        case .function(let f, let args):
            if deadline.isExpired { throw fail(.timeout, "the deadline passed") }
            var values: [NumericValue] = []
            values.reserveCapacity(args.count)
            for a in args { values.append(try evaluate(a)) }
            return try apply(f, values)
        }
    }

    // MARK: Arithmetic

    func add(_ a: NumericValue, _ b: NumericValue) -> NumericValue {
        if case .exact(let x) = a, case .exact(let y) = b {
            if x.bitSize + y.bitSize < ExpressionEvaluator.exactBitLimit { return .exact(x + y) }
        }
        if case .exact(let x) = a, x.isZero { return b }
        if case .exact(let y) = b, y.isZero { return a }
        return .approx(a.ball + b.ball)
    }

    func multiply(_ a: NumericValue, _ b: NumericValue) throws(EvaluationError) -> NumericValue {
        if case .exact(let x) = a, case .exact(let y) = b {
            if x.bitSize + y.bitSize < ExpressionEvaluator.exactBitLimit { return .exact(x * y) }
        }
        if case .exact(let x) = a, x.isZero { return a }
        if case .exact(let y) = b, y.isZero { return b }
        return .approx(a.ball * b.ball)
    }

    func reciprocal(_ a: NumericValue) throws(EvaluationError) -> NumericValue {
        switch a {
        case .exact(let x):
            guard let r = x.reciprocal else { throw fail(.domain, "division by zero") }
            return .exact(r)
        case .approx(let b):
            guard let r = b.reciprocal else { throw fail(.domain, "division by a value that may be zero") }
            return .approx(r)
        }
    }

    func power(_ base: NumericValue, _ exponent: NumericValue) throws(EvaluationError) -> NumericValue {
        if case .exact(let x) = exponent {
            if let n = x.intValue { return try integerPower(base, n) }
            if x.isInteger { throw fail(.tooLarge, "an exponent too large to evaluate") }
            // A rational exponent p/q: the real q-th root, then the p-th power.
            guard let q = Int(exactly: x.denominator), q <= 1_000_000, let p = Int(exactly: x.numerator) else {
                throw fail(.tooLarge, "an exponent too large to evaluate")
            }
            let root = try realRoot(base, q)
            return try integerPower(root, p)
        }
        // A real exponent: the base must be positive (or an exact zero).
        if case .exact(let b) = base, b.isZero {
            if exponent.certainSign == 1 { return base }
            throw fail(.domain, "zero to a power that is not positive")
        }
        guard base.certainSign == 1 else { throw fail(.domain, "a negative base with an irrational exponent") }
        guard let r = base.ball.power(exponent.ball) else { throw fail(.tooLarge, "a power too large to evaluate") }
        return .approx(r)
    }

    func integerPower(_ base: NumericValue, _ n: Int) throws(EvaluationError) -> NumericValue {
        switch base {
        case .exact(let b):
            if b.isZero && n < 0 { throw fail(.domain, "division by zero") }
            if b.isZero || n == 0 || b == .one { return .exact(n == 0 ? .one : b) }
            if b == Rational(-1) { return .exact(n % 2 == 0 ? .one : b) }
            let bits = b.bitSize.multipliedReportingOverflow(by: abs(n))
            if !bits.overflow, bits.partialValue < ExpressionEvaluator.exactBitLimit {
                return .exact(b.power(n)!)
            }
            guard abs(n) < 1 << 40 else { throw fail(.tooLarge, "a power too large to evaluate") }
            guard let r = RealBall(b).power(n) else { throw fail(.domain, "division by zero") }
            return .approx(r)
        case .approx(let b):
            guard abs(n) < 1 << 40 else { throw fail(.tooLarge, "a power too large to evaluate") }
            guard let r = b.power(n) else { throw fail(.domain, "division by a value that may be zero") }
            return .approx(r)
        }
    }

    /// The real `q`-th root (negative bases allowed for odd `q`).
    func realRoot(_ base: NumericValue, _ q: Int) throws(EvaluationError) -> NumericValue {
        precondition(q > 0)
        if q == 1 { return base }
        if case .exact(let b) = base {
            if b.signum < 0 && q % 2 == 0 { throw fail(.domain, "an even root of a negative number") }
            if let r = ExpressionEvaluator.exactRoot(b, q) { return .exact(r) }
        }
        let ball = base.ball
        switch ball.certainSign {
        case 0:
            return .exact(.zero)
        case 1:
            if q == 2, let r = ball.squareRoot() { return .approx(r) }
            guard let l = ball.logarithm(), let r = l.divided(byInt: q).exponential() else {
                throw fail(.tooLarge, "a root too large to evaluate")
            }
            return .approx(r)
        case -1:
            guard q % 2 == 1 else { throw fail(.domain, "an even root of a negative number") }
            guard let l = (-ball).logarithm(), let r = l.divided(byInt: q).exponential() else {
                throw fail(.tooLarge, "a root too large to evaluate")
            }
            return .approx(-r)
        default:
            if q == 2, let r = ball.squareRoot() { return .approx(r) }
            throw fail(.undecided, "a root of a value whose sign is unknown")
        }
    }

    /// The exact `q`-th root of a rational, when numerator and denominator are perfect powers.
    static func exactRoot(_ r: Rational, _ q: Int) -> Rational? {
        guard q <= 64 else { return nil }
        let negative = r.signum < 0
        if negative && q % 2 == 0 { return nil }
        guard let n = integerRoot(r.numerator.magnitude, q), let d = integerRoot(r.denominator.magnitude, q) else {
            return nil
        }
        let value = Rational(numerator: BigInt(n), denominator: BigInt(d))!
        return negative ? -value : value
    }

    /// The exact integer `q`-th root of `n`, if `n` is a perfect `q`-th power.
    static func integerRoot(_ n: BigUInt, _ q: Int) -> BigUInt? {
        if n.isZero || n == 1 { return n }
        if q == 2 {
            let s = n.squareRoot()
            return s * s == n ? s : nil
        }
        let bits = n.bitWidth
        // Newton's iteration from above.
        var x = BigUInt(1) << ((bits + q - 1) / q)
        while true {
            let y = (BigUInt(q - 1) * x + n / x.power(q - 1)) / BigUInt(q)
            if y >= x { break }
            x = y
        }
        return x.power(q) == n ? x : nil
    }

    // MARK: Functions

    func apply(_ f: MathFunction, _ args: [NumericValue]) throws(EvaluationError) -> NumericValue {
        let x = args.last!
        switch f {
        case .sin, .cos, .tan, .cot, .sec, .csc:
            if case .exact(let v) = x, v.isZero {
                switch f {
                case .sin, .tan: return .exact(.zero)
                case .cos, .sec: return .exact(.one)
                default: throw fail(.domain, "\(f.rawValue) of 0")
                }
            }
            guard let (s, c) = x.ball.sineCosine() else { throw fail(.tooLarge, "a trig argument too large") }
            switch f {
            case .sin: return .approx(s)
            case .cos: return .approx(c)
            case .tan: return try ball(s.divided(by: c), "tan at a pole")
            case .cot: return try ball(c.divided(by: s), "cot at a pole")
            case .sec: return try ball(c.reciprocal, "sec at a pole")
            default: return try ball(s.reciprocal, "csc at a pole")
            }
        case .asin, .acos, .atan, .acot, .asec, .acsc:
            return try inverseTrig(f, x)
        case .sinh, .cosh, .tanh:
            guard let ex = x.ball.exponential(), let emx = (-x.ball).exponential() else {
                throw fail(.tooLarge, "a hyperbolic argument too large")
            }
            switch f {
            case .sinh: return .approx((ex - emx).scaled(-1))
            case .cosh: return .approx((ex + emx).scaled(-1))
            default: return try ball((ex - emx).divided(by: ex + emx), "tanh")
            }
        case .ln:
            if case .exact(let v) = x, v == .one { return .exact(.zero) }
            guard x.certainSign == 1 else { throw fail(.domain, "the logarithm of a value that is not positive") }
            return try ball(x.ball.logarithm(), "ln")
        case .log:
            return try logarithm(base: args[0], x)
        case .exp:
            if case .exact(let v) = x, v.isZero { return .exact(.one) }
            return try ball(x.ball.exponential(), "exp of a value too large")
        case .root:
            guard case .exact(let n) = args[0], let q = n.intValue, q > 0 else {
                throw fail(.notNumeric, "a root whose index is not a positive integer")
            }
            return try realRoot(x, q)
        case .abs:
            switch x {
            case .exact(let v): return .exact(v.magnitude)
            case .approx(let b):
                if let s = b.certainSign { return .approx(s < 0 ? -b : b) }
                let m = RealBall(mid: BigInt(b.mid.magnitude + b.rad) / 2, exp: b.exp, rad: (b.mid.magnitude + b.rad) / 2 + 1)
                return .approx(m)
            }
        case .factorial:
            guard case .exact(let v) = x, let n = v.intValue, n >= 0 else {
                throw fail(.domain, "a factorial of something other than a natural number")
            }
            guard n <= 3000 else { throw fail(.tooLarge, "a factorial too large to evaluate") }
            var p = BigInt(1)
            if n > 1 {
                for k in 2...n {
                    p *= BigInt(k)
                    if k & 255 == 0, deadline.isExpired { throw fail(.timeout, "the deadline passed") }
                }
            }
            return .exact(Rational(p))
        case .binomial:
            guard case .exact(let nv) = args[0], case .exact(let kv) = args[1], let n = nv.intValue, let k = kv.intValue
            else { throw fail(.notNumeric, "a binomial coefficient of non-integers") }
            guard n >= 0, n <= 100_000 else { throw fail(.tooLarge, "a binomial coefficient out of range") }
            if k < 0 || k > n { return .exact(.zero) }
            let kk = min(k, n - k)
            var r = BigInt(1)
            if kk > 0 {
                for i in 0..<kk {
                    r = r * BigInt(n - i) / BigInt(i + 1)
                    if i & 255 == 255, deadline.isExpired { throw fail(.timeout, "the deadline passed") }
                }
            }
            return .exact(Rational(r))
        case .gcd, .lcm:
            var ints: [BigInt] = []
            for a in args {
                guard case .exact(let v) = a, v.isInteger else { throw fail(.notNumeric, "\(f.rawValue) of non-integers") }
                ints.append(v.numerator)
            }
            var acc = ints[0].magnitude
            for v in ints.dropFirst() {
                let g = acc.greatestCommonDivisor(with: v.magnitude)
                if f == .gcd {
                    acc = g
                } else {
                    acc = g.isZero ? 0 : acc / g * v.magnitude
                }
            }
            return .exact(Rational(BigInt(acc)))
        case .floor, .ceil:
            switch x {
            case .exact(let v):
                let fl = v.floor
                return .exact(Rational(f == .floor || v.isInteger ? fl : fl + 1))
            case .approx(let b):
                guard b.exp < 64 else { throw fail(.tooLarge, "a floor of a value too large") }
                let low = Rational(b.mid - BigInt(b.rad))
                let high = Rational(b.mid + BigInt(b.rad))
                let scale = Rational(2).power(b.exp)!
                let lo = (low * scale).floor
                let hi = (high * scale).floor
                guard lo == hi else { throw fail(.undecided, "a floor that cannot be certified") }
                // The ball excludes integers only if the value is not an integer itself.
                return .exact(Rational(f == .floor ? lo : lo + 1))
            }
        case .max, .min:
            var best = args[0]
            for a in args.dropFirst() {
                let d = add(a, try multiply(best, .exact(Rational(-1))))
                guard let s = d.certainSign else { throw fail(.undecided, "\(f.rawValue) of values too close to order") }
                if (f == .max && s > 0) || (f == .min && s < 0) { best = a }
            }
            return best
        case .degrees:
            return try multiply(x, .approx(RealBall.pi.divided(byInt: 180)))
        }
    }

    private func ball(_ b: RealBall?, _ what: String) throws(EvaluationError) -> NumericValue {
        guard let b else { throw fail(.domain, "\(what) is undefined here") }
        return .approx(b)
    }

    private func inverseTrig(_ f: MathFunction, _ x: NumericValue) throws(EvaluationError) -> NumericValue {
        if case .exact(let v) = x, v.isZero, f == .asin || f == .atan { return .exact(.zero) }
        let b = x.ball
        switch f {
        case .asin: return try ball(b.arcsine(), "arcsin outside [-1, 1]")
        case .acos: return try ball(b.arccosine(), "arccos outside [-1, 1]")
        case .atan: return try ball(b.arctangent(), "arctan")
        case .acot:
            guard let a = b.arctangent() else { throw fail(.domain, "arccot") }
            return .approx(RealBall.pi.scaled(-1) - a)
        case .asec: return try ball(b.reciprocal?.arccosine(), "arcsec")
        default: return try ball(b.reciprocal?.arcsine(), "arccsc")
        }
    }

    /// `log_base(x)`, exact when `x` is a rational power of `base` (`\log_4 8 = 3/2`).
    private func logarithm(base: NumericValue, _ x: NumericValue) throws(EvaluationError) -> NumericValue {
        guard x.certainSign == 1, base.certainSign == 1 else {
            throw fail(.domain, "a logarithm of a value that is not positive")
        }
        guard let lx = x.ball.logarithm(), let lb = base.ball.logarithm(), let ratio = lx.divided(by: lb) else {
            throw fail(.domain, "a logarithm that is undefined here")
        }
        if case .exact(let b) = base, case .exact(let v) = x {
            if b == .one { throw fail(.domain, "a logarithm to base 1") }
            if v == .one { return .exact(.zero) }
            let estimate = ratio.approximateDouble
            if estimate.isFinite, abs(estimate) < 4096 {
                for q in 1...12 {
                    let p = (estimate * Double(q)).rounded()
                    guard abs(estimate * Double(q) - p) < 1e-6, p != 0 else { continue }
                    let pi = Int(p)
                    if b.bitSize * abs(pi) < ExpressionEvaluator.exactBitLimit,
                        v.bitSize * q < ExpressionEvaluator.exactBitLimit,
                        b.power(pi) == v.power(q)
                    {
                        return .exact(Rational(Int64(pi), Int64(q))!)
                    }
                }
            }
        }
        return .approx(ratio)
    }
}
