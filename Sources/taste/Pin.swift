import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Pin: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Freeze a skill's text: mining never rewrites it, but still checks it and flags it stale.")

        @Argument(help: "The skill's name.")
        var skill: String

        @OptionGroup var repository: RepositoryOptions

        @Flag(help: "Unpin: let mining rewrite it again.")
        var undo = false

        func run() throws {
            try setFlag(skill, repository: repository) { store, id in try store.setPinned(!undo, repoID: id, skill: skill) }
            printOut(undo ? "\(skill): unpinned." : "\(skill): pinned; mining checks it but leaves its text alone.")
        }
    }

    struct Mute: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Keep a skill out of every export.")

        @Argument(help: "The skill's name.")
        var skill: String

        @OptionGroup var repository: RepositoryOptions

        @Flag(help: "Unmute: export it again.")
        var undo = false

        func run() throws {
            try setFlag(skill, repository: repository) { store, id in try store.setMuted(!undo, repoID: id, skill: skill) }
            printOut(undo ? "\(skill): exported again." : "\(skill): muted; the next export leaves it out.")
        }
    }
}

private func setFlag(_ skill: String, repository: RepositoryOptions, _ update: (Store, Int64) throws -> Bool) throws {
    let store = try openStore(creating: true)
    let mined = try MinedRepository.load(store: store, repositoryPath: repository.repo)
    guard let id = mined.record.id, try update(store, id) else { throw TasteError.unknownSkill(skill) }
}
