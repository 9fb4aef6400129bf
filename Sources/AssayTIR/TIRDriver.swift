public import AssayCore
public import AssayMath
import FoundationEssentials

/// Drives tool-integrated reasoning trajectories: generate, run the model's code in its
/// session, feed the output back, repeat, then grade the final answer exactly.
public struct TIRDriver: Sendable {
    /// The inference server.
    public let client: OpenAIClient
    /// Where the model's code runs (one session per trajectory).
    public let tools: any PythonToolProvider
    /// The final-answer grader.
    public let grader: MathGrader
    /// Generation and protocol settings.
    public let configuration: TIRConfiguration
    /// How outcomes become rewards.
    public let rewardPolicy: MathRewardPolicy

    /// Creates a driver.
    public init(
        client: OpenAIClient,
        tools: any PythonToolProvider,
        grader: MathGrader = MathGrader(),
        configuration: TIRConfiguration,
        rewardPolicy: MathRewardPolicy = .init()
    ) {
        self.client = client
        self.tools = tools
        self.grader = grader
        self.configuration = configuration
        self.rewardPolicy = rewardPolicy
    }

    /// Runs one trajectory to the end and grades it.
    ///
    /// A failed request after retries ends the trajectory with ``Trajectory/error`` set and no
    /// verdict (an infrastructure failure is not the model's fault and must not become a
    /// reward). Errors that doom the whole run (bad API key, unreachable server) are thrown.
    public func run(_ problem: TIRProblem, sample: Int) async throws -> Trajectory {
        let start = ContinuousClock.now
        var trajectory = Trajectory(problemID: problem.id, sample: sample, protocolKind: configuration.protocolKind)
        trajectory.messages = [
            ChatMessage(role: "system", content: configuration.systemPrompt),
            ChatMessage(role: "user", content: problem.problem),
        ]
        do {
            try await tools.withSession { session in
                switch configuration.protocolKind {
                case .codeFence: try await runCodeFence(&trajectory, session: session)
                case .functionCalling: try await runFunctionCalling(&trajectory, session: session)
                }
            }
        } catch let error as OpenAIClientError where !error.isFatalForRun {
            trajectory.error = error.message
        }
        if trajectory.error == nil {
            grade(&trajectory, gold: problem.gold)
        }
        trajectory.durationMilliseconds = milliseconds(since: start)
        return trajectory
    }

    // MARK: - Protocols

    private func runCodeFence(_ trajectory: inout Trajectory, session: any PythonToolSession) async throws {
        var assistantText = ""
        while true {
            var request = baseRequest(messages: trajectory.messages)
            if !assistantText.isEmpty {
                request.messages.append(ChatMessage(role: "assistant", content: assistantText))
                request.continueFinalMessage = true
                request.addGenerationPrompt = false
            }
            let canRunMore = trajectory.toolCalls.count < configuration.maxToolCalls
            request.stop = canRunMore ? [CodeFence.outputStop] : nil
            let choice = try await complete(request, into: &trajectory)
            assistantText += choice.message.content ?? ""
            guard canRunMore, choice.finishReason == "stop", let code = CodeFence.pendingCode(in: assistantText) else {
                break
            }
            let result = await execute(code, in: session, trajectory: &trajectory)
            assistantText += "\n" + CodeFence.outputBlock(result.output)
            if trajectory.toolCalls.count == configuration.maxToolCalls {
                assistantText += "(Tool call limit reached: no more code will be run. Give the final answer.)\n"
            }
        }
        trajectory.messages.append(ChatMessage(role: "assistant", content: assistantText))
        trajectory.finalText = assistantText
    }

    private func runFunctionCalling(_ trajectory: inout Trajectory, session: any PythonToolSession) async throws {
        var texts: [String] = []
        while true {
            var request = baseRequest(messages: trajectory.messages)
            let canRunMore = trajectory.toolCalls.count < configuration.maxToolCalls
            request.tools = [.python]
            request.toolChoice = canRunMore ? "auto" : "none"
            let choice = try await complete(request, into: &trajectory)
            let message = choice.message
            trajectory.messages.append(message)
            if let text = message.content, !text.isEmpty { texts.append(text) }
            guard let calls = message.toolCalls, !calls.isEmpty else { break }
            for call in calls {
                let reply: String
                if trajectory.toolCalls.count >= configuration.maxToolCalls {
                    reply = "Tool call limit reached: this call was not run. Give the final answer."
                } else if call.function.name != "python" {
                    reply = "Unknown tool \"\(call.function.name)\": the only tool is `python`."
                } else if let code = Self.code(fromArguments: call.function.arguments) {
                    reply = await execute(code, in: session, trajectory: &trajectory).output
                } else {
                    reply = "The arguments must be a JSON object with a string field \"code\"."
                }
                trajectory.messages.append(ChatMessage(role: "tool", content: reply, toolCallID: call.id))
            }
        }
        trajectory.finalText = texts.joined(separator: "\n")
    }

    // MARK: - Pieces

    private func baseRequest(messages: [ChatMessage]) -> ChatCompletionRequest {
        var request = ChatCompletionRequest(model: configuration.model, messages: messages)
        request.temperature = configuration.temperature
        request.topP = configuration.topP
        request.maxTokens = configuration.maxTokensPerTurn
        return request
    }

    private func complete(
        _ request: ChatCompletionRequest,
        into trajectory: inout Trajectory
    ) async throws -> ChatCompletionResponse.Choice {
        let response = try await client.chatCompletion(request)
        guard let choice = response.choices.first else {
            throw OpenAIClientError(code: .badResponse, message: "the server returned no choices")
        }
        trajectory.finishReason = choice.finishReason
        trajectory.completionTokens += response.usage?.completionTokens ?? 0
        return choice
    }

    private func execute(
        _ code: String,
        in session: any PythonToolSession,
        trajectory: inout Trajectory
    ) async -> ToolExecution {
        var result = await session.execute(code)
        result.output = Self.truncate(result.output, to: configuration.maxToolOutputCharacters)
        if result.stateLost {
            result.output += "\n(The Python session was restarted: earlier variables are gone.)"
        }
        trajectory.toolCalls.append(ToolCallRecord(index: trajectory.toolCalls.count, code: code, result: result))
        return result
    }

    private func grade(_ trajectory: inout Trajectory, gold: String) {
        let grade = grader.grade(completion: trajectory.finalText, gold: gold)
        var verdict = grade.verdict
        let failed = trajectory.toolCalls.count { $0.result.failed }
        verdict.reward = rewardPolicy.reward(
            passed: verdict.passed, parsed: verdict.status != .unparseable, failedToolCalls: failed)
        trajectory.finalAnswer = grade.extractedAnswer
        trajectory.verdict = verdict
    }

    /// The `code` string of a `python` tool call's JSON arguments, if well formed.
    static func code(fromArguments arguments: String) -> String? {
        guard case .object(let object)? = try? JSONValue(parsing: arguments) else { return nil }
        return object["code"]?.stringValue
    }

    /// `text` cut to `limit` characters with a marker saying how much was dropped.
    static func truncate(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "\n... [output truncated: \(text.count - limit) more characters]"
    }

    private func milliseconds(since start: ContinuousClock.Instant) -> Double {
        start.duration(to: .now).inMilliseconds
    }
}
