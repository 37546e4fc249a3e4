import Foundation

/// Where the daemon keeps its socket, lock and log. `TASTE_HOME`, when set, holds everything (one folder
/// per test or per sandbox); otherwise the XDG folders are used. `TASTE_RUNTIME_DIR` moves the socket alone,
/// for a `TASTE_HOME` too long for a socket path.
public struct DaemonPaths: Sendable, Equatable {
    public var runtimeDirectory: String
    public var stateDirectory: String

    public var socket: String { runtimeDirectory + "/daemon.sock" }
    public var lock: String { stateDirectory + "/daemon.lock" }
    public var log: String { stateDirectory + "/daemon.log" }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func nonEmpty(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        let home = nonEmpty("HOME") ?? NSHomeDirectory()
        if let taste = nonEmpty("TASTE_HOME") {
            stateDirectory = taste
            runtimeDirectory = nonEmpty("TASTE_RUNTIME_DIR") ?? taste
            return
        }
        stateDirectory = (nonEmpty("XDG_STATE_HOME") ?? home + "/.local/state") + "/taste"
        runtimeDirectory = nonEmpty("TASTE_RUNTIME_DIR") ?? nonEmpty("XDG_RUNTIME_DIR").map { $0 + "/taste" } ?? stateDirectory
    }
}
