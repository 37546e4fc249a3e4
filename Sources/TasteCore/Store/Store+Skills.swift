import Foundation
import GRDB

/// What a pass did to a repository's skills.
public struct SkillChanges: Sendable, Equatable {
    public var added: [String] = []
    public var changed: [String] = []
    public var unchanged: [String] = []
    public var retired: [String] = []
}

/// Everything that ends a mining pass, written in one transaction.
struct PassOutcome {
    var repoID: Int64
    var ref: String?
    var fromSHA: String?
    var head: String
    var startedAt: Date
    var commits: Int
    var skipped: SkipCounts
    /// History was rewritten: skills it no longer supports are retired rather than kept as stale.
    var historyRewritten = false
    /// Configuration files were read (not `--ignore-config`): a declared rule that is gone was undeclared, not skipped.
    var declarationsRead = true
    /// Rules retired because their code left the head (``RuleSynthesizer/Synthesis``): not kept as split.
    var retiredRules: Set<String> = []
}

extension Store {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Stores the skills a pass found: a new version only where the content changed, a retired version for a
    /// skill that is no longer supported, and the repository's new head. All or nothing.
    func finish(_ outcome: PassOutcome, skills: [Skill]) throws -> SkillChanges {
        try write { db in
            let now = Date()
            var stored: [String: StoredSkillState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name, pinned FROM skill WHERE repo_id = ?", arguments: [outcome.repoID]) {
                let id: Int64 = row["id"]
                stored[row["name"]] = StoredSkillState(id: id, latest: try latestVersion(db, skillID: id), pinned: row["pinned"])
            }
            let (writes, changes) = outcome.plan(found: skills, stored: stored)
            for write in writes {
                let skillID: Int64
                if let id = write.id {
                    skillID = id
                } else {
                    try db.execute(
                        sql: "INSERT INTO skill (repo_id, name, current) VALUES (?, ?, '{}')",
                        arguments: [outcome.repoID, write.name])
                    skillID = db.lastInsertedRowID
                }
                if write.isNewVersion { try insertVersion(db, skillID: skillID, skill: write.current, outcome: outcome, at: now) }
                try db.execute(sql: "UPDATE skill SET current = ? WHERE id = ?", arguments: [try json(write.current), skillID])
            }
            try db.execute(
                sql: "UPDATE repository SET head = ?, ref = ?, mined_at = ? WHERE id = ?",
                arguments: [outcome.head, outcome.ref, now, outcome.repoID])
            try db.execute(
                sql: """
                    INSERT INTO mining_pass (repo_id, started_at, finished_at, from_sha, to_sha, commits, skipped) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [outcome.repoID, outcome.startedAt, now, outcome.fromSHA, outcome.head, outcome.commits, outcome.skippedSummary])
            return changes
        }
    }

    /// Stores Markdown a person wrote as the skill's next version (author "person") and pins the skill, so
    /// that mining checks it but never writes over it. Returns the new version number.
    public func storePersonVersion(repoID: Int64, skill name: String, markdown: String) throws -> Int {
        try write { db in
            guard let skillID = try Int64.fetchOne(db, sql: "SELECT id FROM skill WHERE repo_id = ? AND name = ?", arguments: [repoID, name]),
                let latest = try latestVersion(db, skillID: skillID),
                let head = try String.fetchOne(db, sql: "SELECT head FROM repository WHERE id = ?", arguments: [repoID])
            else {
                throw TasteError.unknownSkill(name)
            }
            let skill = latest.editedByPerson(markdown)
            try db.execute(
                sql: """
                    INSERT INTO skill_version (skill_id, version, status, content, semantic_key, mined_from, mined_through, author, created_at)
                    VALUES (?, ?, ?, ?, ?, NULL, ?, 'person', ?)
                    """, arguments: [skillID, skill.version, skill.status.rawValue, try json(skill), skill.semanticKey, head, Date()])
            try db.execute(sql: "UPDATE skill SET current = ?, pinned = 1 WHERE id = ?", arguments: [try json(skill), skillID])
            return skill.version
        }
    }

    /// Pins or unpins a skill (by name). Returns false when the repository has no such skill.
    public func setPinned(_ pinned: Bool, repoID: Int64, skill name: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE skill SET pinned = ? WHERE repo_id = ? AND name = ?", arguments: [pinned, repoID, name])
            return db.changesCount > 0
        }
    }

    /// Mutes or unmutes a skill (by name). Returns false when the repository has no such skill.
    public func setMuted(_ muted: Bool, repoID: Int64, skill name: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE skill SET muted = ? WHERE repo_id = ? AND name = ?", arguments: [muted, repoID, name])
            return db.changesCount > 0
        }
    }

    private func json(_ skill: Skill) throws -> String {
        String(decoding: try Self.encoder.encode(skill), as: UTF8.self)
    }

    private func latestVersion(_ db: Database, skillID: Int64) throws -> Skill? {
        guard
            let content = try String.fetchOne(
                db,
                sql: """
                    SELECT content FROM skill_version WHERE skill_id = ? ORDER BY version DESC LIMIT 1
                    """, arguments: [skillID])
        else { return nil }
        return try JSONDecoder().decode(Skill.self, from: Data(content.utf8))
    }

    private func insertVersion(_ db: Database, skillID: Int64, skill: Skill, outcome: PassOutcome, at date: Date) throws {
        try db.execute(
            sql: """
                INSERT INTO skill_version (skill_id, version, status, content, semantic_key, mined_from, mined_through, author, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'taste', ?)
                """,
            arguments: [
                skillID, skill.version, skill.status.rawValue, try json(skill), skill.semanticKey,
                outcome.fromSHA, outcome.head, date,
            ])
    }

    // MARK: Reading skills

    /// The repository's current skills (retired ones left out unless asked for), in a stable order.
    public func skills(repoID: Int64, includeRetired: Bool = false) throws -> [Skill] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT current, pinned, muted FROM skill WHERE repo_id = ? ORDER BY name", arguments: [repoID])
                .map { row in
                    var skill = try JSONDecoder().decode(Skill.self, from: Data((row["current"] as String).utf8))
                    skill.pinned = (row["pinned"] as Bool) ? true : nil
                    skill.muted = (row["muted"] as Bool) ? true : nil
                    return skill
                }
                .filter { includeRetired || $0.status != .retired }
                .sorted { ($0.kindOrder, $0.name) < ($1.kindOrder, $1.name) }
        }
    }

    /// Every stored version of a skill, oldest first.
    public func versions(repoID: Int64, skill name: String) throws -> [SkillVersionRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT v.* FROM skill_version v JOIN skill s ON s.id = v.skill_id
                    WHERE s.repo_id = ? AND s.name = ? ORDER BY v.version
                    """, arguments: [repoID, name]
            ).map { row in
                let skill = try JSONDecoder().decode(Skill.self, from: Data((row["content"] as String).utf8))
                return SkillVersionRecord(
                    skill: skill, version: row["version"],
                    status: SkillStatus(rawValue: row["status"]) ?? .active,
                    minedFrom: row["mined_from"], minedThrough: row["mined_through"],
                    author: row["author"], createdAt: row["created_at"])
            }
        }
    }
}

