public import AssayCore

/// One verified completion as a chat example for supervised fine-tuning (TRL's `SFTTrainer`
/// reads the `messages` column): the prompt the model saw, then the completion as the
/// assistant's turn.
public struct SFTExample: Sendable, Hashable {
    /// The verdict's row id (export order).
    public var verdictID: Int64
    /// The run the verdict belongs to.
    public var run: String
    /// The training step, if the request carried one.
    public var step: Int?
    /// The problem's domain as stored (`math`, `math(rtol=1e-6)`, `kernels`, ...).
    public var domain: String
    /// The problem's content address.
    public var problem: ContentHash
    /// The candidate's content address.
    public var candidate: ContentHash
    /// The caller's name for the problem, if it sent one.
    public var label: String?
    /// The stored prompt: plain text, or the JSON text of a list of chat messages.
    public var prompt: String
    /// The candidate's text (as stored: normalised line endings, no trailing whitespace).
    public var completion: String
    /// The verdict's reward.
    public var reward: Double
    /// The verdict's status (`equal`, `correct`, ...).
    public var status: String

    /// Creates an example.
    public init(
        verdictID: Int64, run: String, step: Int?, domain: String, problem: ContentHash, candidate: ContentHash,
        label: String?, prompt: String, completion: String, reward: Double, status: String
    ) {
        self.verdictID = verdictID
        self.run = run
        self.step = step
        self.domain = domain
        self.problem = problem
        self.candidate = candidate
        self.label = label
        self.prompt = prompt
        self.completion = completion
        self.reward = reward
        self.status = status
    }

    /// The conversation: the prompt's messages, then `{"role": "assistant", "content": completion}`.
    ///
    /// A prompt that is the JSON text of a list of messages (objects that each have a string
    /// `role`; how the TRL adapter stores a conversational prompt) becomes those messages, in
    /// order and unchanged; any other prompt is one user message with the prompt as its text.
    public var messages: [JSONValue] {
        let assistant = JSONValue.object(JSONObject([("role", .string("assistant")), ("content", .string(completion))]))
        return (Self.chatMessages(prompt) ?? [.object(JSONObject([("role", .string("user")), ("content", .string(prompt))]))])
            + [assistant]
    }

    /// One JSON line: `messages`, then the metadata (`run`, `step`, `domain`, `problem_hash`,
    /// `candidate_hash`, `label`, `reward`, `status`); absent values are `null`.
    public var jsonObject: JSONObject {
        JSONObject([
            ("messages", .array(messages)),
            ("run", .string(run)),
            ("step", step.map { .number(Double($0)) } ?? .null),
            ("domain", .string(domain)),
            ("problem_hash", .string(problem.hex)),
            ("candidate_hash", .string(candidate.hex)),
            ("label", label.map(JSONValue.string) ?? .null),
            ("reward", .number(reward)),
            ("status", .string(status)),
        ])
    }

    /// The messages of a prompt stored as a JSON list of chat messages, or `nil` for a prompt
    /// that is not one.
    static func chatMessages(_ prompt: String) -> [JSONValue]? {
        guard prompt.first == "[", case .array(let items)? = try? JSONValue(parsing: prompt), !items.isEmpty else {
            return nil
        }
        for item in items {
            guard let message = item.objectValue, message["role"]?.stringValue != nil, message["content"] != nil else {
                return nil
            }
        }
        return items
    }
}
