import ArgumentParser
import TasteCore

extension TasteCommand.Daemon {
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
            printOut(DaemonStatus(json: reply)?.summary ?? reply)
        }
    }
}
