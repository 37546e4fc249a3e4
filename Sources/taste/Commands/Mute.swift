import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Mute: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Keep a skill out of every export.")

        @Argument(help: "The skill's name.")
        var skill: String

        @OptionGroup var repository: RepositoryOptions

        @Flag(help: "Unmute: export it again.")
        var undo = false

        func run() throws {
            try SkillHistory(store: try openStore(creating: true), repositoryPath: repository.repo).setMuted(!undo, skill: skill)
            printOut(undo ? "\(skill): exported again." : "\(skill): muted; the next export leaves it out.")
        }
    }
}
