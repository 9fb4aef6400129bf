import AssayCore
import AssayServer
import AssayStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// Builds a server over an in-memory store for one test.
struct TestServer {
    let store: VerdictStore
    let configuration: ServerConfiguration
    let metrics = ServerMetrics()

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.defaultRun = "test"
        configure(&configuration)
        self.configuration = configuration
        store = try VerdictStore.inMemory()
    }

    init(store: VerdictStore, _ configure: (inout ServerConfiguration) -> Void = { _ in }) {
        var configuration = ServerConfiguration()
        configuration.defaultRun = "test"
        configure(&configuration)
        self.configuration = configuration
        self.store = store
    }

    static let environment = EnvironmentFingerprint(
        assayVersion: "test", toolchain: "test", os: "test", cpu: "test", cores: 2)

    /// Runs `body` against the application through HummingbirdTesting's router client.
    func test<Value>(
        _ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let app = try RewardServer.makeApplication(
            configuration: configuration, store: store, metrics: metrics, environment: Self.environment)
        return try await app.test(setup, body)
    }
}

extension TestClientProtocol {
    /// Sends `json` (raw text) to `uri` with `method` and returns the response.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(
            uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }
        ) { $0 }
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body parsed as a JSON object.
    func object() throws -> JSONObject {
        try JSONLines.decodeObject(text)
    }

    /// The `error.code` and `error.message` of an error answer.
    func error() throws -> (code: String, message: String) {
        let error = try object()["error"]?.objectValue
        return (error?["code"]?.stringValue ?? "", error?["message"]?.stringValue ?? "")
    }
}
