import AssayCore
import AssayMath
import AssaySandbox
import AsyncHTTPClient
import Synchronization
import Testing
@testable import AssayTIR

/// End-to-end trajectories: a scripted model on a loopback HTTP server, the real OpenAI
/// client, real bubblewrap sandboxes for the tool calls, and the real math grader.
@Suite(.serialized) struct TIRDriverTests {
    private func withDriver(
        protocolKind: TIRProtocol,
        maxToolCalls: Int = 4,
        toolTimeout: Duration = .seconds(10),
        baseURL: String,
        apiKey: String? = "test-key",
        retry: RetryPolicy = RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(50)),
        _ body: (TIRDriver) async throws -> Void
    ) async throws {
        let sandbox = Sandbox(limits: SandboxLimits(timeout: toolTimeout), processTag: "assay-tir-test")
        try await withSessionPool(.init(sandbox: sandbox, maxSessions: 2, warmSessions: 1)) { pool in
            let http = OpenAIClient.makeHTTPClient(connectTimeout: .seconds(2))
            do {
                let client = OpenAIClient(
                    baseURL: baseURL, apiKey: apiKey, httpClient: http, requestTimeout: .seconds(30), retry: retry)
                var configuration = TIRConfiguration(model: "scripted", protocolKind: protocolKind)
                configuration.maxToolCalls = maxToolCalls
                let driver = TIRDriver(
                    client: client, tools: SandboxToolProvider(pool: pool, callTimeout: toolTimeout),
                    configuration: configuration)
                try await body(driver)
                try await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    private let problem = TIRProblem(id: "p1", problem: "What is 6 times 7?", gold: "42")

    @Test func codeFenceRunsTheBlockAndContinuesTheSameMessage() async throws {
        let server = ScriptedModelServer { request, index in
            switch index {
            case 0:
                return ScriptedModelServer.text("Let me compute.\n```python\nx = 6 * 7\nprint(x)\n```\n")
            default:
                // The continuation must carry the real sandbox output in the assistant message.
                let last = request.chatMessages.last
                guard last?["role"]?.stringValue == "assistant",
                    last?["content"]?.stringValue?.contains("```output\n42\n```") == true,
                    request["continue_final_message"] == .bool(true)
                else { return (400, #"{"error":"expected a continued assistant message with the output"}"#) }
                return ScriptedModelServer.text("So the product is \\boxed{42}.")
            }
        }
        try await server.serve { baseURL in
            try await withDriver(protocolKind: .codeFence, baseURL: baseURL) { driver in
                let trajectory = try await driver.run(problem, sample: 0)
                #expect(trajectory.error == nil)
                #expect(trajectory.toolCalls.count == 1)
                #expect(trajectory.toolCalls.first?.result.status == "ok")
                #expect(trajectory.toolCalls.first?.result.output == "42\n")
                #expect(trajectory.finalAnswer == "42")
                #expect(trajectory.verdict?.status == .equal)
                #expect(trajectory.verdict?.reward == 1)
            }
        }
        #expect(server.requests.count == 2)
        #expect(server.requests[0]["stop"] == .array([.string("```output")]))
    }

    @Test func functionCallingKeepsStateBetweenCalls() async throws {
        let server = ScriptedModelServer { request, index in
            switch index {
            case 0: return ScriptedModelServer.toolCall(id: "c1", code: "x = 6 * 7")
            case 1:
                guard request.chatMessages.last?["role"]?.stringValue == "tool" else {
                    return (400, #"{"error":"expected a tool message"}"#)
                }
                return ScriptedModelServer.toolCall(id: "c2", code: "print(x + 1)")
            default:
                let toolReply = request.chatMessages.last
                guard toolReply?["tool_call_id"] == .string("c2"),
                    toolReply?["content"]?.stringValue?.hasPrefix("43") == true
                else { return (400, #"{"error":"expected 43 from the second call"}"#) }
                return ScriptedModelServer.text("x + 1 is 43, so x is \\boxed{42}.")
            }
        }
        try await server.serve { baseURL in
            try await withDriver(protocolKind: .functionCalling, baseURL: baseURL) { driver in
                let trajectory = try await driver.run(problem, sample: 3)
                #expect(trajectory.error == nil)
                #expect(trajectory.sample == 3)
                #expect(trajectory.toolCalls.map(\.result.status) == ["ok", "ok"])
                #expect(trajectory.verdict?.status == .equal)
                #expect(trajectory.messages.map(\.role) == ["system", "user", "assistant", "tool", "assistant", "tool", "assistant"])
            }
        }
        #expect(server.requests.allSatisfy { $0["tools"] != nil })
    }

    @Test func aToolTimeoutIsReportedAndTheSessionRestarts() async throws {
        let server = ScriptedModelServer { _, index in
            switch index {
            case 0: return ScriptedModelServer.toolCall(id: "c1", code: "y = 5")
            case 1: return ScriptedModelServer.toolCall(id: "c2", code: "while True:\n    pass")
            case 2: return ScriptedModelServer.toolCall(id: "c3", code: "print(y)")
            default: return ScriptedModelServer.text("I could not finish. \\boxed{41}")
            }
        }
        try await server.serve { baseURL in
            try await withDriver(protocolKind: .functionCalling, toolTimeout: .seconds(2), baseURL: baseURL) { driver in
                let trajectory = try await driver.run(problem, sample: 0)
                #expect(trajectory.toolCalls.map(\.result.status) == ["ok", "timeout", "error"])
                // The restart lost `y`: the third call sees a NameError and is told state was lost.
                #expect(trajectory.toolCalls[2].result.output.contains("NameError"))
                #expect(trajectory.toolCalls[1].result.stateLost || trajectory.toolCalls[2].result.stateLost)
                #expect(trajectory.verdict?.status == .notEqual)
                #expect(trajectory.verdict?.reward == 0)
            }
        }
    }

    @Test func theToolCallLimitStopsRunningCode() async throws {
        let server = ScriptedModelServer { request, index in
            if index < 5 { return ScriptedModelServer.toolCall(id: "c\(index)", code: "print(\(index))") }
            // After the limit the model is told so and offered no more calls.
            guard request["tool_choice"] == .string("none") else { return (400, #"{"error":"tools still offered"}"#) }
            return ScriptedModelServer.text("\\boxed{42}")
        }
        try await server.serve { baseURL in
            try await withDriver(protocolKind: .functionCalling, maxToolCalls: 2, baseURL: baseURL) { driver in
                let trajectory = try await driver.run(problem, sample: 0)
                #expect(trajectory.toolCalls.count == 2)
                let refusals = trajectory.messages.filter { $0.content?.contains("Tool call limit reached") == true }
                #expect(!refusals.isEmpty)
                #expect(trajectory.verdict?.status == .equal)
            }
        }
    }

    @Test func serverErrorsAreRetriedThenSucceed() async throws {
        let server = ScriptedModelServer { _, index in
            switch index {
            case 0: return (429, #"{"error":"slow down"}"#)
            case 1: return (503, #"{"error":"overloaded"}"#)
            default: return ScriptedModelServer.text("\\boxed{42}")
            }
        }
        try await server.serve { baseURL in
            try await withDriver(protocolKind: .codeFence, baseURL: baseURL) { driver in
                let trajectory = try await driver.run(problem, sample: 0)
                #expect(trajectory.verdict?.status == .equal)
            }
        }
        #expect(server.requests.count == 3)
    }

    @Test func persistentServerErrorsEndTheTrajectoryWithoutAReward() async throws {
        let server = ScriptedModelServer { _, _ in (500, #"{"error":"broken"}"#) }
        try await server.serve { baseURL in
            try await withDriver(protocolKind: .codeFence, baseURL: baseURL) { driver in
                let trajectory = try await driver.run(problem, sample: 0)
                #expect(trajectory.verdict == nil)
                #expect(trajectory.error?.contains("HTTP 500") == true)
                #expect(trajectory.jsonValue.objectValue?["reward"] == .null)
            }
        }
        #expect(server.requests.count == 3)
    }

    @Test func aRejectedKeyIsFatalForTheRun() async throws {
        let server = ScriptedModelServer { _, _ in (401, #"{"error":"invalid api key"}"#) }
        try await server.serve { baseURL in
            try await withDriver(protocolKind: .codeFence, baseURL: baseURL, apiKey: "wrong") { driver in
                let error = await #expect(throws: OpenAIClientError.self) { try await driver.run(problem, sample: 0) }
                #expect(error?.code == .unauthorized)
                #expect(error?.message.contains("API key") == true)
            }
        }
        #expect(server.requests.count == 1)
    }

    @Test func anUnreachableServerIsFatalWithAClearMessage() async throws {
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        try await withDriver(protocolKind: .codeFence, baseURL: "http://127.0.0.1:9/v1") { driver in
            let error = await #expect(throws: OpenAIClientError.self) { try await driver.run(problem, sample: 0) }
            #expect(error?.code == .unreachable)
            #expect(error?.message.contains("cannot reach") == true)
        }
    }

    @Test func theRunnerRunsEverySampleOnceWithBoundedConcurrency() async throws {
        let server = ScriptedModelServer { request, _ in
            let question = request.chatMessages.first { $0["role"]?.stringValue == "user" }?["content"]?.stringValue ?? ""
            return ScriptedModelServer.text(question.contains("6 times 7") ? "\\boxed{42}" : "\\boxed{0}")
        }
        let problems = [problem, TIRProblem(id: "p2", problem: "What is 2 plus 2?", gold: "4")]
        try await server.serve { baseURL in
            try await withDriver(protocolKind: .codeFence, baseURL: baseURL) { driver in
                let seen = Mutex<[String]>([])
                let summary = try await TIRRunner(driver: driver, concurrency: 3).run(problems: problems, samples: 4) {
                    trajectory in seen.withLock { $0.append("\(trajectory.problemID)#\(trajectory.sample)") }
                }
                #expect(summary.trajectories == 8)
                #expect(summary.correct == 4)
                #expect(Set(seen.withLock { $0 }).count == 8)
            }
        }
    }
}
