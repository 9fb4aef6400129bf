import AssayCore
import AssayKernels
import AssayServer
import AssayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// `/v1/kernels/eval` with the real kernel evaluator: the CUDA compiler from PyPI and the real
/// Python worker. This machine has no GPU or torch, so only verdicts decided before the GPU
/// (format errors, rejected reward hacks) can be given; a candidate that needs the GPU keeps
/// no verdict and the job says why.
@Suite struct KernelRoutesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func settings(cache: String) -> KernelSettings {
        var pool = GPUWorkerPoolConfiguration(
            workerDirectory: repository.appendingPathComponent("worker").path, gpus: [0], slotsPerGPU: 1)
        pool.helloTimeout = .seconds(60)
        return KernelSettings(pool: pool, compile: CompileOptions(cacheDirectory: cache, path: .full), concurrency: 2)
    }

    static func problem() throws -> String {
        try String(
            contentsOf: repository.appendingPathComponent("examples/kernels/problems/relu.py"), encoding: .utf8)
    }

    @Test func withoutGPUsTheEndpointIs503() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.post, "/v1/kernels/eval", json: #"{"items": []}"#)
            #expect(response.status == .serviceUnavailable)
            #expect(try response.error().code == "kernels_unavailable")
            let health = try await client.send(.get, "/healthz").object()
            #expect(health["job_kinds"] == .array([.string("math.grade")]))
        }
    }

    @Test func verdictsDecidedBeforeTheGPUAreStored() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try TestServer { $0.kernels = Self.settings(cache: directory.path("cache")) }
        let source = try Self.problem()
        let body = JSONValue.object(
            JSONObject([
                ("run", .string("kb")),
                (
                    "items",
                    .array([
                        .object(
                            JSONObject([
                                ("problem", .string(source)), ("problem_name", .string("relu")),
                                ("candidate", .string("Sorry, I cannot write CUDA.")),
                            ])),
                        .object(
                            JSONObject([
                                ("problem", .string(source)), ("problem_name", .string("relu")),
                                (
                                    "candidate",
                                    .string(
                                        "```python\nimport torch\nclass ModelNew(torch.nn.Module):\n    def forward(self, x):\n        return torch.relu(x)\n```\n"
                                    )
                                ),
                            ])),
                    ])
                ),
            ])
        ).jsonText
        try await server.test { client in
            let health = try await client.send(.get, "/healthz").object()
            #expect(health["job_kinds"] == .array([.string("kernels.eval"), .string("math.grade")]))
            let submitted = try await client.send(.post, "/v1/kernels/eval", json: body)
            #expect(submitted.status == .accepted, "\(submitted.text)")
            let id = try #require(try submitted.object()["id"]?.stringValue)
            let job = try await JobRoutesTests.waitForJob(client, id: id)
            #expect(job["state"] == .string("succeeded"), "\(job["error"] ?? .null)")
            let page = try await client.send(.get, "/v1/jobs/\(id)/results").object()
            guard case .array(let results)? = page["results"] else {
                Issue.record("no results")
                return
            }
            let verdicts = results.compactMap { $0.objectValue?["verdict"]?.objectValue }
            #expect(verdicts.map { $0["status"] } == [.string("format_error"), .string("rejected")])
            #expect(verdicts.allSatisfy { $0["reward"] == .number(0) && $0["speedup"] == nil })
            // The evaluation's own report travels in details (findings, feedback).
            #expect(verdicts[1]["details"]?.objectValue?["feedback"]?.stringValue?.contains("torch_compute_op") == true)
        }
        let snapshot = try server.store.reportSnapshot(run: "kb")
        #expect(snapshot.timed.count == 2)
        #expect(snapshot.timed.allSatisfy { $0.speedup == nil })
    }

    /// On this CPU machine (no torch, no GPU) a well-formed candidate cannot be built with
    /// the full (load_inline) path nor run: the evaluator's `internal_error` is not the
    /// candidate's fault, so no verdict is stored and the job fails saying so.
    @Test func aCandidateThatNeedsTheGPUKeepsNoVerdict() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try TestServer { $0.kernels = Self.settings(cache: directory.path("cache")) }
        let candidate = try String(
            contentsOf: Self.repository.appendingPathComponent("examples/kernels/candidates/relu_basic.py"), encoding: .utf8)
        let body = JSONValue.object(
            JSONObject([
                (
                    "items",
                    .array([
                        .object(
                            JSONObject([
                                ("problem", .string(try Self.problem())), ("candidate", .string("```python\n\(candidate)\n```")),
                            ]))
                    ])
                )
            ])
        ).jsonText
        try await server.test { client in
            let submitted = try await client.send(.post, "/v1/kernels/eval", json: body)
            let id = try #require(try submitted.object()["id"]?.stringValue)
            let job = try await JobRoutesTests.waitForJob(client, id: id)
            #expect(job["state"] == .string("failed"))
            #expect(job["completed"] == .number(0))
            #expect(job["error"]?.stringValue?.hasPrefix("1 items could not be checked") == true)
        }
        #expect(try server.store.verdictCount() == 0)
    }
}
