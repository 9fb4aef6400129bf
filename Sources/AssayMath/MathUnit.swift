/// A unit stated with an answer (`8 \text{ inches}`, `50\%`, `30^\circ`, `\$5`, `18 apples`).
///
/// Spelling variants of one unit share a canonical ``name`` (`ft`, `foot`, `feet`); unknown
/// words become units of their own (`apple` for `apples`). Two stated units agree only when
/// their names are equal: no conversion is done (8 inches ≠ 8 feet, and 12 inches ≠ 1 foot).
struct MathUnit: Sendable, Hashable {
    /// Canonical name (`inch`, `centimeter^2`, `percent`, `apple`).
    var name: String
    /// The kind of quantity (`length`, `time`, `word`, ...), for messages.
    var dimension: String

    static let percent = MathUnit(name: "percent", dimension: "percent")
    static let degree = MathUnit(name: "degree", dimension: "angle")
    static let dollar = MathUnit(name: "dollar", dimension: "money")

    /// Whether this is the percent sign.
    var isPercent: Bool { name == "percent" }

    /// Known unit words (lower case) and what they mean.
    static let table: [String: MathUnit] = {
        var t: [String: MathUnit] = [:]
        func add(_ dimension: String, _ name: String, _ words: [String]) {
            for w in words { t[w] = MathUnit(name: name, dimension: dimension) }
            t[name] = MathUnit(name: name, dimension: dimension)
        }
        add("length", "millimeter", ["mm", "millimeters", "millimetre", "millimetres"])
        add("length", "centimeter", ["cm", "centimeters", "centimetre", "centimetres"])
        add("length", "meter", ["m", "meters", "metre", "metres"])
        add("length", "kilometer", ["km", "kilometers", "kilometre", "kilometres"])
        add("length", "inch", ["in", "inches"])
        add("length", "foot", ["ft", "feet"])
        add("length", "yard", ["yd", "yards"])
        add("length", "mile", ["mi", "miles"])
        add("time", "second", ["s", "sec", "secs", "seconds"])
        add("time", "minute", ["min", "mins", "minutes"])
        add("time", "hour", ["h", "hr", "hrs", "hours"])
        add("time", "day", ["days"])
        add("time", "week", ["weeks"])
        add("time", "month", ["months"])
        add("time", "year", ["years", "yr", "yrs"])
        add("mass", "milligram", ["mg", "milligrams"])
        add("mass", "gram", ["g", "grams"])
        add("mass", "kilogram", ["kg", "kilograms", "kilo", "kilos"])
        add("mass", "pound", ["lb", "lbs", "pounds"])
        add("mass", "ounce", ["oz", "ounces"])
        add("volume", "milliliter", ["ml", "milliliters", "millilitre", "millilitres"])
        add("volume", "liter", ["l", "liters", "litre", "litres"])
        add("volume", "gallon", ["gal", "gallons"])
        add("volume", "cup", ["cups"])
        add("money", "dollar", ["dollars", "usd", "$"])
        add("money", "cent", ["cents"])
        add("money", "euro", ["euros", "eur"])
        add("angle", "degree", ["degrees", "deg"])
        add("angle", "radian", ["radians", "rad"])
        add("percent", "percent", ["per cent", "percentage"])
        add("speed", "mile per hour", ["mph", "miles per hour", "mi/h", "mi/hr"])
        add("speed", "kilometer per hour", ["kph", "km/h", "km/hr", "kmh", "kilometers per hour", "kilometres per hour"])
        add("speed", "meter per second", ["m/s", "meters per second", "metres per second"])
        add("unit", "unit", ["units"])
        return t
    }()

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
            base = MathUnit(name: word, dimension: "word")
        }
        guard exponent != 1 else { return base }
        return MathUnit(name: "\(base.name)^\(exponent)", dimension: "\(base.dimension)^\(exponent)")
    }
}
