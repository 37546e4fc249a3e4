import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a skill's versions, each with a one-line summary of its change.")

        @Argument(help: "The skill's name.")
        var skill: String

        @OptionGroup var repository: RepositoryOptions

        func run() throws {
            let store = try openStore(creating: false)
            let mined = try MinedRepository.load(store: store, repositoryPath: repository.repo)
            let records = try store.versions(repoID: mined.record.id ?? -1, skill: skill)
            guard !records.isEmpty else { throw TasteError.unknownSkill(skill) }
            var lines: [String] = []
            var previous: SkillVersionRecord?
            for record in records {
                let summary = previous.map { SkillReview.summarize($0.skill, record.skill) } ?? "first version"
                lines.append("\(skill)@\(record.version)  \(Diff.day(record.createdAt))  \(record.minedThrough.prefix(10))  \(record.status.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(record.author)  \(summary)")
                previous = record
            }
            printOut(lines.reversed().joined(separator: "\n"))
        }
    }
}
