import Foundation
import GRDB
import GRDBSQLite

/// One counter's key in one scope of one miner: the subject a sequence of votes is about.
public struct SeriesKey: Hashable, Sendable, Comparable {
    public var miner: String
    public var scope: String
    public var key: String

    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool { (lhs.miner, lhs.scope, lhs.key) < (rhs.miner, rhs.scope, rhs.key) }
}

/// A repository's stored counts, read once per pass in first-parent order (commit time, then sha): the
/// weighted tallies, any part of them, and each counter's sequence of votes come from the same rows.
struct CountHistory: Sendable {
    struct Row: Sendable {
        var counter: Int64
        var commit: Int64
        var time: Int64
        var count: Int
    }

    var counters: [Int64: TallyKey]
    var rows: [Row]
    var shas: [Int64: String]
    var authors: [Int64: String] = [:]
    /// The newest mined commit's time, counted or not: ages are measured from it.
    var newest: Int64
    /// Each miner's rows, by index into `rows`: a miner's votes and tallies read only its own rows, where
    /// scanning every row once per miner was most of what synthesis cost.
    private(set) var rowsByMiner: [String: [Int32]] = [:]
    /// Each counter with its series, (miner, scope) and miner numbered, once per pass: the loops below run on every
    /// row, and hashing a series' names there cost more than the rest of their work.
    private var slots: [Int64: Slot] = [:]
    private var series = Numbering<SeriesKey>()
    private var scopes = Numbering<SeriesScope>()

    private struct Slot: Sendable {
        var counter: TallyKey
        var series: Int
        var scope: Int
        var miner: Int
    }

    init(counters: [Int64: TallyKey], rows: [Row], shas: [Int64: String], authors: [Int64: String], newest: Int64) {
        (self.counters, self.rows, self.shas, self.authors, self.newest) = (counters, rows, shas, authors, newest)
        var miners = Numbering<String>()
        for (id, counter) in counters {
            slots[id] = Slot(
                counter: counter, series: series.number(of: SeriesKey(miner: counter.miner, scope: counter.scope, key: counter.key)),
                scope: scopes.number(of: SeriesScope(miner: counter.miner, scope: counter.scope)), miner: miners.number(of: counter.miner))
        }
        var minerRows = [[Int32]](repeating: [], count: miners.values.count)
        for (index, row) in rows.enumerated() {
            guard let slot = slots[row.counter] else { continue }
            minerRows[slot.miner].append(Int32(index))
        }
        rowsByMiner = Dictionary(uniqueKeysWithValues: zip(miners.values, minerRows).filter { !$0.1.isEmpty })
    }

    /// How many rows a miner counted: what working out its rules costs.
    func rowCount(of miner: String) -> Int { rowsByMiner[miner]?.count ?? 0 }

    /// Calls `body` with each row a miner counted (every row without one), in order, copying none.
    private func forEachRow(of miner: String?, _ body: (Row) -> Void) {
        guard let miner else { return rows.forEach(body) }
        for index in rowsByMiner[miner] ?? [] { body(rows[Int(index)]) }
    }

