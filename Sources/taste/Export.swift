import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the skills as Agent Skills: DIR/<name>/SKILL.md.",
            discussion: "Files are rewritten only when their text changed; the same store gives byte-identical files."
        )

        @OptionGroup var repository: RepositoryOptions

        @Option(help: "The folder to write into (default: the repository's configured folder, else .claude/skills in its work tree).")
        var out: String?

        func run() throws {
            let mined = try MinedRepository.load(store: try openStore(creating: false), repositoryPath: repository.repo)
            guard let directory = out ?? mined.defaultExportDirectory else {
                throw TasteError.usage("a bare repository has no work tree: name the folder with --out")
            }
            let exporter = SkillExporter(renderer: try SkillRenderer(overrides: try mined.templateOverrides()))
            let result = try exporter.export(mined.skills, repository: mined.record.name, head: mined.head, to: directory)
            var parts = ["\(result.written.count) written", "\(result.unchanged.count) unchanged"]
            if !result.removed.isEmpty { parts.append("\(result.removed.count) removed") }
            printOut("Exported \(mined.skills.count) skill\(mined.skills.count == 1 ? "" : "s") to \(directory) (\(parts.joined(separator: ", "))).")
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
