import Foundation

/// The store's operations on a fleet's PostgreSQL database (``PostgresSchema``), as `Store` does them on SQLite:
/// the same tables, each write one transaction (a savepoint inside a worker's completing transaction), skill
/// versions planned by the same code and kept append-only by the database's trigger. A batch of rows travels
/// as one array parameter per column, so a pass's hundreds of thousands of counts cost a few statements each.
final class PostgresStore: TasteStore, @unchecked Sendable {
    let connection: PostgresConnection
    /// The URL it was opened with, when it opened its own connection.
    let url: String?
    /// A connection serves one statement at a time; a pass writes a batch from another task than it reads from.
    private let lock = NSRecursiveLock()

    /// Over a connection whose schema is up to date (``FleetQueue`` migrates it).
    init(connection: PostgresConnection, url: String? = nil) {
        self.connection = connection
        self.url = url
    }

    /// Connects to `url` and brings the fleet's schema up to date.
    convenience init(url: String) throws {
        let connection = try PostgresConnection(url: url)
        try PostgresSchema.migrate(connection)
        self.init(connection: connection, url: url)
    }

    private func locked<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    @discardableResult
    private func transaction<T>(_ body: () throws -> T) throws -> T {
        try locked { try connection.transaction(body) }
    }

    // MARK: Repositories

    private static let repositoryColumns = "id, git_dir, work_dir, name, ref, head, mined_at, created_at, miners"

    private static func repository(_ row: PostgresRow) throws -> RepositoryRecord {
        RepositoryRecord(
            id: try row.int64("id"), gitDir: try row.string("git_dir"), workDir: row["work_dir"], name: try row.string("name"),
            ref: row["ref"], head: row["head"], minedAt: try row.optionalDouble("mined_at").map(Date.init(timeIntervalSince1970:)),
            createdAt: Date(timeIntervalSince1970: try row.double("created_at")), miners: row["miners"])
    }

    func repository(gitDir: String) throws -> RepositoryRecord? {
        try locked {
            try connection.query("SELECT \(Self.repositoryColumns) FROM repository WHERE git_dir = $1", [gitDir]).first.map(Self.repository)
        }
    }

    func repository(id: Int64) throws -> RepositoryRecord? {
        try locked {
            try connection.query("SELECT \(Self.repositoryColumns) FROM repository WHERE id = $1", [id]).first.map(Self.repository)
        }
    }

    func registerRepository(gitDir: String, workDir: String?, name: String) throws -> RepositoryRecord {
        try transaction {
            let row = try connection.query(
                """
                INSERT INTO repository (git_dir, work_dir, name, created_at) VALUES ($1, $2, $3, extract(epoch FROM now()))
                ON CONFLICT (git_dir) DO UPDATE SET work_dir = excluded.work_dir, name = excluded.name
                RETURNING \(Self.repositoryColumns)
                """, [gitDir, workDir, name]
            ).first
            guard let row else { throw TasteError.store("repository was not stored") }
            return try Self.repository(row)
        }
    }

    // MARK: Mined commits and tallies

    func minedSHAs(repoID: Int64) throws -> Set<String> {
        try locked { Set(try connection.query("SELECT sha FROM mined_commit WHERE repo_id = $1", [repoID]).map { try $0.string("sha") }) }
    }

