import Foundation

/// `name@3` on the command line: one stored version of a skill.
public struct SkillVersionReference: Sendable, Equatable {
    public var name: String
    public var version: Int

    public init(name: String, version: Int) {
        self.name = name
        self.version = version
    }

    /// Nil unless `text` ends in `@N` with N a positive number (so `main@{1}` stays a revision).
    public init?(_ text: String) {
        guard let at = text.lastIndex(of: "@"), let number = Int(text[text.index(after: at)...]), number > 0 else { return nil }
        name = String(text[..<at])
        version = number
    }
}

/// A mined repository's stored skills: the versions `taste show NAME@N`, `taste log` and `taste diff` read,
/// and what a person decides about them (pin, mute, edit).
public struct SkillHistory {
    /// The SQLite store, or a fleet's PostgreSQL store (``SkillSource``).
    let store: any TasteStore
    public let mined: MinedRepository
    /// The path the command was given (for a fleet's repository, the checkout it runs in). Revisions resolve
    /// there: a linked worktree has its own HEAD.
    public let repositoryPath: String

    public init(store: Store, repositoryPath: String) throws {
        self.init(store: store, mined: try MinedRepository.load(store: store, repositoryPath: repositoryPath), repositoryPath: repositoryPath)
    }

    init(store: any TasteStore, mined: MinedRepository, repositoryPath: String) {
        self.store = store
        self.mined = mined
        self.repositoryPath = repositoryPath
    }

    /// `MinedRepository.load` only returns repositories the store has an id for.
    var repoID: Int64 { mined.record.id ?? -1 }

    /// What `taste show` reads: the same skills and versions, through the store's read interface.
    public var stored: StoredSkills { StoredSkills(reader: store, mined: mined) }

    /// Every version of `skill`, oldest first; a skill with none is unknown.
    public func versions(of skill: String) throws -> [SkillVersionRecord] {
        try stored.versions(of: skill)
    }

    /// Every version of every skill, by name, oldest first.
    public func allVersions() throws -> [String: [SkillVersionRecord]] {
        try store.allVersions(repoID: repoID)
    }

    /// The version `reference` names; the error lists the versions there are.
    public func record(_ reference: SkillVersionReference) throws -> SkillVersionRecord {
        try stored.record(reference)
    }

    static func record(_ reference: SkillVersionReference, in records: [SkillVersionRecord]) throws -> SkillVersionRecord {
        guard let record = records.first(where: { $0.version == reference.version }) else {
            throw TasteError.usage("\(reference.name) has versions \(records.map { String($0.version) }.joined(separator: ", ")) only")
        }
        return record
    }

    /// A current skill's Markdown, as agents read it now.
    public func markdown(of skill: String) throws -> String {
        try stored.markdown(of: skill)
    }

    /// Renders versions with the templates the repository overrides.
    public func review() throws -> SkillReview {
        try stored.review()
    }

    /// `taste log`: one line per version, newest first, each with what changed since the one before.
    public func log(_ skill: String) throws -> String {
        var lines: [String] = []
        var previous: SkillVersionRecord?
        for record in try versions(of: skill) {
            let summary = previous.map { SkillReview.summarize($0.skill, record.skill) } ?? "first version"
            let status = record.status.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append(
                "\(skill)@\(record.version)  \(Day.string(record.createdAt))  \(record.minedThrough.prefix(10))  \(status)  \(record.author)  \(summary)"
            )
            previous = record
        }
        return lines.reversed().joined(separator: "\n")
    }

    /// Records `diff`'s newest versions as reviewed: the next `taste diff` starts from them. The versions are
    /// the ones the diff read, so a pass the daemon finished meanwhile is not marked unseen.
    public func markReviewed(_ diff: SkillDiff) throws {
        try store.markReviewed(repoID: repoID, versions: diff.current)
    }
}