    /// The weighted totals of every miner, each commit's counts losing half their weight every `halfLife`
    /// seconds before the newest mined commit. `starting` and `ending` keep, for the series they name, only
    /// the counts at or after (before) a time: the tallies since, or until, a change of convention.
    func tallies(
        halfLife: Double, recentHalfLife: Double, starting: [SeriesKey: Int64] = [:], ending: [SeriesKey: Int64] = [:],
        only miner: String? = nil
    ) -> [String: MinerTallies] {
        let week: Int64 = 7 * 86_400
        struct Group: Hashable {
            var counter: Int64
            var week: Int64
        }
        var groups: [Group: (total: Int, commits: Int)] = [:]
        var commitsByScope: [Int: Set<Int64>] = [:]
        let filtered = !starting.isEmpty || !ending.isEmpty
        let (from, until) = (bySeries(starting), bySeries(ending))
        forEachRow(of: miner) { row in
            guard let slot = slots[row.counter] else { return }
            if filtered {
                if let from = from[slot.series], row.time < from { return }
                if let until = until[slot.series], row.time >= until { return }
            }
            Self.add(row, into: &groups[Group(counter: row.counter, week: row.time / week), default: (0, 0)])
            commitsByScope[slot.scope, default: []].insert(row.commit)
        }
        var result: [String: MinerTallies] = [:]
        // In (counter, week) order, so that the weights add up the same way every time.
        for (group, sums) in groups.sorted(by: { ($0.key.counter, $0.key.week) < ($1.key.counter, $1.key.week) }) {
            guard let counter = slots[group.counter]?.counter else { continue }
            let age = Double(max(0, newest / week - group.week)) * Double(week)
            let (miner, scope, key, value) = (counter.miner, counter.scope, counter.key, counter.value)
            var stat =
                result[miner, default: MinerTallies()].scopes[scope, default: ScopeTallies()].values[key, default: [:]][value]
                ?? TallyStat(weight: 0, recent: 0, count: 0, commits: 0)
            stat.weight += Double(sums.total) * pow(0.5, age / halfLife)
            stat.recent += Double(sums.total) * pow(0.5, age / recentHalfLife)
            stat.count += sums.total
            stat.commits += sums.commits
            result[miner, default: MinerTallies()].scopes[scope, default: ScopeTallies()].values[key, default: [:]][value] = stat
        }
        for (number, commits) in commitsByScope {
            let scope = scopes.values[number]
            result[scope.miner, default: MinerTallies()].scopes[scope.scope, default: ScopeTallies()].commits = commits.count
        }
        return result
    }

    private static func add(_ row: Row, into sums: inout (total: Int, commits: Int)) {
        sums.total += row.count
        sums.commits += 1
    }

    /// Times by series number, for the series a switch names.
    private func bySeries(_ times: [SeriesKey: Int64]) -> [Int: Int64] {
        var result: [Int: Int64] = [:]
        for (key, time) in times { if let number = series.index[key] { result[number] = time } }
        return result
    }

    /// Each series' votes, oldest first: one per commit that counted anything for the key, its values' shares.
    func votes(of miner: String) -> [SeriesKey: [Vote]] {
        var bySeries: [Int: [Vote]] = [:]
        var commit: Int64?
        var open: [Int: (time: Int64, counts: [String: Double])] = [:]
        func settle() {
            guard let commit else { return }
            for (series, cell) in open {
                let total = cell.counts.values.reduce(0, +)
                guard total > 0 else { continue }
                bySeries[series, default: []].append(
                    Vote(
                        commit: shas[commit] ?? "", time: cell.time, shares: cell.counts.mapValues { $0 / total },
                        author: authors[commit] ?? ""))
            }
            open.removeAll(keepingCapacity: true)
        }
        forEachRow(of: miner) { row in
            guard let slot = slots[row.counter] else { return }
            if row.commit != commit {
                settle()
                commit = row.commit
            }
            open[slot.series, default: (row.time, [:])].counts[slot.counter.value, default: 0] += Double(row.count)
        }
        settle()
        return Dictionary(uniqueKeysWithValues: bySeries.map { (series.values[$0.key], $0.value) })
    }
}

