import ArgumentParser
import Foundation
import Logging
import TasteCore

extension TasteCommand {
    struct Daemon: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daemon",
            abstract: "Run, query or stop the daemon that mines each merge the hooks report.",
            subcommands: [Run.self, Status.self, Stop.self],
            defaultSubcommand: Run.self
        )

        struct Run: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Run the daemon in the foreground (the default).",
                discussion: """
                    One daemon per user serves every repository with the hook. It listens on \
                    $XDG_RUNTIME_DIR/taste/daemon.sock (else the state folder), processes the queued events, and logs \
                    to stderr and to daemon.log in $XDG_STATE_HOME/taste ($TASTE_HOME when set). SIGTERM or SIGINT \
                    stop it after the pass under way.
                    """
            )

            @Flag(help: "Start the daemon in the background and return once it answers.")
            var detach = false

            func run() throws {
                let paths = DaemonPaths()
                if detach {
                    let started = try TasteCore.Daemon.startDetached(paths: paths)
                    printOut(started ? "taste daemon started (socket \(paths.socket))." : "taste daemon is already running.")
                    return
                }
                LoggingSystem.bootstrap { label in
                    MultiplexLogHandler([StreamLogHandler.standardError(label: label), FileLogHandler(label: label, path: paths.log)])
                }
                let daemon = TasteCore.Daemon(store: try openStore(creating: true), paths: paths, logger: Logger(label: "taste.daemon"))
                try daemon.run()
            }
        }

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the daemon's pid, uptime, queue depth, repositories served and last event.")

            @Flag(help: "Print the daemon's JSON reply as it is.")
            var json = false

            func run() throws {
                let paths = DaemonPaths()
                guard let reply = try? ControlClient.send("status", to: paths.socket) else {
                    throw TasteError.usage("the taste daemon is not running (no answer on \(paths.socket))")
                }
                if json {
                    printOut(reply)
                    return
                }
                guard let object = try? JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any] else {
                    printOut(reply)
                    return
                }
                var lines = ["taste daemon: pid \(object["pid"] ?? "?"), up \(object["uptime"] ?? "?") s, \((object["memory_kb"] as? Int ?? 0) / 1024) MiB"]
                lines.append("queue: \(object["queued"] ?? 0) waiting, \(object["failed"] ?? 0) failed; \(object["repositories"] ?? 0) repositories served")
                if let repo = object["last_event_repo"] as? String {
                    lines.append("last event: \(repo) at \(object["last_event_at"] ?? "?"), processed in \(object["last_latency_ms"] ?? "?") ms")
                }
                printOut(lines.joined(separator: "\n"))
            }
        }

        struct Stop: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Stop the daemon once the pass under way has finished.")

            func run() throws {
                let paths = DaemonPaths()
                guard (try? ControlClient.send("stop", to: paths.socket)) != nil else {
                    throw TasteError.usage("the taste daemon is not running")
                }
                // Wait until the socket is gone, so that a script can start a new daemon at once.
                for _ in 0..<600 where FileManager.default.fileExists(atPath: paths.socket) { usleep(50_000) }
                printOut("taste daemon stopped.")
            }
        }
    }

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
