import ArgumentParser
import TasteCore

extension TasteCommand.Daemon {
    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the daemon once the pass under way has finished.")

        func run() throws {
            try TasteCore.Daemon.stopRunning(paths: DaemonPaths())
            printOut("taste daemon stopped.")
        }
    }
}
