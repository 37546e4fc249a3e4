import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Mute: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "mute", abstract: "Keep a skill out of every export.")

        @Argument(help: "The skill's name.")
        var skill: String

        @OptionGroup var repository: ReadRepositoryOptions

        @Flag(help: "Unmute: export it again.")
        var undo = false

        func run() throws {
            try repository.source(creating: true).history(writing: true).setMuted(!undo, skill: skill)
            printOut(undo ? "\(skill): exported again." : "\(skill): muted; the next export leaves it out.")
        }
    }
}
