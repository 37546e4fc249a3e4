import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand {
    struct Mine: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mine",
            abstract: "Mine the repository's first-parent history into skills.",
            discussion: """
                The first run walks the whole history of the default branch; later runs mine only the commits merged \
                since. A commit is never counted twice. Interrupted, a run leaves the stored skills as they were, and \
                the next run resumes.
                """
        )

        @OptionGroup var repository: RepositoryOptions

        @Option(help: "The branch or revision to mine (default: the branch HEAD points at).")
        var ref: String?

        @Flag(help: "Walk the whole first-parent history, not just what was merged since the last run.")
        var full = false

        @Option(help: "Mine only the commits after this revision.")
        var since: String?

        @Option(help: "Mine up to this revision instead of the branch tip.")
        var until: String?

        @Flag(help: "Mine from code alone: ignore declared style configuration.")
        var ignoreConfig = false

        @Flag(help: "Print where the time went (diffing, lexing, each miner, the store) to standard error.")
        var profile = false

        func validate() throws {
            if full && since != nil { throw ValidationError("--full and --since cannot be used together.") }
        }

        func run() throws {
            let store = try openStore(creating: true)
            var options = MineOptions(repositoryPath: repository.repo)
            options.ref = ref
            options.full = full
            options.since = since
            options.until = until
            options.ignoreConfig = ignoreConfig
            options.profile = profile
            let bar = isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
            let report = try MiningPass(store: store).run(options) { progress in bar?.update(progress) }
            bar?.finish()
            printOut(report.summary)
            if let profile = report.profile { FileHandle.standardError.write(Data(profile.table.utf8)) }
        }
    }
}
