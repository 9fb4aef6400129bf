import AssayCore
@testable import AssayServer
import AssayStore
import Foundation
import Logging
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct MathRoutesTests {
    static let batch = """
        {"items": [
          {"id": 1, "completion": "so the answer is $\\\\boxed{\\\\frac{1}{2}}$", "gold": "0.5"},
          {"id": "b", "completion": "\\\\boxed{3}", "gold": "4", "prompt": "2+2?"},
          {"completion": "I am not sure", "gold": "7"}
        ], "run": "eval", "step": 2}
        """

    @Test func aBatchGetsOneVerdictPerItemInOrderAndIsStored() async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.send(.post, "/v1/math/grade", json: Self.batch)
            #expect(response.status == .ok)
            let body = try response.object()
            #expect(body["run"] == .string("eval"))
            #expect(body["step"] == .number(2))
            guard case .array(let results)? = body["results"] else {
                Issue.record("no results: \(response.text)")
                return
            }
            #expect(results.count == 3)
            #expect(results[0].objectValue?["id"] == .number(1))
            #expect(results[0].objectValue?["status"] == .string("equal"))
            #expect(results[0].objectValue?["reward"] == .number(1))
            #expect(results[1].objectValue?["id"] == .string("b"))
            #expect(results[1].objectValue?["status"] == .string("not_equal"))
            #expect(results[2].objectValue?["id"] == nil)
            #expect(results[2].objectValue?["passed"] == .bool(false))
            #expect(body["summary"]?.objectValue?["passed"] == .number(1))
        }
        #expect(try server.store.verdictCount(run: "eval") == 3)
    }

    @Test func repeatingABatchIsAnsweredFromTheStore() async throws {
        let server = try TestServer()
        try await server.test { client in
            let first = try await client.send(.post, "/v1/math/grade", json: Self.batch)
            let second = try await client.send(.post, "/v1/math/grade", json: Self.batch)
            #expect(try first.object()["summary"]?.objectValue?["cached"] == .number(0))
            #expect(try second.object()["summary"]?.objectValue?["cached"] == .number(3))
            // The same verdicts, the same ids.
            func ids(_ response: TestResponse) throws -> [JSONValue?] {
                guard case .array(let results)? = try response.object()["results"] else { return [] }
                return results.map { $0.objectValue?["verdict_id"] }
            }
            #expect(try ids(first) == ids(second))
        }
        #expect(try server.store.verdictCount() == 3)
    }

    @Test func aNewStepIsNewWork() async throws {
        let server = try TestServer()
        try await server.test { client in
            _ = try await client.send(.post, "/v1/math/grade", json: Self.batch)
            let next = Self.batch.replacingOccurrences(of: "\"step\": 2", with: "\"step\": 3")
            let response = try await client.send(.post, "/v1/math/grade", json: next)
            #expect(try response.object()["summary"]?.objectValue?["cached"] == .number(0))
        }
        #expect(try server.store.verdictCount(run: "eval") == 6)
    }

    @Test func runAndStepCanComeFromTheQuery() async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.send(
                .post, "/v1/math/grade?run=from-query&step=9",
                json: #"{"items": [{"completion": "\\boxed{1}", "gold": "1"}]}"#)
            #expect(try response.object()["run"] == .string("from-query"))
            #expect(try response.object()["step"] == .number(9))
        }
        #expect(try server.store.verdictCount(run: "from-query") == 1)
    }

    @Test func rewardPolicyShapesTheAnswerNotTheStore() async throws {
        let server = try TestServer()
        try await server.test { client in
            let body = #"""
                {"items": [{"completion": "\\boxed{}", "gold": "1"}, {"completion": "\\boxed{1}", "gold": "1"}],
                 "reward_policy": {"correct": 2, "unparseable": -1}}
                """#
            let response = try await client.send(.post, "/v1/math/grade", json: body)
            guard case .array(let results)? = try response.object()["results"] else {
                Issue.record("no results: \(response.text)")
                return
            }
            #expect(results.map { $0.objectValue?["reward"] } == [.number(-1), .number(2)])
            // Asked again without a policy, the stored verdicts give the default rewards.
            let plain = try await client.send(
                .post, "/v1/math/grade",
                json: #"{"items": [{"completion": "\\boxed{}", "gold": "1"}, {"completion": "\\boxed{1}", "gold": "1"}]}"#)
            guard case .array(let again)? = try plain.object()["results"] else { return }
            #expect(again.map { $0.objectValue?["reward"] } == [.number(0), .number(1)])
            #expect(again.map { $0.objectValue?["cached"] } == [.bool(true), .bool(true)])
        }
    }

    @Test func aToleranceIsADifferentProblemFromExactGrading() async throws {
        let server = try TestServer()
        try await server.test { client in
            let exact = #"{"items": [{"completion": "\\boxed{0.3333333}", "gold": "1/3"}]}"#
            let tolerant = #"{"items": [{"completion": "\\boxed{0.3333333}", "gold": "1/3"}], "options": {"relative_tolerance": 1e-6}}"#
            let a = try await client.send(.post, "/v1/math/grade", json: exact)
            let b = try await client.send(.post, "/v1/math/grade", json: tolerant)
            guard case .array(let first)? = try a.object()["results"], case .array(let second)? = try b.object()["results"]
            else {
                Issue.record("no results")
                return
            }
            #expect(first[0].objectValue?["status"] == .string("not_equal"))
            #expect(second[0].objectValue?["status"] == .string("equal"))
            #expect(second[0].objectValue?["cached"] == .bool(false))
        }
    }

    @Test(arguments: [
        (#"{"items": []}"#, "field \"items\" must not be empty"),
        (#"{"items": [{"completion": "x"}]}"#, "missing field \"items[0].gold\" (a string)"),
        (#"{"items": [{"completion": 1, "gold": "1"}]}"#, "field \"items[0].completion\" must be a string, found a number"),
        (#"{"items": [{"completion": "x", "gold": "1", "glod": 2}]}"#, "unknown field \"items[0].glod\""),
        (#"{"items": [{"completion": "x", "gold": "1"}], "step": -1}"#, "field \"step\" must be in 0"),
        (#"{"items": [{"completion": "x", "gold": "1"}], "step": 1.5}"#, "field \"step\" must be an integer"),
        (#"{"items": [{"completion": "x", "gold": "1"}], "run": ""}"#, "\"run\" must be 1 to 200 characters"),
        (#"{"items": [{"completion": "x", "gold": "1"}], "run": "a\u0085b"}"#, "\"run\" must not contain control characters"),
        (#"{"items": [{"completion": "x", "gold": "1"}], "step": null}"#, "field \"step\" must be an integer, found a null"),
        (#"{"items": [{"completion": "x", "gold": "1"}], "reward_policy": {"correct": null}}"#, "field \"reward_policy.correct\" must be a number, found a null"),
        (#"{"items": [{"completion": "x", "gold": "1"}], "options": {"timeout_ms": 0}}"#, "field \"options.timeout_ms\" must be in 1...60000"),
    ])
    func invalidBatchesSayWhatIsWrong(body: String, message: String) async throws {
        try await TestServer().test { client in
            let response = try await client.send(.post, "/v1/math/grade", json: body)
            #expect(response.status == .unprocessableContent)
            let actual = try response.error().message
            #expect(actual.hasPrefix(message), "\(actual)")
        }
    }

    @Test func batchesOverTheLimitAre422() async throws {
        let server = try TestServer { $0.maxBatchItems = 2 }
        try await server.test { client in
            let items = Array(repeating: #"{"completion": "x", "gold": "1"}"#, count: 3).joined(separator: ",")
            let response = try await client.send(.post, "/v1/math/grade", json: "{\"items\": [\(items)]}")
            #expect(response.status == .unprocessableContent)
            #expect(try response.error().message == "field \"items\" has 3 items; the limit is 2")
        }
    }

    @Test func aRequestOutOfTimeIs503WithRetryAfter() async throws {
        let server = try TestServer { $0.requestTimeout = .nanoseconds(1) }
        try await server.test { client in
            let response = try await client.send(.post, "/v1/math/grade", json: Self.batch)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            #expect(try response.error().code == "timeout")
        }
    }

    @Test func aFullQueueIs429WithRetryAfter() async throws {
        let server = try TestServer { configuration in
            configuration.workers = 1
            configuration.queueDepth = 0
        }
        let service = AssayService(
            configuration: server.configuration, store: server.store, metrics: server.metrics,
            environment: TestServer.environment, logger: .init(label: "test"))
        let app = Application(router: RewardServer.makeRouter(service: service))
        // Hold the only worker slot, as a long request would.
        #expect(service.gate.tryAcquire())
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/v1/math/grade", json: Self.batch)
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "1")
            #expect(try response.error().code == "queue_full")
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.text.contains("assay_requests_refused_total{reason=\"queue_full\"} 1"))
        }
        service.gate.release()
        try await app.test(.router) { client in
            let response = try await client.send(.post, "/v1/math/grade", json: Self.batch)
            #expect(response.status == .ok)
        }
    }

    @Test func verdictsAreCountedInMetrics() async throws {
        try await TestServer().test { client in
            _ = try await client.send(.post, "/v1/math/grade", json: Self.batch)
            let metrics = try await client.send(.get, "/metrics").text
            #expect(metrics.contains("assay_verdicts_total{domain=\"math\",status=\"equal\"} 1"))
            #expect(metrics.contains("assay_verdicts_total{domain=\"math\",status=\"not_equal\"} 2"))
        }
    }
}
