import Foundation
import GRDB

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
            var record = RepositoryRecord(id: nil, gitDir: gitDir, workDir: workDir, name: name, ref: nil, head: nil,
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
            let commit = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO mined_commit (repo_id, sha, time, author, files, lines, skipped) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            let tally = try db.makeStatement(sql: """
                INSERT INTO tally (repo_id, miner, scope, key, value, sha, count) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            let evidence = try db.makeStatement(sql: """
                INSERT INTO evidence (repo_id, miner, scope, key, value, sha, commit_sha, path, line, snippet)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for observation in batch {
                try commit.execute(arguments: [repoID, observation.sha, observation.time, observation.author,
                                               observation.files, observation.lines, observation.skipped])
                // A commit already stored (a concurrent pass got there first) is not counted twice.
                guard db.changesCount > 0 else { continue }
                for (key, count) in observation.counts {
                    try tally.execute(arguments: [repoID, key.miner, key.scope, key.key, key.value, observation.sha, count])
                }
                for (key, place) in observation.evidence {
                    try evidence.execute(arguments: [repoID, key.miner, key.scope, key.key, key.value, observation.sha,
                                                     place.commit, place.path, place.line, place.snippet])
                }
            }
        }
    }

    /// Forgets every mined commit of a repository whose tallies were counted by other miners, so that the
    /// next pass counts history again with the current ones. Skill versions are kept.
    func resetTallies(repoID: Int64, miners fingerprint: String) throws -> Bool {
        try write { db in
            let stored = try String.fetchOne(db, sql: "SELECT miners FROM repository WHERE id = ?", arguments: [repoID])
            guard stored != fingerprint else { return false }
            try db.execute(sql: "DELETE FROM mined_commit WHERE repo_id = ?", arguments: [repoID])
            try db.execute(sql: "UPDATE repository SET miners = ? WHERE id = ?", arguments: [fingerprint, repoID])
            return stored != nil  // a repository seen for the first time has nothing to count again
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

    /// Every miner's totals, each commit's counts weighted by its age relative to the newest mined commit:
    /// a count loses half its weight every `halfLife` seconds.
    func tallies(repoID: Int64, halfLife: Double, recentHalfLife: Double) throws -> [String: MinerTallies] {
        try read { db in
            let week: Int64 = 7 * 86_400
            let newest = try Int64.fetchOne(db, sql: "SELECT MAX(time) FROM mined_commit WHERE repo_id = ?", arguments: [repoID]) ?? 0
            var result: [String: MinerTallies] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT t.miner, t.scope, t.key, t.value, c.time / \(week) AS week, SUM(t.count) AS total, COUNT(*) AS commits
                FROM tally t JOIN mined_commit c ON c.repo_id = t.repo_id AND c.sha = t.sha
                WHERE t.repo_id = ?
                GROUP BY t.miner, t.scope, t.key, t.value, week
                """, arguments: [repoID])
            while let row = try rows.next() {
                let miner: String = row["miner"], scope: String = row["scope"], key: String = row["key"], value: String = row["value"]
                let weekIndex: Int64 = row["week"], total: Int = row["total"], commits: Int = row["commits"]
                let age = Double(max(0, newest / week - weekIndex)) * Double(week)
                let weight = Double(total) * pow(0.5, age / halfLife)
                var stat = result[miner, default: MinerTallies()].scopes[scope, default: ScopeTallies()].values[key, default: [:]][value]
                    ?? TallyStat(weight: 0, recent: 0, count: 0, commits: 0)
                stat.weight += weight
                stat.recent += Double(total) * pow(0.5, age / recentHalfLife)
                stat.count += total
                stat.commits += commits
                result[miner, default: MinerTallies()].scopes[scope, default: ScopeTallies()].values[key, default: [:]][value] = stat
            }
            let scopes = try Row.fetchCursor(db, sql: """
                SELECT miner, scope, COUNT(DISTINCT sha) AS commits FROM tally WHERE repo_id = ? GROUP BY miner, scope
                """, arguments: [repoID])
            while let row = try scopes.next() {
                let miner: String = row["miner"], scope: String = row["scope"]
                result[miner, default: MinerTallies()].scopes[scope, default: ScopeTallies()].commits = row["commits"]
            }
            return result
        }
    }

    /// Each miner's tallies over only the latest `window` commits that counted anything for it in a scope, each
    /// commit weighing the same: a single large merge cannot outvote the others, and one odd merge never turns
    /// the majority.
    func latestTallies(repoID: Int64, window: Int) throws -> [String: MinerTallies] {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: """
                WITH commits AS (
                    SELECT DISTINCT t.miner, t.scope, t.sha, c.time FROM tally t
                    JOIN mined_commit c ON c.repo_id = t.repo_id AND c.sha = t.sha WHERE t.repo_id = ?),
                ranked AS (
                    SELECT miner, scope, sha, ROW_NUMBER() OVER (PARTITION BY miner, scope ORDER BY time DESC, sha) AS rank
                    FROM commits)
                SELECT t.miner, t.scope, t.key, t.value, t.sha, t.count FROM tally t
                JOIN ranked r ON r.miner = t.miner AND r.scope = t.scope AND r.sha = t.sha
                WHERE t.repo_id = ? AND r.rank <= ?
                """, arguments: [repoID, repoID, window])
            struct Cell { var miner: String; var scope: String; var key: String; var value: String; var sha: String; var count: Int }
            var cells: [Cell] = []
            var totals: [String: Int] = [:]  // per miner, scope, key and commit
            var commits: [String: Set<String>] = [:]
            while let row = try rows.next() {
                let cell = Cell(miner: row["miner"], scope: row["scope"], key: row["key"], value: row["value"], sha: row["sha"], count: row["count"])
                cells.append(cell)
                totals["\(cell.miner)\u{1}\(cell.scope)\u{1}\(cell.key)\u{1}\(cell.sha)", default: 0] += cell.count
                commits["\(cell.miner)\u{1}\(cell.scope)", default: []].insert(cell.sha)
            }
            var result: [String: MinerTallies] = [:]
            for cell in cells {
                let total = totals["\(cell.miner)\u{1}\(cell.scope)\u{1}\(cell.key)\u{1}\(cell.sha)"] ?? 1
                let share = Double(cell.count) / Double(max(total, 1))
                var stat = result[cell.miner, default: MinerTallies()].scopes[cell.scope, default: ScopeTallies()]
                    .values[cell.key, default: [:]][cell.value] ?? TallyStat(weight: 0, recent: 0, count: 0, commits: 0)
                stat.weight += share
                stat.recent += share
                stat.count += cell.count
                stat.commits += 1
                result[cell.miner, default: MinerTallies()].scopes[cell.scope, default: ScopeTallies()].values[cell.key, default: [:]][cell.value] = stat
            }
            for (key, shas) in commits {
                let parts = key.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
                result[parts[0], default: MinerTallies()].scopes[parts[1], default: ScopeTallies()].commits = shas.count
            }
            return result
        }
    }

    /// The most recent cited places for a counter.
    /// When a counter was last counted (any counter of the scope, when `counter` is nil), and how many commits
    /// were mined after it (and when the newest was).
    func lastConfirmation(repoID: Int64, scope: String, counter: (miner: String, key: String, value: String)?)
        throws -> (time: Int64, laterCommits: Int, newest: Int64)? {
        try read { db in
            let filter = counter == nil ? "" : "AND t.miner = ? AND t.key = ? AND t.value = ?"
            var arguments: StatementArguments = [repoID, scope]
            if let counter { arguments += [counter.miner, counter.key, counter.value] }
            guard let last = try Int64.fetchOne(db, sql: """
                SELECT MAX(c.time) FROM tally t JOIN mined_commit c ON c.repo_id = t.repo_id AND c.sha = t.sha
                WHERE t.repo_id = ? AND t.scope = ? \(filter)
                """, arguments: arguments) else { return nil }
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS later, MAX(time) AS newest FROM mined_commit WHERE repo_id = ? AND time > ?",
                                       arguments: [repoID, last])
            return (last, row?["later"] ?? 0, row?["newest"] ?? last)
        }
    }

    /// The newest mined commit at or before `time`.
    func minedCommit(repoID: Int64, atOrBefore time: Int64) throws -> (sha: String, time: Int64)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT sha, time FROM mined_commit WHERE repo_id = ? AND time <= ? ORDER BY time DESC, sha LIMIT 1",
                             arguments: [repoID, time]).map { ($0["sha"], $0["time"]) }
        }
    }

    func evidence(repoID: Int64, miner: String, scope: String, key: String, value: String, limit: Int) throws -> [EvidenceLocation] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.commit_sha, e.path, e.line, e.snippet FROM evidence e
                JOIN mined_commit c ON c.repo_id = e.repo_id AND c.sha = e.sha
                WHERE e.repo_id = ? AND e.miner = ? AND e.scope = ? AND e.key = ? AND e.value = ?
                ORDER BY c.time DESC, e.sha LIMIT ?
                """, arguments: [repoID, miner, scope, key, value, limit])
            .map { EvidenceLocation(commit: $0["commit_sha"], path: $0["path"], line: $0["line"], snippet: $0["snippet"]) }
        }
    }
}
