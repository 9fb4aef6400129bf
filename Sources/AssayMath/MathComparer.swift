import AssayCore

/// Decides whether a parsed answer is equivalent to a parsed gold answer.
///
/// Methods, by kind of answer:
/// - **Numbers** without variables compare exactly as rationals; with `\pi`, `e`, irrational
///   roots, logs or trig they are evaluated in certified ball arithmetic (``RealBall``):
///   disjoint balls prove a difference, overlapping balls narrower than `2^-200` (relative)
///   count as equal. Nearby distinct values such as `\sqrt 2` and `1.41421356237` are never
///   confused.
/// - **Expressions with variables** are evaluated at four seeded random rational points
///   (exactly for polynomials and rational functions, in ball arithmetic otherwise); they are
///   equal when they agree at every point and not equal as soon as one point proves a
///   difference (Schwartz-Zippel: distinct polynomials of degree d agree at a random point
///   with probability below d / 10^5 per point). Points where either side is undefined
///   (`\sqrt{x}` at x < 0) are skipped; positive points are tried after eight failures.
/// - **Complex numbers**: when `i` occurs and both sides are rational functions, `i` is the
///   imaginary unit and values are compared exactly in Q(i) (`(1+i)(1-i) = 2`); otherwise `i`
///   is an ordinary variable.
/// - **Equations** are equal when `lhs - rhs` of one is a non-zero constant multiple of the
///   other's (`y = 2x + 1` and `2x - y + 1 = 0`); inequalities need a positive multiple.
///   `x = 3` matches the value `3`.
/// - **Inequalities, intervals and unions** become sorted, merged interval sets compared end
///   by end, open/closed included (`2 \le x \le 5` and `[2, 5]`).
/// - **Sets** and bare lists are order-free; **tuples**, vectors and matrices are ordered and
///   must have the same size; `(a, b)` and `[a, b]` differ.
/// - **Units**: when both sides state a unit it must be the same unit (spelling variants such
///   as `ft`/`feet` agree); no conversion is done, so 8 inches ≠ 8 feet and also 12 inches ≠
///   1 foot. A unit on one side only is ignored. **Percent**: `50\%` matches `50` and also `0.5` (the fraction it stands
///   for); a value without `%` is never read as a percentage.
/// - An answer with several values (a list, "1 or 2", `\pm`) against a gold with one value is
///   a **hedge** and not equal, even when one of its values is right.
struct MathComparer {
    var relativeTolerance: Double?
    var deadline: Deadline
    var seed: UInt64

    /// Evaluation points needed to call two symbolic expressions equal.
    static let requiredPoints = 4
    static let maxAttempts = 24
    /// Largest set or tuple compared element by element.
    static let maxItems = 512

    // MARK: Entry

