import Foundation

/// `taste export`: which formats to write where, resolved against the repository's settings, and what was done.
public struct ExportRequest: Sendable, Equatable {
    /// The formats asked for; none: the formats `.taste.toml` names, else Agent Skills.
    public var formats: [ExportFormat]
    /// The Agent Skills folder; nil: the repository's configured folder, else `.claude/skills` in its work tree.
    public var skillsDirectory: String?
    /// The folder the other formats are written under; nil: the work tree.
    public var root: String?
    /// Replace files in the way that taste did not write (a person's skill of the same name).
    public var force: Bool

    public init(formats: [ExportFormat] = [], skillsDirectory: String? = nil, root: String? = nil, force: Bool = false) {
        self.formats = formats
        self.skillsDirectory = skillsDirectory
        self.root = root
        self.force = force
    }

    /// What an export wrote, for the one paragraph `taste export` prints.
    public struct Report: Sendable, Equatable {
        public var formats: [ExportFormat]
        public var skillsDirectory: String
        public var skills: Int
        public var result: SkillExporter.Result

        /// "Exported 3 skills as agent-skills (6 written, 0 unchanged); Agent Skills in DIR.", then a line per note.
        public var summary: String {
            var parts = ["\(result.written.count) written", "\(result.unchanged.count) unchanged"]
            if !result.removed.isEmpty { parts.append("\(result.removed.count) removed") }
            let formatNames = formats.map(\.rawValue).joined(separator: ", ")
            let lines = [
                "Exported \(skills) skill\(skills == 1 ? "" : "s") as \(formatNames) (\(parts.joined(separator: ", "))); Agent Skills in \(skillsDirectory)."
            ]
            return (lines + result.notes.map { "note: \($0)" }).joined(separator: "\n")
        }
    }

    /// Writes `mined`'s exported skills. Refuses a repository whose export settings are wrong, and a bare
    /// repository unless the folders it lacks are named.
    public func run(_ mined: MinedRepository) throws -> Report {
        try mined.checkExportConfig()
        let chosen = formats.isEmpty ? (mined.configuredFormats ?? [.agentSkills]) : formats
        let place = mined.readsRepositoryFiles ? "a bare repository" : "a fleet repository read from PostgreSQL"
        guard let directory = skillsDirectory ?? mined.defaultExportDirectory else {
            throw TasteError.usage("\(place) has no work tree: name the folder with --out")
        }
        // Agent Skills alone need no work tree: the skills folder is all there is to write.
        let needsRoot = chosen.contains { $0 != .agentSkills }
        guard let base = root ?? mined.workDirectory ?? (needsRoot ? nil : directory) else {
            throw TasteError.usage("\(place) has no work tree: name the folder with --root")
        }
        let exporter = SkillExporter(renderer: try SkillRenderer(overrides: try mined.templateOverrides()))
        let result = try exporter.export(
            mined.exportedSkills, formats: chosen, repository: mined.record.name, head: mined.head,
            root: base, skillsDirectory: directory, force: force)
        return Report(formats: chosen, skillsDirectory: directory, skills: mined.exportedSkills.count, result: result)
    }
}
