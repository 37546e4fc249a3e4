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
            let store = try openStore(creating: false)
            let mined = try MinedRepository.load(store: store, repositoryPath: repository.repo)
            if let wanted = SkillVersion(skill) {
                let records = try store.versions(repoID: mined.record.id ?? -1, skill: wanted.name)
                guard !records.isEmpty else { throw TasteError.unknownSkill(wanted.name) }
                guard let record = records.first(where: { $0.version == wanted.version }) else {
                    throw TasteError.usage("\(wanted.name) has versions \(records.map { String($0.version) }.joined(separator: ", ")) only")
                }
                let review = SkillReview(renderer: try SkillRenderer(overrides: try mined.templateOverrides()), repository: mined.record.name)
                printOut(json ? try mined.json([record.skill]) : review.markdown(record))
                return
            }
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
