import Foundation

/// Finding the Python block a model asked to run in the code-fence protocol.
enum CodeFence {
    /// The stop sequence that ends a generation when the model wants code run.
    static let outputStop = "```output"

    /// The code of the last ```python block when `text` ends with it closed (the model
    /// stopped right before "```output"), else `nil`.
    static func pendingCode(in text: String) -> String? {
        var trimmed = Substring(text)
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        guard trimmed.hasSuffix("```") else { return nil }
        let body = trimmed.dropLast(3)
        guard let open = body.range(of: "```python", options: .backwards) else { return nil }
        let code = body[open.upperBound...]
        // A fence closed in between means the last block is not the one that just ended.
        guard !code.contains("```") else { return nil }
        return String(code.drop { $0 == "\n" || $0 == "\r" })
    }

    /// The block appended after running code.
    static func outputBlock(_ output: String) -> String {
        var body = output
        if !body.hasSuffix("\n") { body += "\n" }
        return "```output\n" + body + "```\n"
    }
}
