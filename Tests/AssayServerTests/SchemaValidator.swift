import AssayCore
import Foundation

/// Checks JSON values against the JSON Schema subset that openapi.yaml uses: `$ref`, `type`
/// (one or several, with `"null"`), `properties`, `required`, `additionalProperties`, `items`,
/// `enum`, `oneOf`, `anyOf`, `allOf`, `minimum`, `maximum`, `minLength`, `maxLength`.
///
/// A keyword it does not know makes validation fail, so the test cannot pass by ignoring
/// part of the document.
struct SchemaValidator: Sendable {
    let document: JSONValue

    static let known: Set<String> = [
        "$ref", "type", "properties", "required", "additionalProperties", "items", "enum", "oneOf", "anyOf",
        "allOf", "minimum", "maximum", "minLength", "maxLength", "description", "examples", "format", "default",
        "title", "minItems", "maxItems", "pattern", "contentMediaType",
    ]

    func errors(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        guard let schema = schema.objectValue else { return ["\(path): schema is not an object"] }
        if let unknown = schema.members.first(where: { !Self.known.contains($0.key) }) {
            return ["\(path): the validator does not know the keyword \(unknown.key)"]
        }
        if let reference = schema["$ref"]?.stringValue {
            guard let target = resolve(reference) else { return ["\(path): cannot resolve \(reference)"] }
            return errors(value, against: target, at: path)
        }
        var problems: [String] = []
        if let types = schema["type"] {
            let allowed: [String] =
                if case .array(let list) = types { list.compactMap(\.stringValue) } else { [types.stringValue ?? "?"] }
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                return ["\(path): expected \(allowed.joined(separator: " or ")), found \(value.typeName)"]
            }
        }
        if case .array(let options)? = schema["enum"], !options.contains(value) {
            problems.append("\(path): \(value.jsonText) is not one of \(JSONValue.array(options).jsonText)")
        }
        if case .array(let options)? = schema["oneOf"] {
            let matching = options.filter { errors(value, against: $0, at: path).isEmpty }.count
            if matching != 1 { problems.append("\(path): matches \(matching) of the oneOf schemas, not exactly one") }
        }
        if case .array(let options)? = schema["anyOf"], !options.contains(where: { errors(value, against: $0, at: path).isEmpty }) {
            problems.append("\(path): matches none of the anyOf schemas")
        }
        if case .array(let all)? = schema["allOf"] {
            for part in all { problems += errors(value, against: part, at: path) }
        }
        if let number = value.numberValue {
            if let minimum = schema["minimum"]?.numberValue, number < minimum { problems.append("\(path): \(number) < \(minimum)") }
            if let maximum = schema["maximum"]?.numberValue, number > maximum { problems.append("\(path): \(number) > \(maximum)") }
        }
        if case .string(let text) = value {
            if let minimum = schema["minLength"]?.numberValue, Double(text.unicodeScalars.count) < minimum {
                problems.append("\(path): shorter than \(minimum)")
            }
            if let maximum = schema["maxLength"]?.numberValue, Double(text.unicodeScalars.count) > maximum {
                problems.append("\(path): longer than \(maximum)")
            }
            if let pattern = schema["pattern"]?.stringValue {
                let regex = try? NSRegularExpression(pattern: pattern)
                let range = NSRange(text.startIndex..., in: text)
                if regex?.firstMatch(in: text, range: range) == nil { problems.append("\(path): does not match \(pattern)") }
            }
        }
        if case .object(let object) = value {
            let properties = schema["properties"]?.objectValue ?? JSONObject()
            if case .array(let required)? = schema["required"] {
                for name in required.compactMap(\.stringValue) where object[name] == nil {
                    problems.append("\(path): missing required \(name)")
                }
            }
            for member in object.members {
                if let property = properties[member.key] {
                    problems += errors(member.value, against: property, at: "\(path).\(member.key)")
                } else if let additional = schema["additionalProperties"] {
                    if case .bool(let allowed) = additional {
                        if !allowed { problems.append("\(path): unexpected property \(member.key)") }
                    } else {
                        problems += errors(member.value, against: additional, at: "\(path).\(member.key)")
                    }
                }
            }
        }
        if case .array(let items) = value {
            if let minimum = schema["minItems"]?.numberValue, Double(items.count) < minimum {
                problems.append("\(path): fewer than \(minimum) items")
            }
            if let maximum = schema["maxItems"]?.numberValue, Double(items.count) > maximum {
                problems.append("\(path): more than \(maximum) items")
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() {
                problems += errors(item, against: itemSchema, at: "\(path)[\(index)]")
            }
        }
        return problems
    }

    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node = document
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let next = node.objectValue?[String(part)] else { return nil }
            node = next
        }
        return node
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("number", _): value.numberValue != nil
        case ("integer", _): value.numberValue.map { $0 == $0.rounded() } ?? false
        default: false
        }
    }
}

extension JSONValue {
    /// Converts what Yams loads (dictionaries, arrays, strings, numbers, booleans) to JSON.
    init(yaml: Any?) {
        switch yaml {
        case nil, is NSNull: self = .null
        case let dictionary as [String: Any]:
            self = .object(JSONObject(dictionary.sorted { $0.key < $1.key }.map { ($0.key, JSONValue(yaml: $0.value)) }))
        case let array as [Any]: self = .array(array.map { JSONValue(yaml: $0) })
        case let bool as Bool: self = .bool(bool)
        case let int as Int: self = .number(Double(int))
        case let double as Double: self = .number(double)
        case let string as String: self = .string(string)
        default: self = .string("\(yaml!)")
        }
    }
}
