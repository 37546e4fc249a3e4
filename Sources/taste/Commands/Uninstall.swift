import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove Taste's hooks and restore the hooks they chained. Other hooks are left alone.")

        @OptionGroup var repository: RepositoryOptions

        func run() throws {
            let installer = try HookInstaller(repositoryPath: repository.repo)
            let actions = try installer.uninstall().filter { $0.1 != .absent }
            printOut(actions.isEmpty ? "No taste hooks in \(installer.hooksDirectory)."
                     : actions.map { "\($0.0): \($0.1.rawValue)" }.joined(separator: "\n"))
        }
    }
}
