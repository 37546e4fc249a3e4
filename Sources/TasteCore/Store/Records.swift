import Foundation
import GRDB

/// A repository Taste has mined.
public struct RepositoryRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var gitDir: String
    public var workDir: String?
    public var name: String
    public var ref: String?
    /// The commit mined up to.
    public var head: String?
    public var minedAt: Date?
    public var createdAt: Date
    /// The miner catalogue's fingerprint when the stored tallies were counted.
    public var miners: String?

    enum CodingKeys: String, CodingKey {
        case id, name, ref, head, miners
        case gitDir = "git_dir", workDir = "work_dir", minedAt = "mined_at", createdAt = "created_at"
    }
}

extension RepositoryRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "repository"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// What mining one mainline commit produced: its counters and their cited places.
struct CommitObservation: Sendable {
    var sha: String
    var time: Int64
    var author: String
    var files: Int
    var lines: Int
    var skipped: Int
    var counts: [TallyKey: Int]
    var evidence: [TallyKey: EvidenceLocation]
}

/// One stored version of a skill.
public struct SkillVersionRecord: Sendable, Equatable {
    public var skill: Skill
    public var version: Int
    public var status: SkillStatus
    public var minedFrom: String?
    public var minedThrough: String
    public var author: String
    public var createdAt: Date
}
