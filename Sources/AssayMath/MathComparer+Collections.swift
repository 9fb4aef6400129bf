extension MathComparer {
    /// Element by element, in order (tuples, points, vectors, matrices).
    func compareOrdered(_ g: [MathAnswer], _ a: [MathAnswer]) -> MathComparison {
        guard g.count == a.count else {
            return .notEqual("size_mismatch", "the gold has \(g.count) entries, the answer \(a.count)")
        }
        guard g.count <= MathComparer.maxItems else { return .undecided("too_large", "too many entries to compare") }
        for i in g.indices {
            let r = compare(g[i], a[i])
            if r.kind != .equal {
                return MathComparison(kind: r.kind, code: r.code, message: "entry \(i + 1): \(r.message)")
            }
        }
        return .equal("equal_tuple", "all \(g.count) entries are equal, in order")
    }

    /// As sets: every gold element matches an answer element and every answer element matches
    /// a gold element.
    func compareUnordered(_ g: [MathAnswer], _ a: [MathAnswer]) -> MathComparison {
        guard g.count <= MathComparer.maxItems, a.count <= MathComparer.maxItems else {
            return .undecided("too_large", "too many elements to compare")
        }
        var matched = [Bool](repeating: false, count: a.count)
        var sawUndecided = false
        for (i, ge) in g.enumerated() {
            var found = false
            // Prefer an unmatched partner, then any.
            for pass in 0..<2 where !found {
                for (j, ae) in a.enumerated() where (pass == 0) != matched[j] {
                    let r = compare(ge, ae)
                    if r.kind == .timeout { return .timeout }
                    if r.kind == .undecided { sawUndecided = true }
                    if r.kind == .equal {
                        matched[j] = true
                        found = true
                        break
                    }
                }
            }
            if !found {
                if sawUndecided { return .undecided("undecided_precision", "an element could not be compared") }
                let counts = g.count == a.count ? "" : " (the gold has \(g.count), the answer \(a.count))"
                return .notEqual("set_mismatch", "gold element \(i + 1) is missing from the answer\(counts)")
            }
        }
        for (j, ae) in a.enumerated() where !matched[j] {
            var found = false
            for ge in g {
                let r = compare(ge, ae)
                if r.kind == .timeout { return .timeout }
                if r.kind == .equal {
                    found = true
                    break
                }
            }
            if !found {
                let counts = g.count == a.count ? "" : " (the gold has \(g.count), the answer \(a.count))"
                return .notEqual("set_mismatch", "answer element \(j + 1) is not in the gold\(counts)")
            }
        }
        return .equal("equal_set", "the same \(g.count) elements, in any order")
    }

    // MARK: Intervals

    /// A bound of an interval.
    enum Bound {
        case minusInfinity
        case plusInfinity
        case value(NumericValue)
    }

    struct Interval {
        var lower: Bound
        var lowerClosed: Bool
        var upper: Bound
        var upperClosed: Bool
    }

    /// Whether the answer is clearly an interval, an inequality or a union.
    func isIntervalLike(_ answer: MathAnswer) -> Bool {
        switch answer {
        case .union, .allReals: return true
        case .relation(let terms, let ops): return ops.contains { $0 != .equal } && terms.count >= 2
        case .bracket(let open, let close, let items) where items.count == 2:
            let mixed = (open == 0x28) != (close == 0x29)
            let infinite = items.contains {
                if case .expression(let e, _) = $0 { return e.infinitySign != nil }
                return false
            }
            return mixed || infinite
        case .membership(_, let s):
            if case .bracket(_, _, let items) = s { return items.count == 2 }
            return isIntervalLike(s)
        case .list(let items, _):
            return !items.isEmpty && items.allSatisfy {
                if case .relation(_, let ops) = $0 { return ops.contains { $0 != .equal } }
                return false
            }
        default: return false
        }
    }

    func bound(_ answer: MathAnswer) -> Bound? {
        guard case .expression(let e, nil) = answer else { return nil }
        if let s = e.infinitySign { return s > 0 ? .plusInfinity : .minusInfinity }
        guard e.symbols.isEmpty, !e.containsInfinity, !e.containsPlusMinus else { return nil }
        guard let v = try? ExpressionEvaluator(variables: [:], deadline: deadline).evaluate(e) else { return nil }
        return .value(v)
    }

    func bound(_ e: MathExpression) -> Bound? { bound(.expression(e, unit: nil)) }

    /// The intervals an answer stands for, or `nil` when it is not an interval set.
    func intervals(_ answer: MathAnswer) -> [Interval]? {
        switch answer {
        case .bracket(let open, let close, let items) where items.count == 2:
            guard let lo = bound(items[0]), let hi = bound(items[1]) else { return nil }
            return [Interval(lower: lo, lowerClosed: open == 0x5B, upper: hi, upperClosed: close == 0x5D)]
        case .union(let parts):
            var all: [Interval] = []
            for p in parts {
                guard let i = intervals(p) else { return nil }
                all += i
            }
            return all
        case .relation(let terms, let ops):
            return intervals(relation: terms, ops)
        case .allReals:
            return [Interval(lower: .minusInfinity, lowerClosed: false, upper: .plusInfinity, upperClosed: false)]
        case .nothing:
            return []
        case .membership(_, let s):
            return intervals(s)
        case .list(let items, let connective):
            var sets: [[Interval]] = []
            for item in items {
                guard let i = intervals(item) else { return nil }
                sets.append(i)
            }
            if connective == .or { return sets.flatMap { $0 } }
            guard var acc = sets.first else { return [] }
            for s in sets.dropFirst() {
                guard let next = intersect(acc, s) else { return nil }
                acc = next
            }
            return acc
        default:
            return nil
        }
    }

    /// A chain of inequalities in one variable as intervals (`2 \le x < 5`, `x > 3`, `x \ne 1`).
    func intervals(relation terms: [MathExpression], _ ops: [RelationOperator]) -> [Interval]? {
        guard let variableIndex = terms.firstIndex(where: { if case .symbol = $0 { return true } else { return false } }),
            terms.enumerated().allSatisfy({ $0.offset == variableIndex || $0.element.symbols.isEmpty })
        else { return nil }
        if terms.count == 2 {
            let op = variableIndex == 0 ? ops[0] : ops[0].flipped
            guard let c = bound(terms[1 - variableIndex]) else { return nil }
            switch op {
            case .less: return [Interval(lower: .minusInfinity, lowerClosed: false, upper: c, upperClosed: false)]
            case .lessEqual: return [Interval(lower: .minusInfinity, lowerClosed: false, upper: c, upperClosed: true)]
            case .greater: return [Interval(lower: c, lowerClosed: false, upper: .plusInfinity, upperClosed: false)]
            case .greaterEqual: return [Interval(lower: c, lowerClosed: true, upper: .plusInfinity, upperClosed: false)]
            case .equal: return [Interval(lower: c, lowerClosed: true, upper: c, upperClosed: true)]
            case .notEqual:
                return [
                    Interval(lower: .minusInfinity, lowerClosed: false, upper: c, upperClosed: false),
                    Interval(lower: c, lowerClosed: false, upper: .plusInfinity, upperClosed: false),
                ]
            }
        }
        guard terms.count == 3, variableIndex == 1, let a = bound(terms[0]), let b = bound(terms[2]) else { return nil }
        let lessLike: Set<RelationOperator> = [.less, .lessEqual]
        let greaterLike: Set<RelationOperator> = [.greater, .greaterEqual]
        if lessLike.contains(ops[0]) && lessLike.contains(ops[1]) {
            return [Interval(lower: a, lowerClosed: ops[0] == .lessEqual, upper: b, upperClosed: ops[1] == .lessEqual)]
        }
        if greaterLike.contains(ops[0]) && greaterLike.contains(ops[1]) {
            return [Interval(lower: b, lowerClosed: ops[1] == .greaterEqual, upper: a, upperClosed: ops[0] == .greaterEqual)]
        }
        return nil
    }

    /// -1, 0, 1 for `a` below, equal to, above `b`; `nil` when undecidable.
    func order(_ a: Bound, _ b: Bound) -> Int? {
        switch (a, b) {
        case (.minusInfinity, .minusInfinity), (.plusInfinity, .plusInfinity): return 0
        case (.minusInfinity, _), (_, .plusInfinity): return -1
        case (_, .minusInfinity), (.plusInfinity, _): return 1
        case (.value(let x), .value(let y)):
            switch NumericValue.agreement(x, y, relativeTolerance: nil) {
            case .equal: return 0
            case .undecided: return nil
            case .different:
                let d = ExpressionEvaluator().add(x, (try? ExpressionEvaluator().multiply(y, .exact(Rational(-1))))!)
                return d.certainSign
            }
        }
    }

    /// Sorted, with empty intervals dropped and overlapping or touching ones merged.
    func normalized(_ list: [Interval]) -> [Interval]? {
        var items: [Interval] = []
        for i in list {
            guard let o = order(i.lower, i.upper) else { return nil }
            if o > 0 || (o == 0 && !(i.lowerClosed && i.upperClosed)) { continue }
            var lowerClosed = i.lowerClosed
            var upperClosed = i.upperClosed
            if case .minusInfinity = i.lower { lowerClosed = false }
            if case .plusInfinity = i.upper { upperClosed = false }
            items.append(Interval(lower: i.lower, lowerClosed: lowerClosed, upper: i.upper, upperClosed: upperClosed))
        }
        // Insertion sort by lower bound (lists are short).
        var sorted: [Interval] = []
        for item in items {
            var k = sorted.count
            while k > 0 {
                guard let o = order(sorted[k - 1].lower, item.lower) else { return nil }
                if o < 0 || (o == 0 && (sorted[k - 1].lowerClosed || !item.lowerClosed)) { break }
                k -= 1
            }
            sorted.insert(item, at: k)
        }
        var merged: [Interval] = []
        for item in sorted {
            guard var last = merged.last else {
                merged.append(item)
                continue
            }
            guard let o = order(last.upper, item.lower) else { return nil }
            if o > 0 || (o == 0 && (last.upperClosed || item.lowerClosed)) {
                guard let u = order(last.upper, item.upper) else { return nil }
                if u < 0 || (u == 0 && item.upperClosed) {
                    last.upper = item.upper
                    last.upperClosed = item.upperClosed || (u == 0 && last.upperClosed)
                }
                merged[merged.count - 1] = last
            } else {
                merged.append(item)
            }
        }
        return merged
    }

    /// The intersection of two interval sets.
    func intersect(_ a: [Interval], _ b: [Interval]) -> [Interval]? {
        var out: [Interval] = []
        for x in a {
            for y in b {
                guard let lo = order(x.lower, y.lower), let hi = order(x.upper, y.upper) else { return nil }
                let lower = lo >= 0 ? x.lower : y.lower
                let lowerClosed = lo > 0 ? x.lowerClosed : (lo < 0 ? y.lowerClosed : x.lowerClosed && y.lowerClosed)
                let upper = hi <= 0 ? x.upper : y.upper
                let upperClosed = hi < 0 ? x.upperClosed : (hi > 0 ? y.upperClosed : x.upperClosed && y.upperClosed)
                out.append(Interval(lower: lower, lowerClosed: lowerClosed, upper: upper, upperClosed: upperClosed))
            }
        }
        return normalized(out)
    }

    func compareAsIntervals(_ gold: MathAnswer, _ answer: MathAnswer) -> MathComparison {
        guard let g = intervals(gold) else { return kindMismatch(gold, answer) }
        guard let a = intervals(answer) else { return kindMismatch(gold, answer) }
        return compareIntervalSets(g, a)
    }

    func compareIntervalSets(_ gold: [Interval], _ answer: [Interval]) -> MathComparison {
        guard let g = normalized(gold), let a = normalized(answer) else {
            return .undecided("undecided_precision", "interval ends could not be ordered")
        }
        guard g.count == a.count else {
            return .notEqual("interval_mismatch", "the gold is \(g.count) interval(s), the answer \(a.count)")
        }
        for (x, y) in zip(g, a) {
            guard let lo = order(x.lower, y.lower), let hi = order(x.upper, y.upper) else {
                return .undecided("undecided_precision", "interval ends could not be compared")
            }
            if lo != 0 || hi != 0 { return .notEqual("interval_mismatch", "the interval ends differ") }
            if x.lowerClosed != y.lowerClosed || x.upperClosed != y.upperClosed {
                return .notEqual("interval_mismatch", "an end is open in one and closed in the other")
            }
        }
        return .equal("equal_interval", "the same interval set")
    }
}
