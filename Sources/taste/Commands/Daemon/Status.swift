import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand.Daemon {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the daemon's pid, uptime, queue depth, repositories served and last event.",
            discussion: """
                With a fleet's PostgreSQL store (--store or TASTE_STORE), prints its queue depth, its oldest waiting \
                event and every worker's last heartbeat instead.
                """)

        @Flag(help: "Print the daemon's JSON reply as it is.")
        var json = false

        @Option(help: "A fleet's PostgreSQL store, postgres://... (default: $TASTE_STORE).")
        var store: String?

        func run() throws {
            if store != nil || ProcessInfo.processInfo.environment["TASTE_STORE"]?.isEmpty == false {
                let status = try FleetQueue(url: try FleetStoreOptions.url(store)).status()
                printOut(json ? try String(decoding: JSONEncoder().encode(status), as: UTF8.self) : status.summary)
                return
            }
            let reply = try TasteCore.Daemon.status(paths: DaemonPaths())
            printOut(json ? reply : DaemonStatus(json: reply)?.summary ?? reply)
        }
    }
}
