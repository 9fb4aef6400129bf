/// A source file generated for a build (`main.cpp`, `cuda.cu`) and where its lines came from.
struct GeneratedSource: Sendable, Hashable {
    /// Where a run of lines of the generated file came from.
    struct Segment: Sendable, Hashable {
        /// First line of the run in the generated file (1-based).
        var fileLine: Int
        /// The candidate's Python line of that first line.
        var pythonLine: Int
        /// Whether the following lines map one to one.
        var exact: Bool
        /// `cpp_sources`, `cuda_sources`, or `generated` for Assay's and load_inline's own lines.
        var section: String
    }

    var fileName: String
    var text: String
    var segments: [Segment]

    /// The file as load_inline writes it: the implicit include lines (unless
    /// `no_implicit_headers`), then each source string, then `trailer`, joined with newlines.
    init(fileName: String, implicitHeaders: [String], sources: [[InlineExtension.SourcePiece]], section: String,
         trailer: [String]) {
        self.fileName = fileName
        var parts: [String] = []
        var segments: [Segment] = []
        var line = 1
        for header in implicitHeaders {
            segments.append(Segment(fileLine: line, pythonLine: 0, exact: false, section: "generated"))
            parts.append(header)
            line += 1
        }
        for source in sources {
            var text = ""
            for piece in source {
                let startLine = line + text.count(of: "\n")
                if text.isEmpty || text.hasSuffix("\n") {
                    segments.append(Segment(fileLine: startLine, pythonLine: piece.line, exact: piece.exact, section: section))
                } else if piece.text.contains("\n") {
                    // The piece starts in the middle of a line that belongs to the piece before;
                    // its own lines begin on the next one.
                    segments.append(Segment(
                        fileLine: startLine + 1, pythonLine: piece.exact ? piece.line + 1 : piece.line, exact: piece.exact,
                        section: section))
                }
                text += piece.text
            }
            parts.append(text)
            line += text.count(of: "\n") + 1
        }
        for extra in trailer {
            segments.append(Segment(fileLine: line, pythonLine: 0, exact: false, section: "generated"))
            parts.append(extra)
            line += extra.count(of: "\n") + 1
        }
        self.text = parts.joined(separator: "\n")
        self.segments = segments
    }

    /// The Python line and section of a line of this file (`pythonLine` 0: a generated line).
    func locate(_ fileLine: Int) -> (pythonLine: Int, section: String)? {
        guard let segment = segments.last(where: { $0.fileLine <= fileLine }) else { return nil }
        if segment.section == "generated" { return (0, "generated") }
        return (segment.exact ? segment.pythonLine + (fileLine - segment.fileLine) : segment.pythonLine, segment.section)
    }
}

extension String {
    func count(of character: Character) -> Int { reduce(0) { $1 == character ? $0 + 1 : $0 } }
}
