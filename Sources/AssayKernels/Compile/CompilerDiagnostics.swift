import Foundation

/// Compiler output turned into feedback: locations mapped back to the candidate's Python lines,
/// build paths removed, the first errors kept.
struct CompilerDiagnostics: Sendable {
    /// The trimmed, mapped text (what the model sees).
    var text: String
    /// How many error diagnostics the log had.
    var errorCount: Int
    /// Whether the failure comes from the slim header not covering something the candidate uses
    /// (so the full torch headers might build it), rather than from the candidate's own code.
    var slimCoverageGap: Bool
    /// The first thing that points at a slim-header gap, for the report.
    var gapEvidence: String?

    static let maxErrors = 8
    static let maxCharacters = 4000

    /// Reads a compiler log.
    ///
    /// - Parameters:
    ///   - log: everything the compilers printed.
    ///   - sources: the generated files, to map `cuda.cu(12)` and `main.cpp:12:5` to Python lines.
    ///   - buildDirectory: removed from paths.
    ///   - slimInclude: the slim header directory (errors inside it are coverage gaps).
    init(log: String, sources: [GeneratedSource], buildDirectory: String, slimInclude: String?) {
        var lines: [String] = []
        var errorCount = 0
        var blocks: [[String]] = []
        var gap: String?
        for raw in log.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            if let slimInclude, line.contains(slimInclude) {
                if gap == nil, Self.isError(line) { gap = "error inside the slim torch header: " + Self.shorten(line, slimInclude) }
                line = line.replacingOccurrences(of: slimInclude + "/", with: "<slim>/")
            }
            line = line.replacingOccurrences(of: buildDirectory + "/", with: "")
            line = Self.mapLocations(line, sources)
            if gap == nil, Self.isError(line) || line.contains("undefined reference"), let why = Self.gapReason(line) {
                gap = why
            }
            lines.append(line)
            if Self.isError(line) || line.contains("undefined reference") {
                errorCount += 1
                blocks.append([line])
            } else if !blocks.isEmpty, blocks[blocks.count - 1].count < 6, !Self.isDiagnosticStart(line),
                !line.trimmingCharacters(in: .whitespaces).isEmpty
            {
                blocks[blocks.count - 1].append(line)
            }
        }
        var text: String
        if blocks.isEmpty {
            text = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.suffix(20).joined(separator: "\n")
        } else {
            text = blocks.prefix(Self.maxErrors).map { $0.joined(separator: "\n") }.joined(separator: "\n")
            if blocks.count > Self.maxErrors { text += "\n... and \(blocks.count - Self.maxErrors) more errors" }
        }
        if text.count > Self.maxCharacters { text = String(text.prefix(Self.maxCharacters)) + "\n... (truncated)" }
        self.text = text
        self.errorCount = errorCount
        self.slimCoverageGap = gap != nil
        self.gapEvidence = gap
    }

    static func isError(_ line: String) -> Bool {
        line.contains("error:") || line.contains("error :") || line.contains("fatal error") || line.contains("catastrophic error")
            || line.hasPrefix("ptxas error")
    }

    static func isDiagnosticStart(_ line: String) -> Bool {
        isError(line) || line.contains("warning:") || line.contains("warning #") || line.contains(": note:")
            || line.hasPrefix("In file included") || line.hasPrefix("                 from ")
    }

    /// `cuda.cu(12): error` → `candidate line 45 (cuda_sources): error`; `main.cpp:3:7:` likewise.
    static func mapLocations(_ line: String, _ sources: [GeneratedSource]) -> String {
        var line = line
        for source in sources {
            let name = NSRegularExpression.escapedPattern(for: source.fileName)
            for pattern in ["\(name)\\((\\d+)\\)", "\(name):(\\d+)(?::\\d+)?"] {
                guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
                let range = NSRange(line.startIndex..., in: line)
                guard let match = regex.firstMatch(in: line, range: range),
                    let numberRange = Range(match.range(at: 1), in: line), let fileLine = Int(line[numberRange]),
                    let whole = Range(match.range, in: line)
                else { continue }
                let replacement: String
                if let place = source.locate(fileLine), place.pythonLine > 0 {
                    replacement = "candidate line \(place.pythonLine) (\(place.section))"
                } else {
                    replacement = "\(source.fileName):\(fileLine) (generated code)"
                }
                line.replaceSubrange(whole, with: replacement)
                return line
            }
        }
        return line
    }

    /// Why an error line points at something the slim header lacks, or nil.
    static func gapReason(_ line: String) -> String? {
        let patterns = [
            #"(cannot open source file|fatal error:)\s*[\"<]?(torch|ATen|c10|pybind11|caffe2|THC|THC/)[/\w]*"#,
            #"(namespace|class|struct) \"?(at|c10|torch|caffe2|pybind11|at::Tensor|c10::\w+|at::cuda|at::native)\"? has no member"#,
            #"is not a member of '(at|c10|torch|caffe2|pybind11|at::Tensor|c10::\w+|at::cuda)"#,
            #"'class at::Tensor' has no member"#,
            #"identifier \"(AT|TORCH|C10|THC|CUDA_KERNEL_LOOP|PYBIND11)_?\w*\" is undefined"#,
            #"'(AT|TORCH|C10|PYBIND11)_\w*' was not declared"#,
            #"namespace \"std\" has no member"#,
            #"is not a member of 'std'"#,
            #"'(std::)?\w+' is not a member of 'std'"#,
            #"undefined reference to `(at|c10|torch|caffe2)::"#,
            #"Assay slim binding: unsupported"#,
            #"no (instance of|matching) (overloaded function|constructor|function)[^\n]*(at::|c10::|torch::|Tensor)"#,
        ]
        for pattern in patterns where line.range(of: pattern, options: .regularExpression) != nil {
            return "uses something the slim torch header does not provide: " + line.trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    private static func shorten(_ line: String, _ prefix: String) -> String {
        line.replacingOccurrences(of: prefix + "/", with: "<slim>/").trimmingCharacters(in: .whitespaces)
    }
}
