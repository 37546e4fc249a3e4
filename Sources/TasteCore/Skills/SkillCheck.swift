import Foundation

/// `taste check`, for CI: names each stale (or unconfirmed) skill and each exported skill file that no longer
/// matches the store. The check passes when there is nothing to name.
public struct SkillCheck: Sendable, Equatable {
    /// What can fail the check.
    public enum Failure: String, CaseIterable, Sendable {
        /// A skill whose rules recent merges no longer support.
        case stale
        /// An Agent Skills file missing, or different from what the store renders.
        case outdated
        /// A skill a configuration file declares but merged code has not confirmed.
        case unconfirmed
    }

    public static let defaultFailures: Set<Failure> = [.stale, .outdated]

    public var failures: Set<Failure>
    /// The Agent Skills folder to compare with the store; nil: the repository's export folder.
    public var exportDirectory: String?

    public init(failures: Set<Failure> = SkillCheck.defaultFailures, exportDirectory: String? = nil) {
        self.failures = failures
        self.exportDirectory = exportDirectory
    }

    /// From `--fail-on` values, each a comma-separated list; no value at all means the default.
    public init(failOn: [String], exportDirectory: String?) throws {
        self.init(failures: failOn.isEmpty ? Self.defaultFailures : try Self.failures(failOn), exportDirectory: exportDirectory)
    }

    static func failures(_ lists: [String]) throws -> Set<Failure> {
        Set(
            try lists.flatMap { $0.split(separator: ",") }.map { name in
                guard let failure = Failure(rawValue: String(name)) else {
                    throw TasteError.usage("--fail-on takes stale, outdated and unconfirmed, not '\(name)'")
                }
                return failure
            })
    }

    /// What the check found.
    public struct Result: Sendable, Equatable {
        /// One line each: stale skills, then unconfirmed ones, then outdated files.
        public var problems: [String]
        public var passed: Bool { problems.isEmpty }
        /// What `taste check` prints.
        public var text: String { passed ? "ok: no stale skill, no outdated export." : problems.joined(separator: "\n") }
    }

    public func run(on mined: MinedRepository) throws -> Result {
        var problems: [String] = []
        if failures.contains(.stale) {
            for skill in mined.skills where skill.status == .stale {
                let reasons = skill.rules.compactMap { $0.stale?.reason }
                problems.append("stale: \(skill.name): \(reasons.joined(separator: " "))")
            }
        }
        if failures.contains(.unconfirmed) {
            for skill in mined.skills where skill.status == .unconfirmed {
                let reasons = skill.rules.compactMap { rule in rule.unconfirmed.map { "\(rule.id): \($0)" } }
                problems.append("unconfirmed: \(skill.name): \(reasons.joined(separator: " "))")
            }
        }
        // A bare repository has no export folder unless one is named: there is no file to be out of date.
        if failures.contains(.outdated), let directory = exportDirectory ?? mined.defaultExportDirectory {
            problems += try outdatedFiles(in: directory, mined)
        }
        return Result(problems: problems)
    }

    /// Each exported skill's SKILL.md that is missing or differs from what the store renders now. Muted skills,
    /// and stale ones the repository leaves out, have no file to compare.
    private func outdatedFiles(in directory: String, _ mined: MinedRepository) throws -> [String] {
        let exporter = SkillExporter(renderer: try SkillRenderer(overrides: try mined.templateOverrides()))
        return try mined.exportedSkills.filter { $0.status != .retired }.compactMap { skill in
            let path = directory + "/" + skill.name + "/SKILL.md"
            let expected = try exporter.skillFile(skill, repository: mined.record.name, head: mined.head).text
            guard let data = FileManager.default.contents(atPath: path) else { return "outdated: \(path) is missing: run 'taste export'" }
            return data == Data(expected.utf8) ? nil : "outdated: \(path) differs from the store: run 'taste export'"
        }
    }
}
