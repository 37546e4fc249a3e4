import Foundation
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

extension TasteCommand {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Edit a skill's Markdown in $EDITOR and store it as a version written by a person.",
            discussion: "The skill is pinned: mining keeps checking it and flags it stale, but never writes over your text. 'taste pin SKILL --undo' hands it back to mining."
        )

        @Argument(help: "The skill's name.")
        var skill: String

        @OptionGroup var repository: RepositoryOptions

        func run() throws {
            let store = try openStore(creating: true)
            let mined = try MinedRepository.load(store: store, repositoryPath: repository.repo)
            let current = try mined.skill(named: skill)
            let renderer = try SkillRenderer(overrides: try mined.templateOverrides())
            let before = renderer.render(current, repository: mined.record.name, head: mined.head)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("taste-\(skill)-\(getpid()).md")
            try Data(before.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let environment = ProcessInfo.processInfo.environment
            let editor = environment["VISUAL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["EDITOR"].flatMap { $0.isEmpty ? nil : $0 } ?? "vi"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "\(editor) \"$1\"", "sh", file.path]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw TasteError.usage("the editor exited with \(process.terminationStatus); nothing was stored") }
            let after = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            guard after != before else {
                printOut("\(skill): no change.")
                return
            }
            let version = try store.storePersonVersion(repoID: mined.record.id ?? -1, skill: skill, markdown: after)
            printOut("\(skill): stored as version \(version), written by a person; pinned.")
        }
    }
}
