import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Pin: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pin",
            abstract: "Freeze a skill's text: mining never rewrites it, but still checks it and flags it stale.")

        @Argument(help: "The skill's name.")
        var skill: String

        @OptionGroup var repository: ReadRepositoryOptions

        @Flag(help: "Unpin: let mining rewrite it again.")
        var undo = false

        func run() throws {
            try repository.source(creating: true).history(writing: true).setPinned(!undo, skill: skill)
            printOut(undo ? "\(skill): unpinned." : "\(skill): pinned; mining checks it but leaves its text alone.")
        }
    }
}
