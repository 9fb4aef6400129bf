import AssayCore
import Foundation
import Testing
@testable import AssayKernels

/// The pool shares a problem's baselines between the workers of a GPU. These tests drive the
/// real pool against a stand-in worker (Fixtures/fakeworker) that reports `baselines_measured`
/// when a request carries none, and echoes what each request carried.
@Suite(.serialized) struct BaselineShareTests {
    static func configuration(
        gpus: [Int], slots: Int, baselineFile: String? = nil, environment: [String: String] = [:]
    ) -> GPUWorkerPoolConfiguration {
        GPUWorkerPoolConfiguration(
            python: "python3", workerDirectory: TestFiles.fixtures + "/fakeworker", gpus: gpus, slotsPerGPU: slots,
            lockDirectory: NSTemporaryDirectory() + "assay-share-tests-" + UUID().uuidString,
            environment: environment, helloTimeout: .seconds(60), retryDelay: .seconds(3600), baselineFile: baselineFile)
    }

    static func request(problem: String, timing: JSONObject = JSONObject()) -> JSONObject {
        JSONObject([
            ("id", .string("pending")), ("kind", .string("evaluate")),
            ("problem", .object(JSONObject([("source", .string(problem))]))),
            ("candidate", .object(JSONObject([("source", .string("c"))]))),
            ("timing", .object(timing)),
        ])
    }

    /// Sends `requests` concurrently; returns the responses.
    static func sendAll(_ pool: GPUWorkerPool, _ requests: [JSONObject]) async -> [JSONObject] {
        await withTaskGroup(of: JSONObject?.self) { group in
            for request in requests {
                group.addTask {
                    guard case .response(let object)? = try? await pool.send(request, timeout: .seconds(60)) else { return nil }
                    return object
                }
            }
            var all: [JSONObject] = []
            for await response in group { if let response { all.append(response) } }
            return all
        }
    }

    @Test func oneWorkerMeasuresAProblemAndTheOthersGetItsBaselines() async throws {
        let responses = try await withGPUWorkerPool(Self.configuration(gpus: [0], slots: 3)) { pool in
            await Self.sendAll(pool, Array(repeating: Self.request(problem: "P"), count: 9))
        }
        #expect(responses.count == 9)
        let measured = responses.compactMap { $0["baselines_measured"]?.objectValue }
        #expect(measured.count == 1)
        let carried = responses.compactMap { $0["saw_baselines"]?.objectValue }
        #expect(carried.count == 8)
        #expect(carried.allSatisfy { $0 == measured.first })
    }

    @Test func baselinesAreKeptPerProblemTimingAndGPU() async throws {
        let fast = JSONObject([("max_seconds", .number(1))])
        let responses = try await withGPUWorkerPool(Self.configuration(gpus: [0, 1], slots: 1)) { pool in
            var all: [JSONObject] = []
            for _ in 0..<3 {
                all += await Self.sendAll(pool, [
                    Self.request(problem: "P"), Self.request(problem: "Q"), Self.request(problem: "P", timing: fast),
                ])
            }
            return all
        }
        #expect(responses.count == 9)
        // each (problem, timing) is measured at most once per GPU: 3 setups x 2 GPUs bounds it
        let measuredCount = responses.filter { $0["baselines_measured"]?.objectValue != nil }.count
        #expect(measuredCount >= 3 && measuredCount <= 6)
        // every response that carried baselines got ones measured on its own GPU
        let byPID = Dictionary(grouping: responses.filter { $0["baselines_measured"]?.objectValue != nil }) {
            $0["baselines_measured"]?.objectValue?["eager"]?.objectValue?["median_ms"]?.numberValue ?? -1
        }
        for response in responses {
            guard let carried = response["saw_baselines"]?.objectValue,
                let pid = carried["eager"]?.objectValue?["median_ms"]?.numberValue
            else { continue }
            #expect(byPID[pid]?.first?["device"] == response["device"])
        }
    }

    @Test func withoutMeasuredBaselinesTheNextRequestMeasuresAgain() async throws {
        let responses = try await withGPUWorkerPool(Self.configuration(gpus: [0], slots: 2)) { pool in
            await Self.sendAll(pool, Array(repeating: Self.request(problem: "NO_BASELINES"), count: 4))
        }
        #expect(responses.count == 4)
        #expect(responses.allSatisfy { $0["saw_baselines"] == .null })
    }

