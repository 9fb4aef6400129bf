import Crypto

/// Incremental SHA-256 (swift-crypto) with the conveniences the compile cache and the
/// evaluation digests use: UTF-8 fields with a terminator, and lower-case hex output.
struct SHA256Hasher {
    private var hash = SHA256()

    init() {}

    /// Feeds bytes.
    mutating func update(_ bytes: some Sequence<UInt8>) {
        hash.update(data: Array(bytes))
    }

    /// Feeds a string as UTF-8, followed by a zero byte (so that field boundaries count).
    mutating func update(field: String) {
        update(field.utf8)
        update([0])
    }

    /// The digest as 64 lower-case hex digits.
    mutating func hexDigest() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in hash.finalize() {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The digest of a string's UTF-8 bytes.
    static func hex(_ text: String) -> String {
        var hasher = SHA256Hasher()
        hasher.update(text.utf8)
        return hasher.hexDigest()
    }
}