    func compare(_ gold: MathAnswer, _ answer: MathAnswer) -> MathComparison {
        if deadline.isExpired { return .timeout }
        switch (gold, answer) {
        case (.membership(_, let g), .membership(_, let a)): return compare(g, a)
        case (_, .membership(_, let a)): return compare(gold, a)
        case (.membership(_, let g), _): return compare(g, answer)
        case (.assignment(let gn, let gv), .assignment(let an, let av)):
            if gn == an { return compare(gv, av) }
            if let ge = gv.plainExpression, let ae = av.plainExpression {
                return compareRelations([.symbol(gn), ge], [.equal], [.symbol(an), ae], [.equal])
            }
            return .notEqual("name_mismatch", "the gold is about \(gn), the answer about \(an)")
        case (.assignment(let gn, let gv), .relation(let terms, let ops)):
            guard let ge = gv.plainExpression else { return kindMismatch(gold, answer) }
            return compareRelations([.symbol(gn), ge], [.equal], terms, ops)
        case (.relation(let terms, let ops), .assignment(let an, let av)):
            guard let ae = av.plainExpression else { return kindMismatch(gold, answer) }
            return compareRelations(terms, ops, [.symbol(an), ae], [.equal])
        case (.assignment(_, let gv), _): return compare(gv, answer)
        case (_, .assignment(_, let av)): return compare(gold, av)
        default: break
        }
        if case .relation(let gt, let gops) = gold, case .relation(let at, let aops) = answer {
            return compareRelations(gt, gops, at, aops)
        }
        if isIntervalLike(gold) || isIntervalLike(answer) {
            return compareAsIntervals(gold, answer)
        }
        if case .list(let items, let connective) = answer, items.count > 1, !isMultiValued(gold) {
            if connective == .comma, case .bracket(_, _, let g) = gold { return compareOrdered(g, items) }
            // Several writings of the same value ("1/2 or 0.5") are not a hedge.
            let each = items.map { compare(gold, $0) }
            if each.contains(where: { $0.kind == .timeout }) { return .timeout }
            if each.allSatisfy({ $0.kind == .equal }) {
                return .equal("equal_all_alternatives", "every one of the answer's \(items.count) forms equals the gold")
            }
            return .notEqual(
                "hedged_answer",
                "the answer offers \(items.count) values (\(connective == .or ? "joined by or" : "a list")) but the gold is one value")
        }
        switch (gold, answer) {
        case (.expression(let ge, let gu), .expression(let ae, let au)):
            return compareQuantities(ge, gu, ae, au)
        case (.set(let g), .set(let a)), (.set(let g), .list(let a, _)), (.list(let g, _), .set(let a)),
            (.list(let g, _), .list(let a, _)), (.list(let g, _), .bracket(_, _, let a)):
            return compareUnordered(g, a)
        case (.set(let g), _) where g.count == 1:
            return compare(g[0], answer)
        case (_, .set(let a)) where a.count == 1:
            return compare(gold, a[0])
        case (.expression(let e, let u), .list(let a, _)), (.expression(let e, let u), .set(let a)):
            guard e.containsPlusMinus, let values = e.expandingPlusMinus() else { return kindMismatch(gold, answer) }
            return compareUnordered(values.map { .expression($0, unit: u) }, a)
        case (.list(let g, _), .expression(let e, let u)), (.set(let g), .expression(let e, let u)):
            guard e.containsPlusMinus, let values = e.expandingPlusMinus() else { return kindMismatch(gold, answer) }
            return compareUnordered(g, values.map { .expression($0, unit: u) })
        case (.bracket(let go, let gc, let g), .bracket(let ao, let ac, let a)):
            guard g.count == a.count else {
                return .notEqual("size_mismatch", "the gold has \(g.count) entries, the answer \(a.count)")
            }
            if g.count == 2 && (go != ao || gc != ac) {
                return .notEqual("bracket_mismatch", "the brackets differ (open and closed ends, or a point and an interval)")
            }
            return compareOrdered(g, a)
        case (.bracket(_, _, let g), .list(let a, .comma)):
            return compareOrdered(g, a)
        case (.matrix(let g), .matrix(let a)):
            guard g.count == a.count, g[0].count == a[0].count else {
                return .notEqual("size_mismatch", "the gold is \(g.count)×\(g[0].count), the answer \(a.count)×\(a[0].count)")
            }
            let r = compareOrdered(g.flatMap { $0 }, a.flatMap { $0 })
            return r.kind == .equal ? .equal("equal_matrix", "all \(g.count)×\(g[0].count) entries are equal") : r
        case (.matrix(let g), .bracket(_, _, let a)) where g.count == 1 || g[0].count == 1:
            return compareOrdered(g.flatMap { $0 }, a)
        case (.bracket(_, _, let g), .matrix(let a)) where a.count == 1 || a[0].count == 1:
            return compareOrdered(g, a.flatMap { $0 })
        case (.relation(let gt, let gops), .relation(let at, let aops)):
            return compareRelations(gt, gops, at, aops)
        case (.text(let g), .text(let a)):
            return g == a ? .equal("equal_text", "the same words") : .notEqual("text_mismatch", "different words")
        case (.boolean(let g), .boolean(let a)):
            return g == a ? .equal("equal_boolean", "the same yes/no") : .notEqual("boolean_mismatch", "yes versus no")
        case (.nothing, .nothing):
            return .equal("equal_nothing", "both say there is no solution")
        case (.allReals, .allReals):
            return .equal("equal_interval", "both are all real numbers")
        case (.numeral(let gd, let gb), .numeral(let ad, let ab)):
            let same = gb == ab && MathComparer.numeralValue(gd, gb) == MathComparer.numeralValue(ad, ab)
            return same ? .equal("equal_numeral", "the same numeral") : .notEqual("value_mismatch", "different numerals")
        case (.numeral(let digits, let base), .expression(.number(let n), nil)),
            (.expression(.number(let n), nil), .numeral(let digits, let base)):
            if n.isInteger && (n.description == digits || MathComparer.numeralValue(digits, base) == n) {
                return .equal("equal_numeral", "the same numeral (base subscript left out)")
            }
            return .notEqual("value_mismatch", "\(n) is not \(digits) in base \(base)")
        default:
            return kindMismatch(gold, answer)
        }
    }

