/// Evaluates polynomial and rational expressions in which the symbol `i` is the imaginary
/// unit, exactly in Q(i). Other variables take the given rational values.
///
/// Only `+`, `*`, integer powers and division are supported; anything else (roots, `\pi`,
/// trig) makes ``evaluate(_:)`` return `nil`, and the comparison treats `i` as an ordinary
/// variable instead. This is how `(1+i)(1-i)` equals `2` and `\frac{1}{i}` equals `-i`.
struct GaussianEvaluator {
    var variables: [String: Rational]

    static let bitLimit = 1 << 14

    func evaluate(_ e: MathExpression) -> GaussianRational? {
        switch e {
        case .number(let r):
            return GaussianRational(re: r, im: .zero)
        case .symbol("i"):
            return GaussianRational(re: .zero, im: .one)
        case .symbol(let name):
            guard let v = variables[name] else { return nil }
            return GaussianRational(re: v, im: .zero)
        case .sum(let items):
            var total = GaussianRational.zero
            for item in items {
                guard let v = evaluate(item) else { return nil }
                total = total + v
                guard total.bitSize < GaussianEvaluator.bitLimit else { return nil }
            }
            return total
        case .product(let items):
            var total = GaussianRational.one
            for item in items {
                guard let v = evaluate(item) else { return nil }
                total = total * v
                guard total.bitSize < GaussianEvaluator.bitLimit else { return nil }
            }
            return total
        case .power(let base, .number(let exponent)):
            guard let n = exponent.intValue, abs(n) <= 256, let b = evaluate(base) else { return nil }
            var result = GaussianRational.one
            for _ in 0..<abs(n) {
                result = result * b
                guard result.bitSize < GaussianEvaluator.bitLimit else { return nil }
            }
            return n < 0 ? result.reciprocal : result
        default:
            return nil
        }
    }
}
