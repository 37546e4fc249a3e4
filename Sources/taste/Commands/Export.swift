import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the skills in the formats agents load.",
            discussion: """
                Formats: agent-skills (DIR/<name>/SKILL.md), agents-md (a managed block in AGENTS.md), cursor \
                (.cursor/rules/taste-<name>.mdc), copilot (.github/instructions/taste-<name>.instructions.md), claude-md \
                (import lines in CLAUDE.md). Default: the formats in .taste.toml, else agent-skills. Files are \
                rewritten only when their text changed; the same store gives byte-identical files.
                """
        )

        @OptionGroup var repository: RepositoryOptions

        @Option(name: .customLong("format"), help: "A format to write; repeat for several.")
        var formats: [String] = []

        @Option(help: "The Agent Skills folder (default: the repository's configured folder, else .claude/skills in its work tree).")
        var out: String?

        @Option(help: "The folder the other formats are written under (default: the work tree).")
        var root: String?

        func validate() throws {
            for name in formats where ExportFormat(rawValue: name) == nil {
                throw ValidationError("unknown format '\(name)': one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let mined = try MinedRepository.load(store: try openStore(creating: false), repositoryPath: repository.repo)
            try mined.checkExportConfig()
            let chosen = formats.isEmpty ? (mined.configuredFormats ?? [.agentSkills]) : formats.compactMap(ExportFormat.init(rawValue:))
            guard let directory = out ?? mined.defaultExportDirectory else {
                throw TasteError.usage("a bare repository has no work tree: name the folder with --out")
            }
            let needsRoot = chosen.contains { $0 != .agentSkills }
            guard let base = root ?? mined.workDirectory ?? (needsRoot ? nil : directory) else {
                throw TasteError.usage("a bare repository has no work tree: name the folder with --root")
            }
            let exporter = SkillExporter(renderer: try SkillRenderer(overrides: try mined.templateOverrides()))
            let result = try exporter.export(mined.exportedSkills, formats: chosen, repository: mined.record.name, head: mined.head,
                                             root: base, skillsDirectory: directory)
            var parts = ["\(result.written.count) written", "\(result.unchanged.count) unchanged"]
            if !result.removed.isEmpty { parts.append("\(result.removed.count) removed") }
            let count = mined.exportedSkills.count
            var lines = ["Exported \(count) skill\(count == 1 ? "" : "s") as \(chosen.map(\.rawValue).joined(separator: ", ")) (\(parts.joined(separator: ", "))); Agent Skills in \(directory)."]
            lines += result.notes.map { "note: \($0)" }
            printOut(lines.joined(separator: "\n"))
        }
    }
}
