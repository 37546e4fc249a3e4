import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand.Daemon {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Print the daemon's pid, uptime, queue depth, repositories served and last event.",
            discussion: """
                With a fleet's PostgreSQL store (--store, TASTE_STORE or store in config.toml), prints its queue depth, its oldest waiting \
                event and every worker's last heartbeat instead.
                """)

        @Flag(help: "Print the daemon's JSON reply as it is.")
        var json = false

        @Option(help: "A fleet's PostgreSQL store, postgres://... (default: $TASTE_STORE, else store in config.toml).")
        var store: String?

        func run() throws {
            if let url = try FleetStoreOptions.chosen(store) {
                let status = try FleetQueue(url: try FleetStoreOptions.url(url)).status()
                printOut(json ? try String(decoding: JSONEncoder().encode(status), as: UTF8.self) : status.summary)
                return
            }
            let reply = try TasteCore.Daemon.status(paths: DaemonPaths())
            printOut(json ? reply : DaemonStatus(json: reply)?.summary ?? reply)
        }
    }
}
