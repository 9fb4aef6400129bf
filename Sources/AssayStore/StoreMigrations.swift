import GRDB

/// The store's schema as an append-only list of migrations.
///
/// Never edit or reorder a migration that has shipped: add a new one. GRDB records applied
/// migrations in `grdb_migrations`, so an old database is brought forward step by step.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, problems, candidates, verdicts, stages, jobs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE environment (
                        id TEXT PRIMARY KEY,
                        fingerprint TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        domain TEXT,
                        environment_id TEXT REFERENCES environment(id),
                        config TEXT,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE problem (
                        id TEXT PRIMARY KEY,
                        domain TEXT NOT NULL,
                        label TEXT,
                        prompt TEXT,
                        reference TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE candidate (
                        id TEXT PRIMARY KEY,
                        source TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE verdict (
                        id INTEGER PRIMARY KEY,
                        run_id INTEGER NOT NULL REFERENCES run(id),
                        step INTEGER,
                        problem_id TEXT NOT NULL REFERENCES problem(id),
                        candidate_id TEXT NOT NULL REFERENCES candidate(id),
                        status TEXT NOT NULL,
                        passed INTEGER NOT NULL,
                        reward REAL NOT NULL,
                        reasons TEXT NOT NULL,
                        extracted TEXT,
                        speedup REAL,
                        details TEXT,
                        environment_id TEXT REFERENCES environment(id),
                        elapsed_seconds REAL NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE UNIQUE INDEX verdict_pair
                        ON verdict(run_id, coalesce(step, -1), problem_id, candidate_id);
                    CREATE TABLE verdict_stage (
                        verdict_id INTEGER NOT NULL REFERENCES verdict(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        stage TEXT NOT NULL,
                        seconds REAL NOT NULL,
                        PRIMARY KEY (verdict_id, position)
                    ) WITHOUT ROWID;
                    CREATE TABLE job (
                        id TEXT PRIMARY KEY,
                        kind TEXT NOT NULL,
                        state TEXT NOT NULL,
                        run_id INTEGER NOT NULL REFERENCES run(id),
                        step INTEGER,
                        total INTEGER NOT NULL,
                        completed INTEGER NOT NULL DEFAULT 0,
                        options TEXT NOT NULL,
                        error TEXT,
                        created_at REAL NOT NULL,
                        started_at REAL,
                        finished_at REAL
                    );
                    CREATE INDEX job_state ON job(state);
                    CREATE TABLE job_item (
                        job_id TEXT NOT NULL REFERENCES job(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        problem_id TEXT NOT NULL REFERENCES problem(id),
                        candidate_id TEXT NOT NULL REFERENCES candidate(id),
                        verdict_id INTEGER REFERENCES verdict(id),
                        PRIMARY KEY (job_id, position)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
