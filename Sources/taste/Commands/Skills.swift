import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Skills: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the repository's current skills and their rules.")

        @OptionGroup var repository: RepositoryOptions

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
            let mined = try MinedRepository.load(store: try openStore(creating: false), repositoryPath: repository.repo)
            let filtered = path == nil && lang == nil ? mined.skills
                : mined.skills(forPath: path, language: lang.flatMap(Language.init(rawValue:)))
            if json {
                printOut(try mined.json(filtered))
                return
            }
            if filtered.isEmpty {
                printOut("\(mined.location): no skills \(path == nil && lang == nil ? "yet (too little history to support a rule)" : "apply").")
                return
            }
            var lines = ["\(mined.location) @ \(mined.head.prefix(10))"]
            for skill in filtered {
                lines.append("")
                lines.append("\(skill.name) v\(skill.version) [\(skill.status.rawValue)]: \(skill.title)")
                for rule in skill.rules {
                    lines.append("  - \(rule.statement) (confidence \(String(format: "%.2f", rule.confidence)))")
                }
            }
            printOut(lines.joined(separator: "\n"))
        }
    }
}
