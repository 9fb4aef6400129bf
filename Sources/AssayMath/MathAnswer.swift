/// A parsed final answer: the value model that equivalence is decided on.
indirect enum MathAnswer: Sendable, Hashable {
    /// A number or expression, possibly with a unit (`8 \text{ inches}`, `50\%`, `30^\circ`).
    case expression(MathExpression, unit: MathUnit?)
    /// A chain of relations such as `y = 2x + 1` or `2 \le x < 5`.
    case relation([MathExpression], [RelationOperator])
    /// `name = value` where the left side is just a name (`x = 3`, `f(x) = x^2`).
    case assignment(name: String, value: MathAnswer)
    /// `x \in S`.
    case membership(name: String, set: MathAnswer)
    /// A bracketed sequence: tuple, point, vector or interval, decided when compared.
    case bracket(open: UInt8, close: UInt8, [MathAnswer])
    /// `\{a, b\}`: order-free.
    case set([MathAnswer])
    /// A bare list at top level, `1, 2` or `1 \text{ or } 2`.
    case list([MathAnswer], Connective)
    /// `A \cup B`.
    case union([MathAnswer])
    /// A matrix by rows.
    case matrix([[MathAnswer]])
    /// Words that are not mathematics, normalised (lower case, single spaces).
    case text(String)
    /// A multiple-choice letter (`A` ... `Z`).
    case choice(UInt8)
    /// Yes / no (also true / false).
    case boolean(Bool)
    /// No solution, the empty set, does not exist.
    case nothing
    /// All real numbers (`\mathbb{R}`).
    case allReals
    /// A numeral in a stated base, `1011_2`.
    case numeral(digits: String, base: Int)

    /// How the items of a bare list are joined.
    enum Connective: Sendable, Hashable {
        case comma
        case and
        case or
    }

    /// The expression, if this is one without a unit.
    var plainExpression: MathExpression? {
        if case .expression(let e, nil) = self { return e }
        return nil
    }

    /// A short name of the kind of answer, for reasons.
    var kindName: String {
        switch self {
        case .expression(_, let unit): unit == nil ? "a number or expression" : "a quantity with a unit"
        case .relation(_, let ops): ops.allSatisfy { $0 == .equal } ? "an equation" : "an inequality"
        case .assignment: "an equation"
        case .membership: "a membership statement"
        case .bracket(_, _, let items): "a \(items.count)-tuple or interval"
        case .set: "a set"
        case .list(let items, let c): c == .or ? "\(items.count) alternatives" : "a list of \(items.count)"
        case .union: "a union of intervals"
        case .matrix: "a matrix"
        case .text: "text"
        case .choice: "a choice letter"
        case .boolean: "yes/no"
        case .nothing: "no solution"
        case .allReals: "all real numbers"
        case .numeral: "a numeral in another base"
        }
    }
}

/// A relation between two expressions.
enum RelationOperator: Sendable, Hashable {
    case equal, less, lessEqual, greater, greaterEqual, notEqual

    /// The operator seen from the other side (`<` becomes `>`).
    var flipped: RelationOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        }
    }
}
