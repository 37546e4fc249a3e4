import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Skills: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "skills", abstract: "List the repository's current skills and their rules.")

        @OptionGroup var repository: ReadRepositoryOptions

        @Flag(help: "Print the JSON contract documented in the README.")
        var json = false

        @Option(help: "Only the rules that apply to this file (a path in the repository; it need not exist yet).")
        var path: String?

        @Option(help: "Only the rules for this language (swift, python, typescript, go, rust, …).")
        var lang: String?

        func validate() throws {
            if let lang, Language(rawValue: lang) == nil {
                throw ValidationError("unknown language '\(lang)': one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let mined = try repository.open().mined
            let skills = mined.skills(matchingPath: path, language: lang.flatMap(Language.init(rawValue:)))
            printOut(json ? try mined.json(skills) : mined.listing(skills, filtered: path != nil || lang != nil))
        }
    }
}
