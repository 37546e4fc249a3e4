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
    /// Each cited line's text as it was added, not yet redacted, for the places whose snippet is still unset:
    /// most places are never stored (a counter keeps only its newest few), so redaction waits until the walk knows
    /// which are. Never stored: ``redactCitedLines()`` turns them into snippets, and a place left without one is
    /// stored without text.
    var citedLines: [TallyKey: String] = [:]

    /// Gives each place with a cited line its snippet: the line redacted of secrets (the whole line first, so that
    /// the length limit cannot cut a secret in half and let it slip past the patterns), cut to 200 characters.
    mutating func redactCitedLines() {
        var redacted: [String: String] = [:]  // many counters cite the same line
        for (key, text) in citedLines where evidence[key] != nil {
            let snippet = redacted[text] ?? String(SecretRedactor.redact(text).prefix(200))
            redacted[text] = snippet
            evidence[key]?.snippet = snippet
        }
        citedLines = [:]
    }
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
