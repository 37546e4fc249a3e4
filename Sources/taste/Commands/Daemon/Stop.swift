import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand.Daemon {
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
