import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Notify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue a merge for the daemon (what the hooks run).",
            discussion: """
                Only merges into the followed branch count: `git config taste.branch`, else --branch, else the branch \
                HEAD names. The event is stored first, then the daemon is woken; if it is down, the event waits for it.
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
            let repo = try GitRepository(path: repository.repo)
            let followed = repo.configString("taste.branch") ?? branch ?? repo.headReferenceName().map {
                $0.hasPrefix("refs/heads/") ? String($0.dropFirst("refs/heads/".count)) : $0
            }
            guard let followed else { return }
            let moved = ref ?? repo.headReferenceName()
            // Merging main into a feature branch teaches nothing: only the followed branch counts.
            guard moved == "refs/heads/" + followed else { return }
            // Client hooks leave ORIG_HEAD behind; post-receive passes both heads.
            let before = old.flatMap { $0.isEmpty ? nil : $0 } ?? (hook == "post-receive" ? nil : try? repo.resolveCommit("ORIG_HEAD"))
            let after = new.flatMap { $0.isEmpty ? nil : $0 } ?? (ref == nil ? try? repo.headCommit() : nil)
            try openStore(creating: true).enqueue(gitDir: repo.gitDirectory, hook: hook, ref: moved, oldHead: before, newHead: after)
            let paths = DaemonPaths()
            if (try? ControlClient.send("wake", to: paths.socket, timeout: 1)) == nil, autostart {
                _ = try TasteCore.Daemon.startDetached(paths: paths)
            }
        }
    }
}
