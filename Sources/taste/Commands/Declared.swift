import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Declared: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "declared",
            abstract: "Print what the repository's style configuration files declare at HEAD, per language.",
            discussion: "Reads .editorconfig, formatter, linter and commitlint files as mining does; nothing is stored.")

        @OptionGroup var repository: RepositoryOptions

        @Flag(help: "Print JSON: a list of {language, fact, value, file, line, setting, tool}.")
        var json = false

        func run() throws {
            let listing = try DeclarationListing(repositoryAt: repository.repo)
            printOut(json ? try listing.json() : listing.text)
        }
    }
}
