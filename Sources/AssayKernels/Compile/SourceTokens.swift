/// C/C++ source split into tokens, for the coarse scans that choose how a candidate is built
/// (``SlimLibrarySelection``, ``LoadTimeTensorScan``): identifiers and numbers as one token
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

    /// `text` without its comments: a line comment goes up to its newline, a block comment becomes
    /// its newlines and one space (so lines keep their numbers). With `literals`, each string or
    /// character literal becomes `0`; with `directives`, preprocessor lines are removed too.
    static func removingComments(_ text: String, literals: Bool = false, directives: Bool = false) -> String {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            if c == UInt8(ascii: "/"), next == UInt8(ascii: "/") {
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            } else if c == UInt8(ascii: "/"), next == UInt8(ascii: "*") {
                i += 2
                while i < bytes.count, !(bytes[i] == UInt8(ascii: "*") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "/")) {
                    if bytes[i] == UInt8(ascii: "\n") { out.append(bytes[i]) }
                    i += 1
                }
                i += 2
                out.append(UInt8(ascii: " "))
            } else if literals, c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                i += 1
                while i < bytes.count, bytes[i] != c {
                    if bytes[i] == UInt8(ascii: "\\") { i += 1 }
                    i += 1
                }
                i += 1
                out.append(UInt8(ascii: "0"))
            } else if directives, c == UInt8(ascii: "#") {
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                    i += 1
                }
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `token` is an identifier or number (starts with a letter, digit or `_`).
    static func isIdentifier(_ token: String) -> Bool { token.utf8.first.map(isIdentifierByte) ?? false }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }
}
