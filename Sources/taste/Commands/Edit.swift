import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Edit a skill's Markdown in $EDITOR and store it as a version written by a person.",
            discussion:
                "The skill is pinned: mining keeps checking it and flags it stale, but never writes over your text. 'taste pin SKILL --undo' hands it back to mining."
        )

        @Argument(help: "The skill's name.")
        var skill: String

        @OptionGroup var repository: ReadRepositoryOptions

        func run() throws {
            let history = try repository.source(creating: true).history(writing: true)
            switch try history.edit(skill, with: { try Editor.open($0, with: Editor.command()) }) {
            case .unchanged: printOut("\(skill): no change.")
            case .stored(let version): printOut("\(skill): stored as version \(version), written by a person; pinned.")
            }
        }
    }
}
