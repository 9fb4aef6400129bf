public import FoundationEssentials

/// Encoding and decoding of single JSON-lines records.
public enum JSONLines {
    /// Decodes one line that must hold a JSON object, keeping its keys in order.
    ///
    /// - Throws: ``JSONLineError`` saying what is wrong (not JSON, or not an object).
    public static func decodeObject(_ line: some StringProtocol) throws(JSONLineError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            throw JSONLineError(message: "not valid JSON (\(error.message))")
        }
        guard let object = value.objectValue else {
            throw JSONLineError(message: "expected a JSON object, found a \(value.typeName)")
        }
        return object
    }

    /// Encodes a value as one line of JSON (no trailing newline), keys in their order.
    public static func encode(_ value: JSONValue) -> String {
        value.jsonText
    }

    /// Encodes any `Encodable` value as one line of JSON (keys sorted).
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
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
