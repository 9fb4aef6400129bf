public import ArgumentParser
import AssayCore
import AssaySandbox
import AssayTIR
import AsyncHTTPClient
import Foundation
import Synchronization

/// `assay tir run`: sample trajectories from an OpenAI-compatible server, run their tool
/// calls in sandboxed sessions, grade the final answers.
struct TIRRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run tool-integrated reasoning trajectories and grade them.",
        discussion: """
            PROBLEMS is JSON lines with `id`, `problem` and `gold`. For each problem, -n \
            trajectories are sampled from the server at --base-url (vLLM, SGLang, llama.cpp's \
            server or a hosted API; the URL ends in /v1). The API key is read from the \
            environment variable named by --api-key-env (none is sent when it is unset).

            Protocols:
              code-fence        the model writes ```python blocks; generation stops at "```output", \
            Assay runs the block in the trajectory's sandboxed session, appends the output and \
            the model continues the same message (needs the server's continue_final_message \
            extension: vLLM and SGLang have it)
              function-calling  OpenAI tools with a `python` function taking {"code": ...}

            Each trajectory becomes one JSON line in --out, written as soon as it ends: \
            problem_id, sample, protocol, verdict, reward, final_answer, reason, error, \
            tool_calls (code, output, status, state_lost, duration_ms), messages. A trajectory \
            the server could not complete has verdict "error" and reward null. A rejected API \
            key or an unreachable server stops the run at once.

            Example:
              assay tir run problems.jsonl --base-url http://127.0.0.1:8000/v1 \\
                --model Qwen/Qwen2.5-Math-7B-Instruct -n 8 --out traj.jsonl
            """
    )

    @Argument(help: "JSON-lines problems (`id`, `problem`, `gold`), or - for standard input.")
    var problems: String

    @Option(help: "The server's API root, ending in /v1.")
    var baseURL: String

    @Option(help: "The model name the server knows.")
    var model: String

    @Option(name: .short, help: "Trajectories per problem.")
    var n: Int = 8

    @Option(help: "How the model calls Python: code-fence or function-calling.")
    var `protocol`: TIRProtocol = .codeFence

    @Option(help: "Tool calls allowed per trajectory.")
    var maxToolCalls: Int = 4

    @Option(help: "Seconds one tool call may run.")
    var toolTimeout: Double = 5

    @Option(help: "Memory limit of a sandboxed session, in MiB.")
    var toolMemory: Int = 1024

    @Option(help: "Trajectories in flight at once.")
    var concurrency: Int = 16

    @Option(help: "Sampling temperature.")
    var temperature: Double = 0.7

    @Option(help: "Tokens per generation request.")
    var maxTokens: Int = 2048

    @Option(help: "Seconds one request may take before it is retried.")
    var requestTimeout: Double = 300

    @Option(help: "Environment variable that holds the API key.")
    var apiKeyEnv: String = "OPENAI_API_KEY"

    @Option(help: "Where to write the trajectories (JSON lines).")
    var out: String

    @Flag(help: "Run tool calls without bubblewrap isolation (every result says so). Only for machines where bubblewrap cannot run.")
    var noIsolation = false

    func validate() throws {
        guard n >= 1 else { throw ValidationError("-n must be at least 1") }
        guard maxToolCalls >= 0 else { throw ValidationError("--max-tool-calls must not be negative") }
        guard toolTimeout > 0, requestTimeout > 0 else { throw ValidationError("timeouts must be positive") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
            throw ValidationError("--base-url must start with http:// or https:// (e.g. http://127.0.0.1:8000/v1)")
        }
    }

    func run() async throws {
        let problemList = try readProblems()
        guard !problemList.isEmpty else { throw CommandFailure("\(problems) holds no problems") }
        let output = try OutputFile(path: out)

        var configuration = TIRConfiguration(model: model, protocolKind: `protocol`)
        configuration.maxToolCalls = maxToolCalls
        configuration.temperature = temperature
        configuration.maxTokensPerTurn = maxTokens
        let limits = SandboxLimits(timeout: .milliseconds(Int64(toolTimeout * 1000)), memoryBytes: toolMemory << 20)
        let sandbox = Sandbox(limits: limits, isolation: noIsolation ? .none : .bubblewrap)
        let apiKey = ProcessInfo.processInfo.environment[apiKeyEnv]
        let total = problemList.count * n
        let progress = Progress(total: total)

        let http = OpenAIClient.makeHTTPClient()
        let summary: TIRSummary
        do {
            summary = try await withSessionPool(
                .init(sandbox: sandbox, maxSessions: concurrency, warmSessions: min(concurrency, 4))
            ) { pool in
                let client = OpenAIClient(
                    baseURL: baseURL, apiKey: apiKey, httpClient: http,
                    requestTimeout: .milliseconds(Int64(requestTimeout * 1000)))
                let driver = TIRDriver(
                    client: client, tools: SandboxToolProvider(pool: pool, callTimeout: limits.timeout),
                    configuration: configuration)
                return try await TIRRunner(driver: driver, concurrency: concurrency).run(
                    problems: problemList, samples: n
                ) { trajectory in
                    try output.writeLine(JSONLines.encode(trajectory.jsonValue))
                    progress.advance(correct: trajectory.verdict?.passed == true ? 1 : 0)
                }
            }
            try await http.shutdown()
        } catch let error as OpenAIClientError {
            try? await http.shutdown()
            progress.finish()
            throw CommandFailure(error.message)
        } catch let error as SandboxError {
            try? await http.shutdown()
            progress.finish()
            throw CommandFailure("the sandbox cannot run: \(error.message)")
        }
        progress.finish()
        let accuracy = String(format: "%.1f", summary.accuracy * 100)
        FileHandle.standardError.write(Data("""
            \(summary.trajectories) trajectories: \(summary.correct) correct (\(accuracy)% of graded), \
            \(summary.failed) failed; \(summary.toolCalls) tool calls, \(summary.failedToolCalls) failed. \
            Verdicts: \(summary.verdicts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))

            """.utf8))
    }

    private func readProblems() throws -> [TIRProblem] {
        var list: [TIRProblem] = []
        for (index, line) in try InputLines.read(problems).enumerated() where !line.allSatisfy(\.isWhitespace) {
            do {
                list.append(try TIRProblem(record: try JSONLines.decodeObject(line)))
            } catch {
                throw CommandFailure("\(problems) line \(index + 1): \(error.message)")
            }
        }
        return list
    }
}

extension TIRProtocol: ExpressibleByArgument {}
