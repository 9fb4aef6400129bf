/// How the model asks for code to be run.
public enum TIRProtocol: String, Sendable, Hashable, Codable, CaseIterable {
    /// ToRA / Qwen-style: the model writes a ```python block; generation stops at the
    /// "```output" stop sequence; Assay runs the block and appends
    /// "```output\n<output>\n```\n" to the same assistant message, and generation continues
    /// (the vLLM/SGLang `continue_final_message` extension).
    case codeFence = "code-fence"
    /// OpenAI function calling with a `python` tool taking `{"code": "..."}`.
    case functionCalling = "function-calling"
}
