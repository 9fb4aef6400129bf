/// An integer expression of a raw-kernel launch description, compiled to postfix form.
///
/// Grammar: integers, decimal numbers (scalar kernel arguments only), names of scalar inputs,
/// `numel(t)`, `size(t, i)`, `stride(t, i)`, `dim(t)`, `cdiv(a, b)`, `min(a, b)`, `max(a, b)`,
/// `+ - * / %` (integer division rounds toward negative infinity, like Python's `//`) and
/// parentheses. `t` is a tensor name (an input, a parameter or an allocation).
///
/// The postfix program is what the GPU worker evaluates, so parsing happens once, here, and the
/// worker's evaluator stays a few lines long. Tokens: `i:<int>`, `f:<float>`, `t:<tensor>`,
/// `s:<scalar input>`, and the operators `numel size stride dim cdiv min max + - * / % neg`.
public struct LaunchExpression: Sendable, Hashable, Codable {
    /// The postfix program.
    public var program: [String]
    /// The expression as written.
    public var text: String

    /// Parses `text`; `tensors` and `scalars` are the names in scope.
    public init(parsing text: String, tensors: Set<String>, scalars: Set<String>) throws(RawFormatError) {
        var parser = Parser(text: text, tensors: tensors, scalars: scalars)
        self.program = try parser.parseAll()
        self.text = text
    }

    private struct Parser {
        let chars: [Character]
        var index = 0
        let text: String
        let tensors: Set<String>
        let scalars: Set<String>

        init(text: String, tensors: Set<String>, scalars: Set<String>) {
            self.chars = Array(text)
            self.text = text
            self.tensors = tensors
            self.scalars = scalars
        }

        mutating func parseAll() throws(RawFormatError) -> [String] {
            var out: [String] = []
            try expression(&out)
            skipSpaces()
            if index < chars.count { throw error("unexpected `\(chars[index])`") }
            return out
        }

        func error(_ message: String) -> RawFormatError {
            RawFormatError(message: "in expression `\(text)`: \(message)")
        }

        mutating func skipSpaces() {
            while index < chars.count, chars[index].isWhitespace { index += 1 }
        }

        mutating func peek() -> Character? {
            skipSpaces()
            return index < chars.count ? chars[index] : nil
        }

        mutating func expression(_ out: inout [String]) throws(RawFormatError) {
            try term(&out)
            while let c = peek(), c == "+" || c == "-" {
                index += 1
                try term(&out)
                out.append(String(c))
            }
        }

        mutating func term(_ out: inout [String]) throws(RawFormatError) {
            try unary(&out)
            while let c = peek(), c == "*" || c == "/" || c == "%" {
                index += 1
                if c == "/", peek() == "/" { index += 1 }
                try unary(&out)
                out.append(String(c))
            }
        }

        mutating func unary(_ out: inout [String]) throws(RawFormatError) {
            if peek() == "-" {
                index += 1
                try unary(&out)
                out.append("neg")
                return
            }
            try primary(&out)
        }

        mutating func primary(_ out: inout [String]) throws(RawFormatError) {
            guard let c = peek() else { throw error("expression ends too early") }
            if c == "(" {
                index += 1
                try expression(&out)
                guard peek() == ")" else { throw error("missing `)`") }
                index += 1
                return
            }
            if c.isNumber {
                var literal = ""
                while index < chars.count, chars[index].isNumber || chars[index] == "." || chars[index] == "_" {
                    if chars[index] != "_" { literal.append(chars[index]) }
                    index += 1
                }
                if literal.contains(".") {
                    guard Double(literal) != nil else { throw error("bad number `\(literal)`") }
                    out.append("f:\(literal)")
                } else {
                    guard Int64(literal) != nil else { throw error("integer `\(literal)` is too large") }
                    out.append("i:\(literal)")
                }
                return
            }
            guard c.isLetter || c == "_" else { throw error("unexpected `\(c)`") }
            var name = ""
            while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" {
                name.append(chars[index])
                index += 1
            }
            if peek() == "(" {
                index += 1
                try call(name, &out)
                return
            }
            if scalars.contains(name) {
                out.append("s:\(name)")
            } else if tensors.contains(name) {
                throw error("`\(name)` is a tensor; use numel(\(name)), size(\(name), i), stride(\(name), i) or dim(\(name))")
            } else {
                throw error("unknown name `\(name)`")
            }
        }

        mutating func call(_ name: String, _ out: inout [String]) throws(RawFormatError) {
            switch name {
            case "numel", "dim":
                try tensorArgument(&out)
            case "size", "stride":
                try tensorArgument(&out)
                try comma()
                try expression(&out)
            case "cdiv", "min", "max":
                try expression(&out)
                try comma()
                try expression(&out)
            default:
                throw error("unknown function `\(name)` (numel, size, stride, dim, cdiv, min, max)")
            }
            guard peek() == ")" else { throw error("`\(name)(...)` is missing `)` or has too many arguments") }
            index += 1
            out.append(name)
        }

        mutating func comma() throws(RawFormatError) {
            guard peek() == "," else { throw error("expected `,`") }
            index += 1
        }

        mutating func tensorArgument(_ out: inout [String]) throws(RawFormatError) {
            skipSpaces()
            var name = ""
            while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" {
                name.append(chars[index])
                index += 1
            }
            guard tensors.contains(name) else {
                throw error(name.isEmpty ? "expected a tensor name" : "`\(name)` is not a tensor in scope")
            }
            out.append("t:\(name)")
        }
    }
}

/// A raw-kernel candidate whose launch description is not valid.
public struct RawFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    public var description: String { message }
}
