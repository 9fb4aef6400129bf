import AssayCore
import AssayServer
import AssayStore
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct GroupRoutesTests {
    static func group(method: String = "grpo", candidates: [String]) -> String {
        let list = candidates.map { JSONValue.string($0).jsonText }.joined(separator: ",")
        return """
            {"problem": {"gold": "42", "id": "q-17", "prompt": "6*7?"}, "candidates": [\(list)], "method": "\(method)", "step": 1}
            """
    }

    @Test(arguments: AdvantageMethod.allCases)
    func advantagesMatchTheCoreEstimator(method: AdvantageMethod) async throws {
        try await TestServer().test { client in
            let candidates = ["\\boxed{42}", "\\boxed{41}", "the answer is 42", "\\boxed{}"]
            let response = try await client.send(.post, "/v1/groups", json: Self.group(method: method.rawValue, candidates: candidates))
            #expect(response.status == .ok, "\(response.text)")
            let body = try response.object()
            #expect(body["rewards"] == .array([.number(1), .number(0), .number(1), .number(0)]))
            let expected = try GroupAdvantages(rewards: [1, 0, 1, 0], method: method)
            #expect(body["advantages"] == .array(expected.values.map(JSONValue.number)))
            #expect(body["mean_reward"] == .number(0.5))
            #expect(body["degenerate"] == .null)
            #expect(body["method"] == .string(method.rawValue))
        }
    }

    @Test func aGroupWithoutSignalSaysSo() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.post, "/v1/groups", json: Self.group(candidates: ["\\boxed{1}", "\\boxed{2}"]))
            let body = try response.object()
            #expect(body["advantages"] == .array([.number(0), .number(0)]))
            #expect(body["degenerate"] == .string("zero_variance"))
        }
    }

    @Test func theGroupIsStoredUnderItsProblem() async throws {
        let server = try TestServer()
        try await server.test { client in
            _ = try await client.send(.post, "/v1/groups", json: Self.group(candidates: ["\\boxed{42}", "\\boxed{7}", "\\boxed{42}"]))
        }
        // Two distinct candidates: the repeated one is one verdict.
        #expect(try server.store.verdictCount(run: "test") == 2)
        let snapshot = try server.store.reportSnapshot()
        #expect(snapshot.problems.map(\.label) == ["q-17"])
        #expect(snapshot.steps.map(\.step) == [1])
    }

    @Test(arguments: [
        (#"{"problem": {"gold": "1"}, "candidates": ["a"], "method": "ppo"}"#, "field \"method\" must be one of: grpo, dr-grpo, rloo"),
        (#"{"problem": {"gold": "1"}, "candidates": ["a"], "domain": "chess"}"#, "field \"domain\" must be one of: math"),
        (#"{"problem": {"gold": "1"}, "candidates": []}"#, "field \"candidates\" must not be empty"),
        (#"{"problem": {"gold": "1"}, "candidates": [1]}"#, "\"candidates[0]\" must be a string"),
        (#"{"problem": "1", "candidates": ["a"]}"#, "field \"problem\" must be an object"),
        (#"{"candidates": ["a"]}"#, "missing field \"problem\""),
    ])
    func invalidGroupsSayWhatIsWrong(body: String, message: String) async throws {
        try await TestServer().test { client in
            let response = try await client.send(.post, "/v1/groups", json: body)
            #expect(response.status == .unprocessableContent)
            let actual = try response.error().message
            #expect(actual.hasPrefix(message), "\(actual)")
        }
    }
}