    func insert(_ batch: [CommitObservation], repoID: Int64) throws {
        guard !batch.isEmpty else { return }
        try transaction {
            // A commit already stored (a concurrent pass got there first) is not returned, so not counted twice.
            let inserted = try connection.query(
                """
                INSERT INTO mined_commit (repo_id, sha, time, author, files, lines, skipped)
                SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::int[], $6::int[], $7::int[])
                ON CONFLICT (repo_id, sha) DO NOTHING RETURNING id, sha
                """,
                [
                    repoID, PostgresArray(batch.map(\.sha)), PostgresArray(batch.map { Int64?($0.time) }),
                    PostgresArray(batch.map(\.author)), PostgresArray(batch.map { Int?($0.files) }),
                    PostgresArray(batch.map { Int?($0.lines) }), PostgresArray(batch.map { Int?($0.skipped) }),
                ])
            var commitIDs: [String: Int64] = [:]
            for row in inserted { commitIDs[try row.string("sha")] = try row.int64("id") }
            let stored = batch.filter { commitIDs[$0.sha] != nil }
            guard !stored.isEmpty else { return }
            let counters = try counterIDs(repoID: repoID, adding: Set(stored.flatMap { Array($0.counts.keys) + Array($0.evidence.keys) }))
            var counts: (commits: [Int64?], counters: [Int64?], counts: [Int64?]) = ([], [], [])
            var places: (commits: [Int64?], counters: [Int64?], shas: [String?], paths: [String?], lines: [Int?], snippets: [String?]) = (
                [], [], [], [], [], []
            )
            for observation in stored {
                guard let commit = commitIDs[observation.sha] else { continue }
                for (key, count) in observation.counts {
                    counts.commits.append(commit)
                    counts.counters.append(counters[key])
                    counts.counts.append(Int64(count))
                }
                for (key, place) in observation.evidence {
                    places.commits.append(commit)
                    places.counters.append(counters[key])
                    places.shas.append(place.commit)
                    places.paths.append(place.path)
                    places.lines.append(place.line)
                    places.snippets.append(place.snippet)
                }
            }
            if !counts.commits.isEmpty {
                try connection.execute(
                    "INSERT INTO commit_count (commit_id, counter_id, count) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[])",
                    [PostgresArray(counts.commits), PostgresArray(counts.counters), PostgresArray(counts.counts)])
            }
            if !places.commits.isEmpty {
                try connection.execute(
                    """
                    INSERT INTO commit_evidence (commit_id, counter_id, commit_sha, path, line, snippet)
                    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::int[], $6::text[])
                    """,
                    [
                        PostgresArray(places.commits), PostgresArray(places.counters), PostgresArray(places.shas),
                        PostgresArray(places.paths), PostgresArray(places.lines), PostgresArray(places.snippets),
                    ])
            }
        }
    }

    /// The ids of a repository's counters, `keys` added where missing.
    private func counterIDs(repoID: Int64, adding keys: Set<TallyKey>) throws -> [TallyKey: Int64] {
        var ids = try counterNames(repoID: repoID).reduce(into: [TallyKey: Int64]()) { $0[$1.value] = $1.key }
        let missing = keys.filter { ids[$0] == nil }.sorted { ($0.miner, $0.scope, $0.key, $0.value) < ($1.miner, $1.scope, $1.key, $1.value) }
        guard !missing.isEmpty else { return ids }
        // ON CONFLICT: a concurrent pass may add the same counter; it is then read back below.
        try connection.execute(
            """
            INSERT INTO counter (repo_id, miner, scope, key, value)
            SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING
            """,
            [
                repoID, PostgresArray(missing.map(\.miner)), PostgresArray(missing.map(\.scope)), PostgresArray(missing.map(\.key)),
                PostgresArray(missing.map(\.value)),
            ])
        ids = try counterNames(repoID: repoID).reduce(into: [TallyKey: Int64]()) { $0[$1.value] = $1.key }
        return ids
    }

    private func counterNames(repoID: Int64) throws -> [Int64: TallyKey] {
        var names: [Int64: TallyKey] = [:]
        for row in try connection.query("SELECT id, miner, scope, key, value FROM counter WHERE repo_id = $1", [repoID]) {
            names[try row.int64("id")] = TallyKey(
                miner: try row.string("miner"), scope: try row.string("scope"), key: try row.string("key"), value: try row.string("value"))
        }
        return names
    }

