/// A unit stated with an answer (`8 \text{ inches}`, `50\%`, `30^\circ`, `\$5`, `18 apples`).
///
/// Known units carry a dimension and an exact factor to that dimension's base unit, so
/// `12 inches` and `1 foot` compare equal and `8 inches` and `8 feet` do not. Unknown words
/// become units of their own (`word:apple`, plural folded), equal only to the same word.
struct MathUnit: Sendable, Hashable {
    /// Canonical name, for reasons (`inch`, `percent`).
    var name: String
    /// The dimension, such as `length`, `length^2`, `money`, `percent`, `word:apple`.
    var dimension: String
    /// The exact factor to the dimension's base unit.
    var factor: Rational

    static let percent = MathUnit(name: "percent", dimension: "percent", factor: Rational(1, 100)!)
    static let degree = MathUnit(name: "degree", dimension: "angle", factor: .one)
    static let dollar = MathUnit(name: "dollar", dimension: "money", factor: .one)

    /// Whether this is the percent sign.
    var isPercent: Bool { dimension == "percent" }

    private static func unit(_ name: String, _ dimension: String, _ num: Int64, _ den: Int64 = 1) -> MathUnit {
        MathUnit(name: name, dimension: dimension, factor: Rational(num, den)!)
    }

    /// Known unit words (lower case) and what they mean.
    static let table: [String: MathUnit] = {
        var t: [String: MathUnit] = [:]
        func add(_ words: [String], _ u: MathUnit) { for w in words { t[w] = u } }
        // Length, base metre.
        add(["mm", "millimeter", "millimeters", "millimetre", "millimetres"], unit("millimeter", "length", 1, 1000))
        add(["cm", "centimeter", "centimeters", "centimetre", "centimetres"], unit("centimeter", "length", 1, 100))
        add(["m", "meter", "meters", "metre", "metres"], unit("meter", "length", 1))
        add(["km", "kilometer", "kilometers", "kilometre", "kilometres"], unit("kilometer", "length", 1000))
        add(["in", "inch", "inches"], unit("inch", "length", 254, 10000))
        add(["ft", "foot", "feet"], unit("foot", "length", 3048, 10000))
        add(["yd", "yard", "yards"], unit("yard", "length", 9144, 10000))
        add(["mi", "mile", "miles"], unit("mile", "length", 1_609_344, 1000))
        // Time, base second.
        add(["s", "sec", "secs", "second", "seconds"], unit("second", "time", 1))
        add(["min", "mins", "minute", "minutes"], unit("minute", "time", 60))
        add(["h", "hr", "hrs", "hour", "hours"], unit("hour", "time", 3600))
        add(["day", "days"], unit("day", "time", 86400))
        add(["week", "weeks"], unit("week", "time", 604_800))
        add(["month", "months"], unit("month", "month", 1))
        add(["year", "years", "yr", "yrs"], unit("year", "year", 1))
        // Mass, base gram.
        add(["mg", "milligram", "milligrams"], unit("milligram", "mass", 1, 1000))
        add(["g", "gram", "grams"], unit("gram", "mass", 1))
        add(["kg", "kilogram", "kilograms"], unit("kilogram", "mass", 1000))
        add(["lb", "lbs", "pound", "pounds"], unit("pound", "mass", 45_359_237, 100_000))
        add(["oz", "ounce", "ounces"], unit("ounce", "mass", 28_349_523_125, 1_000_000_000))
        // Volume, base litre.
        add(["ml", "milliliter", "milliliters", "millilitre", "millilitres"], unit("milliliter", "volume", 1, 1000))
        add(["l", "liter", "liters", "litre", "litres"], unit("liter", "volume", 1))
        add(["gallon", "gallons", "gal"], unit("gallon", "gallon", 1))
        add(["cup", "cups"], unit("cup", "cup", 1))
        // Money, base dollar.
        add(["dollar", "dollars", "usd"], dollar)
        add(["cent", "cents"], unit("cent", "money", 1, 100))
        add(["euro", "euros", "eur"], unit("euro", "euro", 1))
        // Angles and percent.
        add(["degree", "degrees", "deg"], degree)
        add(["radian", "radians", "rad"], unit("radian", "radian", 1))
        add(["percent", "per cent"], percent)
        // Speeds.
        add(["mph"], unit("mile per hour", "speed", 1_609_344, 3_600_000))
        add(["kph", "km/h", "kmh"], unit("kilometer per hour", "speed", 1000, 3600))
        add(["m/s"], unit("meter per second", "speed", 1))
        // Generic units of measure.
        add(["unit", "units"], unit("unit", "unit", 1))
        return t
    }()

    /// Single-letter symbols that are units only inside a text group (`\text{m}`), never as
    /// plain math letters.
    static let singleLetterUnits: Set<String> = ["m", "s", "h", "g", "l"]

    /// Words that never name a unit.
    static let nonUnitWords: Set<String> = ["or", "and", "the", "is", "a", "an", "of", "to", "so", "thus"]

    /// Whether `word` (any case) is a known unit word.
    static func isKnown(_ word: String) -> Bool { table[word.lowercased()] != nil }

    /// Builds a unit from the words that follow a number (`["square", "feet"]`, `["cm"]`) and a
    /// power (`cm^2`). Unknown words give a unit of their own.
    static func from(words: [String], power: Int) -> MathUnit? {
        var list = words.map { $0.lowercased() }.filter { !$0.isEmpty && !nonUnitWords.contains($0) }
        guard !list.isEmpty else { return nil }
        var exponent = power
        if let first = list.first, ["square", "sq", "squared"].contains(first) {
            exponent *= 2
            list.removeFirst()
        } else if let first = list.first, ["cubic", "cu"].contains(first) {
            exponent *= 3
            list.removeFirst()
        }
        if let last = list.last, list.count > 1, last == "squared" {
            exponent *= 2
            list.removeLast()
        }
        guard !list.isEmpty else { return nil }
        let joined = list.joined(separator: " ")
        var base: MathUnit
        if let known = table[joined] {
            base = known
        } else if list.count == 1, let known = table[list[0]] {
            base = known
        } else {
            var word = joined
            if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { word.removeLast() }
            base = MathUnit(name: word, dimension: "word:" + word, factor: .one)
        }
        guard exponent != 1 else { return base }
        guard let factor = base.factor.power(exponent) else { return nil }
        return MathUnit(name: "\(base.name)^\(exponent)", dimension: "\(base.dimension)^\(exponent)", factor: factor)
    }
}
