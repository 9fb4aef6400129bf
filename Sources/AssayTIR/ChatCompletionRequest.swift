/// The body of `POST /v1/chat/completions`.
///
/// Only the fields Assay sets are modelled. `continueFinalMessage` and `addGenerationPrompt`
/// are the vLLM / SGLang extensions that let a generation continue the last assistant
/// message, which the code-fence protocol needs after it appends a tool's output.
public struct ChatCompletionRequest: Sendable, Hashable, Encodable {
    /// The model name the server knows.
    public var model: String
    /// The conversation so far.
    public var messages: [ChatMessage]
    /// Sampling temperature.
    public var temperature: Double?
    /// Nucleus sampling.
    public var topP: Double?
    /// Maximum tokens to generate in this request.
    public var maxTokens: Int?
    /// Sequences that end the generation (not included in the output).
    public var stop: [String]?
    /// Tools the model may call.
    public var tools: [ToolDefinition]?
    /// `auto` or `none`.
    public var toolChoice: String?
    /// Continue the final (assistant) message instead of starting a new one.
    public var continueFinalMessage: Bool?
    /// Whether the server adds the assistant generation prompt.
    public var addGenerationPrompt: Bool?
    /// Seed for reproducible sampling, where the server supports it.
    public var seed: Int?

    /// Creates a request.
    public init(model: String, messages: [ChatMessage]) {
        self.model = model
        self.messages = messages
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, stop, tools, seed
        case topP = "top_p"
        case maxTokens = "max_tokens"
        case toolChoice = "tool_choice"
        case continueFinalMessage = "continue_final_message"
        case addGenerationPrompt = "add_generation_prompt"
    }
}

/// A function tool offered to the model.
public struct ToolDefinition: Sendable, Hashable, Encodable {
    /// Always `function`.
    public var type = "function"
    /// The function's name, description and JSON-schema parameters.
    public var function: FunctionSpec

    /// The `python` tool: one required string argument, `code`.
    public static let python = ToolDefinition(
        function: FunctionSpec(
            name: "python",
            description: """
                Run Python 3 code in a persistent sandboxed session (variables and imports \
                persist between calls; no network, no files outside a scratch directory). \
                Returns what the code printed to stdout and stderr; print the values you need.
                """,
            parameters: .init()
        )
    )

    /// A function's description.
    public struct FunctionSpec: Sendable, Hashable, Encodable {
        /// The function's name.
        public var name: String
        /// What it does, for the model.
        public var description: String
        /// Its parameters as a JSON schema (here always `{code: string}`).
        public var parameters: CodeParameters
    }

    /// The JSON schema `{"type":"object","properties":{"code":{"type":"string"}},"required":["code"]}`.
    public struct CodeParameters: Sendable, Hashable, Encodable {
        var type = "object"
        var properties = ["code": Property(type: "string", description: "Python source to execute")]
        var required = ["code"]

        struct Property: Sendable, Hashable, Encodable {
            var type: String
            var description: String
        }
    }
}
