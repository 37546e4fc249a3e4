import ArgumentParser
import Foundation
import Logging
import TasteCore

extension TasteCommand.Daemon {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
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
}
