import Foundation
import GRDB
import GRDBSQLite

extension Store {
    // MARK: Repositories

    public func repository(gitDir: String) throws -> RepositoryRecord? {
        try read { db in try RepositoryRecord.filter(Column("git_dir") == gitDir).fetchOne(db) }
    }

    public func repositories() throws -> [RepositoryRecord] {
        try read { db in try RepositoryRecord.order(Column("name")).fetchAll(db) }
    }

    /// The stored repository for this git folder, added when new.
    func registerRepository(gitDir: String, workDir: String?, name: String) throws -> RepositoryRecord {
        try write { db in
            if var existing = try RepositoryRecord.filter(Column("git_dir") == gitDir).fetchOne(db) {
                if existing.workDir != workDir || existing.name != name {
                    existing.workDir = workDir
                    existing.name = name
                    try existing.update(db)
                }
                return existing
            }
            var record = RepositoryRecord(
                id: nil, gitDir: gitDir, workDir: workDir, name: name, ref: nil, head: nil,
                minedAt: nil, createdAt: Date(), miners: nil)
            try record.insert(db)
            return record
        }
    }

    // MARK: Mined commits

    func minedSHAs(repoID: Int64) throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, sql: "SELECT sha FROM mined_commit WHERE repo_id = ?", arguments: [repoID]))
        }
    }

    /// Stores a batch of mined commits with their counters, all or nothing.
    func insert(_ batch: [CommitObservation], repoID: Int64) throws {
        guard !batch.isEmpty else { return }
        try write { db in
            var counters = try counterIDs(db, repoID: repoID)
            let newCounter = try db.makeStatement(sql: "INSERT INTO counter (repo_id, miner, scope, key, value) VALUES (?, ?, ?, ?, ?)")
            func id(of key: TallyKey) throws -> Int64 {
                if let known = counters[key] { return known }
                try newCounter.execute(arguments: [repoID, key.miner, key.scope, key.key, key.value])
                counters[key] = db.lastInsertedRowID
                return db.lastInsertedRowID
            }
            let commit = try db.makeStatement(
                sql: """
                    INSERT INTO mined_commit (repo_id, sha, time, author, files, lines, skipped) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (repo_id, sha) DO NOTHING
                    """)
            let tally = try db.makeStatement(sql: "INSERT INTO commit_count (commit_id, counter_id, count) VALUES (?, ?, ?)")
            let evidence = try db.makeStatement(
                sql: """
                    INSERT INTO commit_evidence (commit_id, counter_id, commit_sha, path, line, snippet) VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for observation in batch {
                try commit.execute(arguments: [
                    repoID, observation.sha, observation.time, observation.author,
                    observation.files, observation.lines, observation.skipped,
                ])
                // A commit already stored (a concurrent pass got there first) is not counted twice. Only that
                // conflict is passed over: OR IGNORE would also drop a row a check refuses, and store the rest.
                guard db.changesCount > 0 else { continue }
                let commitID = db.lastInsertedRowID
                for (key, count) in observation.counts {
                    try Self.insertCount(tally, db, commitID, try id(of: key), Int64(count))
                }
                for (key, place) in observation.evidence {
                    try evidence.execute(arguments: [commitID, try id(of: key), place.commit, place.path, place.line, place.snippet])
                }
            }
        }
    }

    /// One count row through SQLite's C API: GRDB's argument arrays cost more than the insert itself on the
    /// hundreds of thousands of rows a pass writes.
    private static func insertCount(_ statement: Statement, _ db: Database, _ commit: Int64, _ counter: Int64, _ count: Int64) throws {
        let handle = statement.sqliteStatement
        sqlite3_bind_int64(handle, 1, commit)
        sqlite3_bind_int64(handle, 2, counter)
        sqlite3_bind_int64(handle, 3, count)
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw sqliteError(code, db) }
    }

    /// The error of a statement stepped through SQLite's C API, as GRDB would have thrown it.
    static func sqliteError(_ code: Int32, _ db: Database) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }

    func observations(repoID: Int64, shas: [String]) throws -> [CommitObservation] {
        try read { db in
            let counters = try counterNames(db, repoID: repoID)
            var observations: [CommitObservation] = []
            // SQLite caps a statement's parameters: a long list is read in slices.
            for start in stride(from: 0, to: shas.count, by: 500) {
                let slice = Array(shas[start..<min(start + 500, shas.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                var arguments: StatementArguments = [repoID]
                arguments += StatementArguments(slice)
                var byID: [Int64: Int] = [:]
                for row in try Row.fetchAll(
                    db, sql: "SELECT id, sha, time, author, files, lines, skipped FROM mined_commit WHERE repo_id = ? AND sha IN (\(marks))",
                    arguments: arguments)
                {
                    byID[row["id"]] = observations.count
                    observations.append(
                        CommitObservation(
                            sha: row["sha"], time: row["time"], author: row["author"], files: row["files"], lines: row["lines"],
                            skipped: row["skipped"], counts: [:], evidence: [:]))
                }
                let ids = byID.keys.map(String.init).joined(separator: ",")
                let counts = try Row.fetchCursor(db, sql: "SELECT commit_id, counter_id, count FROM commit_count WHERE commit_id IN (\(ids))")
                while let row = try counts.next() {
                    guard let index = byID[row[0]], let key = counters[row[1]] else { continue }
                    observations[index].counts[key] = row[2]
                }
                let places = try Row.fetchCursor(
                    db, sql: "SELECT commit_id, counter_id, commit_sha, path, line, snippet FROM commit_evidence WHERE commit_id IN (\(ids))")
                while let row = try places.next() {
                    guard let index = byID[row[0]], let key = counters[row[1]] else { continue }
                    observations[index].evidence[key] = EvidenceLocation(commit: row[2], path: row[3], line: row[4], snippet: row[5])
                }
            }
            return observations.sorted { ($0.time, $0.sha) < ($1.time, $1.sha) }
        }
    }

    /// The ids of a repository's counters.
    private func counterIDs(_ db: Database, repoID: Int64) throws -> [TallyKey: Int64] {
        var ids: [TallyKey: Int64] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, miner, scope, key, value FROM counter WHERE repo_id = ?", arguments: [repoID])
        while let row = try rows.next() {
            ids[TallyKey(miner: row[1], scope: row[2], key: row[3], value: row[4])] = row[0]
        }
        return ids
    }

    /// A repository's counters by id.
    private func counterNames(_ db: Database, repoID: Int64) throws -> [Int64: TallyKey] {
        Dictionary(uniqueKeysWithValues: try counterIDs(db, repoID: repoID).map { ($0.value, $0.key) })
    }

    /// Forgets every mined commit of a repository whose tallies were counted by other miners, so that the
    /// next pass counts history again with the current ones. Skill versions are kept.
    func resetTallies(repoID: Int64, miners fingerprint: String) throws -> Bool {
        try write { db in
            let stored = try String.fetchOne(db, sql: "SELECT miners FROM repository WHERE id = ?", arguments: [repoID])
            guard stored != fingerprint else { return false }
            try db.execute(sql: "DELETE FROM mined_commit WHERE repo_id = ?", arguments: [repoID])
            try db.execute(sql: "DELETE FROM counter WHERE repo_id = ?", arguments: [repoID])
            try db.execute(sql: "UPDATE repository SET miners = ? WHERE id = ?", arguments: [fingerprint, repoID])
            return stored != nil  // a repository seen for the first time has nothing to count again
        }
    }

    /// Keeps each counter's `kept` newest cited places (by commit time, then sha, as ``evidence`` reads them)
    /// and forgets the older ones, which no rule would show. Run after the walk: whichever way a history was
    /// split into passes, the same places remain.
    func pruneEvidence(repoID: Int64, keeping kept: Int) throws {
        try write { db in
            try db.execute(
                sql: """
                    DELETE FROM commit_evidence WHERE (counter_id, commit_id) IN (
                        SELECT counter_id, commit_id FROM (
                            SELECT e.counter_id, e.commit_id,
                                   ROW_NUMBER() OVER (PARTITION BY e.counter_id ORDER BY c.time DESC, c.sha) AS rank
                            FROM commit_evidence e JOIN mined_commit c ON c.id = e.commit_id WHERE c.repo_id = ?)
                        WHERE rank > ?)
                    """, arguments: [repoID, kept])
        }
    }

    /// Forgets mined commits that are no longer on the mainline (history was rewritten).
    func forgetCommits(repoID: Int64, keeping mainline: Set<String>) throws -> Int {
        let stored = try minedSHAs(repoID: repoID)
        let gone = stored.subtracting(mainline)
        guard !gone.isEmpty else { return 0 }
        try write { db in
            let delete = try db.makeStatement(sql: "DELETE FROM mined_commit WHERE repo_id = ? AND sha = ?")
            for sha in gone.sorted() { try delete.execute(arguments: [repoID, sha]) }
        }
        return gone.count
    }

    // MARK: Tallies

    /// When a counter was last counted (any counter of the scope, when `counter` is nil), and how many commits
    /// were mined after it (and when the newest was).
    func lastConfirmation(
        repoID: Int64, scope: String, counter: (miner: String, key: String, value: String)?
    )
        throws -> (time: Int64, laterCommits: Int, newest: Int64)?
    {
        try read { db in
            let filter = counter == nil ? "" : "AND k.miner = ? AND k.key = ? AND k.value = ?"
            var arguments: StatementArguments = [repoID, scope]
            if let counter { arguments += [counter.miner, counter.key, counter.value] }
            guard
                let last = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT MAX(c.time) FROM counter k JOIN commit_count t ON t.counter_id = k.id JOIN mined_commit c ON c.id = t.commit_id
                        WHERE k.repo_id = ? AND k.scope = ? \(filter)
                        """, arguments: arguments)
            else { return nil }
            let row = try Row.fetchOne(
                db, sql: "SELECT COUNT(*) AS later, MAX(time) AS newest FROM mined_commit WHERE repo_id = ? AND time > ?",
                arguments: [repoID, last])
            return (last, row?["later"] ?? 0, row?["newest"] ?? last)
        }
    }

    /// The newest mined commit at or before `time`.
    func minedCommit(repoID: Int64, atOrBefore time: Int64) throws -> (sha: String, time: Int64)? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT sha, time FROM mined_commit WHERE repo_id = ? AND time <= ? ORDER BY time DESC, sha LIMIT 1",
                arguments: [repoID, time]
            ).map { ($0["sha"], $0["time"]) }
        }
    }

    func evidence(repoID: Int64, miner: String, scope: String, key: String, value: String, limit: Int) throws -> [EvidenceLocation] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.commit_sha, e.path, e.line, e.snippet FROM counter k
                    JOIN commit_evidence e ON e.counter_id = k.id JOIN mined_commit c ON c.id = e.commit_id
                    WHERE k.repo_id = ? AND k.miner = ? AND k.scope = ? AND k.key = ? AND k.value = ?
                    ORDER BY c.time DESC, c.sha LIMIT ?
                    """, arguments: [repoID, miner, scope, key, value, limit]
            )
            .map { EvidenceLocation(commit: $0["commit_sha"], path: $0["path"], line: $0["line"], snippet: $0["snippet"]) }
        }
    }
}
