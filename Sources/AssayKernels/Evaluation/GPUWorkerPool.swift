public import AssayCore
import Foundation

/// Worker processes (`python3 -m assay_worker`) for GPU evaluation: a fixed number of slots per
/// GPU, one request at a time per slot.
///
/// A slot whose worker says `hello ok: false` (no torch, no GPU) or does not start is *down*
/// and tried again after a back-off; a worker that dies or runs past a request's timeout is
/// killed and started again for the next request, and the request in flight answers
/// ``GPUWorkerReply/crashed(_:)`` or ``GPUWorkerReply/timedOut(_:)``. A request on a pool
/// whose every slot is down (and not yet due for a retry) throws ``GPUWorkerPoolError`` at
/// once instead of waiting. Create pools with ``withGPUWorkerPool(_:_:)``, which shuts every
/// worker down when its body ends.
public actor GPUWorkerPool {
    private enum SlotState {
        case starting
        case idle(WorkerProcess)
        case busy(WorkerProcess)
        case down
    }

    private struct Slot {
        var gpu: Int
        var state: SlotState = .down
        var hello: JSONObject? {
            didSet { device = BaselineShare.device(hello: hello, gpu: gpu) }
        }
        /// The GPU and software its baselines are kept under, from `hello`.
        var device: String
        var lastFailure: String?
        var starts = 0
        var failures = 0
        var retryAt = ContinuousClock.now
    }

    /// How the workers are started.
    public nonisolated let configuration: GPUWorkerPoolConfiguration
    private var slots: [Slot]
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var baselines: BaselineShare
    private let baselineFile: BaselineFile?
    /// Baselines measured on this run that could not be written to the baselines file.
    public private(set) var baselineFileErrors: [String] = []
    private var closed = false
    private var requestCount = 0
    /// Workers that died or were killed: their processes are gone or going; shutdown waits for
    /// their tasks so that nothing is left unreaped.
    private var retired: [WorkerProcess] = []
    /// Restarts begun in the background after a worker died; shutdown waits for them.
    private var restarts: [Task<Void, Never>] = []

    init(configuration: GPUWorkerPoolConfiguration) throws(GPUWorkerPoolError) {
        self.configuration = configuration
        let file = configuration.baselineFile.map { BaselineFile(path: $0) }
        try file?.checkWritable()
        self.baselines = BaselineShare(known: try file?.load() ?? [:])
        self.baselineFile = file
        var slots: [Slot] = []
        for gpu in configuration.gpus {
            for _ in 0..<configuration.slotsPerGPU { slots.append(Slot(gpu: gpu, device: BaselineShare.device(hello: nil, gpu: gpu))) }
        }
        self.slots = slots
    }

    /// Starts every slot's worker at once and waits for their `hello` lines.
    func startAll() async {
        await withTaskGroup(of: Void.self) { group in
            for index in slots.indices { group.addTask { await self.startSlot(index) } }
        }
    }

    /// Waits until every slot's first start has ended (its worker said `hello`, or it failed),
    /// then returns each slot's state. For pools started with `startInBackground`.
    public func firstStartsEnded() async -> [GPUWorkerSlotStatus] {
        while !closed && slots.contains(where: { slot in
            if case .starting = slot.state { return true }
            return slot.starts == 0
        }) {
            await withCheckedContinuation { waiters.append($0) }
        }
        return slotStatuses()
    }

    /// Each slot's state.
    public func slotStatuses() -> [GPUWorkerSlotStatus] {
        slots.enumerated().map { index, slot in
            let (state, pid): (GPUWorkerSlotStatus.State, Int32?) =
                switch slot.state {
                case .starting: (.starting, nil)
                case .idle(let w): w.hasEnded ? (.down, nil) : (.idle, w.pid)
                case .busy(let w): (.busy, w.pid)
                case .down: (.down, nil)
                }
            return GPUWorkerSlotStatus(
                gpu: slot.gpu, index: index, state: state, pid: pid, hello: slot.hello,
                lastFailure: slot.lastFailure, starts: slot.starts)
        }
    }

    /// Whether any slot has a live worker (idle, busy) or is starting one.
    public var hasLiveWorker: Bool {
        slots.contains {
            switch $0.state {
            case .idle, .busy, .starting: true
            case .down: false
            }
        }
    }

    /// Sends one request (its `id` is replaced by the pool's own) to the next free worker.
    ///
    /// An `evaluate` request that times its candidate gets the problem's baselines when another
    /// worker of the same GPU has measured them (``BaselineShare``); while one is measuring
    /// them, the others for that problem wait for it without holding a worker.
    ///
    /// - Parameter timeout: the Swift-side backstop: past it the worker is killed and the reply
    ///   is ``GPUWorkerReply/timedOut(_:)``. Set it above the request's own `timeouts.total_s`.
    /// - Throws: ``GPUWorkerPoolError`` when no slot has a live worker (each slot's last failure
    ///   is in the message) or the pool is shut down.
    public func send(_ request: JSONObject, timeout: Duration) async throws(GPUWorkerPoolError) -> GPUWorkerReply {
        while true {
            let (index, worker) = try await acquire()
            var object = request
            var measuring: BaselineShare.Key?
            if request["kind"] == .string("evaluate"), let key = BaselineShare.key(for: request, device: slots[index].device) {
                switch baselines.provision(key) {
                case .known(let known):
                    object["baselines"] = .object(known)
                case .measure:
                    measuring = key
                case .wait:
                    slots[index].state = .idle(worker)
                    wakeWaiters()
                    await withCheckedContinuation { baselines.wait(key, $0) }
                    continue
                }
            }
            let reply = await exchange(object, index: index, worker: worker, timeout: timeout)
            if let measuring {
                var measured: JSONObject?
                if case .response(let response) = reply { measured = response["baselines_measured"]?.objectValue }
                let (waiters, kept) = baselines.finish(measuring, measured: measured)
                for waiter in waiters { waiter.resume() }
                if let kept, let baselineFile, measuring.persists {
                    do {
                        try baselineFile.append(measuring, baselines: kept, hello: slots[index].hello)
                    } catch {
                        baselineFileErrors.append(error.message)
                    }
                }
            }
            return reply
        }
    }

    private func exchange(_ request: JSONObject, index: Int, worker: WorkerProcess, timeout: Duration) async -> GPUWorkerReply {
        requestCount += 1
        var object = request
        object["id"] = .string("assay-\(requestCount)")
        let reply = await worker.request(object, timeout: timeout)
        switch reply {
        case .response(let response):
            slots[index].state = worker.hasEnded ? .down : .idle(worker)
            if worker.hasEnded { slots[index].retryAt = .now }
            wakeWaiters()
            return .response(response)
        case .died(let reason):
            retired.append(worker)
            markDied(index, reason: reason)
            return .crashed(reason)
        case .timedOut(let limit):
            retired.append(worker)
            markDied(index, reason: "worker killed: a request ran past \(limit)")
            return .timedOut(limit)
        }
    }

    /// Stops taking requests, asks every worker to shut down, kills those that do not, and
    /// waits until every worker process is gone.
    public func shutdown() async {
        closed = true
        wakeWaiters()
        for waiter in baselines.releaseAll() { waiter.resume() }
        for restart in restarts { await restart.value }
        restarts = []
        while slots.contains(where: { if case .starting = $0.state { true } else { false } }) {
            await withCheckedContinuation { waiters.append($0) }
        }
        var workers = retired
        retired = []
        for index in slots.indices {
            switch slots[index].state {
            case .idle(let w), .busy(let w): workers.append(w)
            default: break
            }
            slots[index].state = .down
        }
        await withTaskGroup(of: Void.self) { group in
            for worker in workers { group.addTask { await worker.close() } }
        }
    }

    // MARK: - Slots

    private func acquire() async throws(GPUWorkerPoolError) -> (Int, WorkerProcess) {
        while true {
            if closed { throw GPUWorkerPoolError("the GPU worker pool is shut down") }
            for index in slots.indices {
                guard case .idle(let worker) = slots[index].state else { continue }
                if worker.hasEnded {
                    retired.append(worker)
                    markDied(index, reason: "worker process died while idle")
                    continue
                }
                slots[index].state = .busy(worker)
                return (index, worker)
            }
            let now = ContinuousClock.now
            if let index = slots.indices.first(where: { isDown($0) && slots[$0].retryAt <= now }) {
                await startSlot(index)
                continue
            }
            if slots.indices.contains(where: { !isDown($0) }) {
                await withCheckedContinuation { waiters.append($0) }
                continue
            }
            throw noLiveWorkerError()
        }
    }

    private func isDown(_ index: Int) -> Bool {
        if case .down = slots[index].state { return true }
        return false
    }

    /// Marks a slot's worker dead and starts its replacement at once in the background, so the
    /// next request does not wait for a CUDA child to start.
    private func markDied(_ index: Int, reason: String) {
        slots[index].state = .down
        slots[index].lastFailure = reason
        slots[index].retryAt = .now
        wakeWaiters()
        guard !closed else { return }
        restarts.removeAll { $0.isCancelled }
        restarts.append(Task { await self.startSlot(index) })
    }

    private func startSlot(_ index: Int) async {
        guard !closed, isDown(index) else { return }
        slots[index].state = .starting
        slots[index].starts += 1
        let gpu = slots[index].gpu
        let configuration = configuration
        let outcome = await Self.launch(configuration, gpu: gpu, slot: index)
        switch outcome {
        case .started(let worker, let hello):
            slots[index].hello = hello
            let healthy = hello["ok"] == .bool(true)
            if closed || (!healthy && !configuration.acceptUnhealthyWorkers) {
                await worker.close(grace: .seconds(2))
                let error = hello["error"]?.stringValue ?? "no error given"
                fail(index, reason: closed ? "pool shut down" : "worker hello ok:false: \(error)")
            } else {
                slots[index].state = .idle(worker)
                slots[index].failures = 0
                if !healthy { slots[index].lastFailure = "worker hello ok:false (accepted)" }
            }
        case .failed(let reason):
            fail(index, reason: reason)
        }
        wakeWaiters()
    }

    private func fail(_ index: Int, reason: String) {
        let delay = configuration.retryDelay * (1 << min(slots[index].failures, 20))
        slots[index].state = .down
        slots[index].lastFailure = reason
        slots[index].failures += 1
        slots[index].retryAt = .now + min(delay, configuration.maxRetryDelay)
    }

    private func wakeWaiters() {
        let all = waiters
        waiters = []
        for waiter in all { waiter.resume() }
    }

    private func noLiveWorkerError() -> GPUWorkerPoolError {
        let details = slots.enumerated().map { index, slot in
            "slot \(index) (GPU \(slot.gpu)): \(slot.lastFailure ?? "never started")"
        }
        return GPUWorkerPoolError(
            "no live GPU worker (every slot is down; retried after a back-off): " + details.joined(separator: "; "))
    }

    private static func launch(_ configuration: GPUWorkerPoolConfiguration, gpu: Int, slot: Int) async -> WorkerProcess.Start {
        guard let python = ExecutableLookup.find(configuration.python) else {
            return .failed("Python interpreter \(configuration.python) not found (set ASSAY_PYTHON)")
        }
        let directory = configuration.workerDirectory
        guard FileManager.default.fileExists(atPath: directory + "/assay_worker/__main__.py") else {
            return .failed("no assay_worker package in \(directory) (set ASSAY_WORKER_DIR to the repository's worker/ directory)")
        }
        try? FileManager.default.createDirectory(atPath: configuration.lockDirectory, withIntermediateDirectories: true)
        var logPath: String?
        if let logs = configuration.logDirectory {
            try? FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
            logPath = logs + "/worker-gpu\(gpu)-slot\(slot).log"
        }
        var environment = configuration.environment
        let inherited = ProcessInfo.processInfo.environment["PYTHONPATH"].map { ":" + $0 } ?? ""
        environment["PYTHONPATH"] = directory + inherited
        environment["PYTHONUNBUFFERED"] = "1"
        let arguments = ["-m", "assay_worker", "--device", String(gpu), "--gpu-lock", configuration.lockPath(gpu: gpu)]
            + configuration.extraArguments
        return await WorkerProcess.start(
            executable: python, arguments: arguments, environment: environment, workingDirectory: directory,
            helloTimeout: configuration.helloTimeout, logPath: logPath)
    }
}

/// Starts a ``GPUWorkerPool``, runs `body` with it, and shuts every worker down afterwards
/// (also when `body` throws), so no worker process outlives the call. Throws
/// ``GPUWorkerPoolError`` before starting anything when the configuration's baselines file
/// cannot be read, parsed or appended to.
///
/// - Parameter startInBackground: run `body` at once while the workers start (requests wait for
///   a worker; ``GPUWorkerPool/firstStartsEnded()`` says when every slot has started or failed),
///   so that work before the first request (compiling candidates) overlaps the workers' start.
///   By default `body` runs once every slot has started or failed.
public func withGPUWorkerPool<R: Sendable>(
    _ configuration: GPUWorkerPoolConfiguration, startInBackground: Bool = false,
    _ body: (GPUWorkerPool) async throws -> R
) async throws -> R {
    let pool = try GPUWorkerPool(configuration: configuration)
    var starting: Task<Void, Never>?
    if startInBackground {
        starting = Task { await pool.startAll() }
    } else {
        await pool.startAll()
    }
    do {
        let result = try await body(pool)
        await pool.shutdown()
        await starting?.value
        return result
    } catch {
        await pool.shutdown()
        await starting?.value
        throw error
    }
}
