public import FoundationEssentials

/// Encoding and decoding of single JSON-lines records.
public enum JSONLines {
    /// Decodes one line that must hold a JSON object.
    ///
    /// - Throws: ``JSONLineError`` saying what is wrong (not JSON, or not an object).
    public static func decodeObject(_ line: some StringProtocol) throws(JSONLineError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        } catch {
            throw JSONLineError(message: "not valid JSON (\(describe(error)))")
        }
        guard let object = value.objectValue else {
            throw JSONLineError(message: "expected a JSON object, found a \(value.typeName)")
        }
        return object
    }

    /// Encodes a value as one line of JSON (no trailing newline), keys in their order.
    public static func encode(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: every case maps onto a JSON type.
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Encodes any `Encodable` value as one line of JSON.
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return context.debugDescription
        }
        return "\(error)"
    }
}

/// A JSON line that could not be read as the record it should be.
public struct JSONLineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the line.
    public var message: String

    /// Creates an error.
    public init(message: String) { self.message = message }

    public var description: String { message }
}
