import Foundation

/// The few reads that `taste skills`, `show` and `export` make of a store. The SQLite store and a fleet's
/// PostgreSQL store both answer them, so those commands render the same way whichever store they read.
public protocol SkillReader {
    /// The repository's current skills (retired ones left out unless asked for), in a stable order.
    func skills(repoID: Int64, includeRetired: Bool) throws -> [Skill]
    /// Every stored version of a skill, oldest first.
    func versions(repoID: Int64, skill name: String) throws -> [SkillVersionRecord]
}

extension Store: SkillReader {}

/// A repository's stored skills and their versions, read through either store.
public struct StoredSkills {
    public let reader: any SkillReader
    public let mined: MinedRepository

    public init(reader: any SkillReader, mined: MinedRepository) {
        self.reader = reader
        self.mined = mined
    }

    /// `MinedRepository` values are only made for repositories their store has an id for.
    var repoID: Int64 { mined.record.id ?? -1 }

    /// Every version of `skill`, oldest first; a skill with none is unknown.
    public func versions(of skill: String) throws -> [SkillVersionRecord] {
        let records = try reader.versions(repoID: repoID, skill: skill)
        guard !records.isEmpty else { throw TasteError.unknownSkill(skill) }
        return records
    }

    /// The version `reference` names; the error lists the versions there are.
    public func record(_ reference: SkillVersionReference) throws -> SkillVersionRecord {
        try SkillHistory.record(reference, in: try versions(of: reference.name))
    }

    /// A current skill's Markdown, as agents read it now.
    public func markdown(of skill: String) throws -> String {
        let current = try mined.skill(named: skill)
        let renderer = try SkillRenderer(overrides: try mined.templateOverrides())
        return try renderer.render(current, repository: mined.record.name, head: mined.head)
    }

    /// Renders versions with the templates the repository overrides.
    public func review() throws -> SkillReview {
        SkillReview(renderer: try SkillRenderer(overrides: try mined.templateOverrides()), repository: mined.record.name)
    }
}
