import Crypto
import Foundation

/// A SHA-256 content address (lowercase hex) of normalised text.
///
/// Problems and candidates are stored under the hash of their normalised text, so the same
/// completion sent twice, with Windows line endings or a trailing newline, is one row.
public struct ContentHash: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// The 64 lowercase hexadecimal digits.
    public let hex: String

    /// Wraps an existing hex digest.
    ///
    /// - Throws: ``StoreError`` unless `hex` is 64 hexadecimal digits.
    public init(hex: String) throws(StoreError) {
        let lowered = hex.lowercased()
        guard lowered.utf8.count == 64, lowered.utf8.allSatisfy({ Self.hexDigits.contains($0) }) else {
            throw StoreError("not a SHA-256 hex digest: \(hex)")
        }
        self.hex = lowered
    }

    private init(digestBytes: some Sequence<UInt8>) {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digestBytes {
            text.append(Self.hexDigits[Int(byte >> 4)])
            text.append(Self.hexDigits[Int(byte & 0x0F)])
        }
        hex = String(decoding: text, as: UTF8.self)
    }

    /// The hash of `text` after ``normalise(_:)``.
    public static func of(source text: String) -> ContentHash {
        of(bytes: normalise(text).utf8)
    }

    /// The hash of several fields, each normalised, joined with a separator that cannot occur
    /// in normalised text (NUL is kept by normalisation, so each part is length-prefixed).
    public static func of(parts: [String]) -> ContentHash {
        var bytes: [UInt8] = []
        for part in parts {
            let normalised = normalise(part)
            bytes.append(contentsOf: String(normalised.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: normalised.utf8)
        }
        return of(bytes: bytes)
    }

    /// The hash of raw bytes, without normalisation.
    public static func of(bytes: some Sequence<UInt8>) -> ContentHash {
        ContentHash(digestBytes: SHA256.hash(data: Array(bytes)))
    }

    /// Normalises source text before hashing: Unicode NFC, `\r\n` and `\r` line endings
    /// become `\n`, and trailing whitespace at the very end is dropped.
    ///
    /// Whitespace inside lines is kept: it can be meaningful (Python indentation, string
    /// literals), and a content address must never merge two programs that behave differently.
    public static func normalise(_ text: String) -> String {
        // ASCII text is already in NFC; skip the (costly) Unicode normalisation for it.
        let isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        if isASCII && !text.utf8.contains(UInt8(ascii: "\r")) {
            guard let last = text.utf8.last, last == 0x20 || (0x09...0x0D).contains(last) else { return text }
        }
        let composed = isASCII ? text : text.precomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in composed.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            scalars.append(scalar)
        }
        var result = String(scalars)
        while let last = result.unicodeScalars.last, last.properties.isWhitespace {
            result.unicodeScalars.removeLast()
        }
        return result
    }

    public var description: String { hex }

    public static func < (lhs: ContentHash, rhs: ContentHash) -> Bool { lhs.hex < rhs.hex }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Encodes the hash as its hex string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    /// Decodes a hash from its hex string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(hex: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }
}
