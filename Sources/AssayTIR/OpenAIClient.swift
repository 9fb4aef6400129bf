public import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOHTTP1

/// A client for the chat-completions endpoint of an OpenAI-compatible server (vLLM, SGLang,
/// llama.cpp's server, hosted APIs).
///
/// Retries 429 and 5xx answers and connection failures with ``RetryPolicy``; fails at once
/// on 401/403 (bad key) and other 4xx answers, with the server's message.
public struct OpenAIClient: Sendable {
    /// The API root, e.g. `http://127.0.0.1:8000/v1` (no trailing slash).
    public let baseURL: String
    private let apiKey: String?
    private let httpClient: HTTPClient
    private let requestTimeout: Duration
    private let retry: RetryPolicy

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - baseURL: the API root including `/v1`, as the OpenAI SDKs take it.
    ///   - apiKey: sent as a bearer token when set.
    ///   - httpClient: the HTTP client to use; its lifetime is the caller's.
    ///   - requestTimeout: the limit for one attempt.
    ///   - retry: the retry policy.
    public init(
        baseURL: String,
        apiKey: String?,
        httpClient: HTTPClient,
        requestTimeout: Duration = .seconds(300),
        retry: RetryPolicy = .init()
    ) {
        var root = baseURL
        while root.hasSuffix("/") { root.removeLast() }
        self.baseURL = root
        self.apiKey = apiKey
        self.httpClient = httpClient
        self.requestTimeout = requestTimeout
        self.retry = retry
    }

    /// Sends one chat-completion request.
    public func chatCompletion(_ request: ChatCompletionRequest) async throws -> ChatCompletionResponse {
        let body: Data
        do {
            body = try JSONEncoder().encode(request)
        } catch {
            throw OpenAIClientError(code: .badResponse, message: "cannot encode the request: \(error)")
        }
        let data = try await post(path: "/chat/completions", body: body)
        do {
            return try JSONDecoder().decode(ChatCompletionResponse.self, from: data)
        } catch {
            throw OpenAIClientError(
                code: .badResponse,
                message: "\(baseURL)/chat/completions answered with JSON Assay cannot read (\(error)): "
                    + String(decoding: data.prefix(300), as: UTF8.self))
        }
    }

    private func post(path: String, body: Data) async throws -> Data {
        let url = baseURL + path
        var lastError = OpenAIClientError(code: .unavailable, message: "no attempt made")
        for attempt in 1...max(retry.maxAttempts, 1) {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            if let apiKey, !apiKey.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
            request.body = .bytes(ByteBuffer(bytes: body))
            var retryAfter: Double?
            do {
                let response = try await httpClient.execute(request, timeout: .init(requestTimeout))
                let bytes = try await response.body.collect(upTo: 64 << 20)
                let data = Data(bytes.readableBytesView)
                let status = Int(response.status.code)
                switch status {
                case 200..<300:
                    return data
                case 401, 403:
                    throw OpenAIClientError(
                        code: .unauthorized,
                        message: "\(url) rejected the API key (HTTP \(status)): check the key in the environment variable "
                            + "named by --api-key-env. Server said: \(excerpt(data))",
                        httpStatus: status)
                case 429, 500..<600:
                    retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init)
                    lastError = OpenAIClientError(
                        code: .unavailable,
                        message: "\(url) kept answering HTTP \(status) after \(attempt) attempt(s): \(excerpt(data))",
                        httpStatus: status)
                default:
                    throw OpenAIClientError(
                        code: .rejected,
                        message: "\(url) rejected the request (HTTP \(status)): \(excerpt(data))",
                        httpStatus: status)
                }
            } catch let error as OpenAIClientError {
                throw error
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                lastError = OpenAIClientError(
                    code: .timedOut,
                    message: "\(url) did not answer within \(requestTimeout) (attempt \(attempt))")
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                lastError = OpenAIClientError(
                    code: .unreachable,
                    message: "cannot reach \(url): \(error). Is the inference server running, and is --base-url right "
                        + "(it should end in /v1)?")
            }
            if attempt < retry.maxAttempts {
                try await Task.sleep(for: retry.delay(afterAttempt: attempt, retryAfterSeconds: retryAfter))
            }
        }
        throw lastError
    }

    private func excerpt(_ data: Data) -> String {
        let text = String(decoding: data.prefix(500), as: UTF8.self)
        return text.isEmpty ? "(empty body)" : text
    }
}

extension OpenAIClient {
    /// An HTTP client suited to inference servers: connections that cannot be made fail
    /// after `connectTimeout` (instead of being retried until the request deadline), reads
    /// may take as long as a generation does.
    public static func makeHTTPClient(connectTimeout: Duration = .seconds(5)) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .nanoseconds(connectTimeout.components.seconds * 1_000_000_000
            + connectTimeout.components.attoseconds / 1_000_000_000))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
