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

    struct Declared: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print what the repository's style configuration files declare at HEAD, per language.",
            discussion: "Reads .editorconfig, formatter, linter and commitlint files as mining does; nothing is stored.")

        @OptionGroup var repository: RepositoryOptions

        @Flag(help: "Print JSON: a list of {language, fact, value, file, line, setting, tool}.")
        var json = false

        func run() throws {
            let found = try DeclaredStyle.declarations(inRepositoryAt: repository.repo)
            if json {
                let items = found.map { item -> [String: Any] in
                    var object: [String: Any] = ["language": item.language.isEmpty ? NSNull() : item.language, "fact": item.declaration.fact,
                                                 "file": item.declaration.file, "setting": item.declaration.setting,
                                                 "tool": item.declaration.tool.rawValue]
                    switch item.declaration.value {
                    case .int(let value): object["value"] = value
                    case .bool(let value): object["value"] = value
                    case .string(let value): object["value"] = value
                    case .strings(let value): object["value"] = value
                    case .null: object["value"] = NSNull()
                    }
                    if let line = item.declaration.line { object["line"] = line }
                    return object
                }
                let data = try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys])
                printOut(String(decoding: data, as: UTF8.self))
                return
            }
            guard !found.isEmpty else { return printOut("No style configuration declares anything here.") }
            printOut(found.map { item in
                "\(item.language.isEmpty ? "commits" : item.language): \(item.declaration.fact) = \(item.declaration.value) "
                    + "(\(item.declaration.file): \(item.declaration.setting)\(item.declaration.line.map { ", line \($0)" } ?? ""))"
            }.joined(separator: "\n"))
        }
    }

    struct Miners: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the miners: what each looks for, and in which languages.")

        func run() throws {
            var lines: [String] = []
            for miner in MinerCatalogue.all {
                let description = type(of: miner).description
                let languages = description.languages.isEmpty ? "commit messages" : description.languages.map(\.rawValue).joined(separator: ", ")
                lines.append("\(description.identifier): \(description.summary)\n    reads: \(languages)")
            }
            printOut(lines.joined(separator: "\n"))
        }
    }
}