    func observations(repoID: Int64, shas: [String]) throws -> [CommitObservation] {
        try locked {
            let counters = try counterNames(repoID: repoID)
            var observations: [CommitObservation] = []
            var byID: [Int64: Int] = [:]
            for row in try connection.query(
                """
                SELECT id, sha, time, author, files, lines, skipped FROM mined_commit WHERE repo_id = $1 AND sha = ANY($2::text[])
                ORDER BY time, sha
                """, [repoID, PostgresArray(shas)])
            {
                byID[try row.int64("id")] = observations.count
                observations.append(
                    CommitObservation(
                        sha: try row.string("sha"), time: try row.int64("time"), author: try row.string("author"),
                        files: try row.int("files"), lines: try row.int("lines"), skipped: try row.int("skipped"), counts: [:], evidence: [:]))
            }
            let ids = PostgresArray(byID.keys.map { Int64?($0) })
            for row in try connection.query("SELECT commit_id, counter_id, count FROM commit_count WHERE commit_id = ANY($1::bigint[])", [ids]) {
                guard let index = byID[try row.int64("commit_id")], let key = counters[try row.int64("counter_id")] else { continue }
                observations[index].counts[key] = try row.int("count")
            }
            for row in try connection.query(
                "SELECT commit_id, counter_id, commit_sha, path, line, snippet FROM commit_evidence WHERE commit_id = ANY($1::bigint[])", [ids])
            {
                guard let index = byID[try row.int64("commit_id")], let key = counters[try row.int64("counter_id")] else { continue }
                observations[index].evidence[key] = EvidenceLocation(
                    commit: try row.string("commit_sha"), path: row["path"], line: row["line"].flatMap { Int($0) }, snippet: row["snippet"])
            }
            return observations
        }
    }

    func resetTallies(repoID: Int64, miners fingerprint: String) throws -> Bool {
        try transaction {
            let stored = try connection.query("SELECT miners FROM repository WHERE id = $1 FOR UPDATE", [repoID]).first?["miners"]
            guard stored != fingerprint else { return false }
            try connection.execute("DELETE FROM mined_commit WHERE repo_id = $1", [repoID])
            try connection.execute("DELETE FROM counter WHERE repo_id = $1", [repoID])
            try connection.execute("UPDATE repository SET miners = $1 WHERE id = $2", [fingerprint, repoID])
            return stored != nil
        }
    }

    func pruneEvidence(repoID: Int64, keeping kept: Int) throws {
        try transaction {
            try connection.execute(
                """
                DELETE FROM commit_evidence WHERE (counter_id, commit_id) IN (
                    SELECT counter_id, commit_id FROM (
                        SELECT e.counter_id, e.commit_id,
                               ROW_NUMBER() OVER (PARTITION BY e.counter_id ORDER BY c.time DESC, c.sha) AS rank
                        FROM commit_evidence e JOIN mined_commit c ON c.id = e.commit_id WHERE c.repo_id = $1) AS ranked
                    WHERE rank > $2)
                """, [repoID, kept])
        }
    }

    func forgetCommits(repoID: Int64, keeping mainline: Set<String>) throws -> Int {
        let gone = try minedSHAs(repoID: repoID).subtracting(mainline)
        guard !gone.isEmpty else { return 0 }
        try transaction {
            try connection.execute("DELETE FROM mined_commit WHERE repo_id = $1 AND sha = ANY($2::text[])", [repoID, PostgresArray(gone.sorted())])
        }
        return gone.count
    }

