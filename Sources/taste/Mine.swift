import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand {
    struct Mine: ParsableCommand {
        static let configuration = CommandConfiguration(
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

/// A one-line progress bar on stderr: commits done of total, rate and time left.
final class ProgressBar: @unchecked Sendable {
    private var lastDraw = Date.distantPast

    func update(_ progress: MiningProgress) {
        guard Date().timeIntervalSince(lastDraw) > 0.1 || progress.done == progress.total else { return }
        lastDraw = Date()
        let width = 30
        let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 1
        let filled = Int(fraction * Double(width))
        let rate = progress.elapsed > 0 ? Double(progress.done) / progress.elapsed : 0
        let left = rate > 0 ? Double(progress.total - progress.done) / rate : 0
        let line = String(format: "\r[%@%@] %d/%d commits  %.0f/s  %.0fs left ",
                          String(repeating: "#", count: filled), String(repeating: " ", count: width - filled),
                          progress.done, progress.total, rate, left)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
