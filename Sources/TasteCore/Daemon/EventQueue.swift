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
}

/// The queue's figures for `taste daemon status`.
public struct QueueStatus: Sendable, Equatable, Codable {
    public var queued: Int
    public var failed: Int
    public var repositories: Int
    public var lastEventRepository: String?
    public var lastEventAt: Date?
    /// Seconds from the hook's notify to the end of the pass that processed it.
    public var lastLatency: Double?
}

/// The durable event queue: `taste notify` appends, the daemon claims and completes. An event is only ever
/// marked done after the pass that covered it committed, so a crash leaves it to be processed again; the
/// pass itself never counts a commit twice, so processing twice changes nothing.
extension Store {
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

    /// Events a crashed daemon had claimed go back to the queue.
    public func requeueUnfinished() throws -> Int {
        try write { db in
            try db.execute(sql: "UPDATE event SET state = 'queued' WHERE state = 'processing'")
            return db.changesCount
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
                    oldHead: row["old_head"], newHead: row["new_head"], createdAt: row["created_at"])
            }
        }
    }

    public func complete(_ events: [MergeEvent], error: String? = nil) throws {
        guard !events.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(sql: "UPDATE event SET state = ?, error = ?, finished_at = ? WHERE id = ?")
            let now = Date()
            for event in events {
                try statement.execute(arguments: [error == nil ? "done" : "failed", error, now, event.id])
            }
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
                queued: queued, failed: failed, repositories: repositories,
                lastEventRepository: last?["git_dir"], lastEventAt: last?["created_at"], lastLatency: latency)
        }
    }
}