    func kindMismatch(_ gold: MathAnswer, _ answer: MathAnswer) -> MathComparison {
        .notEqual("kind_mismatch", "the gold is \(gold.kindName), the answer is \(answer.kindName)")
    }

    static func numeralValue(_ digits: String, _ base: Int) -> Rational? {
        var value = Rational.zero
        let b = Rational(base)
        for c in digits {
            guard let d = c.hexDigitValue, d < base else { return nil }
            value = value * b + Rational(d)
        }
        return value
    }

    /// Whether the answer stands for several values at once.
    func isMultiValued(_ answer: MathAnswer) -> Bool {
        switch answer {
        case .list(let items, _): return items.count > 1
        case .set, .bracket, .matrix, .union: return true
        case .expression(let e, _): return e.containsPlusMinus
        default: return false
        }
    }

    // MARK: Quantities

    func compareQuantities(_ ge: MathExpression, _ gu: MathUnit?, _ ae: MathExpression, _ au: MathUnit?) -> MathComparison {
        if ge.containsPlusMinus || ae.containsPlusMinus {
            guard let gs = ge.expandingPlusMinus(), let avs = ae.expandingPlusMinus() else {
                return .undecided("too_many_values", "too many ± combinations to compare")
            }
            if gs.count == 1 && avs.count > 1 {
                return .notEqual("hedged_answer", "the answer's ± gives \(avs.count) values but the gold is one value")
            }
            return compareUnordered(gs.map { .expression($0, unit: gu) }, avs.map { .expression($0, unit: au) })
        }
        if ge.containsInfinity || ae.containsInfinity {
            if let g = ge.infinitySign, let a = ae.infinitySign, g == a {
                return .equal("equal_value", "both are \(g > 0 ? "" : "-")∞")
            }
            return .notEqual("value_mismatch", "infinity compared with a different value")
        }
        switch (gu, au) {
        case (nil, nil):
            return compareExpressions(ge, ae)
        case (let unit?, nil), (nil, let unit?):
            let plain = compareExpressions(ge, ae)
            if plain.kind == .equal || !unit.isPercent { return plain }
            // Percent: 50% also matches the fraction 0.5.
            let hundred = MathExpression.number(Rational(100))
            let scaled = gu != nil
                ? compareExpressions(.product([ge, .power(hundred, .minusOne)]), ae)
                : compareExpressions(ge, .product([ae, .power(hundred, .minusOne)]))
            if scaled.kind == .equal { return .equal("equal_percent", "equal as a percentage and its fraction") }
            return plain
        case (let g?, let a?):
            guard g.name == a.name else {
                let same = g.dimension == a.dimension ? " (no unit conversion is done)" : ""
                return .notEqual("unit_mismatch", "the gold is in \(g.name), the answer in \(a.name)\(same)")
            }
            return compareExpressions(ge, ae)
        }
    }

    // MARK: Expressions

    /// A short display of a rational for messages.
    static func show(_ r: Rational) -> String {
        let text = r.description
        return text.count <= 40 ? text : "a \(r.bitSize)-bit number"
    }

