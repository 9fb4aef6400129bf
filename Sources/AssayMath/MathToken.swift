/// One lexical unit of an answer, produced by ``MathLexer``.
struct MathToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A number literal (digits, decimal point, grouping, exponent and repeating part
        /// already folded into the value).
        case number(Rational)
        /// A run of ASCII letters in math mode (`xy`, `sin`, `cm`).
        case letters(String)
        /// A word inside a text group (`\text{...}`, `\mathrm{...}`); single letters too.
        case word(String)
        /// A LaTeX command without its backslash (`frac`, `pi`, `{` for `\{`), or the command a
        /// Unicode symbol stands for (`π` -> `pi`).
        case command(String)
        /// ASCII punctuation or operator.
        case symbol(UInt8)
        /// Start of a text group; the payload is the command (`text`, `mathrm`, ...).
        case textOpen(String)
        case textClose
        /// `\begin{env}`.
        case begin(String)
        /// `\end{env}`.
        case end(String)
        /// `\\`.
        case rowSeparator
    }

    var kind: Kind
    /// Byte offsets of the token in the lexed text.
    var start: Int
    var end: Int
    /// Whether whitespace (or a spacing command) came right before the token.
    var spaceBefore: Bool
    /// For numbers: written as a bare integer (no point, exponent or grouping).
    var isPlainInteger: Bool = false
}
