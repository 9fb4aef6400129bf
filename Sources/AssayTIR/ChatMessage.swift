/// One message of an OpenAI-compatible chat conversation.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// `system`, `user`, `assistant` or `tool`.
    public var role: String
    /// The text content (may be `nil` for an assistant message that only calls tools).
    public var content: String?
    /// Tool calls requested by an assistant message.
    public var toolCalls: [ToolCall]?
    /// For a `tool` message: the id of the call it answers.
    public var toolCallID: String?

    /// Creates a message.
    public init(role: String, content: String?, toolCalls: [ToolCall]? = nil, toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    enum CodingKeys: String, CodingKey {
        case role, content
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }

    /// A tool call requested by the model.
    public struct ToolCall: Sendable, Hashable, Codable {
        /// The call's id, echoed by the `tool` message that answers it.
        public var id: String
        /// Always `function`.
        public var type: String
        /// The function and its JSON-encoded arguments.
        public var function: Function

        /// Creates a tool call.
        public init(id: String, type: String = "function", function: Function) {
            self.id = id
            self.type = type
            self.function = function
        }

        /// The function part of a tool call.
        public struct Function: Sendable, Hashable, Codable {
            /// The function's name.
            public var name: String
            /// The arguments as a JSON string, exactly as the model wrote them.
            public var arguments: String

            /// Creates a function call.
            public init(name: String, arguments: String) {
                self.name = name
                self.arguments = arguments
            }
        }
    }
}
