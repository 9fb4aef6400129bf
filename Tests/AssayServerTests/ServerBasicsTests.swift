import AssayCore
import AssayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ServerBasicsTests {
    @Test func healthReportsStoreAndQueue() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.get, "/healthz")
            #expect(response.status == .ok)
            let body = try response.object()
            #expect(body["status"] == .string("ok"))
            #expect(body["store"] == .string("ok"))
            #expect(body["queue"]?.objectValue?["workers"]?.numberValue ?? 0 >= 1)
        }
    }

    @Test func unknownPathsAreJSON404s() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.get, "/v2/nothing")
            #expect(response.status == .notFound)
            #expect(try response.error().code == "not_found")
        }
    }

    @Test func wrongMethodOnAKnownPathIs405WithAllow() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.put, "/healthz")
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET")
            let jobs = try await client.send(.delete, "/v1/jobs/123")
            #expect(jobs.status == .methodNotAllowed)
            #expect(jobs.headers[.allow] == "GET")
        }
    }

    @Test(arguments: [
        ("{", "malformed_json", HTTPResponse.Status.badRequest),
        ("", "malformed_json", .badRequest),
        ("[1,2]", "invalid_request", .unprocessableContent),
        ("{\"kind\": 3}", "invalid_request", .unprocessableContent),
        ("{\"kind\": \"nope\"}", "invalid_request", .unprocessableContent),
    ])
    func badBodiesGet4xxWithAMessage(body: String, code: String, status: HTTPResponse.Status) async throws {
        try await TestServer().test { client in
            let response = try await client.send(.post, "/v1/jobs", json: body)
            #expect(response.status == status)
            let error = try response.error()
            #expect(error.code == code)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func wrongTypeMessageNamesTheField() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.post, "/v1/jobs", json: "{\"kind\": 3}")
            #expect(try response.error().message == "field \"kind\" must be a string, found a number")
        }
    }

    @Test func oversizedBodiesGet413() async throws {
        let server = try TestServer { $0.maxBodyBytes = 100 }
        try await server.test { client in
            let big = "{\"kind\": \"" + String(repeating: "x", count: 200) + "\"}"
            let response = try await client.send(.post, "/v1/jobs", json: big)
            #expect(response.status == .contentTooLarge)
            #expect(try response.error().code == "body_too_large")
        }
    }

    @Test func unknownJobsAre404() async throws {
        try await TestServer().test { client in
            for (method, path) in [
                (HTTPRequest.Method.get, "/v1/jobs/nope"), (.get, "/v1/jobs/nope/results"),
                (.get, "/v1/jobs/nope/events"), (.post, "/v1/jobs/nope/cancel"),
            ] {
                let response = try await client.send(method, path)
                #expect(response.status == .notFound, "\(method) \(path)")
            }
        }
    }

    @Test func metricsCountRequestsInPrometheusFormat() async throws {
        try await TestServer().test { client in
            _ = try await client.send(.get, "/healthz")
            _ = try await client.send(.get, "/healthz")
            let response = try await client.send(.get, "/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(response.text.contains("assay_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"))
        }
    }

    @Test func invalidConfigurationIsRejected() async throws {
        let server = try TestServer { $0.workers = 0 }
        await #expect(throws: ServerConfigurationError.self) {
            try await server.test { _ in }
        }
    }
}

@Suite struct AuthenticationTests {
    let server: TestServer

    init() throws {
        server = try TestServer { $0.apiKey = "s3cret" }
    }

    @Test func apiRequestsWithoutTheKeyAre401() async throws {
        try await server.test { client in
            let response = try await client.send(.post, "/v1/jobs", json: "{}")
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
            #expect(try response.error().code == "unauthorized")
        }
    }

    @Test func aWrongKeyIs401() async throws {
        try await server.test { client in
            let response = try await client.send(
                .post, "/v1/jobs", json: "{}", headers: [.authorization: "Bearer s3cres"])
            #expect(response.status == .unauthorized)
            let longer = try await client.send(
                .post, "/v1/jobs", json: "{}", headers: [.authorization: "Bearer s3cret-and-more"])
            #expect(longer.status == .unauthorized)
        }
    }

    @Test func theRightKeyReachesTheHandler() async throws {
        try await server.test { client in
            let response = try await client.send(
                .post, "/v1/jobs", json: "{\"kind\": \"none\"}", headers: [.authorization: "Bearer s3cret"])
            #expect(response.status == .unprocessableContent)
        }
    }

    @Test(arguments: ["/healthz", "/metrics", "/openapi.yaml"])
    func openPathsNeedNoKey(path: String) async throws {
        try await server.test { client in
            let response = try await client.send(.get, path)
            #expect(response.status == .ok)
        }
    }
}
