/// A fenced code block found in markdown text (```` ```python ... ``` ````).
public struct FencedBlock: Sendable, Hashable {
    /// The info string's first word, lower-cased (`python`, `cuda`, `json`, or empty).
    public var language: String
    /// The text between the fences (or up to the end of the text when the block never closes).
    public var body: String
    /// The 1-based line of the text where the body starts.
    public var firstLine: Int
    /// Whether a closing fence was found; `false` means the output was cut off inside the block.
    public var closed: Bool

    /// Creates a block.
    public init(language: String, body: String, firstLine: Int, closed: Bool) {
        self.language = language
        self.body = body
        self.firstLine = firstLine
        self.closed = closed
    }

    /// All fenced blocks of `text`, in order (CommonMark rules for backtick and tilde fences).
    ///
    /// A fence is a line of at least three backticks or tildes, indented by at most three
    /// spaces; it closes at a line of the same character, at least as long, with nothing else.
    /// A block still open at the end of the text is returned with `closed == false`.
    public static func scan(_ text: String) -> [FencedBlock] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var blocks: [FencedBlock] = []
        var open: (char: Character, count: Int, language: String, start: Int)?
        var body: [Substring] = []
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let indent = line.prefix { $0 == " " }.count
            let trimmed = line.dropFirst(indent)
            if let current = open {
                let run = trimmed.prefix { $0 == current.char }.count
                if indent <= 3, run >= current.count, trimmed.dropFirst(run).allSatisfy(\.isWhitespace) {
                    blocks.append(FencedBlock(
                        language: current.language, body: body.joined(separator: "\n"),
                        firstLine: current.start, closed: true))
                    open = nil
                    body = []
                } else {
                    body.append(line)
                }
                continue
            }
            guard indent <= 3, let first = trimmed.first, first == "`" || first == "~" else { continue }
            let run = trimmed.prefix { $0 == first }.count
            guard run >= 3 else { continue }
            let info = trimmed.dropFirst(run).trimmingWhitespace()
            if first == "`", info.contains("`") { continue }
            let language = info.split(whereSeparator: { $0 == " " || $0 == "{" || $0 == "\t" }).first
                .map { String($0).lowercased() } ?? ""
            open = (first, run, language, index + 2)
        }
        if let current = open {
            blocks.append(FencedBlock(
                language: current.language, body: body.joined(separator: "\n"),
                firstLine: current.start, closed: false))
        }
        return blocks
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return s
    }
}

extension String {
    func trimmingWhitespace() -> String { String(self[...].trimmingWhitespace()) }
}