    func countHistory(repoID: Int64) throws -> CountHistory {
        let nested = connection.isInTransaction
        return try transaction {
            // One snapshot for the reads, as SQLite's read transaction gives (inside another transaction, its own).
            if !nested { try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ") }
            let newest = try connection.query("SELECT MAX(time) AS newest FROM mined_commit WHERE repo_id = $1", [repoID]).first?["newest"]
            var shas: [Int64: String] = [:]
            var authors: [Int64: String] = [:]
            for row in try connection.query("SELECT id, sha, author FROM mined_commit WHERE repo_id = $1", [repoID]) {
                let id = try row.int64("id")
                shas[id] = try row.string("sha")
                authors[id] = try row.string("author")
            }
            let rows = try connection.query(
                """
                SELECT t.counter_id, t.commit_id, c.time, t.count FROM commit_count t JOIN mined_commit c ON c.id = t.commit_id
                WHERE c.repo_id = $1 ORDER BY c.time, c.sha
                """, [repoID]
            ).map { row in
                CountHistory.Row(
                    counter: try row.int64("counter_id"), commit: try row.int64("commit_id"), time: try row.int64("time"),
                    count: try row.int("count"))
            }
            return CountHistory(
                counters: try counterNames(repoID: repoID), rows: rows, shas: shas, authors: authors,
                newest: newest.flatMap { Int64($0) } ?? 0)
        }
    }

    func lastConfirmation(
        repoID: Int64, scope: String, counter: (miner: String, key: String, value: String)?
    ) throws
        -> (time: Int64, laterCommits: Int, newest: Int64)?
    {
        try transaction {
            let filter = counter == nil ? "" : "AND k.miner = $3 AND k.key = $4 AND k.value = $5"
            var parameters: [(any PostgresValue)?] = [repoID, scope]
            if let counter { parameters.append(contentsOf: [counter.miner, counter.key, counter.value] as [(any PostgresValue)?]) }
            guard
                let last = try connection.query(
                    """
                    SELECT MAX(c.time) AS last FROM counter k JOIN commit_count t ON t.counter_id = k.id JOIN mined_commit c ON c.id = t.commit_id
                    WHERE k.repo_id = $1 AND k.scope = $2 \(filter)
                    """, parameters
                ).first?["last"].flatMap({ Int64($0) })
            else { return nil }
            let row = try connection.query(
                "SELECT COUNT(*) AS later, MAX(time) AS newest FROM mined_commit WHERE repo_id = $1 AND time > $2", [repoID, last]
            ).first
            return (last, try row?.int("later") ?? 0, row?["newest"].flatMap { Int64($0) } ?? last)
        }
    }

    func minedCommit(repoID: Int64, atOrBefore time: Int64) throws -> (sha: String, time: Int64)? {
        try locked {
            try connection.query(
                "SELECT sha, time FROM mined_commit WHERE repo_id = $1 AND time <= $2 ORDER BY time DESC, sha LIMIT 1", [repoID, time]
            ).first.map { (try $0.string("sha"), try $0.int64("time")) }
        }
    }

    func evidence(repoID: Int64, miner: String, scope: String, key: String, value: String, limit: Int) throws -> [EvidenceLocation] {
        try locked {
            try connection.query(
                """
                SELECT e.commit_sha, e.path, e.line, e.snippet FROM counter k
                JOIN commit_evidence e ON e.counter_id = k.id JOIN mined_commit c ON c.id = e.commit_id
                WHERE k.repo_id = $1 AND k.miner = $2 AND k.scope = $3 AND k.key = $4 AND k.value = $5
                ORDER BY c.time DESC, c.sha LIMIT $6
                """, [repoID, miner, scope, key, value, limit]
            ).map {
                EvidenceLocation(commit: try $0.string("commit_sha"), path: $0["path"], line: $0["line"].flatMap { Int($0) }, snippet: $0["snippet"])
            }
        }
    }

    func reportCommits(repoID: Int64) throws -> [(id: Int64, sha: String, time: Int64)] {
        try locked {
            try connection.query("SELECT id, sha, time FROM mined_commit WHERE repo_id = $1 ORDER BY time, sha", [repoID]).map {
                (try $0.int64("id"), try $0.string("sha"), try $0.int64("time"))
            }
        }
    }

    func reportCounters(repoID: Int64) throws -> [Int64: TallyKey] {
        try locked { try counterNames(repoID: repoID) }
    }

    func reportCounts(counters: [Int64], _ body: (Int64, Int64, Int) -> Void) throws {
        guard !counters.isEmpty else { return }
        try locked {
            for row in try connection.query(
                "SELECT commit_id, counter_id, count FROM commit_count WHERE counter_id = ANY($1::bigint[])",
                [PostgresArray(counters.sorted().map { Int64?($0) })])
            {
                body(try row.int64("commit_id"), try row.int64("counter_id"), try row.int("count"))
            }
        }
    }

    // MARK: Skills

    func finish(_ outcome: PassOutcome, skills: [Skill]) throws -> SkillChanges {
        try transaction {
            // Passes over one repository finish one after the other, as SQLite's single writer makes them: the
            // second plans against the first's versions rather than adding the same skill again.
            try connection.execute("SELECT id FROM repository WHERE id = $1 FOR UPDATE", [outcome.repoID])
            var stored: [String: StoredSkillState] = [:]
            for row in try connection.query("SELECT id, name, pinned FROM skill WHERE repo_id = $1 FOR UPDATE", [outcome.repoID]) {
                let id = try row.int64("id")
                stored[try row.string("name")] = StoredSkillState(id: id, latest: try latestVersion(skillID: id), pinned: try row.bool("pinned"))
            }
            let (writes, changes) = outcome.plan(found: skills, stored: stored)
            for write in writes {
                let content = try Self.json(write.current)
                let skillID: Int64
                if let id = write.id {
                    skillID = id
                    try connection.execute("UPDATE skill SET current = $1 WHERE id = $2", [content, id])
                } else {
                    guard
                        let id = try connection.query(
                            "INSERT INTO skill (repo_id, name, current) VALUES ($1, $2, $3) RETURNING id", [outcome.repoID, write.name, content]
                        ).first?.int64("id")
                    else { throw TasteError.store("skill \(write.name) was not stored") }
                    skillID = id
                }
                if write.isNewVersion {
                    try insertVersion(skillID: skillID, skill: write.current, from: outcome.fromSHA, through: outcome.head, author: "taste")
                }
            }
            try connection.execute(
                "UPDATE repository SET head = $1, ref = $2, mined_at = extract(epoch FROM now()) WHERE id = $3",
                [outcome.head, outcome.ref, outcome.repoID])
            try connection.execute(
                """
                INSERT INTO mining_pass (repo_id, started_at, finished_at, from_sha, to_sha, commits, skipped)
                VALUES ($1, $2, extract(epoch FROM now()), $3, $4, $5, $6)
                """,
                [outcome.repoID, outcome.startedAt.timeIntervalSince1970, outcome.fromSHA, outcome.head, outcome.commits, outcome.skippedSummary])
            return changes
        }
    }

    private static func json(_ skill: Skill) throws -> String {
        String(decoding: try Store.encoder.encode(skill), as: UTF8.self)
    }

    private func latestVersion(skillID: Int64) throws -> Skill? {
        guard
            let content = try connection.query(
                "SELECT content FROM skill_version WHERE skill_id = $1 ORDER BY version DESC LIMIT 1", [skillID]
            ).first?.string("content")
        else { return nil }
        return try JSONDecoder().decode(Skill.self, from: Data(content.utf8))
    }

    private func insertVersion(skillID: Int64, skill: Skill, from: String?, through: String, author: String) throws {
        try connection.execute(
            """
            INSERT INTO skill_version (skill_id, version, status, content, semantic_key, mined_from, mined_through, author, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, extract(epoch FROM now()))
            """, [skillID, skill.version, skill.status.rawValue, try Self.json(skill), skill.semanticKey, from, through, author])
    }

    func skills(repoID: Int64, includeRetired: Bool) throws -> [Skill] {
        try locked { try Self.skills(connection, repoID: repoID, includeRetired: includeRetired) }
    }

    func versions(repoID: Int64, skill name: String) throws -> [SkillVersionRecord] {
        try locked { try Self.versions(connection, repoID: repoID, skill: name) }
    }

    /// The repository's current skills, as `Store.skills` orders them; a reader's connection reads them too.
    static func skills(_ connection: PostgresConnection, repoID: Int64, includeRetired: Bool) throws -> [Skill] {
        try connection.query("SELECT current, pinned, muted FROM skill WHERE repo_id = $1 ORDER BY name", [repoID])
            .map { row in
                var skill = try JSONDecoder().decode(Skill.self, from: Data(try row.string("current").utf8))
                skill.pinned = try row.bool("pinned") ? true : nil
                skill.muted = try row.bool("muted") ? true : nil
                return skill
            }
            .filter { includeRetired || $0.status != .retired }
            .sorted { ($0.kindOrder, $0.name) < ($1.kindOrder, $1.name) }
    }

    /// Every stored version of a skill, oldest first.
    static func versions(_ connection: PostgresConnection, repoID: Int64, skill name: String) throws -> [SkillVersionRecord] {
        try connection.query(
            """
            SELECT v.version, v.status, v.content, v.mined_from, v.mined_through, v.author, v.created_at
            FROM skill_version v JOIN skill s ON s.id = v.skill_id
            WHERE s.repo_id = $1 AND s.name = $2 ORDER BY v.version
            """, [repoID, name]
        ).map { row in
            SkillVersionRecord(
                skill: try JSONDecoder().decode(Skill.self, from: Data(try row.string("content").utf8)), version: try row.int("version"),
                status: SkillStatus(rawValue: try row.string("status")) ?? .active, minedFrom: row["mined_from"],
                minedThrough: try row.string("mined_through"), author: try row.string("author"),
                createdAt: Date(timeIntervalSince1970: try row.double("created_at")))
        }
    }

    func allVersions(repoID: Int64) throws -> [String: [SkillVersionRecord]] {
        try transaction {
            var result: [String: [SkillVersionRecord]] = [:]
            for row in try connection.query("SELECT name FROM skill WHERE repo_id = $1", [repoID]) {
                let name = try row.string("name")
                result[name] = try Self.versions(connection, repoID: repoID, skill: name)
            }
            return result
        }
    }

    // MARK: A person's say

    /// Why a role `taste repo grant-reader` made cannot record a person's decision, and what to use instead.
    static func readOnlyRole(_ role: String) -> TasteError {
        .usage(
            "role '\(role)' only reads the fleet: pinning, muting, editing a skill and marking a review need the fleet owner's role "
                + "(the --store URL the workers use)")
    }

    /// A person's write; a role that may only read is told so in one line rather than with the server's words.
    @discardableResult
    private func personWrite<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.sqlState == "42501" {
            throw Self.readOnlyRole(try locked { try PostgresSkillReader.currentRole(connection) })
        }
    }

