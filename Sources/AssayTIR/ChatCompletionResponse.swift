/// The body of a `POST /v1/chat/completions` answer (the fields Assay reads).
public struct ChatCompletionResponse: Sendable, Hashable, Decodable {
    /// The generated choices (Assay asks for one).
    public var choices: [Choice]
    /// Token counts, when the server reports them.
    public var usage: Usage?

    /// One generated choice.
    public struct Choice: Sendable, Hashable, Decodable {
        /// The generated message.
        public var message: ChatMessage
        /// Why generation stopped: `stop`, `length`, `tool_calls`, ...
        public var finishReason: String?
        /// The stop sequence that ended generation, where the server reports it (vLLM).
        public var stopReason: StopReason?

        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
            case stopReason = "stop_reason"
        }
    }

    /// vLLM reports the matched stop string, or a token id as an integer.
    public enum StopReason: Sendable, Hashable, Decodable {
        case string(String)
        case token(Int)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .string(text)
            } else {
                self = .token(try container.decode(Int.self))
            }
        }
    }

    /// Token usage.
    public struct Usage: Sendable, Hashable, Codable {
        /// Prompt tokens.
        public var promptTokens: Int?
        /// Generated tokens.
        public var completionTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }
}
