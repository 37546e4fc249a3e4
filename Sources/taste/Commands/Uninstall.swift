import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall",
            abstract: "Remove Taste's hooks and restore the hooks they chained. Other hooks are left alone.")

        @OptionGroup var repository: RepositoryOptions

        func run() throws {
            let installer = try HookInstaller(repositoryPath: repository.repo)
            printOut(installer.uninstallReport(try installer.uninstall()))
        }
    }
}