extension Store {
    /// Every version of every skill of a repository, by skill name, oldest first.
    public func allVersions(repoID: Int64) throws -> [String: [SkillVersionRecord]] {
        let names = try read { db in
            try String.fetchAll(db, sql: "SELECT name FROM skill WHERE repo_id = ? ORDER BY name", arguments: [repoID])
        }
        var result: [String: [SkillVersionRecord]] = [:]
        for name in names { result[name] = try versions(repoID: repoID, skill: name) }
        return result
    }

    /// Records that a person reviewed these versions.
    public func markReviewed(repoID: Int64, versions: [String: Int]) throws {
        let json = String(decoding: try Self.encoder.encode(versions), as: UTF8.self)
        try write { db in
            try db.execute(
                sql: "INSERT INTO review (repo_id, reviewed_at, versions) VALUES (?, ?, ?)",
                arguments: [repoID, Date(), json])
        }
    }

    /// The last review: when, and which version of each skill.
    public func lastReview(repoID: Int64) throws -> (date: Date, versions: [String: Int])? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT reviewed_at, versions FROM review WHERE repo_id = ? ORDER BY id DESC LIMIT 1
                        """, arguments: [repoID])
            else { return nil }
            let versions = try JSONDecoder().decode([String: Int].self, from: Data((row["versions"] as String).utf8))
            return (row["reviewed_at"], versions)
        }
    }
}

extension Skill {
    /// Style skills first, then testing, what changes together, then commits: the order an agent reads them in.
    var kindOrder: Int {
        if name.hasSuffix("-style") { return 0 }
        switch name {
        case "testing": return 1
        case "co-change": return 2
        default: return 3
        }
    }
}
