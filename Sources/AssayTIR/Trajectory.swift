public import AssayCore

/// One tool call made during a trajectory.
public struct ToolCallRecord: Sendable, Hashable, Codable {
    /// The call's position in the trajectory, from 0.
    public var index: Int
    /// The code the model asked to run.
    public var code: String
    /// What running it gave.
    public var result: ToolExecution
}

/// One complete tool-integrated reasoning trajectory and its grade.
public struct Trajectory: Sendable, Hashable {
    /// The problem's id.
    public var problemID: String
    /// Which sample of the problem this is, from 0.
    public var sample: Int
    /// The protocol used.
    public var protocolKind: TIRProtocol
    /// The whole conversation, tool outputs included.
    public var messages: [ChatMessage] = []
    /// Every tool call, in order.
    public var toolCalls: [ToolCallRecord] = []
    /// The model's text that was graded (all assistant text, in order).
    public var finalText: String = ""
    /// The answer extracted from ``finalText``, if any.
    public var finalAnswer: String?
    /// The grade; `nil` when the trajectory could not be completed (see ``error``).
    public var verdict: Verdict?
    /// Why generation stopped last.
    public var finishReason: String?
    /// Generated tokens, summed over the requests, where the server reported them.
    public var completionTokens: Int = 0
    /// Why the trajectory could not be completed (an inference-server failure), if it could not.
    public var error: String?
    /// Wall-clock milliseconds for the whole trajectory.
    public var durationMilliseconds: Double = 0
}
