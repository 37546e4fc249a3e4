import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one skill as an agent reads it.")

        @Argument(help: "The skill's name, as 'taste skills' lists it; NAME@N for an older version.")
        var skill: String

        @OptionGroup var repository: RepositoryOptions

        @Flag(help: "Print the skill as JSON.")
        var json = false

        func run() throws {
            let history = try SkillHistory(store: try openStore(creating: false), repositoryPath: repository.repo)
            if let wanted = SkillVersionReference(skill) {
                let record = try history.record(wanted)
                printOut(json ? try history.mined.json([record.skill]) : try history.review().markdown(record))
            } else {
                printOut(json ? try history.mined.json([try history.mined.skill(named: skill)]) : try history.markdown(of: skill))
            }
        }
    }
}
