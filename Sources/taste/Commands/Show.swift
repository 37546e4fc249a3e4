import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one skill as an agent reads it.")

        @Argument(help: "The skill's name, as 'taste skills' lists it; NAME@N for an older version.")
        var skill: String

        @OptionGroup var repository: ReadRepositoryOptions

        @Flag(help: "Print the skill as JSON.")
        var json = false

        func run() throws {
            let stored = try repository.open()
            if let wanted = SkillVersionReference(skill) {
                let record = try stored.record(wanted)
                printOut(json ? try stored.mined.json([record.skill]) : try stored.review().markdown(record))
            } else {
                printOut(json ? try stored.mined.json([try stored.mined.skill(named: skill)]) : try stored.markdown(of: skill))
            }
        }
    }
}
