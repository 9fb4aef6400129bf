/// A complex number with exact rational parts, `re + im·i`.
struct GaussianRational: Sendable, Equatable {
    var re: Rational
    var im: Rational

    static let zero = GaussianRational(re: .zero, im: .zero)
    static let one = GaussianRational(re: .one, im: .zero)

    static func + (a: GaussianRational, b: GaussianRational) -> GaussianRational {
        GaussianRational(re: a.re + b.re, im: a.im + b.im)
    }

    static func * (a: GaussianRational, b: GaussianRational) -> GaussianRational {
        GaussianRational(re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re)
    }

    /// The reciprocal, or `nil` for zero.
    var reciprocal: GaussianRational? {
        let norm = re * re + im * im
        guard let r = re.divided(by: norm), let i = im.divided(by: norm) else { return nil }
        return GaussianRational(re: r, im: -i)
    }

    var bitSize: Int { re.bitSize + im.bitSize }
}
