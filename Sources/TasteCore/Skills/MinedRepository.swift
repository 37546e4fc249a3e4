import Foundation

/// A repository's stored skills, looked up from any path inside it.
public struct MinedRepository: Sendable {
    public var record: RepositoryRecord
    public var skills: [Skill]
    /// Where the skills are exported by default: the repository's configured folder, else `.claude/skills`.
    public var defaultExportDirectory: String?
    /// The folder `.taste.toml` names, if any: the daemon re-exports there after each pass.
    public var configuredExportDirectory: String?
    /// The formats `.taste.toml` names, if any.
    public var configuredFormats: [ExportFormat]?
    /// The file `.taste.toml` names for the HTML report, relative to the work tree: the daemon writes it after each pass.
    public var configuredReportPath: String?
    /// `.taste.toml` asks to leave stale skills out of exports.
    public var omitsStale = false
    /// What is wrong with `.taste.toml`'s export settings: exporting refuses to run with it.
    public var exportConfigError: String?
    /// What is wrong with `.taste.toml`'s report path: the daemon logs it and writes no report.
    public var reportConfigError: String?
    /// False for a fleet's repository read from PostgreSQL: its git folder is on the workers, not here, so its
    /// `.taste.toml` and template overrides are not read.
    public var readsRepositoryFiles = true

    /// Throws when the repository's export settings cannot be used.
    public func checkExportConfig() throws {
        if let exportConfigError { throw TasteError.usage(exportConfigError) }
    }

    /// The skills an export writes: not muted, and not stale where the repository says so.
    public var exportedSkills: [Skill] {
        skills.filter { $0.muted != true && !(omitsStale && $0.status == .stale) }
    }

    /// Where formats other than Agent Skills are written: the work tree.
    public var workDirectory: String? { record.workDir }

    /// Whether the daemon should export after each pass: the repository configured a folder or formats.
    public var exportsAfterPass: Bool { configuredExportDirectory != nil || configuredFormats != nil }

    public var head: String { record.head ?? "" }
    /// The repository as people name it: its work tree, or its git folder when bare.
    public var location: String { record.workDir ?? record.gitDir }

    public static func load(store: Store, repositoryPath: String) throws -> MinedRepository {
        let repository = try GitRepository(path: repositoryPath)
        guard let record = try store.repository(gitDir: repository.gitDirectory), let id = record.id, record.head != nil else {
            throw TasteError.notMinedYet(repository.workDirectory ?? repository.gitDirectory)
        }
        var configured: String?
        var formats: [ExportFormat]?
        var omitsStale = false
        var reportPath: String?
        var reportError: String?
        var exportError: Error?
        if let head = record.head, let data = repository.fileContents(RepositoryConfig.fileName, at: head) {
            let config = try RepositoryConfig(toml: String(decoding: data, as: UTF8.self))
            formats = config.exportFormats
            omitsStale = config.omitStale
            do {
                reportPath = try config.checkedReportPath()
            } catch {
                reportError = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            }
            do {
                if let folder = try config.checkedExportDirectory(), let work = repository.workDirectory {
                    configured = work + "/" + folder
                }
            } catch {
                exportError = error
            }
        }
        return MinedRepository(
            record: record, skills: try store.skills(repoID: id),
            defaultExportDirectory: configured ?? repository.workDirectory.map { $0 + "/.claude/skills" },
            configuredExportDirectory: configured, configuredFormats: formats, configuredReportPath: reportPath, omitsStale: omitsStale,
            exportConfigError: exportError.map { ($0 as? LocalizedError)?.errorDescription ?? "\($0)" }, reportConfigError: reportError)
    }

    /// The skills with only the rules that apply to `path` (relative to the work tree, or absolute inside it)
    /// and/or to `language`; skills left with no rule are dropped.
    public func skills(forPath path: String?, language: Language?) -> [Skill] {
        let relative = path.map(relativePath)
        let fileLanguage = relative.flatMap { Language(path: $0) }
        return skills.compactMap { skill in
            var skill = skill
            skill.rules = skill.rules.filter { rule in
                if let wanted = language?.rawValue ?? fileLanguage?.rawValue, let scoped = rule.scope.language, scoped != wanted {
                    return false
                }
                if let relative, !rule.scope.paths.contains(where: { Glob($0).matches(relative) }) { return false }
                return true
            }
            return skill.rules.isEmpty ? nil : skill
        }
    }

