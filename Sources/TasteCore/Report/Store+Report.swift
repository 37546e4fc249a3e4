import Foundation
import GRDB

/// What `taste report` reads: the mainline commits in order, the counters, and the per-commit counts of the few
/// counters it charts. Nothing is mined again.
extension Store {
    /// A repository's mined mainline commits, oldest first (commit time, then sha, as the tallies order them).
    func reportCommits(repoID: Int64) throws -> [(id: Int64, sha: String, time: Int64)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, sha, time FROM mined_commit WHERE repo_id = ? ORDER BY time, sha", arguments: [repoID])
                .map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// A repository's counters by id.
    func reportCounters(repoID: Int64) throws -> [Int64: TallyKey] {
        try read { db in
            var counters: [Int64: TallyKey] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, miner, scope, key, value FROM counter WHERE repo_id = ?", arguments: [repoID])
            while let row = try rows.next() {
                counters[row[0]] = TallyKey(miner: row[1], scope: row[2], key: row[3], value: row[4])
            }
            return counters
        }
    }

    /// Calls `body` with (commit id, counter id, count) for every count of the given counters: read through the
    /// counter index, so that a report charting a few counters never scans every count of the history.
    func reportCounts(counters: [Int64], _ body: (Int64, Int64, Int) -> Void) throws {
        guard !counters.isEmpty else { return }
        try read { db in
            // Integer ids, written into the statement: no bound-variable limit to mind.
            let list = counters.sorted().map(String.init).joined(separator: ",")
            let rows = try Row.fetchCursor(db, sql: "SELECT commit_id, counter_id, count FROM commit_count WHERE counter_id IN (\(list))")
            while let row = try rows.next() { body(row[0], row[1], row[2]) }
        }
    }
}
