import Foundation

/// What a person decides about a skill: pin it, mute it, or rewrite its text.
extension SkillHistory {
    /// Pins a skill (mining checks it and flags it stale, but never rewrites its text) or unpins it.
    public func setPinned(_ pinned: Bool, skill: String) throws {
        guard try store.setPinned(pinned, repoID: repoID, skill: skill) else { throw TasteError.unknownSkill(skill) }
    }

    /// Mutes a skill (every export leaves it out) or unmutes it.
    public func setMuted(_ muted: Bool, skill: String) throws {
        guard try store.setMuted(muted, repoID: repoID, skill: skill) else { throw TasteError.unknownSkill(skill) }
    }

    public enum EditOutcome: Sendable, Equatable {
        /// The text came back as it was: nothing was stored.
        case unchanged
        /// The text was stored as this version, written by a person; the skill is pinned.
        case stored(version: Int)
    }

    /// Writes the skill's Markdown, as agents read it, to a temporary file, lets `editor` change it, and stores
    /// what changed as a version a person wrote. An editor that throws stores nothing.
    public func edit(_ skill: String, with editor: (URL) throws -> Void) throws -> EditOutcome {
        let before = try markdown(of: skill)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("taste-\(skill)-\(getpid()).md")
        try Data(before.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try editor(file)
        let after = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        guard after != before else { return .unchanged }
        return .stored(version: try store.storePersonVersion(repoID: repoID, skill: skill, markdown: after))
    }
}
