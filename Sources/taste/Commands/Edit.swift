import ArgumentParser
import Foundation
import TasteCore

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
