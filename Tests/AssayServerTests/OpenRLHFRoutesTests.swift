import AssayCore
import AssayServer
import AssayStore
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct OpenRLHFRoutesTests {
    @Test func rewardsComeBackInQueryOrderWithThePromptStripped() async throws {
        let server = try TestServer()
        try await server.test { client in
            // The prompt contains a boxed 9: grading the whole query would find the response's box
            // last anyway, but the stored candidate must be the response alone.
            let body = #"""
                {"query": ["Q: \\boxed{9}? A: the answer is \\boxed{4}", "Q: 1+1? A: \\boxed{3}"],
                 "prompts": ["Q: \\boxed{9}?", "Q: 1+1?"], "labels": ["4", "2"]}
                """#
            let response = try await client.send(.post, "/get_reward?run=ppo&step=5", json: body)
            #expect(response.status == .ok)
            let object = try response.object()
            #expect(object["rewards"] == .array([.number(1), .number(0)]))
            #expect(object["scores"] == .array([.number(1), .number(0)]))
            #expect(object["extra_logs"]?.objectValue?["accuracy"] == .array([.number(1), .number(0)]))
        }
        let snapshot = try server.store.reportSnapshot(run: "ppo")
        #expect(snapshot.steps.map(\.step) == [5])
        #expect(snapshot.candidates.allSatisfy { !$0.source.hasPrefix("Q:") })
    }

    @Test(arguments: [
        (#"{"query": ["a"]}"#, "missing field \"labels\""),
        (#"{"query": ["a", "b"], "labels": ["1"]}"#, "\"labels\" has 1 items but \"query\" has 2"),
        (#"{"query": ["a"], "labels": ["1"], "prompts": []}"#, "field \"prompts\" must not be empty"),
        (#"{"query": "a", "labels": ["1"]}"#, "field \"query\" must be an array"),
    ])
    func malformedCallsAre422(body: String, message: String) async throws {
        try await TestServer().test { client in
            let response = try await client.send(.post, "/get_reward", json: body)
            #expect(response.status == .unprocessableContent)
            let actual = try response.error().message
            #expect(actual.hasPrefix(message), "\(actual)")
        }
    }
}
