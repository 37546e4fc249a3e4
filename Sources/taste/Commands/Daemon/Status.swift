import ArgumentParser
import Foundation
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
}
