import AssayCore
import Foundation
import Testing
@testable import AssayKernels

#if canImport(Glibc)
import Glibc
#endif

/// The pool with the real `python3 -m assay_worker` process. This machine has no torch, so every
/// worker says `hello ok: false`: that exercises spawning, hello parsing, the down-slot error,
/// restarts, timeouts and shutdown. Tests that need a serving worker accept unhealthy workers
/// (every `evaluate` then answers `internal_error`, from the real worker).
@Suite(.serialized) struct GPUWorkerPoolTests {
    static let workerDirectory = TestFiles.root + "/worker"

    static func configuration(gpus: [Int] = [0], slots: Int = 1, acceptUnhealthy: Bool) -> GPUWorkerPoolConfiguration {
        GPUWorkerPoolConfiguration(
            python: "python3", workerDirectory: workerDirectory, gpus: gpus, slotsPerGPU: slots,
            lockDirectory: NSTemporaryDirectory() + "assay-pool-tests-" + UUID().uuidString,
            extraArguments: ["--spares", "0"], helloTimeout: .seconds(60), retryDelay: .seconds(3600),
            acceptUnhealthyWorkers: acceptUnhealthy)
    }

    static let evaluate = JSONObject([
        ("id", .string("ignored")), ("kind", .string("evaluate")),
        ("problem", .object(JSONObject([("source", .string("x = 1\n"))]))),
        ("candidate", .object(JSONObject([("source", .string("y = 2\n"))]))),
    ])

    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    /// Waits (bounded) until `pid` no longer exists; says whether it went.
    static func reaped(_ pid: Int32) async throws -> Bool {
        for _ in 0..<2000 {
            if !isAlive(pid) { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    /// Waits (bounded) until the slot reports `state`.
    static func waitFor(_ pool: GPUWorkerPool, _ state: GPUWorkerSlotStatus.State) async throws {
        for _ in 0..<2000 {
            if await pool.slotStatuses().first?.state == state { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("slot never became \(state)")
    }

    @Test func unhealthyWorkersLeaveThePoolDownWithAClearError() async throws {
        let pids = try await withGPUWorkerPool(Self.configuration(gpus: [0, 1], acceptUnhealthy: false)) { pool in
            let statuses = await pool.slotStatuses()
            #expect(statuses.count == 2)
            #expect(statuses.allSatisfy { $0.state == .down })
            #expect(statuses.allSatisfy { $0.lastFailure?.contains("hello ok:false") == true })
            #expect(statuses.map { $0.hello?["device"] } == [.number(0), .number(1)])
            #expect(await pool.hasLiveWorker == false)
            let error = await #expect(throws: GPUWorkerPoolError.self) {
                _ = try await pool.send(Self.evaluate, timeout: .seconds(30))
            }
            #expect(error?.message.contains("no live GPU worker") == true)
            #expect(error?.message.contains("torch") == true)
            return statuses.compactMap { $0.hello?["pid"]?.numberValue }.map { Int32($0) }
        }
        #expect(pids.count == 2)
        #expect(pids.allSatisfy { !Self.isAlive($0) })
    }

    @Test func everyConcurrentRequestGetsExactlyOneWorkerResponse() async throws {
        let (replies, pids) = try await withGPUWorkerPool(Self.configuration(gpus: [0, 1], slots: 2, acceptUnhealthy: true)) { pool in
            let replies = await withTaskGroup(of: GPUWorkerReply?.self) { group in
                for _ in 0..<10 { group.addTask { try? await pool.send(Self.evaluate, timeout: .seconds(60)) } }
                var all: [GPUWorkerReply?] = []
                for await reply in group { all.append(reply) }
                return all
            }
            return (replies, await pool.slotStatuses().compactMap(\.pid))
        }
        #expect(replies.count == 10)
        for reply in replies {
            guard case .response(let object)? = reply else {
                Issue.record("expected a worker response, got \(String(describing: reply))")
                continue
            }
            #expect(object["kind"] == .string("result"))
            #expect(object["status"] == .string("internal_error"))
        }
        #expect(pids.count == 4)
        #expect(pids.allSatisfy { !Self.isAlive($0) })
    }

    @Test func aWorkerKilledWhileIdleIsRestartedForTheNextRequest() async throws {
        try await withGPUWorkerPool(Self.configuration(acceptUnhealthy: true)) { pool in
            let first = try #require(await pool.slotStatuses().first?.pid)
            kill(first, SIGKILL)
            try await Self.waitFor(pool, .down)
            let reply = try await pool.send(Self.evaluate, timeout: .seconds(60))
            guard case .response(let object) = reply else {
                Issue.record("expected a response from the restarted worker, got \(reply)")
                return
            }
            #expect(object["status"] == .string("internal_error"))
            let status = try #require(await pool.slotStatuses().first)
            #expect(status.starts == 2)
            #expect(status.pid != first)
            #expect(!Self.isAlive(first))
        }
    }

    @Test func aWorkerKilledDuringARequestTurnsItIntoACrash() async throws {
        let pids = try await withGPUWorkerPool(Self.configuration(acceptUnhealthy: true)) { pool in
            let pid = try #require(await pool.slotStatuses().first?.pid)
            kill(pid, SIGSTOP)
            async let reply = pool.send(Self.evaluate, timeout: .seconds(120))
            try await Self.waitFor(pool, .busy)
            kill(pid, SIGKILL)
            let outcome = try await reply
            #expect(outcome == .crashed("worker process died"))
            // The replacement starts without waiting for a request.
            try await Self.waitFor(pool, .idle)
            #expect(await pool.slotStatuses().first?.starts == 2)
            // The next request goes to a new worker.
            let next = try await pool.send(Self.evaluate, timeout: .seconds(60))
            guard case .response = next else {
                Issue.record("expected a response after the restart, got \(next)")
                return [pid]
            }
            let newPID = try #require(await pool.slotStatuses().first?.pid)
            #expect(newPID != pid)
            return [pid, newPID]
        }
        #expect(pids.allSatisfy { !Self.isAlive($0) })
    }

    @Test func aHungWorkerRunsIntoTheBackstopTimeoutAndIsKilled() async throws {
        let pid = try await withGPUWorkerPool(Self.configuration(acceptUnhealthy: true)) { pool in
            let pid = try #require(await pool.slotStatuses().first?.pid)
            kill(pid, SIGSTOP)
            let reply = try await pool.send(Self.evaluate, timeout: .milliseconds(500))
            #expect(reply == .timedOut(.milliseconds(500)))
            let gone = try await Self.reaped(pid)
            #expect(gone)
            // A replacement starts in the background.
            try await Self.waitFor(pool, .idle)
            let status = try #require(await pool.slotStatuses().first)
            #expect(status.starts == 2)
            #expect(status.pid != pid)
            return pid
        }
        #expect(!Self.isAlive(pid))
    }

    @Test func workerLogsGoToOneFilePerSlot() async throws {
        var configuration = Self.configuration(acceptUnhealthy: false)
        let logs = try TestFiles.temporaryDirectory()
        configuration.logDirectory = logs
        // An unknown flag: the worker's argument parser writes its usage to stderr and exits 2.
        configuration.extraArguments = ["--no-such-flag"]
        let failure = try await withGPUWorkerPool(configuration) { pool in await pool.slotStatuses().first?.lastFailure }
        #expect(failure?.contains("exit status 2") == true)
        let text = try String(contentsOfFile: logs + "/worker-gpu0-slot0.log", encoding: .utf8)
        #expect(text.contains("--no-such-flag"))
    }

    @Test func aMissingWorkerDirectoryIsAClearError() async throws {
        var configuration = Self.configuration(acceptUnhealthy: true)
        configuration.workerDirectory = "/nonexistent/worker"
        try await withGPUWorkerPool(configuration) { pool in
            let error = await #expect(throws: GPUWorkerPoolError.self) {
                _ = try await pool.send(Self.evaluate, timeout: .seconds(5))
            }
            #expect(error?.message.contains("ASSAY_WORKER_DIR") == true)
        }
    }

    @Test func shutdownEndsIdleAndStoppedWorkers() async throws {
        let pids = try await withGPUWorkerPool(Self.configuration(slots: 2, acceptUnhealthy: true)) { pool in
            let pids = await pool.slotStatuses().compactMap(\.pid)
            // One worker cannot answer `shutdown`: it must be killed after the grace period.
            if let stopped = pids.first { kill(stopped, SIGSTOP) }
            return pids
        }
        #expect(pids.count == 2)
        #expect(pids.allSatisfy { !Self.isAlive($0) })
    }
}
