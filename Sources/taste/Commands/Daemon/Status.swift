import ArgumentParser
import TasteCore

extension TasteCommand.Daemon {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the daemon's pid, uptime, queue depth, repositories served and last event.")

        @Flag(help: "Print the daemon's JSON reply as it is.")
        var json = false

        func run() throws {
            let reply = try TasteCore.Daemon.status(paths: DaemonPaths())
            printOut(json ? reply : DaemonStatus(json: reply)?.summary ?? reply)
        }
    }
}