    func compareExpressions(_ g: MathExpression, _ a: MathExpression) -> MathComparison {
        if case .number(let x) = g, case .number(let y) = a {
            if x == y { return .equal("equal_value", "the same exact value") }
            if let tolerance = relativeTolerance,
                NumericValue.agreement(.exact(x), .exact(y), relativeTolerance: tolerance) == .equal
            {
                return .equal("equal_within_tolerance", "equal within the relative tolerance \(tolerance)")
            }
            return .notEqual("value_mismatch", "\(MathComparer.show(y)) is not \(MathComparer.show(x))")
        }
        var symbols = g.symbols
        a.collectSymbols(into: &symbols)
        if symbols.isEmpty {
            let evaluator = ExpressionEvaluator(variables: [:], deadline: deadline)
            let gv: NumericValue
            let av: NumericValue
            do {
                gv = try evaluator.evaluate(g)
            } catch {
                if error.kind == .timeout { return .timeout }
                return .undecided("gold_not_evaluable", "the gold could not be evaluated: \(error.message)")
            }
            do {
                av = try evaluator.evaluate(a)
            } catch {
                if error.kind == .timeout { return .timeout }
                if error.kind == .domain { return .notEqual("answer_undefined", "the answer is undefined: \(error.message)") }
                return .undecided("answer_not_evaluable", "the answer could not be evaluated: \(error.message)")
            }
            switch NumericValue.agreement(gv, av, relativeTolerance: relativeTolerance) {
            case .equal:
                if case .exact = gv, case .exact = av { return .equal("equal_value", "the same exact value") }
                return .equal("equal_value", "equal to within a certified 2^-200 relative bound")
            case .different:
                if case .exact(let x) = gv, case .exact(let y) = av {
                    return .notEqual("value_mismatch", "\(MathComparer.show(y)) is not \(MathComparer.show(x))")
                }
                return .notEqual("value_mismatch", "the values differ (proven by interval arithmetic)")
            case .undecided:
                return .undecided("undecided_precision", "the values agree to working precision but could not be proven equal")
            }
        }
        return compareAtPoints(g, a, symbols: symbols)
    }

    /// A random non-zero rational for a variable.
    static func randomRational(_ rng: inout SplitMix64, positive: Bool) -> Rational {
        let numerator = Int64(rng.next() % 997) + 1
        let denominator = Int64(rng.next() % 89) + 1
        let negative = !positive && rng.next() & 1 == 1
        return Rational(negative ? -numerator : numerator, denominator)!
    }

    /// Compares in Q(i) when `i` occurs and both sides are rational functions (`nil` when
    /// that does not apply).
    func compareWithImaginaryUnit(_ g: MathExpression, _ a: MathExpression, symbols: [String]) -> MathComparison? {
        let others = symbols.filter { $0 != "i" }
        var rng = SplitMix64(seed: seed)
        let needed = others.isEmpty ? 1 : MathComparer.requiredPoints
        for point in 0..<needed {
            if deadline.isExpired { return .timeout }
            var values: [String: Rational] = [:]
            for s in others { values[s] = MathComparer.randomRational(&rng, positive: false) }
            let evaluator = GaussianEvaluator(variables: values)
            guard let gv = evaluator.evaluate(g), let av = evaluator.evaluate(a) else {
                return point == 0 ? nil : .undecided("not_evaluable", "could not evaluate with i as the imaginary unit")
            }
            if gv != av {
                return .notEqual("expression_mismatch", "the values differ with i as the imaginary unit")
            }
        }
        return .equal("equivalent_expression", "equal with i as the imaginary unit")
    }

    /// Evaluates both expressions at seeded random points.
    func compareAtPoints(_ g: MathExpression, _ a: MathExpression, symbols: [String]) -> MathComparison {
        if symbols.contains("i"), let result = compareWithImaginaryUnit(g, a, symbols: symbols) { return result }
        var rng = SplitMix64(seed: seed)
        var successes = 0
        var attempts = 0
        var sawUndecided = false
        var evaluator = ExpressionEvaluator(variables: [:], deadline: deadline)
        while successes < MathComparer.requiredPoints && attempts < MathComparer.maxAttempts {
            if deadline.isExpired { return .timeout }
            attempts += 1
            for s in symbols { evaluator.variables[s] = MathComparer.randomRational(&rng, positive: attempts > 8) }
            let gv: NumericValue
            let av: NumericValue
            do {
                gv = try evaluator.evaluate(g)
                av = try evaluator.evaluate(a)
            } catch {
                switch error.kind {
                case .domain: continue
                case .timeout: return .timeout
                case .undecided:
                    sawUndecided = true
                    continue
                case .notNumeric, .tooLarge:
                    return .undecided("not_evaluable", "could not evaluate: \(error.message)")
                }
            }
            switch NumericValue.agreement(gv, av, relativeTolerance: relativeTolerance) {
            case .equal: successes += 1
            case .undecided: sawUndecided = true
            case .different:
                let point = symbols.map { "\($0) = \(evaluator.variables[$0]!)" }.joined(separator: ", ")
                return .notEqual("expression_mismatch", "the expressions differ at \(point)")
            }
        }
        if successes >= MathComparer.requiredPoints {
            return .equal("equivalent_expression", "equal at \(successes) random points in \(symbols.joined(separator: ", "))")
        }
        if sawUndecided {
            return .undecided("undecided_precision", "the expressions could not be told apart or proven equal")
        }
        return .undecided("not_evaluable", "the expressions are undefined at the points tried")
    }

