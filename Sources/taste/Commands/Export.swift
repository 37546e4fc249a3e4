import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the skills in the formats agents load.",
            discussion: """
                Formats: agent-skills (DIR/<name>/SKILL.md), agents-md (a managed block in AGENTS.md), cursor \
                (.cursor/rules/taste-<name>.mdc), copilot (.github/instructions/taste-<name>.instructions.md), claude-md \
                (import lines in CLAUDE.md). Default: the formats in .taste.toml, else agent-skills. Files are \
                rewritten only when their text changed; the same store gives byte-identical files. A file in the \
                way that taste did not write stops the export before anything is written, unless --force.
                """
        )

        @OptionGroup var repository: ReadRepositoryOptions

        @Option(name: .customLong("format"), help: "A format to write; repeat for several.")
        var formats: [String] = []

        @Option(help: "The Agent Skills folder (default: the repository's configured folder, else .claude/skills in its work tree).")
        var out: String?

        @Option(help: "The folder the other formats are written under (default: the work tree).")
        var root: String?

        @Flag(help: "Replace files in the way that taste did not write, such as a skill of your own with the same name.")
        var force = false

        func validate() throws {
            for name in formats where ExportFormat(rawValue: name) == nil {
                throw ValidationError("unknown format '\(name)': one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let mined = try repository.open().mined
            let request = ExportRequest(
                formats: formats.compactMap(ExportFormat.init(rawValue:)), skillsDirectory: out, root: root, force: force)
            printOut(try request.run(mined).summary)
        }
    }
}
