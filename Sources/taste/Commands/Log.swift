import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log", abstract: "List a skill's versions, each with a one-line summary of its change.")

        @Argument(help: "The skill's name.")
        var skill: String

        @OptionGroup var repository: ReadRepositoryOptions

        func run() throws {
            printOut(try repository.source().history().log(skill))
        }
    }
}
