import AssayStore
import Synchronization

/// Resolves run names to stored runs, creating each once and remembering it.
final class RunRegistry: Sendable {
    private let store: VerdictStore
    private let environment: EnvironmentFingerprint
    private let known = Mutex<[String: RunHandle]>([:])

    init(store: VerdictStore, environment: EnvironmentFingerprint) {
        self.store = store
        self.environment = environment
    }

    func handle(for name: String, domain: String) async throws(StoreError) -> RunHandle {
        if let handle = known.withLock({ $0[name] }) { return handle }
        let handle = try await store.run(named: name, domain: domain, environment: environment)
        known.withLock { $0[name] = handle }
        return handle
    }
}
