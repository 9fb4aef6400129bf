public import AssayCore
import Foundation
import GRDB

/// Every verdict Assay ever gave, in one SQLite file (WAL mode) or in memory.
///
/// Runs, problems and candidates are content-addressed; a verdict is unique per run, step,
/// problem and candidate, so recording a batch twice stores it once, and each batch is
/// written in one transaction, so a process killed mid-batch leaves either all of a batch's
/// verdicts or none. Readers never block the writer (WAL), so reports can be built while a
/// server writes.
public final class VerdictStore: Sendable {
    let writer: any DatabaseWriter
    let commits: GroupCommit
    /// A second connection that checkpoints the WAL off the writers' path.
    let checkpointer: DatabaseQueue?
    /// Whether the owner checkpoints the WAL (see ``init(path:backgroundCheckpoints:)``).
    public let backgroundCheckpoints: Bool
    /// Where the database lives (`:memory:` for an in-memory store).
    public let path: String

    /// Opens (creating if needed) the SQLite database at `path` and brings its schema up to
    /// date.
    ///
    /// - Parameter backgroundCheckpoints: when `true`, a second connection is opened for
    ///   ``checkpoint()``, which the owner calls regularly (the server does, every 250 ms), so
    ///   that commits rarely copy the WAL back into the database (and wait for its fsync)
    ///   themselves. Either way SQLite still checkpoints when the WAL reaches ~16 MB, which
    ///   keeps it bounded.
    /// - Throws: ``StoreError`` when the file cannot be opened or is not an Assay store.
    public init(path: String, backgroundCheckpoints: Bool = false) throws(StoreError) {
        self.path = path
        self.backgroundCheckpoints = backgroundCheckpoints
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL with NORMAL: a crashed process loses nothing committed (only a power cut
            // can lose the last transactions), and commits do not wait for fsync.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Content addresses are random keys: a larger page cache keeps the index pages
            // that inserts touch in memory (a limit per connection, not an allocation).
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // Checkpoint the WAL every ~16 MB instead of every 4 MB. With background
            // checkpoints this is the backstop that keeps the WAL bounded when the
            // background cannot keep up (it then finds little left to copy).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try StoreMigrations.migrator.migrate(pool)
            writer = pool
            commits = GroupCommit(writer: pool)
            var checkpointConfiguration = Configuration()
            checkpointConfiguration.busyMode = .timeout(10)
            checkpointer = backgroundCheckpoints ? try DatabaseQueue(path: path, configuration: checkpointConfiguration) : nil
        } catch {
            throw StoreError("cannot open the verdict store at \(path): \(Self.describe(error))")
        }
    }

    /// Copies committed WAL frames back into the database file (a passive checkpoint: it
    /// waits for no reader and no writer). For stores opened with `backgroundCheckpoints`.
    ///
    /// A checkpoint already running on another connection (the writer's automatic one) is
    /// not an error: this one is skipped.
    public func checkpoint() async throws(StoreError) {
        guard let checkpointer else { return }
        do {
            _ = try await checkpointer.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return
        } catch {
            throw Self.wrap(error)
        }
    }

    /// An in-memory store for tests and one-off use.
    public static func inMemory() throws(StoreError) -> VerdictStore {
        try VerdictStore(inMemory: ())
    }

    private init(inMemory: Void) throws(StoreError) {
        path = ":memory:"
        backgroundCheckpoints = false
        checkpointer = nil
        do {
            let queue = try DatabaseQueue()
            try StoreMigrations.migrator.migrate(queue)
            writer = queue
            commits = GroupCommit(writer: queue)
        } catch {
            throw StoreError("cannot create an in-memory store: \(Self.describe(error))")
        }
    }

    /// The SQLite journal mode in effect (`wal` for file stores).
    public func journalMode() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Checks that the database answers a query.
    public func ping() async throws(StoreError) {
        _ = try await readAsync { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// The identifiers of the migrations applied to this database, oldest first.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try StoreMigrations.migrator.appliedMigrations(db) }
    }

    // MARK: Runs and environments

    /// Returns the run called `name`, creating it (with `domain`, `environment` and `config`)
    /// if it does not exist yet. An existing run keeps its original attributes.
    public func run(
        named name: String, domain: String? = nil, environment: EnvironmentFingerprint? = nil,
        config: JSONObject? = nil
    ) async throws(StoreError) -> RunHandle {
        guard !name.isEmpty else { throw StoreError("a run needs a non-empty name") }
        return try await write { db in
            let environmentID = try environment.map { try Self.insertEnvironment($0, db: db) }
            try db.execute(
                sql: """
                    INSERT INTO run (name, domain, environment_id, config, created_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING
                    """,
                arguments: [
                    name, domain, environmentID?.hex, config.map { JSONValue.object($0).jsonText },
                    Date().timeIntervalSince1970,
                ])
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE name = ?", arguments: [name])
            else { throw StoreError("run \(name) vanished while it was being created") }
            return RunHandle(id: id, name: name)
        }
    }

    /// Stores an environment fingerprint (once per distinct content) and returns its id.
    @discardableResult
    public func record(environment: EnvironmentFingerprint) async throws(StoreError) -> ContentHash {
        try await write { db in try Self.insertEnvironment(environment, db: db) }
    }

    static func insertEnvironment(_ environment: EnvironmentFingerprint, db: Database) throws -> ContentHash {
        let id = environment.id
        try db.execute(
            sql: "INSERT INTO environment (id, fingerprint, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            arguments: [id.hex, environment.canonicalJSON, Date().timeIntervalSince1970])
        return id
    }

    // MARK: Plumbing

    func read<T: Sendable>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw Self.wrap(error)
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw Self.wrap(error)
        }
    }

    func readAsync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw Self.wrap(error)
        }
    }

    static func wrap(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return StoreError(describe(error))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}