    @Test func requestsThatTimeNothingShareNothing() {
        let off = Self.request(problem: "P", timing: JSONObject([("enabled", .bool(false))]))
        let none = Self.request(problem: "P", timing: JSONObject([("baselines", .array([]))]))
        #expect(BaselineShare.key(for: off, device: "gpu0") == nil)
        #expect(BaselineShare.key(for: none, device: "gpu0") == nil)
        let a = BaselineShare.key(for: Self.request(problem: "P"), device: "gpu0")
        #expect(a != nil)
        #expect(a != BaselineShare.key(for: Self.request(problem: "P"), device: "gpu1"))
        #expect(a != BaselineShare.key(for: Self.request(problem: "P2"), device: "gpu0"))
    }

    @Test func theDeviceIsTheGPUAndTheSoftwareThatTimedIt() throws {
        func hello(uuid: String?, torch: String = "2.11.0") -> JSONObject {
            var gpu = JSONObject([("name", .string("H100"))])
            if let uuid { gpu["uuid"] = .string(uuid) }
            return JSONObject([("torch", .string(torch)), ("gpu", .object(gpu))])
        }
        let a = BaselineShare.device(hello: hello(uuid: "GPU-1"), gpu: 0)
        #expect(a.hasPrefix("sha256:"))
        #expect(a == BaselineShare.device(hello: hello(uuid: "GPU-1"), gpu: 3))
        #expect(a != BaselineShare.device(hello: hello(uuid: "GPU-2"), gpu: 0))
        #expect(a != BaselineShare.device(hello: hello(uuid: "GPU-1", torch: "2.12.0"), gpu: 0))
        #expect(BaselineShare.device(hello: hello(uuid: nil), gpu: 2) == "gpu2")
        #expect(BaselineShare.device(hello: nil, gpu: 0) == "gpu0")
    }

    @Test func aBaselinesFileCarriesThemToTheNextPool() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let path = directory + "/baselines.jsonl"
        let environment = ["FAKE_GPU_UUID": "GPU-test-1"]
        let first = try await withGPUWorkerPool(Self.configuration(gpus: [0], slots: 2, baselineFile: path, environment: environment)) { pool in
            let responses = await Self.sendAll(pool, Array(repeating: Self.request(problem: "P"), count: 3))
            #expect(await pool.baselineFileErrors.isEmpty)
            return responses
        }
        let measuredAll = first.compactMap { $0["baselines_measured"]?.objectValue }
        let measured = try #require(measuredAll.first)
        let lines = try TestFiles.read(path).split(separator: "\n")
        #expect(lines.count == 1)
        let second = try await withGPUWorkerPool(Self.configuration(gpus: [0], slots: 2, baselineFile: path, environment: environment)) { pool in
            await Self.sendAll(pool, [Self.request(problem: "P"), Self.request(problem: "Q")])
        }
        let carriedP = second.filter { $0["saw_baselines"]?.objectValue != nil }
        let p = try #require(carriedP.first)
        #expect(p["saw_baselines"]?.objectValue == measured)
        #expect(second.filter { $0["baselines_measured"]?.objectValue != nil }.count == 1)   // Q, new
        #expect(try TestFiles.read(path).split(separator: "\n").count == 2)
        // another GPU (UUID) does not use them
        let other = try await withGPUWorkerPool(
            Self.configuration(gpus: [0], slots: 1, baselineFile: path, environment: ["FAKE_GPU_UUID": "GPU-test-2"])
        ) { pool in await Self.sendAll(pool, [Self.request(problem: "P")]) }
        #expect(other.first?["saw_baselines"] == .null)
        // a worker without a GPU UUID measures for this pool only: nothing is written
        _ = try await withGPUWorkerPool(Self.configuration(gpus: [0], slots: 1, baselineFile: path)) { pool in
            await Self.sendAll(pool, [Self.request(problem: "R")])
        }
        #expect(try TestFiles.read(path).split(separator: "\n").count == 3)
    }

    @Test func aMalformedBaselinesFileStopsThePoolBeforeItStarts() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let path = directory + "/baselines.jsonl"
        try "{\"device\": \"gpu0\", \"key\": \"x\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = await #expect(throws: GPUWorkerPoolError.self) {
            try await withGPUWorkerPool(Self.configuration(gpus: [0], slots: 1, baselineFile: path)) { _ in }
        }
        #expect(error?.message.contains("line 1 of the baselines file") == true)
        let missingDirectory = directory + "/no/such/dir/baselines.jsonl"
        let unwritable = await #expect(throws: GPUWorkerPoolError.self) {
            try await withGPUWorkerPool(Self.configuration(gpus: [0], slots: 1, baselineFile: missingDirectory)) { _ in }
        }
        #expect(unwritable?.message.contains("cannot create") == true)
    }
}