    /// A path as the repository names it: relative to the work tree, `/`-separated, without `./`.
    public func relativePath(_ path: String) -> String {
        var absolute = path
        if !path.hasPrefix("/") {
            absolute = FileManager.default.currentDirectoryPath + "/" + path
        }
        absolute = (absolute as NSString).standardizingPath
        if let root = record.workDir.map({ ($0 as NSString).standardizingPath }), absolute.hasPrefix(root + "/") {
            return String(absolute.dropFirst(root.count + 1))
        }
        var relative = path
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        return relative
    }

    public func skill(named name: String) throws -> Skill {
        guard let skill = skills.first(where: { $0.name == name }) else { throw TasteError.unknownSkill(name) }
        return skill
    }

    /// The JSON contract of `taste skills --json`.
    public func json(_ skills: [Skill]? = nil) throws -> String {
        struct Document: Encodable {
            var repo: String
            var head: String
            var skills: [Skill]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(repo: location, head: head, skills: skills ?? self.skills))
        return String(decoding: data, as: UTF8.self)
    }

    static let templateFolder = ".taste/templates"

    /// Templates the repository overrides, from `.taste/templates/<name>.mustache` at the mined head. One
    /// byte past the limit is read, so that `TemplateLimits` refuses a larger file rather than a cut one.
    public func templateOverrides() throws -> [String: String] {
        guard readsRepositoryFiles else { return [:] }
        let repository = try GitRepository(path: record.gitDir)
        var overrides: [String: String] = [:]
        for name in DefaultTemplates.all.keys {
            let path = "\(Self.templateFolder)/\(name).mustache"
            if let data = repository.fileContents(path, at: head, maxBytes: TemplateLimits.maxTemplateBytes + 1) {
                overrides[name] = String(decoding: data, as: UTF8.self)
            }
        }
        return overrides
    }
}

extension MiningReport {
    /// One paragraph for logs and pipes.
    public var summary: String {
        guard let head else { return "\(repository): no commits yet, nothing to mine." }
        var text = "Mined \(commitsMined.formatted()) new commit\(commitsMined == 1 ? "" : "s") of \(repository) up to \(head.prefix(10))"
        text += " in \(String(format: "%.1f", elapsed)) s"
        if commitsAlreadyMined > 0 { text += " (\(commitsAlreadyMined.formatted()) already mined)" }
        text += ": \(files.formatted()) file changes, \(lines.formatted()) added lines read."
        var skippedParts: [String] = []
        if skipped.binary > 0 { skippedParts.append("\(skipped.binary.formatted()) binary") }
        if skipped.oversized > 0 { skippedParts.append("\(skipped.oversized.formatted()) oversized") }
        if skipped.generated > 0 { skippedParts.append("\(skipped.generated.formatted()) generated") }
        if skipped.excluded > 0 { skippedParts.append("\(skipped.excluded.formatted()) vendored or excluded") }
        if skipped.missingObjects > 0 { skippedParts.append("\(skipped.missingObjects.formatted()) unreadable (missing objects)") }
        if !skippedParts.isEmpty { text += " Skipped files: \(skippedParts.joined(separator: ", "))." }
        if truncated || parentsMissing > 0 { text += " History ends early (shallow clone or missing commits): older commits were not mined." }
        if commitsForgotten > 0 { text += " \(commitsForgotten) commits that left the mainline were forgotten." }
        var skillParts: [String] = []
        if !changes.added.isEmpty { skillParts.append("new \(changes.added.joined(separator: ", "))") }
        if !changes.changed.isEmpty { skillParts.append("new versions of \(changes.changed.joined(separator: ", "))") }
        if !changes.retired.isEmpty { skillParts.append("retired \(changes.retired.joined(separator: ", "))") }
        if skillParts.isEmpty { skillParts.append("no change") }
        text += " Skills (\(skills)): \(skillParts.joined(separator: "; "))."
        return text
    }
}
