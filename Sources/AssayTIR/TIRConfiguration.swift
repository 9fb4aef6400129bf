/// Settings for tool-integrated reasoning runs.
public struct TIRConfiguration: Sendable, Hashable {
    /// The model name the inference server knows.
    public var model: String
    /// How the model asks for code to be run.
    public var protocolKind: TIRProtocol = .codeFence
    /// Tool calls allowed per trajectory; past it, the model is told no more code will run.
    public var maxToolCalls: Int = 4
    /// Tokens per generation request.
    public var maxTokensPerTurn: Int = 2048
    /// Sampling temperature.
    public var temperature: Double = 0.7
    /// Nucleus sampling.
    public var topP: Double? = nil
    /// Characters of tool output shown to the model; the rest is cut with a marker.
    public var maxToolOutputCharacters: Int = 2000
    /// The system prompt.
    public var systemPrompt: String

    /// Creates a configuration with the default system prompt for `protocolKind`.
    public init(model: String, protocolKind: TIRProtocol = .codeFence) {
        self.model = model
        self.protocolKind = protocolKind
        self.systemPrompt = Self.defaultSystemPrompt(for: protocolKind)
    }

    /// The default system prompt for a protocol.
    public static func defaultSystemPrompt(for kind: TIRProtocol) -> String {
        switch kind {
        case .codeFence:
            """
            Solve the math problem step by step. You may run Python: write code in a ```python block \
            and end the block with ```; its output will follow in a ```output block. Variables persist \
            between blocks. Put the final answer in \\boxed{}.
            """
        case .functionCalling:
            """
            Solve the math problem step by step. You may call the `python` tool to run code; \
            variables persist between calls. Put the final answer in \\boxed{}.
            """
        }
    }
}
