import Foundation

/// Finds the kernel candidate in raw model output.
///
/// Rules, in order:
/// 1. Reasoning is dropped: every `<think>…</think>` (or `<thinking>`) section, and everything
///    before a lone `</think>` (templates that open the section in the prompt). Output that
///    ends inside an unclosed `<think>` has no answer.
/// 2. Fenced blocks are found (```` ``` ```` or `~~~`). A ```` ```python ```` block (or one
///    without a language) that defines `class ModelNew` is a candidate; when several do, the
///    **last closed one** wins (models revise their answer; the last complete version is the
///    final one). A block cut off by the end of the output is used only when no closed block
///    defines `ModelNew`, and the candidate is marked truncated.
/// 3. Without such a block, a raw-kernel candidate is a ```` ```json ```` block whose `format`
///    is `assay-raw-kernel/1` plus a ```` ```cuda ```` (or `cu`, `cpp`, `c++`) block with a
///    `__global__` kernel (the last of each).
/// 4. Without any fence, text that defines `class ModelNew` is taken whole, from its first
///    line that looks like Python code.
/// Anything else is an ``ExtractionFailure`` whose message says what is missing.
public enum CandidateExtractor {
    /// The format marker of raw-kernel launch descriptions.
    public static let rawFormatMarker = "assay-raw-kernel/1"

    /// Extracts the candidate from `output`.
    public static func extract(_ output: String) -> Result<KernelCandidate, ExtractionFailure> {
        let answer: String
        switch dropReasoning(output) {
        case .success(let text): answer = text
        case .failure(let failure): return .failure(failure)
        }
        if answer.allSatisfy(\.isWhitespace) {
            return .failure(ExtractionFailure(
                code: "empty_output",
                message: "The output is empty. Answer with one ```python block that defines `class ModelNew(nn.Module)`."))
        }
        let blocks = FencedBlock.scan(answer)
        let modelBlocks = blocks.enumerated().filter { isPython($0.element.language) && definesModelNew($0.element.body) }
        if let chosen = modelBlocks.last(where: { $0.element.closed }) ?? modelBlocks.last {
            var notes = ["python block \(chosen.offset + 1) of \(blocks.count) (the last \(chosen.element.closed ? "complete " : "")block defining ModelNew)"]
            if modelBlocks.count > 1 { notes.append("\(modelBlocks.count) blocks define ModelNew") }
            if !chosen.element.closed { notes.append("the output ends inside this block (truncated)") }
            return .success(KernelCandidate(
                format: .inlineExtension, source: chosen.element.body, truncated: !chosen.element.closed, notes: notes))
        }
        if let raw = rawCandidate(blocks) { return raw }
        if blocks.isEmpty, definesModelNew(answer) {
            let lines = answer.split(separator: "\n", omittingEmptySubsequences: false)
            let start = lines.firstIndex(where: looksLikePythonStart) ?? 0
            return .success(KernelCandidate(
                format: .inlineExtension, source: lines[start...].joined(separator: "\n"),
                notes: ["no code fences; the text from line \(start + 1) on is the candidate"]))
        }
        return .failure(ExtractionFailure(code: "no_model_new", message: missingModelNewMessage(blocks)))
    }

    // MARK: - Reasoning

    private static func dropReasoning(_ text: String) -> Result<String, ExtractionFailure> {
        var rest = Substring(text)
        // A closing tag before any opening one: the template opened the section in the prompt.
        if let close = firstTag(in: rest, closing: true),
            firstTag(in: rest[..<close.lowerBound], closing: false) == nil
        {
            rest = rest[close.upperBound...]
        }
        var kept = ""
        while let open = firstTag(in: rest, closing: false) {
            kept += rest[..<open.lowerBound]
            let inside = rest[open.upperBound...]
            guard let close = firstTag(in: inside, closing: true) else {
                if definesModelNew(kept) || kept.contains("```") { return .success(kept) }
                return .failure(ExtractionFailure(
                    code: "unfinished_thinking",
                    message: "The output ends inside a <think> section, so it has no answer (it was probably cut off). Finish reasoning earlier and give the ```python block with `class ModelNew` after </think>."))
            }
            rest = inside[close.upperBound...]
        }
        kept += rest
        return .success(kept)
    }

    private static func firstTag(in text: Substring, closing: Bool) -> Range<Substring.Index>? {
        let names = closing ? ["</think>", "</thinking>"] : ["<think>", "<thinking>"]
        return names.compactMap { text.range(of: $0) }.min { $0.lowerBound < $1.lowerBound }
    }

    // MARK: - Blocks

    private static func isPython(_ language: String) -> Bool {
        ["python", "py", "python3", ""].contains(language)
    }

    static func definesModelNew(_ text: some StringProtocol) -> Bool {
        text.split(separator: "\n").contains { line in
            let t = line.drop { $0 == " " || $0 == "\t" }
            guard t.hasPrefix("class") else { return false }
            let after = t.dropFirst(5)
            guard let first = after.first, first == " " || first == "\t" else { return false }
            let name = after.drop { $0 == " " || $0 == "\t" }.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return name == "ModelNew"
        }
    }

    private static func looksLikePythonStart(_ line: Substring) -> Bool {
        ["import ", "from ", "class ", "def ", "@", "#"].contains { line.hasPrefix($0) }
    }

    private static func rawCandidate(_ blocks: [FencedBlock]) -> Result<KernelCandidate, ExtractionFailure>? {
        let launch = blocks.last { ["json", "jsonc"].contains($0.language) && $0.body.contains(rawFormatMarker) }
        let kernel = blocks.last { ["cuda", "cu", "cpp", "c++", "c"].contains($0.language) && $0.body.contains("__global__") }
        switch (launch, kernel) {
        case (nil, nil):
            return nil
        case (let launch?, nil):
            _ = launch
            return .failure(ExtractionFailure(
                code: "incomplete_raw_kernel",
                message: "A raw-kernel launch description (\(rawFormatMarker)) was found but no ```cuda block with a `__global__` kernel."))
        case (nil, _?):
            return nil
        case (let launch?, let kernel?):
            return .success(KernelCandidate(
                format: .rawKernel, source: kernel.body, launchDescription: launch.body,
                truncated: !launch.closed || !kernel.closed,
                notes: ["raw kernel: \(kernel.language) block at line \(kernel.firstLine), launch description at line \(launch.firstLine)"]))
        }
    }

    private static func missingModelNewMessage(_ blocks: [FencedBlock]) -> String {
        var message = "No Python code defines `class ModelNew`."
        if blocks.isEmpty {
            message += " The output has no code block."
        } else {
            var counts: [String: Int] = [:]
            for block in blocks { counts[block.language.isEmpty ? "unlabelled" : block.language, default: 0] += 1 }
            let found = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            message += " Found \(blocks.count) code block\(blocks.count == 1 ? "" : "s") (\(found)), none defining ModelNew."
        }
        message += " Put the whole candidate in one ```python block: imports, the CUDA and C++ sources, the load_inline(...) call, and `class ModelNew(nn.Module)` whose forward calls your kernels."
        return message
    }
}
