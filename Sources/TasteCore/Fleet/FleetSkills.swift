import Foundation
import GRDB

/// A fleet repository's skills are PostgreSQL's: people pin, mute and edit them there, and PostgreSQL numbers their
/// versions. A worker's cache holds a copy of each skill's current content and latest version, so that its pass
/// carries stale flags and split rules over as a pass on the worker before it would have; the pass's skills are
/// then versioned again in PostgreSQL, against what is stored there when the pass completes.
enum FleetSkills {
    /// One skill as a store holds it before a pass: what synthesis and versioning read.
    private struct Latest: Equatable {
        var name: String
        var current: String
        var pinned: Bool
        var muted: Bool
        var version: Int
        var status: String
        var content: String
        var semanticKey: String
        var minedFrom: String?
        var minedThrough: String
        var author: String
        var createdAt: Double
    }

    /// Makes the cache's skills of the repository PostgreSQL's: each skill's current content, pin and mute, and its
    /// latest version with its number. A skill the cache holds otherwise (another worker versioned it since, a
    /// person edited it, or this worker's own pass lost its lease) is replaced, with its latest version only: the
    /// cache needs no more of the history. Returns the skills updated, replaced or removed.
    static func seed(_ cache: Store, gitDir: String, from fleet: PostgresStore, repositoryID: Int64) throws -> Int {
        let shared = try fleet.connection.query(
            """
            SELECT s.name, s.current, s.pinned, s.muted, v.version, v.status, v.content, v.semantic_key, v.mined_from,
                   v.mined_through, v.author, v.created_at
            FROM skill s JOIN LATERAL (SELECT * FROM skill_version WHERE skill_id = s.id ORDER BY version DESC LIMIT 1) v ON true
            WHERE s.repo_id = $1
            """, [repositoryID]
        ).map { row in
            Latest(
                name: try row.string("name"), current: try row.string("current"), pinned: try row.bool("pinned"),
                muted: try row.bool("muted"), version: try row.int("version"), status: try row.string("status"),
                content: try row.string("content"), semanticKey: try row.string("semantic_key"), minedFrom: row["mined_from"],
                minedThrough: try row.string("mined_through"), author: try row.string("author"), createdAt: try row.double("created_at"))
        }
        let repository = try GitRepository(path: gitDir)
        let local = try cache.registerRepository(gitDir: repository.gitDirectory, workDir: repository.workDirectory, name: repository.displayName)
        guard let localID = local.id else { return 0 }
        return try cache.write { db in
            var cached: [String: (id: Int64, latest: Latest)] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.name, s.current, s.pinned, s.muted, v.version, v.status, v.content, v.semantic_key, v.mined_from,
                           v.mined_through, v.author, v.created_at
                    FROM skill s JOIN skill_version v ON v.skill_id = s.id
                    WHERE s.repo_id = ? AND v.version = (SELECT MAX(version) FROM skill_version WHERE skill_id = s.id)
                    """, arguments: [localID])
            {
                let created: Date = row["created_at"]
                cached[row["name"]] = (
                    row["id"],
                    Latest(
                        name: row["name"], current: row["current"], pinned: row["pinned"], muted: row["muted"], version: row["version"],
                        status: row["status"], content: row["content"], semanticKey: row["semantic_key"], minedFrom: row["mined_from"],
                        minedThrough: row["mined_through"], author: row["author"], createdAt: created.timeIntervalSince1970)
                )
            }
            var replaced = 0
            for skill in shared {
                let mine = cached.removeValue(forKey: skill.name)
                if let mine, Self.sameState(mine.latest, skill) { continue }
                replaced += 1
                if let mine, mine.latest.version == skill.version, mine.latest.content == skill.content {
                    try db.execute(
                        sql: "UPDATE skill SET current = ?, pinned = ?, muted = ? WHERE id = ?",
                        arguments: [skill.current, skill.pinned, skill.muted, mine.id])
                    continue
                }
                // Versions are append-only: a cached version PostgreSQL numbered otherwise goes with its skill row.
                if let mine { try db.execute(sql: "DELETE FROM skill WHERE id = ?", arguments: [mine.id]) }
                try db.execute(
                    sql: "INSERT INTO skill (repo_id, name, current, pinned, muted) VALUES (?, ?, ?, ?, ?)",
                    arguments: [localID, skill.name, skill.current, skill.pinned, skill.muted])
                try db.execute(
                    sql: """
                        INSERT INTO skill_version (skill_id, version, status, content, semantic_key, mined_from, mined_through, author, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        db.lastInsertedRowID, skill.version, skill.status, skill.content, skill.semanticKey, skill.minedFrom,
                        skill.minedThrough, skill.author, Date(timeIntervalSince1970: skill.createdAt),
                    ])
            }
            // Skills PostgreSQL does not have: a pass of this worker's that never completed made them.
            for (_, mine) in cached {
                try db.execute(sql: "DELETE FROM skill WHERE id = ?", arguments: [mine.id])
                replaced += 1
            }
            return replaced
        }
    }

    /// What a pass reads of a stored skill: its current content, pin, mute and latest version.
    private static func sameState(_ a: Latest, _ b: Latest) -> Bool {
        (a.current, a.pinned, a.muted, a.version, a.content) == (b.current, b.pinned, b.muted, b.version, b.content)
    }

    /// Versions the skills the pass found in PostgreSQL, inside the completing transaction, with the plan a
    /// SQLite pass applies: against PostgreSQL's latest versions and pins as they are now, so a pin, a mute or a
    /// person's version made there, even during the pass, is kept as on a developer's store. Returns the skills
    /// found.
    static func publish(_ pass: MiningReport, to fleet: PostgresStore, repositoryID: Int64, previousHead: String?) throws -> Int {
        guard let finished = pass.finished else { return 0 }
        var outcome = finished.outcome
        outcome.repoID = repositoryID
        // A cache that last mined another head walks the whole history (see `FleetTallies.seed`); nothing left
        // the mainline, so the pass went on from the head PostgreSQL holds, as it would on one worker.
        if outcome.fromSHA == nil, !outcome.historyRewritten { outcome.fromSHA = previousHead }
        _ = try fleet.finish(outcome, skills: finished.skills)
        return finished.skills.count
    }
}
