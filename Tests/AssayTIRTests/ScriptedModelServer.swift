import AssayCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// A loopback OpenAI-compatible server that answers `POST /v1/chat/completions` from a
/// script, so that the real HTTP client and driver are exercised end to end.
///
/// The script sees each request's JSON body and returns the HTTP status and body to send.
/// Every request body is recorded for the test to inspect.
final class ScriptedModelServer: Sendable {
    typealias Script = @Sendable (_ request: JSONObject, _ callIndex: Int) -> (status: Int, body: String)

    private let script: Script
    private let recorded = Mutex<[JSONObject]>([])

    init(script: @escaping Script) {
        self.script = script
    }

    /// The request bodies received so far, in order.
    var requests: [JSONObject] { recorded.withLock { $0 } }

    /// Starts the server on a free loopback port and calls `body` with its `/v1` URL.
    func serve(_ body: @Sendable (_ baseURL: String) async throws -> Void) async throws {
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 16 << 20)
            let text = String(buffer: buffer)
            let object = (try? JSONLines.decodeObject(text)) ?? JSONObject()
            let index = self.recorded.withLock { requests in
                requests.append(object)
                return requests.count - 1
            }
            let (status, reply) = self.script(object, index)
            return Response(
                status: .init(code: status),
                headers: [.contentType: "application/json", .retryAfter: "0"],
                body: .init(byteBuffer: ByteBuffer(string: reply)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)/v1")
        }
    }

    // MARK: - Reply builders

    /// A chat-completion body whose message holds `content`.
    static func text(_ content: String, finishReason: String = "stop") -> (Int, String) {
        let message = JSONObject([("role", .string("assistant")), ("content", .string(content))])
        return (200, completion(message: message, finishReason: finishReason))
    }

    /// A chat-completion body whose message calls the python tool with `code`.
    static func toolCall(id: String, code: String, name: String = "python") -> (Int, String) {
        let arguments = JSONValue.object(JSONObject([("code", .string(code))])).jsonText
        let call = JSONValue.object(JSONObject([
            ("id", .string(id)), ("type", .string("function")),
            ("function", .object(JSONObject([("name", .string(name)), ("arguments", .string(arguments))]))),
        ]))
        let message = JSONObject([("role", .string("assistant")), ("content", .null), ("tool_calls", .array([call]))])
        return (200, completion(message: message, finishReason: "tool_calls"))
    }

    private static func completion(message: JSONObject, finishReason: String) -> String {
        JSONValue.object(JSONObject([
            ("id", .string("cmpl-test")), ("object", .string("chat.completion")),
            ("choices", .array([.object(JSONObject([
                ("index", .number(0)), ("message", .object(message)), ("finish_reason", .string(finishReason)),
            ]))])),
            ("usage", .object(JSONObject([("prompt_tokens", .number(10)), ("completion_tokens", .number(5))]))),
        ])).jsonText
    }
}

extension JSONObject {
    /// The `messages` array of a chat request.
    var chatMessages: [JSONObject] {
        guard case .array(let items)? = self["messages"] else { return [] }
        return items.compactMap(\.objectValue)
    }

    /// All message contents of a chat request joined, for substring checks.
    var allContent: String {
        chatMessages.compactMap { $0["content"]?.stringValue }.joined(separator: "\n")
    }
}
