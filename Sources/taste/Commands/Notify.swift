import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Notify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notify",
            abstract: "Queue a merge for the daemon (what the hooks run).",
            discussion: """
                Only merges into the followed branch count: `git config taste.branch`, else --branch, else the branch \
                HEAD names. The event is stored first, then the daemon is woken; if it is down, the event waits for it. \
                When the store cannot take it (locked by another process for more than 10 s, or read-only), the \
                event is written to the spool folder beside the store and the daemon queues it when it next \
                drains the spool.
                """
        )

        @OptionGroup var repository: RepositoryOptions

        @Option(help: "The hook that saw the merge.")
        var hook = "manual"

        @Option(help: "The branch taste follows, as recorded at install time (`git config taste.branch` wins).")
        var branch: String?

        @Option(help: "The ref that moved (post-receive); default: the branch HEAD names.")
        var ref: String?

        @Option(help: "The ref's head before the merge (default: ORIG_HEAD).")
        var old: String?

        @Option(help: "The ref's head after the merge (default: HEAD).")
        var new: String?

        @Flag(help: "Start the daemon when it is not running.")
        var autostart = false

        func run() throws {
            let notice = MergeNotice(hook: hook, branch: branch, ref: ref, oldHead: old, newHead: new)
            guard let event = notice.event(in: try GitRepository(path: repository.repo)) else { return }
            if case .spooled(let file, let reason) = try event.deliver(toStoreAt: Store.defaultPath()) {
                printNote("spooled the event in \(file) for the daemon (\(reason))")
            }
            try TasteCore.Daemon.wake(paths: DaemonPaths(), autostart: autostart)
        }
    }
}
