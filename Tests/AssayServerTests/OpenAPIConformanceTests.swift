import AssayCore
@testable import AssayServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Logging
import Yams

/// openapi.yaml against the server: every documented operation answers with a documented
/// status, every route is documented, and responses match their schemas.
@Suite struct OpenAPIConformanceTests {
    let document: JSONValue
    let validator: SchemaValidator

    init() throws {
        document = JSONValue(yaml: try Yams.load(yaml: OpenAPIDocument.text))
        validator = SchemaValidator(document: document)
    }

    var paths: JSONObject { document.objectValue?["paths"]?.objectValue ?? JSONObject() }

    static let methods = ["get", "post", "put", "delete", "patch"]

    /// (path, method, operation) for every documented operation.
    var operations: [(path: String, method: String, operation: JSONValue)] {
        paths.members.flatMap { path, item in
            Self.methods.compactMap { method in
                item.objectValue?[method].map { (path, method, $0) }
            }
        }.sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }

    func operation(_ path: String, _ method: String) throws -> JSONValue {
        try #require(paths[path]?.objectValue?[method])
    }

    /// The schema of `operation`'s JSON response for `status`: `nil` when the status is not
    /// documented, `.some(nil)` when the response has no JSON body.
    func responseSchema(_ operation: JSONValue, status: Int) -> JSONValue?? {
        guard var response = operation.objectValue?["responses"]?.objectValue?[String(status)] else { return nil }
        if let reference = response.objectValue?["$ref"]?.stringValue {
            response = validator.resolve(reference) ?? .null
        }
        return .some(response.objectValue?["content"]?.objectValue?["application/json"]?.objectValue?["schema"])
    }

    /// Checks that `response` has a status `operation` documents and, for JSON, the schema.
    func expectConforms(_ response: TestResponse, _ operation: JSONValue, _ label: String) {
        guard let documented = responseSchema(operation, status: response.status.code) else {
            Issue.record("\(label): status \(response.status.code) is not documented; body: \(response.text)")
            return
        }
        guard let schema = documented else { return }
        do {
            let value = try JSONValue(parsing: response.text)
            let problems = validator.errors(value, against: schema)
            #expect(problems.isEmpty, "\(label): \(problems)")
        } catch {
            Issue.record("\(label): the body is not JSON: \(response.text)")
        }
    }

    @Test func theDocumentIsOpenAPI31() throws {
        #expect(document.objectValue?["openapi"] == .string("3.1.0"))
        #expect(!paths.members.isEmpty)
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationExists() throws {
        let server = try TestServer()
        let service = AssayService(
            configuration: server.configuration, store: server.store, metrics: server.metrics,
            environment: TestServer.environment, logger: .init(label: "test"))
        _ = RewardServer.makeRouter(service: service)
        let served = Set(service.routes.all.map { "\($0.method.rawValue.lowercased()) \(Self.openAPIPath($0.path))" })
        let documented = Set(operations.map { "\($0.method) \($0.path)" })
        #expect(served == documented)
    }

    /// `/v1/jobs/:id` → `/v1/jobs/{id}`.
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            .reduce("") { $0 + "/" + $1 }
    }

    @Test func everyDocumentedOperationAnswersWithADocumentedStatus() async throws {
        let operations = self.operations
        try await TestServer().test { client in
            for (path, method, operation) in operations {
                let uri = path.replacingOccurrences(of: "{id}", with: "no-such-job")
                let body: String? = method == "post" ? "{}" : nil
                let response = try await client.send(HTTPRequest.Method(method.uppercased())!, uri, json: body)
                #expect(response.status != .methodNotAllowed, "\(method) \(path)")
                expectConforms(response, operation, "\(method) \(uri)")
            }
        }
    }

    @Test func errorAnswersMatchTheirSchemas() async throws {
        let submit = try operation("/v1/jobs", "post")
        let getJob = try operation("/v1/jobs/{id}", "get")
        let results = try operation("/v1/jobs/{id}/results", "get")
        try await TestServer { $0.maxBodyBytes = 64 }.test { client in
            expectConforms(try await client.send(.post, "/v1/jobs", json: "{nope"), submit, "malformed")
            expectConforms(try await client.send(.post, "/v1/jobs", json: "{\"kind\": 1}"), submit, "wrong type")
            expectConforms(
                try await client.send(.post, "/v1/jobs", json: "{\"kind\": \"\(String(repeating: "k", count: 100))\"}"),
                submit, "too large")
            expectConforms(try await client.send(.get, "/v1/jobs/x"), getJob, "unknown job")
            expectConforms(try await client.send(.get, "/v1/jobs/x/results?limit=0"), results, "bad limit")
        }
    }

    @Test func successfulAnswersMatchTheirSchemas() async throws {
        let grade = try operation("/v1/math/grade", "post")
        let group = try operation("/v1/groups", "post")
        let reward = try operation("/get_reward", "post")
        let submit = try operation("/v1/jobs", "post")
        let getJob = try operation("/v1/jobs/{id}", "get")
        let results = try operation("/v1/jobs/{id}/results", "get")
        let cancel = try operation("/v1/jobs/{id}/cancel", "post")
        try await TestServer().test { client in
            expectConforms(
                try await client.send(.post, "/v1/math/grade", json: MathRoutesTests.batch), grade, "grade")
            expectConforms(
                try await client.send(
                    .post, "/v1/groups", json: GroupRoutesTests.group(candidates: ["\\boxed{42}", "\\boxed{}"])),
                group, "group")
            expectConforms(
                try await client.send(
                    .post, "/get_reward", json: #"{"query": ["p \\boxed{1}"], "prompts": ["p"], "labels": ["1"]}"#),
                reward, "get_reward")
            let submitted = try await client.send(.post, "/v1/jobs", json: JobRoutesTests.submission(count: 5))
            expectConforms(submitted, submit, "submit")
            let id = try #require(try submitted.object()["id"]?.stringValue)
            _ = try await JobRoutesTests.waitForJob(client, id: id)
            expectConforms(try await client.send(.get, "/v1/jobs/\(id)"), getJob, "job")
            expectConforms(try await client.send(.get, "/v1/jobs/\(id)/results"), results, "results")
            expectConforms(try await client.send(.post, "/v1/jobs/\(id)/cancel"), cancel, "cancel")
        }
    }

    @Test func requestExamplesInTheDocumentAreAccepted() async throws {
        var examples: [(String, String)] = []
        for (path, item) in paths.members {
            if let example = item.objectValue?["post"]?.objectValue?["requestBody"]?.objectValue?["content"]?
                .objectValue?["application/json"]?.objectValue?["example"]
            {
                examples.append((path, example.jsonText))
            }
        }
        #expect(examples.count >= 2)
        let found = examples
        try await TestServer().test { client in
            for (path, body) in found {
                let response = try await client.send(.post, path, json: body)
                #expect(response.status == .ok, "\(path): \(response.text)")
            }
        }
    }

    @Test func healthMatchesItsSchema() async throws {
        let health = try operation("/healthz", "get")
        try await TestServer().test { client in
            let response = try await client.send(.get, "/healthz")
            #expect(response.status == .ok)
            expectConforms(response, health, "healthz")
        }
    }

    @Test func unauthorizedAnswersAreDocumented() async throws {
        let submit = try operation("/v1/jobs", "post")
        try await TestServer { $0.apiKey = "k" }.test { client in
            let response = try await client.send(.post, "/v1/jobs", json: "{}")
            #expect(response.status == .unauthorized)
            expectConforms(response, submit, "unauthorized")
        }
    }
}
