import Foundation

/// The fleet store's named, forward-only migrations on PostgreSQL. A released migration is never edited: add a
/// new one. The tables mirror the SQLite store's (Store/Schema.swift, as of v9) with the same guarantees:
/// foreign keys, checks, per-commit tallies, and skill versions that the database keeps append-only.
enum PostgresSchema {
    static let migrations: [(name: String, sql: String)] = [
        (
            "v1-store",
            """
            CREATE TABLE repository (
                id BIGSERIAL PRIMARY KEY,
                git_dir TEXT NOT NULL UNIQUE,
                work_dir TEXT,
                name TEXT NOT NULL,
                ref TEXT,
                head TEXT,
                mined_at DOUBLE PRECISION,
                created_at DOUBLE PRECISION NOT NULL,
                miners TEXT
            );
            CREATE TABLE mined_commit (
                id BIGSERIAL PRIMARY KEY,
                repo_id BIGINT NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                sha TEXT NOT NULL,
                time BIGINT NOT NULL,
                author TEXT NOT NULL,
                files INTEGER NOT NULL CHECK (files >= 0),
                lines INTEGER NOT NULL CHECK (lines >= 0),
                skipped INTEGER NOT NULL CHECK (skipped >= 0),
                UNIQUE (repo_id, sha)
            );
            CREATE INDEX mined_commit_by_time ON mined_commit(repo_id, time);
            CREATE TABLE counter (
                id BIGSERIAL PRIMARY KEY,
                repo_id BIGINT NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                miner TEXT NOT NULL,
                scope TEXT NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                UNIQUE (repo_id, miner, scope, key, value)
            );
            CREATE TABLE commit_count (
                commit_id BIGINT NOT NULL REFERENCES mined_commit(id) ON DELETE CASCADE,
                counter_id BIGINT NOT NULL REFERENCES counter(id) ON DELETE CASCADE,
                count INTEGER NOT NULL CHECK (count > 0),
                PRIMARY KEY (commit_id, counter_id)
            );
            CREATE INDEX commit_count_by_counter ON commit_count(counter_id);
            CREATE TABLE commit_evidence (
                commit_id BIGINT NOT NULL REFERENCES mined_commit(id) ON DELETE CASCADE,
                counter_id BIGINT NOT NULL REFERENCES counter(id) ON DELETE CASCADE,
                commit_sha TEXT NOT NULL,
                path TEXT,
                line INTEGER,
                snippet TEXT,
                PRIMARY KEY (commit_id, counter_id)
            );
            CREATE INDEX commit_evidence_by_counter ON commit_evidence(counter_id);
            CREATE VIEW tally AS
                SELECT k.repo_id, k.miner, k.scope, k.key, k.value, c.sha, t.count
                FROM commit_count t JOIN mined_commit c ON c.id = t.commit_id JOIN counter k ON k.id = t.counter_id;
            CREATE TABLE skill (
                id BIGSERIAL PRIMARY KEY,
                repo_id BIGINT NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                current TEXT NOT NULL,
                pinned BOOLEAN NOT NULL DEFAULT false,
                muted BOOLEAN NOT NULL DEFAULT false,
                UNIQUE (repo_id, name)
            );
            CREATE TABLE skill_version (
                skill_id BIGINT NOT NULL REFERENCES skill(id) ON DELETE CASCADE,
                version INTEGER NOT NULL CHECK (version > 0),
                status TEXT NOT NULL CHECK (status IN ('active', 'stale', 'unconfirmed', 'retired')),
                content TEXT NOT NULL,
                semantic_key TEXT NOT NULL,
                mined_from TEXT,
                mined_through TEXT NOT NULL,
                author TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (skill_id, version)
            );
            CREATE FUNCTION skill_version_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'skill versions are append-only'; END $$;
            CREATE TRIGGER skill_version_append_only BEFORE UPDATE ON skill_version
                FOR EACH ROW EXECUTE FUNCTION skill_version_append_only();
            CREATE TABLE mining_pass (
                id BIGSERIAL PRIMARY KEY,
                repo_id BIGINT NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                started_at DOUBLE PRECISION NOT NULL,
                finished_at DOUBLE PRECISION NOT NULL,
                from_sha TEXT,
                to_sha TEXT NOT NULL,
                commits INTEGER NOT NULL,
                skipped TEXT NOT NULL
            );
            CREATE TABLE review (
                id BIGSERIAL PRIMARY KEY,
                repo_id BIGINT NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                reviewed_at DOUBLE PRECISION NOT NULL,
                versions TEXT NOT NULL
            );
            """
        ),
        (
            // Fleet repositories are registered by name with the URL workers fetch from; their git_dir is that URL.
            // A repository's lease is held by the one worker mining it; its events are rows claimed under it.
            "v2-queue",
            """
            ALTER TABLE repository ADD COLUMN url TEXT;
            CREATE UNIQUE INDEX repository_by_fleet_name ON repository(name) WHERE url IS NOT NULL;
            ALTER TABLE repository ADD COLUMN lease_id BIGINT;
            ALTER TABLE repository ADD COLUMN lease_worker TEXT;
            ALTER TABLE repository ADD COLUMN lease_until TIMESTAMPTZ;
            ALTER TABLE repository ADD CONSTRAINT repository_lease_whole
                CHECK ((lease_id IS NULL) = (lease_until IS NULL) AND (lease_id IS NULL) = (lease_worker IS NULL));
            CREATE SEQUENCE lease_id;
            CREATE TABLE event (
                id BIGSERIAL PRIMARY KEY,
                repo_id BIGINT NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
                hook TEXT NOT NULL,
                ref TEXT,
                old_head TEXT,
                new_head TEXT,
                state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'processing', 'done', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                lease_id BIGINT,
                worker TEXT,
                error TEXT,
                created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
                claimed_at TIMESTAMPTZ,
                finished_at TIMESTAMPTZ,
                CHECK ((state = 'processing') = (lease_id IS NOT NULL))
            );
            CREATE INDEX event_waiting ON event(repo_id, id) WHERE state IN ('queued', 'processing');
            CREATE TABLE worker (
                name TEXT PRIMARY KEY,
                host TEXT NOT NULL,
                pid INTEGER NOT NULL,
                started_at TIMESTAMPTZ NOT NULL,
                heartbeat_at TIMESTAMPTZ NOT NULL,
                repository TEXT,
                passes INTEGER NOT NULL DEFAULT 0 CHECK (passes >= 0)
            );
            """
        ),
        (
            // A spooled push keeps the id of its spool file, so a drain that dies before removing the file queues it once.
            "v10-fleetsrv-spool",
            "ALTER TABLE event ADD COLUMN spool_id TEXT UNIQUE;"
        ),
        (
            // The worker that mined a repository last is preferred for its next pass: it holds the mirror and the
            // tallies, where another worker would mine the whole history again.
            "v10-fleetsrv-affinity",
            "ALTER TABLE repository ADD COLUMN mined_by TEXT;"
        ),
        (
            // A pinned skill's text is a person's: while it is pinned, a version mined by taste and the skill's current
            // content keep the latest version's title, description, Markdown and each rule's id, facts and statement
            // (the figures and stale flags still move). So no worker, of whatever release, writes over it.
            "v11-fleetworker-pinned-text",
            """
            CREATE FUNCTION skill_pinned_text(content TEXT) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
                SELECT jsonb_build_object(
                    'title', c -> 'title', 'description', c -> 'description', 'markdown', c -> 'markdown',
                    'rules', coalesce(
                        (SELECT jsonb_agg(jsonb_build_array(r -> 'id', r -> 'facts', r -> 'statement') ORDER BY n)
                         FROM jsonb_array_elements(c -> 'rules') WITH ORDINALITY AS rule(r, n)),
                        '[]'::jsonb))
                FROM (SELECT content::jsonb AS c) AS parsed
            $$;
            CREATE FUNCTION skill_keeps_pinned_text(pinned_skill BIGINT, new_content TEXT) RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
                latest TEXT;
                skill_name TEXT;
            BEGIN
                SELECT v.content, s.name INTO latest, skill_name FROM skill s JOIN skill_version v ON v.skill_id = s.id
                WHERE s.id = pinned_skill AND s.pinned ORDER BY v.version DESC LIMIT 1;
                IF latest IS NOT NULL AND skill_pinned_text(latest) IS DISTINCT FROM skill_pinned_text(new_content) THEN
                    RAISE EXCEPTION 'skill % is pinned: its text stays as a person left it', skill_name USING ERRCODE = 'check_violation';
                END IF;
            END $$;
            CREATE FUNCTION skill_version_keeps_pinned_text() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.author <> 'person' THEN PERFORM skill_keeps_pinned_text(NEW.skill_id, NEW.content); END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER skill_version_keeps_pinned_text BEFORE INSERT ON skill_version
                FOR EACH ROW EXECUTE FUNCTION skill_version_keeps_pinned_text();
            CREATE FUNCTION skill_current_keeps_pinned_text() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.pinned THEN PERFORM skill_keeps_pinned_text(NEW.id, NEW.current); END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER skill_current_keeps_pinned_text BEFORE UPDATE OF current ON skill
                FOR EACH ROW EXECUTE FUNCTION skill_current_keeps_pinned_text();
            """
        ),
    ]

    /// Any constant: migrating takes this advisory lock, so workers starting together migrate once.
    private static let migrationLock: Int64 = 0x7461_7374_6500

    /// Brings the database's schema up to date; returns the migrations applied now.
    @discardableResult
    static func migrate(_ connection: PostgresConnection) throws -> [String] {
        try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock($1)", [migrationLock])
            try connection.execute(
                "CREATE TABLE IF NOT EXISTS taste_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            let applied = Set(try connection.query("SELECT name FROM taste_migration").map { try $0.string("name") })
            let known = Set(migrations.map(\.name))
            if let unknown = applied.subtracting(known).sorted().first {
                throw TasteError.store("the PostgreSQL store was written by a newer taste (migration \(unknown)): upgrade taste")
            }
            var now: [String] = []
            for migration in migrations where !applied.contains(migration.name) {
                try connection.executeScript(migration.sql)
                try connection.execute("INSERT INTO taste_migration (name) VALUES ($1)", [migration.name])
                now.append(migration.name)
            }
            return now
        }
    }
}
