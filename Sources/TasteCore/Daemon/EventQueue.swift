import Foundation
import GRDB

/// A merge a hook handed over.
public struct MergeEvent: Sendable, Equatable {
    public var id: Int64
    public var gitDir: String
    public var hook: String
    public var ref: String?
    public var oldHead: String?
    public var newHead: String?
    public var createdAt: Date
    /// Passes that claimed it, this one included.
    public var attempts: Int
}

/// An event whose passes failed `Store.maxEventAttempts` times: it waits for `taste daemon retry` instead
/// of being mined again and again.
public struct QuarantinedEvent: Sendable, Equatable, Codable {
    public var id: Int64
    public var gitDir: String
    public var attempts: Int
    public var error: String?

    public init(id: Int64, gitDir: String, attempts: Int, error: String?) {
        self.id = id
        self.gitDir = gitDir
        self.attempts = attempts
        self.error = error
    }

    private enum CodingKeys: String, CodingKey {
        case id, attempts, error
        case gitDir = "repo"
    }
}

/// The queue's figures for `taste daemon status`.
public struct QueueStatus: Sendable, Equatable, Codable {
    public var queued: Int
    public var failed: Int
    public var quarantined: [QuarantinedEvent] = []
    public var repositories: Int
    public var lastEventRepository: String?
    public var lastEventAt: Date?
    /// Seconds from the hook's notify to the end of the pass that processed it.
    public var lastLatency: Double?
}

/// The durable event queue: `taste notify` appends, the daemon claims and completes. An event is only ever
/// marked done after the pass that covered it committed, so a crash leaves it to be processed again; the
/// pass itself never counts a commit twice, so processing twice changes nothing. Every claim counts an
/// attempt, whether the pass then fails or the daemon dies in it; after `maxEventAttempts` the event is
/// quarantined (state `failed`), so that one bad repository cannot keep the daemon busy or crashing.
extension Store {
    public static let maxEventAttempts = 3
    @discardableResult
    public func enqueue(gitDir: String, hook: String, ref: String?, oldHead: String?, newHead: String?) throws -> Int64 {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO event (git_dir, hook, ref, old_head, new_head, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [gitDir, hook, ref, oldHead, newHead, Date()])
            return db.lastInsertedRowID
        }
    }

    /// Events a dead daemon had claimed: those with attempts left go back to the queue (their repositories are
    /// returned, oldest event first), the others are quarantined.
    public func requeueUnfinished() throws -> [String] {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE event SET state = 'failed', finished_at = ?,
                        error = 'the daemon ended during each of its ' || attempts || ' passes (a crash or a kill)'
                    WHERE state = 'processing' AND attempts >= ?
                    """, arguments: [Date(), Self.maxEventAttempts])
            let requeued = try String.fetchAll(
                db, sql: "SELECT git_dir FROM event WHERE state = 'processing' GROUP BY git_dir ORDER BY MIN(id)")
            try db.execute(sql: "UPDATE event SET state = 'queued' WHERE state = 'processing'")
            return requeued
        }
    }

    /// Repositories with queued events, oldest event first.
    public func repositoriesWaiting() throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT git_dir FROM event WHERE state = 'queued' GROUP BY git_dir ORDER BY MIN(id)
                    """)
        }
    }

    /// Claims every queued event of a repository: one pass covers them all.
    public func claim(gitDir: String) throws -> [MergeEvent] {
        try write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM event WHERE state = 'queued' AND git_dir = ? ORDER BY id
                    """, arguments: [gitDir])
            try db.execute(
                sql: """
                    UPDATE event SET state = 'processing', attempts = attempts + 1 WHERE state = 'queued' AND git_dir = ?
                    """, arguments: [gitDir])
            return rows.map { row in
                MergeEvent(
                    id: row["id"], gitDir: row["git_dir"], hook: row["hook"], ref: row["ref"],
                    oldHead: row["old_head"], newHead: row["new_head"], createdAt: row["created_at"],
                    attempts: row["attempts"] + 1)
            }
        }
    }

    public func complete(_ events: [MergeEvent]) throws {
        guard !events.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(sql: "UPDATE event SET state = 'done', error = NULL, finished_at = ? WHERE id = ?")
            let now = Date()
            for event in events {
                try statement.execute(arguments: [now, event.id])
            }
        }
    }

    /// Records a failed pass over `events`: each goes back to the queue, or into quarantine once its attempts
    /// are spent.
    public func fail(_ events: [MergeEvent], error: String) throws {
        guard !events.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(
                sql: """
                    UPDATE event SET error = ?,
                        state = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END,
                        finished_at = CASE WHEN attempts >= ? THEN ? ELSE NULL END
                    WHERE id = ?
                    """)
            let now = Date()
            for event in events {
                try statement.execute(arguments: [error, Self.maxEventAttempts, Self.maxEventAttempts, now, event.id])
            }
        }
    }

    /// Quarantined events, oldest first.
    public func quarantinedEvents() throws -> [QuarantinedEvent] {
        try read(Self.quarantinedEvents)
    }

    private static func quarantinedEvents(_ db: Database) throws -> [QuarantinedEvent] {
        try Row.fetchAll(db, sql: "SELECT id, git_dir, attempts, error FROM event WHERE state = 'failed' ORDER BY id").map { row in
            QuarantinedEvent(id: row["id"], gitDir: row["git_dir"], attempts: row["attempts"], error: row["error"])
        }
    }

    /// The git folders events of the repository at `path` are recorded under: the one `taste notify` records,
    /// and for a repository gone since, the path itself and its `.git`.
    public static func eventGitDirs(forRepository path: String) -> [String] {
        var absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        absolute = (absolute as NSString).standardizingPath
        let found = (try? GitRepository(path: path)).map { [$0.gitDirectory] } ?? []
        return found + [absolute, absolute + "/.git"]
    }

    /// Puts quarantined events (of the repositories in `gitDirs`, or all) back in the queue with their attempts
    /// renewed; returns how many.
    @discardableResult
    public func retryQuarantined(gitDirs: [String]? = nil) throws -> Int {
        try write { db in
            var sql = "UPDATE event SET state = 'queued', attempts = 0, finished_at = NULL WHERE state = 'failed'"
            var arguments: StatementArguments = []
            if let gitDirs {
                sql += " AND git_dir IN (\(databaseQuestionMarks(count: gitDirs.count)))"
                arguments = StatementArguments(gitDirs)
            }
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount
        }
    }

    public func queueStatus() throws -> QueueStatus {
        try read { db in
            let queued = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE state IN ('queued', 'processing')") ?? 0
            let failed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE state = 'failed'") ?? 0
            let repositories = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT git_dir) FROM event") ?? 0
            let last = try Row.fetchOne(
                db,
                sql: """
                    SELECT git_dir, created_at, finished_at FROM event WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1
                    """)
            var latency: Double?
            if let created: Date = last?["created_at"], let finished: Date = last?["finished_at"] {
                latency = finished.timeIntervalSince(created)
            }
            return QueueStatus(
                queued: queued, failed: failed, quarantined: try Self.quarantinedEvents(db), repositories: repositories,
                lastEventRepository: last?["git_dir"], lastEventAt: last?["created_at"], lastLatency: latency)
        }
    }
}
