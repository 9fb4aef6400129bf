import AssayCore
import HTTPTypes
import Hummingbird
import NIOCore

/// Reads a request body as one JSON object, within the body limit, with messages that say
/// exactly what is wrong.
enum RequestJSON {
    static func object(_ request: Request, limit: Int) async throws(APIError) -> FieldReader {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(
                status: .contentTooLarge, code: "body_too_large",
                message: "the request body has \(length) bytes; the limit is \(limit)")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(
                status: .contentTooLarge, code: "body_too_large", message: "the request body exceeds \(limit) bytes")
        } catch {
            throw APIError(status: .badRequest, code: "body_unreadable", message: "cannot read the request body: \(error)")
        }
        let text = String(buffer: buffer)
        if text.allSatisfy(\.isWhitespace) {
            throw .malformedJSON("the request body is empty; send a JSON object")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw .malformedJSON("the request body is not valid JSON: \(error.message)")
        }
        guard let object = value.objectValue else {
            throw .invalid("the request body must be a JSON object, found a \(value.typeName)")
        }
        return FieldReader(object: object, path: "")
    }
}

/// Typed access to the fields of a JSON object, with errors that name the field's path
/// (`items[3].gold`).
struct FieldReader: Sendable {
    let object: JSONObject
    let path: String

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Rejects fields outside `allowed`, so that a misspelt option is an error, not a silent
    /// default.
    func rejectUnknown(_ allowed: Set<String>) throws(APIError) {
        for member in object.members where !allowed.contains(member.key) {
            throw .invalid(
                "unknown field \"\(name(member.key))\"; expected one of: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// The field's value, `nil` when absent. An explicit `null` is returned as `.null`, so
    /// typed fields reject it: omit a field to get its default.
    func value(_ key: String) -> JSONValue? {
        object[key]
    }

    func string(_ key: String) throws(APIError) -> String {
        guard let value = value(key) else { throw .invalid("missing field \"\(name(key))\" (a string)") }
        guard let text = value.stringValue else {
            throw .invalid("field \"\(name(key))\" must be a string, found a \(value.typeName)")
        }
        return text
    }

    func optionalString(_ key: String) throws(APIError) -> String? {
        value(key) == nil ? nil : try string(key)
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let value = value(key) else { throw .invalid("missing field \"\(name(key))\" (an integer)") }
        guard let number = value.numberValue, number == number.rounded(), let integer = Int(exactly: number) else {
            throw .invalid("field \"\(name(key))\" must be an integer, found \(Self.describe(value))")
        }
        guard range.contains(integer) else {
            throw .invalid("field \"\(name(key))\" must be in \(range.lowerBound)...\(range.upperBound), found \(integer)")
        }
        return integer
    }

    func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        value(key) == nil ? nil : try integer(key, in: range)
    }

    func optionalNumber(_ key: String, in range: ClosedRange<Double>) throws(APIError) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.numberValue, number.isFinite else {
            throw .invalid("field \"\(name(key))\" must be a number, found \(Self.describe(value))")
        }
        guard range.contains(number) else {
            throw .invalid("field \"\(name(key))\" must be in \(range.lowerBound)...\(range.upperBound), found \(number)")
        }
        return number
    }

    func optionalBool(_ key: String) throws(APIError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else {
            throw .invalid("field \"\(name(key))\" must be true or false, found \(Self.describe(value))")
        }
        return flag
    }

    func array(_ key: String, maxCount: Int) throws(APIError) -> [JSONValue] {
        guard let value = value(key) else { throw .invalid("missing field \"\(name(key))\" (an array)") }
        guard case .array(let items) = value else {
            throw .invalid("field \"\(name(key))\" must be an array, found \(Self.describe(value))")
        }
        guard !items.isEmpty else { throw .invalid("field \"\(name(key))\" must not be empty") }
        guard items.count <= maxCount else {
            throw .invalid("field \"\(name(key))\" has \(items.count) items; the limit is \(maxCount)")
        }
        return items
    }

    func strings(_ key: String, maxCount: Int) throws(APIError) -> [String] {
        var result: [String] = []
        for (index, item) in try array(key, maxCount: maxCount).enumerated() {
            guard let text = item.stringValue else {
                throw .invalid("\"\(name(key))[\(index)]\" must be a string, found \(Self.describe(item))")
            }
            result.append(text)
        }
        return result
    }

    func objects(_ key: String, maxCount: Int) throws(APIError) -> [FieldReader] {
        var result: [FieldReader] = []
        for (index, item) in try array(key, maxCount: maxCount).enumerated() {
            guard let object = item.objectValue else {
                throw .invalid("\"\(name(key))[\(index)]\" must be an object, found \(Self.describe(item))")
            }
            result.append(FieldReader(object: object, path: "\(name(key))[\(index)]"))
        }
        return result
    }

    func nested(_ key: String) throws(APIError) -> FieldReader {
        guard let value = value(key) else { throw .invalid("missing field \"\(name(key))\" (an object)") }
        guard let object = value.objectValue else {
            throw .invalid("field \"\(name(key))\" must be an object, found \(Self.describe(value))")
        }
        return FieldReader(object: object, path: name(key))
    }

    func optionalNested(_ key: String) throws(APIError) -> FieldReader? {
        value(key) == nil ? nil : try nested(key)
    }

    /// A JSON type name plus a short rendering of the value, for messages.
    static func describe(_ value: JSONValue) -> String {
        let text = value.jsonText
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "a \(value.typeName) (\(shown))"
    }
}
