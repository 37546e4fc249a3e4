import ArgumentParser
import TasteCore

extension TasteCommand.Daemon {
    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Queue the quarantined events again, with fresh attempts.",
            discussion: """
                An event is quarantined when its passes failed \(Store.maxEventAttempts) times, or the daemon ended \
                during each of them; `taste daemon status` lists them with their last error. Fix the cause (a \
                template, .taste.toml), then retry. The running daemon is woken; a stopped one takes them at its start.
                """
        )

        @Option(help: "Retry only this repository's events (a path inside it); default: every quarantined event.")
        var repo: String?

        func run() throws {
            let store = try openStore(creating: false)
            let count = try store.retryQuarantined(gitDirs: repo.map(Store.eventGitDirs(forRepository:)))
            try TasteCore.Daemon.wake(paths: DaemonPaths(), autostart: false)
            printOut("\(count) quarantined event\(count == 1 ? "" : "s") queued again.")
        }
    }
}