    func markReviewed(repoID: Int64, versions: [String: Int]) throws {
        let json = String(decoding: try Store.encoder.encode(versions), as: UTF8.self)
        try personWrite {
            try locked {
                try connection.execute(
                    "INSERT INTO review (repo_id, reviewed_at, versions) VALUES ($1, extract(epoch FROM clock_timestamp()), $2)", [repoID, json])
            }
        }
    }

    func lastReview(repoID: Int64) throws -> (date: Date, versions: [String: Int])? {
        try locked {
            guard
                let row = try connection.query(
                    "SELECT reviewed_at, versions FROM review WHERE repo_id = $1 ORDER BY id DESC LIMIT 1", [repoID]
                ).first
            else { return nil }
            let versions = try JSONDecoder().decode([String: Int].self, from: Data(try row.string("versions").utf8))
            return (Date(timeIntervalSince1970: try row.double("reviewed_at")), versions)
        }
    }

    func setPinned(_ pinned: Bool, repoID: Int64, skill name: String) throws -> Bool {
        try personWrite {
            try locked {
                try connection.execute("UPDATE skill SET pinned = $1 WHERE repo_id = $2 AND name = $3", [pinned, repoID, name]).affected > 0
            }
        }
    }

    func setMuted(_ muted: Bool, repoID: Int64, skill name: String) throws -> Bool {
        try personWrite {
            try locked {
                try connection.execute("UPDATE skill SET muted = $1 WHERE repo_id = $2 AND name = $3", [muted, repoID, name]).affected > 0
            }
        }
    }

    func storePersonVersion(repoID: Int64, skill name: String, markdown: String) throws -> Int {
        try personWrite { try storingPersonVersion(repoID: repoID, skill: name, markdown: markdown) }
    }

    private func storingPersonVersion(repoID: Int64, skill name: String, markdown: String) throws -> Int {
        try transaction {
            guard
                let skillID = try connection.query(
                    "SELECT id FROM skill WHERE repo_id = $1 AND name = $2 FOR UPDATE", [repoID, name]
                ).first?.int64("id"),
                let latest = try latestVersion(skillID: skillID),
                let head = try connection.query("SELECT head FROM repository WHERE id = $1", [repoID]).first?["head"]
            else {
                throw TasteError.unknownSkill(name)
            }
            let skill = latest.editedByPerson(markdown)
            try insertVersion(skillID: skillID, skill: skill, from: nil, through: head, author: "person")
            try connection.execute("UPDATE skill SET current = $1, pinned = true WHERE id = $2", [try Self.json(skill), skillID])
            return skill.version
        }
    }
}