    // MARK: Relations

    /// `lhs - rhs` with `>`/`>=` turned into `<`/`<=`.
    static func normalizedRelation(_ l: MathExpression, _ op: RelationOperator, _ r: MathExpression)
        -> (MathExpression, RelationOperator)
    {
        switch op {
        case .greater: (MathParser.sum([r, l.negated]), .less)
        case .greaterEqual: (MathParser.sum([r, l.negated]), .lessEqual)
        default: (MathParser.sum([l, r.negated]), op)
        }
    }

    func compareRelations(
        _ gt: [MathExpression], _ gops: [RelationOperator], _ at: [MathExpression], _ aops: [RelationOperator]
    ) -> MathComparison {
        let hasInequality = (gops + aops).contains { $0 != .equal }
        if hasInequality, let gi = intervals(relation: gt, gops), let ai = intervals(relation: at, aops) {
            return compareIntervalSets(gi, ai)
        }
        guard gops.count == 1, aops.count == 1 else {
            guard gops.count == aops.count, gops == aops else {
                return .notEqual("relation_mismatch", "the relations have different shapes")
            }
            return compareOrdered(gt.map { .expression($0, unit: nil) }, at.map { .expression($0, unit: nil) })
        }
        let (gd, gop) = MathComparer.normalizedRelation(gt[0], gops[0], gt[1])
        let (ad, aop) = MathComparer.normalizedRelation(at[0], aops[0], at[1])
        guard gop == aop else { return .notEqual("relation_mismatch", "different relation signs") }
        return compareProportional(gd, ad, positive: gop == .less || gop == .lessEqual)
    }

    /// Whether `d1 = c * d2` for one non-zero constant `c` (positive when `positive`).
    func compareProportional(_ d1: MathExpression, _ d2: MathExpression, positive: Bool) -> MathComparison {
        var symbols = d1.symbols
        d2.collectSymbols(into: &symbols)
        var rng = SplitMix64(seed: seed)
        var evaluator = ExpressionEvaluator(variables: [:], deadline: deadline)
        var ratio: NumericValue?
        var informative = 0
        var attempts = 0
        let needed = symbols.isEmpty ? 1 : MathComparer.requiredPoints
        let zero = NumericValue.exact(.zero)
        while informative < needed && attempts < MathComparer.maxAttempts {
            if deadline.isExpired { return .timeout }
            attempts += 1
            for s in symbols { evaluator.variables[s] = MathComparer.randomRational(&rng, positive: attempts > 8) }
            let v1: NumericValue
            let v2: NumericValue
            do {
                v1 = try evaluator.evaluate(d1)
                v2 = try evaluator.evaluate(d2)
            } catch {
                if error.kind == .timeout { return .timeout }
                if error.kind == .domain || error.kind == .undecided { continue }
                return .undecided("not_evaluable", "could not evaluate: \(error.message)")
            }
            let z1 = NumericValue.agreement(v1, zero, relativeTolerance: nil)
            let z2 = NumericValue.agreement(v2, zero, relativeTolerance: nil)
            if z1 == .undecided || z2 == .undecided { continue }
            if z1 == .equal && z2 == .equal {
                if symbols.isEmpty { return .equal("equivalent_equation", "both relations hold trivially") }
                continue
            }
            if z1 != z2 { return .notEqual("equation_mismatch", "the equations are not multiples of each other") }
            let evaluatorForRatio = ExpressionEvaluator(variables: [:], deadline: deadline)
            guard let inverse = try? evaluatorForRatio.reciprocal(v2), let r = try? evaluatorForRatio.multiply(v1, inverse)
            else { continue }
            if let first = ratio {
                switch NumericValue.agreement(first, r, relativeTolerance: nil) {
                case .equal: break
                case .different: return .notEqual("equation_mismatch", "the equations are not multiples of each other")
                case .undecided: return .undecided("undecided_precision", "the equations could not be compared")
                }
            } else {
                if positive && r.certainSign != 1 {
                    return .notEqual("relation_mismatch", "the inequalities point in opposite directions")
                }
                ratio = r
            }
            informative += 1
        }
        if informative >= needed { return .equal("equivalent_equation", "one relation is a constant multiple of the other") }
        return .undecided("not_evaluable", "the relations could not be evaluated at enough points")
    }
}
