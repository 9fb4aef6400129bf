import AssayCore
import AssayServer
import AssayStore
import HTTPTypes
import HummingbirdTesting
import Testing

/// A bounded load test over real loopback sockets (AsyncHTTPClient's connection pool): many
/// concurrent clients, overlapping pairs, and at the end exactly one stored verdict per
/// distinct pair.
@Suite struct LoopbackLoadTests {
    @Test func concurrentClientsGetAnswersAndTheStoreGetsEachPairOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try VerdictStore(path: directory.path("load.sqlite"), backgroundCheckpoints: true)
        let server = TestServer(store: store) { $0.queueDepth = 1024 }
        // HummingbirdTesting's AsyncHTTPClient keeps at most 8 connections per host; more
        // clients than that would wait for a pooled connection and, on a loaded 2-core CI
        // machine, time out in the pool (not in the server under test).
        let clients = 8
        let requestsPerClient = 50
        // 200 distinct pairs, each sent by several clients at once.
        let distinct = 200
        try await server.test(.ahc(.http)) { client in
            try await withThrowingTaskGroup(of: [HTTPResponse.Status].self) { group in
                for clientIndex in 0..<clients {
                    group.addTask {
                        var statuses: [HTTPResponse.Status] = []
                        for request in 0..<requestsPerClient {
                            let pair = (clientIndex * 7 + request * 13) % distinct
                            let body = #"{"run": "load", "items": [{"completion": "\\boxed{\#(pair)}", "gold": "\#(pair % 3 == 0 ? pair : pair + 1)"}]}"#
                            statuses.append(try await client.send(.post, "/v1/math/grade", json: body).status)
                        }
                        return statuses
                    }
                }
                var all: [HTTPResponse.Status] = []
                for try await statuses in group { all += statuses }
                #expect(all.count == clients * requestsPerClient)
                #expect(all.allSatisfy { $0 == .ok })
            }
            let metrics = try await client.send(.get, "/metrics").text
            #expect(metrics.contains("assay_http_requests_total{method=\"POST\",route=\"/v1/math/grade\",status=\"200\"} \(clients * requestsPerClient)"))
        }
        let sent = Set((0..<clients).flatMap { c in (0..<requestsPerClient).map { r in (c * 7 + r * 13) % distinct } })
        #expect(try store.verdictCount(run: "load") == sent.count)
        let snapshot = try store.reportSnapshot(run: "load")
        #expect(snapshot.runs.first?.passed == sent.filter { $0 % 3 == 0 }.count)
    }
}
