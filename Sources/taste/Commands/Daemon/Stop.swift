import ArgumentParser
import TasteCore

extension TasteCommand.Daemon {
    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop",
            abstract: "Stop the daemon once the pass under way has finished; returns when it has exited.",
            discussion: """
                A daemon still running --timeout seconds after the request is killed (SIGKILL), which loses \
                nothing: the events of the pass it was in are processed again on the next start.
                """)

        @Option(help: "Seconds the pass under way has to finish before the daemon is killed.")
        var timeout: Double = 30

        func validate() throws {
            guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        }

        func run() throws {
            printOut(try TasteCore.Daemon.stopRunning(paths: DaemonPaths(), grace: timeout).summary)
        }
    }
}
