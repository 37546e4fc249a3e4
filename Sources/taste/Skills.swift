import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Skills: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the repository's current skills and their rules.")

        @OptionGroup var repository: RepositoryOptions

        @Flag(help: "Print the JSON contract documented in the README.")
        var json = false

        func run() throws {
            let mined = try MinedRepository.load(store: try openStore(creating: false), repositoryPath: repository.repo)
            if json {
                printOut(try mined.json())
                return
            }
            if mined.skills.isEmpty {
                printOut("\(mined.location): no skills yet (too little history to support a rule).")
                return
            }
            var lines = ["\(mined.location) @ \(mined.head.prefix(10))"]
            for skill in mined.skills {
                lines.append("")
                lines.append("\(skill.name) v\(skill.version) [\(skill.status.rawValue)]: \(skill.title)")
                for rule in skill.rules {
                    lines.append("  - \(rule.statement) (confidence \(String(format: "%.2f", rule.confidence)))")
                }
            }
            printOut(lines.joined(separator: "\n"))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one skill as an agent reads it.")

        @Argument(help: "The skill's name, as 'taste skills' lists it.")
        var skill: String

        @OptionGroup var repository: RepositoryOptions

        @Flag(help: "Print the skill as JSON.")
        var json = false

        func run() throws {
            let mined = try MinedRepository.load(store: try openStore(creating: false), repositoryPath: repository.repo)
            let found = try mined.skill(named: skill)
            if json {
                printOut(try mined.json([found]))
            } else {
                let renderer = try SkillRenderer(overrides: try mined.templateOverrides())
                printOut(renderer.render(found, repository: mined.record.name, head: mined.head))
            }
        }
    }
}
