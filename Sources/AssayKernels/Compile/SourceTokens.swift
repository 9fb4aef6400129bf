/// C/C++ source split into tokens, for the coarse scans that choose how a candidate is built
/// (``SlimLibrarySelection``, ``PersistentTensorScan``): identifiers and numbers as one token
/// each, every other non-space byte as a token of its own (so `::` is two `:` tokens).
enum SourceTokens {
    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if isIdentifierByte(c) {
                let start = i
                while i < bytes.count, isIdentifierByte(bytes[i]) { i += 1 }
                tokens.append(String(decoding: bytes[start..<i], as: UTF8.self))
            } else {
                if c > 32 { tokens.append(String(UnicodeScalar(c))) }
                i += 1
            }
        }
        return tokens
    }

    /// Whether `token` is an identifier or number (starts with a letter, digit or `_`).
    static func isIdentifier(_ token: String) -> Bool { token.utf8.first.map(isIdentifierByte) ?? false }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }
}
