import GRDB

/// Named, forward-only migrations. A released migration is never edited: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-repositories-tallies-skills") { db in
            try db.execute(
                sql: """
                    CREATE TABLE repository (
                        id INTEGER PRIMARY KEY,
                        git_dir TEXT NOT NULL UNIQUE,
                        work_dir TEXT,
                        name TEXT NOT NULL,
                        ref TEXT,
                        head TEXT,
                        mined_at DOUBLE,
                        created_at DOUBLE NOT NULL
                    );
                    CREATE TABLE mined_commit (
                        repo_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                        sha TEXT NOT NULL,
                        time INTEGER NOT NULL,
                        author TEXT NOT NULL,
                        files INTEGER NOT NULL CHECK (files >= 0),
                        lines INTEGER NOT NULL CHECK (lines >= 0),
                        skipped INTEGER NOT NULL CHECK (skipped >= 0),
                        PRIMARY KEY (repo_id, sha)
                    ) WITHOUT ROWID;
                    CREATE TABLE tally (
                        repo_id INTEGER NOT NULL,
                        miner TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        key TEXT NOT NULL,
                        value TEXT NOT NULL,
                        sha TEXT NOT NULL,
                        count INTEGER NOT NULL CHECK (count > 0),
                        PRIMARY KEY (repo_id, miner, scope, key, value, sha),
                        FOREIGN KEY (repo_id, sha) REFERENCES mined_commit(repo_id, sha) ON DELETE CASCADE
                    ) WITHOUT ROWID;
                    CREATE INDEX tally_by_commit ON tally(repo_id, sha);
                    CREATE TABLE evidence (
                        repo_id INTEGER NOT NULL,
                        miner TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        key TEXT NOT NULL,
                        value TEXT NOT NULL,
                        sha TEXT NOT NULL,
                        commit_sha TEXT NOT NULL,
                        path TEXT,
                        line INTEGER,
                        PRIMARY KEY (repo_id, miner, scope, key, value, sha),
                        FOREIGN KEY (repo_id, sha) REFERENCES mined_commit(repo_id, sha) ON DELETE CASCADE
                    ) WITHOUT ROWID;
                    CREATE INDEX evidence_by_commit ON evidence(repo_id, sha);
                    CREATE TABLE skill (
                        id INTEGER PRIMARY KEY,
                        repo_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        current TEXT NOT NULL,
                        UNIQUE (repo_id, name)
                    );
                    CREATE TABLE skill_version (
                        skill_id INTEGER NOT NULL REFERENCES skill(id) ON DELETE CASCADE,
                        version INTEGER NOT NULL CHECK (version > 0),
                        status TEXT NOT NULL CHECK (status IN ('active', 'stale', 'unconfirmed', 'retired')),
                        content TEXT NOT NULL,
                        semantic_key TEXT NOT NULL,
                        mined_from TEXT,
                        mined_through TEXT NOT NULL,
                        author TEXT NOT NULL,
                        created_at DOUBLE NOT NULL,
                        PRIMARY KEY (skill_id, version)
                    );
                    CREATE TRIGGER skill_version_append_only BEFORE UPDATE ON skill_version
                    BEGIN SELECT RAISE(ABORT, 'skill versions are append-only'); END;
                    CREATE TABLE mining_pass (
                        id INTEGER PRIMARY KEY,
                        repo_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                        started_at DOUBLE NOT NULL,
                        finished_at DOUBLE NOT NULL,
                        from_sha TEXT,
                        to_sha TEXT NOT NULL,
                        commits INTEGER NOT NULL,
                        skipped TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2-miner-fingerprint") { db in
            // Tallies are only comparable when the same miners counted them.
            try db.execute(sql: "ALTER TABLE repository ADD COLUMN miners TEXT")
        }
        migrator.registerMigration("v3-event-queue") { db in
            // What hooks hand over: one row per merge, kept after processing for status and latency figures.
            try db.execute(
                sql: """
                    CREATE TABLE event (
                        id INTEGER PRIMARY KEY,
                        git_dir TEXT NOT NULL,
                        hook TEXT NOT NULL,
                        ref TEXT,
                        old_head TEXT,
                        new_head TEXT,
                        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'processing', 'done', 'failed')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        error TEXT,
                        created_at DOUBLE NOT NULL,
                        finished_at DOUBLE
                    );
                    CREATE INDEX event_by_state ON event(state, git_dir);
                    """)
        }
        migrator.registerMigration("v4-evidence-snippets") { db in
            try db.execute(sql: "ALTER TABLE evidence ADD COLUMN snippet TEXT")
        }
        migrator.registerMigration("v5-reviews") { db in
            // `taste diff --mark`: which version of each skill a person reviewed, and when.
            try db.execute(
                sql: """
                    CREATE TABLE review (
                        id INTEGER PRIMARY KEY,
                        repo_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                        reviewed_at DOUBLE NOT NULL,
                        versions TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v6-pin-and-mute") { db in
            // A person's say: a pinned skill's text is frozen (still checked), a muted one is never exported.
            try db.execute(
                sql: """
                    ALTER TABLE skill ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
                    ALTER TABLE skill ADD COLUMN muted INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1));
                    """)
        }
        migrator.registerMigration("v7-commits-by-time") { db in
            // "Unconfirmed" counts the commits mined after a rule was last seen kept.
            try db.execute(sql: "CREATE INDEX mined_commit_by_time ON mined_commit(repo_id, time)")
        }
        migrator.registerMigration("v8-counters") { db in
            // Tallies and evidence named their counter in four strings and their commit by its sha on every row,
            // twice with the index: 41 MB for 3,000 commits, and most of a pass spent writing them. Counters and
            // commits now have integer ids that the rows refer to, and a batch's rows are appended in id order.
            // What was counted is counted again by the next pass (the miners' fingerprint is cleared).
            try db.execute(
                sql: """
                    DROP TABLE tally;
                    DROP TABLE evidence;
                    DROP TABLE mined_commit;
                    CREATE TABLE mined_commit (
                        id INTEGER PRIMARY KEY,
                        repo_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                        sha TEXT NOT NULL,
                        time INTEGER NOT NULL,
                        author TEXT NOT NULL,
                        files INTEGER NOT NULL CHECK (files >= 0),
                        lines INTEGER NOT NULL CHECK (lines >= 0),
                        skipped INTEGER NOT NULL CHECK (skipped >= 0),
                        UNIQUE (repo_id, sha)
                    );
                    CREATE INDEX mined_commit_by_time ON mined_commit(repo_id, time);
                    CREATE TABLE counter (
                        id INTEGER PRIMARY KEY,
                        repo_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                        miner TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        key TEXT NOT NULL,
                        value TEXT NOT NULL,
                        UNIQUE (repo_id, miner, scope, key, value)
                    );
                    CREATE TABLE commit_count (
                        commit_id INTEGER NOT NULL REFERENCES mined_commit(id) ON DELETE CASCADE,
                        counter_id INTEGER NOT NULL REFERENCES counter(id) ON DELETE CASCADE,
                        count INTEGER NOT NULL CHECK (count > 0),
                        PRIMARY KEY (commit_id, counter_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX commit_count_by_counter ON commit_count(counter_id);
                    CREATE TABLE commit_evidence (
                        commit_id INTEGER NOT NULL REFERENCES mined_commit(id) ON DELETE CASCADE,
                        counter_id INTEGER NOT NULL REFERENCES counter(id) ON DELETE CASCADE,
                        commit_sha TEXT NOT NULL,
                        path TEXT,
                        line INTEGER,
                        snippet TEXT,
                        PRIMARY KEY (commit_id, counter_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX commit_evidence_by_counter ON commit_evidence(counter_id);
                    -- The rows with their names, for people and scripts that query the store.
                    CREATE VIEW tally AS
                        SELECT k.repo_id, k.miner, k.scope, k.key, k.value, c.sha, t.count
                        FROM commit_count t JOIN mined_commit c ON c.id = t.commit_id JOIN counter k ON k.id = t.counter_id;
                    CREATE VIEW evidence AS
                        SELECT k.repo_id, k.miner, k.scope, k.key, k.value, c.sha, e.commit_sha, e.path, e.line, e.snippet
                        FROM commit_evidence e JOIN mined_commit c ON c.id = e.commit_id JOIN counter k ON k.id = e.counter_id;
                    UPDATE repository SET miners = 'counted before v8-counters' WHERE miners IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v9-event-spool-id") { db in
            // An event drained from the spool carries its file's name: drained twice, it is queued once.
            try db.execute(
                sql: """
                    ALTER TABLE event ADD COLUMN spool_id TEXT;
                    CREATE UNIQUE INDEX event_by_spool_id ON event(spool_id);
                    """)
        }
        return migrator
    }
}
