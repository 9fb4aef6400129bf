/// A parsed arithmetic expression: numbers, variables, constants and functions.
///
/// Subtraction is a sum with a `-1` factor and division is a product with a `-1` power, so the
/// evaluator only knows sums, products and powers.
indirect enum MathExpression: Sendable, Hashable {
    case number(Rational)
    case symbol(String)
    case constant(MathConstant)
    /// `\infty`; only meaningful as an interval end or a limit value.
    case infinity
    case sum([MathExpression])
    case product([MathExpression])
    case power(MathExpression, MathExpression)
    case function(MathFunction, [MathExpression])
    /// `a \pm b`: two values at once (expanded before comparison).
    case plusMinus(MathExpression, MathExpression)

    static let minusOne = MathExpression.number(Rational(-1))

    /// `-e`.
    var negated: MathExpression {
        switch self {
        case .number(let r): return .number(-r)
        case .infinity: return .product([.minusOne, .infinity])
        default: return .product([.minusOne, self])
        }
    }

    /// `1 / e`.
    var reciprocal: MathExpression { .power(self, .minusOne) }

    /// The rational value, if the expression is a plain number.
    var rationalValue: Rational? {
        if case .number(let r) = self { return r }
        return nil
    }

    /// +1 for `\infty`, -1 for `-\infty`, `nil` otherwise.
    var infinitySign: Int? {
        switch self {
        case .infinity: return 1
        case .product(let factors) where factors.count == 2:
            if case .number(let r) = factors[0], case .infinity = factors[1], r.signum != 0 {
                return r.signum
            }
            return nil
        default: return nil
        }
    }

    /// Whether `\infty` occurs anywhere in the expression.
    var containsInfinity: Bool {
        switch self {
        case .infinity: true
        case .number, .symbol, .constant: false
        case .sum(let items), .product(let items), .function(_, let items): items.contains { $0.containsInfinity }
        case .power(let a, let b), .plusMinus(let a, let b): a.containsInfinity || b.containsInfinity
        }
    }

    /// Whether `\pm` occurs anywhere in the expression.
    var containsPlusMinus: Bool {
        switch self {
        case .plusMinus: true
        case .number, .symbol, .constant, .infinity: false
        case .sum(let items), .product(let items), .function(_, let items): items.contains { $0.containsPlusMinus }
        case .power(let a, let b): a.containsPlusMinus || b.containsPlusMinus
        }
    }

    /// The variables that occur in the expression, added to `into`.
    func collectSymbols(into names: inout [String]) {
        switch self {
        case .symbol(let name):
            if !names.contains(name) { names.append(name) }
        case .number, .constant, .infinity: break
        case .sum(let items), .product(let items), .function(_, let items):
            for item in items { item.collectSymbols(into: &names) }
        case .power(let a, let b), .plusMinus(let a, let b):
            a.collectSymbols(into: &names)
            b.collectSymbols(into: &names)
        }
    }

    /// The variables of the expression.
    var symbols: [String] {
        var names: [String] = []
        collectSymbols(into: &names)
        return names
    }

    /// The expression with every `a \pm b` replaced by both `a + b` and `a - b` (at most 16
    /// variants; `nil` when there would be more).
    func expandingPlusMinus() -> [MathExpression]? {
        guard containsPlusMinus else { return [self] }
        switch self {
        case .plusMinus(let a, let b):
            guard let left = a.expandingPlusMinus(), let right = b.expandingPlusMinus() else { return nil }
            var out: [MathExpression] = []
            for l in left {
                for r in right {
                    out.append(.sum([l, r]))
                    out.append(.sum([l, r.negated]))
                }
            }
            return out.count <= 16 ? out : nil
        case .sum(let items): return MathExpression.expand(items).map { $0.map { .sum($0) } }
        case .product(let items): return MathExpression.expand(items).map { $0.map { .product($0) } }
        case .function(let f, let items): return MathExpression.expand(items).map { $0.map { .function(f, $0) } }
        case .power(let a, let b):
            return MathExpression.expand([a, b]).map { $0.map { .power($0[0], $0[1]) } }
        case .number, .symbol, .constant, .infinity: return [self]
        }
    }

    private static func expand(_ items: [MathExpression]) -> [[MathExpression]]? {
        var combos: [[MathExpression]] = [[]]
        for item in items {
            guard let variants = item.expandingPlusMinus() else { return nil }
            var next: [[MathExpression]] = []
            for combo in combos {
                for v in variants { next.append(combo + [v]) }
            }
            guard next.count <= 16 else { return nil }
            combos = next
        }
        return combos
    }
}

/// A named mathematical constant.
enum MathConstant: String, Sendable, Hashable {
    case pi
    case e
}

/// A function the evaluator knows.
enum MathFunction: String, Sendable, Hashable {
    case sin, cos, tan, cot, sec, csc
    case asin, acos, atan, acot, asec, acsc
    case sinh, cosh, tanh
    /// Natural logarithm.
    case ln
    /// `log(base, x)`.
    case log
    case exp
    /// `root(n, x)`: the real n-th root.
    case root
    case abs
    case factorial
    case binomial
    case gcd, lcm
    case floor, ceil
    case max, min
    /// An angle in degrees used as an argument: `x * pi / 180`.
    case degrees
}