extension CountHistory {
    /// Each miner's tallies over only the latest `window` commits that counted anything for it in a scope, each
    /// commit weighing the same: a single large merge cannot outvote the others, and one odd merge never turns
    /// the majority. Read from the rows already in memory, newest commit first (time, then sha, ascending).
    func latestTallies(window: Int, only miner: String? = nil) -> [String: MinerTallies] {
        // The rows run oldest first, one commit's rows together; take each commit's run, newest first.
        let picked: [Int] = miner.map { (rowsByMiner[$0] ?? []).map(Int.init) } ?? Array(rows.indices)
        var runs: [Range<Int>] = []
        var start = 0
        for position in picked.indices.dropFirst() where rows[picked[position]].commit != rows[picked[position - 1]].commit {
            runs.append(start..<position)
            start = position
        }
        if !picked.isEmpty { runs.append(start..<picked.count) }
        runs.sort { lhs, rhs in
            let (left, right) = (rows[picked[lhs.lowerBound]], rows[picked[rhs.lowerBound]])
            if left.time != right.time { return left.time > right.time }
            return (shas[left.commit] ?? "") < (shas[right.commit] ?? "")
        }
        var taken = [Int](repeating: 0, count: scopes.values.count)
        var result: [String: MinerTallies] = [:]
        for run in runs {
            // Most commits come after every scope they counted for has its window: nothing of theirs is read.
            guard picked[run].contains(where: { slots[rows[$0].counter].map { taken[$0.scope] < window } ?? false }) else { continue }
            let cells = picked[run].compactMap { index in slots[rows[index].counter].map { (slot: $0, count: rows[index].count) } }
            // Within one commit: each (miner, scope) it counted for takes a place in its window, and each value's
            // share of its key is the commit's vote.
            var totals: [Int: Int] = [:]
            for cell in cells { totals[cell.slot.series, default: 0] += cell.count }
            var admitted: [Int: Bool] = [:]
            for cell in cells {
                let number = cell.slot.scope
                let inWindow =
                    admitted[number]
                    ?? {
                        let open = taken[number] < window
                        if open { taken[number] += 1 }
                        admitted[number] = open
                        return open
                    }()
                guard inWindow else { continue }
                let scope = scopes.values[number]
                let total = totals[cell.slot.series] ?? 1
                let share = Double(cell.count) / Double(max(total, 1))
                result[scope.miner, default: MinerTallies()].add(
                    cell.count, weight: share, scope: scope.scope, key: cell.slot.counter.key, value: cell.slot.counter.value)
            }
        }
        for (number, commits) in taken.enumerated() where commits > 0 {
            let scope = scopes.values[number]
            result[scope.miner, default: MinerTallies()].scopes[scope.scope, default: ScopeTallies()].commits = commits
        }
        return result
    }
}

/// One miner's counts in one scope.
private struct SeriesScope: Hashable, Sendable {
    var miner: String
    var scope: String
}

/// Values numbered 0, 1, 2… in the order they are first seen.
private struct Numbering<Value: Hashable & Sendable>: Sendable {
    private(set) var values: [Value] = []
    private(set) var index: [Value: Int] = [:]

    mutating func number(of value: Value) -> Int {
        if let known = index[value] { return known }
        index[value] = values.count
        values.append(value)
        return values.count - 1
    }
}

extension Store {
    /// Every count of a repository with its commit's time, in first-parent order: one scan for the whole pass.
    func countHistory(repoID: Int64) throws -> CountHistory {
        try read { db in
            let newest = try Int64.fetchOne(db, sql: "SELECT MAX(time) FROM mined_commit WHERE repo_id = ?", arguments: [repoID]) ?? 0
            var counters: [Int64: TallyKey] = [:]
            let names = try GRDB.Row.fetchCursor(
                db, sql: "SELECT id, miner, scope, key, value FROM counter WHERE repo_id = ?", arguments: [repoID])
            while let row = try names.next() {
                counters[row[0]] = TallyKey(miner: row[1], scope: row[2], key: row[3], value: row[4])
            }
            var shas: [Int64: String] = [:]
            var authors: [Int64: String] = [:]
            let commits = try GRDB.Row.fetchCursor(
                db, sql: "SELECT id, sha, author FROM mined_commit WHERE repo_id = ?", arguments: [repoID])
            while let row = try commits.next() {
                shas[row[0]] = row[1]
                authors[row[0]] = row[2]
            }
            // Every count row, read through SQLite's C API: decoding a hundred thousand rows through GRDB's rows
            // took longer than the query, and synthesis waits for them all.
            var rows: [CountHistory.Row] = []
            let counts = try db.makeStatement(
                sql: """
                    SELECT t.counter_id, t.commit_id, c.time, t.count FROM commit_count t JOIN mined_commit c ON c.id = t.commit_id
                    WHERE c.repo_id = ? ORDER BY c.time, c.sha
                    """)
            let handle = counts.sqliteStatement
            sqlite3_bind_int64(handle, 1, repoID)
            defer { sqlite3_reset(handle) }
            var code = sqlite3_step(handle)
            while code == SQLITE_ROW {
                rows.append(
                    CountHistory.Row(
                        counter: sqlite3_column_int64(handle, 0), commit: sqlite3_column_int64(handle, 1),
                        time: sqlite3_column_int64(handle, 2), count: Int(sqlite3_column_int64(handle, 3))))
                code = sqlite3_step(handle)
            }
            guard code == SQLITE_DONE else { throw Self.sqliteError(code, db) }
            return CountHistory(counters: counters, rows: rows, shas: shas, authors: authors, newest: newest)
        }
    }
}
