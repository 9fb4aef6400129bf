import AssayStore
import Logging
import ServiceLifecycle

/// Checkpoints the store's WAL every 250 ms, off the request path, for stores opened with
/// background checkpoints: commits then never wait for the database file's fsync.
struct StoreCheckpoints: Service {
    let store: VerdictStore
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await store.checkpoint()
            } catch {
                logger.warning("WAL checkpoint failed", metadata: ["error": "\(error.message)"])
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        // One last copy, so a cleanly stopped server leaves a short WAL.
        try? await store.checkpoint()
    }
}
