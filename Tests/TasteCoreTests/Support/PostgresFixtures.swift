import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// One PostgreSQL server for the whole test process, started on first use and stopped when the process exits.
private let sharedServer = Result { try PostgresServer() }
private let stopAtExit: Void = { atexit { try? sharedServer.get().stop() } }()

extension XCTestCase {
    var postgresServer: PostgresServer {
        get throws {
            _ = stopAtExit
            return try sharedServer.get()
        }
    }

    /// A fresh database of its own on the shared server; returns its superuser URL.
    func makePostgresDatabase() throws -> String {
        let server = try postgresServer
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PostgresConnection(url: server.url())
        try admin.execute("CREATE DATABASE " + (try admin.quotedIdentifier(name)))
        return server.url(database: name)
    }
}
