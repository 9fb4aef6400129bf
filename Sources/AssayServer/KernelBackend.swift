import AssayKernels
import Logging
import ServiceLifecycle
import Synchronization

/// The kernel evaluator for the server's lifetime: discovers the CUDA toolchain, starts the
/// GPU worker pool, and keeps it until graceful shutdown (after the job runner has stopped,
/// so no evaluation loses its workers mid-chunk).
final class KernelBackend: Service, Sendable {
    enum State: Sendable {
        case starting
        case ready(KernelEvaluator)
        case unavailable(String)
    }

    let settings: KernelSettings
    let logger: Logger
    private let state = Mutex<State>(.starting)

    init(settings: KernelSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    func run() async throws {
        let toolchain: KernelToolchain
        switch await KernelToolchain.discover() {
        case .success(let found): toolchain = found
        case .failure(let error):
            fail("no CUDA toolchain: \(error.message)")
            try? await gracefulShutdown()
            return
        }
        let compiler: CompileService
        do {
            compiler = try CompileService(toolchain: toolchain, options: settings.compile)
        } catch {
            fail("the compile service cannot start: \(error.message)")
            try? await gracefulShutdown()
            return
        }
        do {
            try await withGPUWorkerPool(settings.pool) { pool in
                let evaluator = KernelEvaluator(compiler: compiler, pool: pool, options: settings.evaluation)
                state.withLock { $0 = .ready(evaluator) }
                if !(await pool.hasLiveWorker) {
                    let slots = await pool.slotStatuses().map(\.failureLine)
                    logger.warning("no GPU worker is live yet", metadata: ["slots": "\(slots.joined(separator: "; "))"])
                }
                try? await gracefulShutdown()
                for problem in await pool.baselineFileErrors {
                    logger.warning("a measured kernel baseline was not kept", metadata: ["error": "\(problem)"])
                }
                state.withLock { $0 = .unavailable("the server is shutting down") }
            }
        } catch let error as GPUWorkerPoolError {
            fail("the GPU worker pool cannot start: \(error.message)")
            try? await gracefulShutdown()
        }
    }

    private func fail(_ message: String) {
        logger.error("kernel evaluation unavailable", metadata: ["reason": "\(message)"])
        state.withLock { $0 = .unavailable(message) }
    }

    /// The evaluator once the pool has started, or why there is none.
    func evaluator() async -> Result<KernelEvaluator, KernelUnavailable> {
        while true {
            switch state.withLock({ $0 }) {
            case .ready(let evaluator): return .success(evaluator)
            case .unavailable(let reason): return .failure(KernelUnavailable(message: reason))
            case .starting:
                if Task.isCancelled { return .failure(KernelUnavailable(message: "cancelled while the GPU workers started")) }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}

/// Why kernels cannot be evaluated right now.
struct KernelUnavailable: Error, Sendable {
    var message: String
}
