/// The value of an expression: exact when only rational arithmetic was involved, otherwise a
/// certified ``RealBall``.
enum NumericValue: Sendable {
    case exact(Rational)
    case approx(RealBall)

    /// The value as a ball (exact values get a ball of radius one ulp).
    var ball: RealBall {
        switch self {
        case .exact(let r): RealBall(r)
        case .approx(let b): b
        }
    }

    /// The exact value, if known.
    var exact: Rational? {
        if case .exact(let r) = self { return r }
        return nil
    }

    /// An approximation for heuristics and tolerance checks.
    var approximateDouble: Double {
        switch self {
        case .exact(let r): r.doubleValue
        case .approx(let b): b.approximateDouble
        }
    }

    /// The certain sign, or `nil` when a ball straddles zero.
    var certainSign: Int? {
        switch self {
        case .exact(let r): r.signum
        case .approx(let b): b.certainSign
        }
    }

    /// The outcome of comparing two values.
    enum Agreement: Sendable, Equatable {
        case equal
        case different
        /// The balls overlap but are too wide to call the values equal.
        case undecided
    }

    /// Decides whether two values are equal.
    ///
    /// Exact values compare exactly. Otherwise the difference is formed in ball arithmetic:
    /// a ball that excludes zero proves the values differ; a ball that contains zero and is
    /// narrower than `2^-200` relative to the larger value (absolute below 1) counts as
    /// equal; anything wider is undecided. With a `relativeTolerance`, values whose
    /// approximations differ by at most that fraction of the larger magnitude are equal.
    static func agreement(_ a: NumericValue, _ b: NumericValue, relativeTolerance: Double?) -> Agreement {
        if case .exact(let x) = a, case .exact(let y) = b {
            if x == y { return .equal }
            if let tolerance = relativeTolerance, withinTolerance(a, b, tolerance) { return .equal }
            return .different
        }
        let ba = a.ball
        let bb = b.ball
        let difference = ba - bb
        if !difference.containsZero {
            if let tolerance = relativeTolerance, withinTolerance(a, b, tolerance) { return .equal }
            return .different
        }
        let scale = max(ba.upperLog2, bb.upperLog2, 1)
        if difference.upperLog2 <= scale - 200 { return .equal }
        if let tolerance = relativeTolerance, withinTolerance(a, b, tolerance) { return .equal }
        return .undecided
    }

    private static func withinTolerance(_ a: NumericValue, _ b: NumericValue, _ tolerance: Double) -> Bool {
        let x = a.approximateDouble
        let y = b.approximateDouble
        guard x.isFinite, y.isFinite else { return false }
        return abs(x - y) <= tolerance * max(abs(x), abs(y))
    }
}
