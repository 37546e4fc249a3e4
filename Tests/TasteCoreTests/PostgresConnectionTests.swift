import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// The libpq wrapper against a real server: values only as parameters, one-line typed errors, transactions,
/// notifications.
final class PostgresConnectionTests: XCTestCase {
    func testParametersTravelAsValuesNeverAsSQL() throws {
        let connection = try PostgresConnection(url: try makePostgresDatabase())
        try connection.execute("CREATE TABLE note (id BIGSERIAL PRIMARY KEY, text TEXT, weight DOUBLE PRECISION)")
        let hostile = "x'); DROP TABLE note; --"
        try connection.execute("INSERT INTO note (text, weight) VALUES ($1, $2)", [hostile, 0.5])
        try connection.execute("INSERT INTO note (text, weight) VALUES ($1, $2)", [nil, nil])
        let rows = try connection.query("SELECT id, text, weight FROM note ORDER BY id")
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(try rows[0].string("text"), hostile)
        XCTAssertEqual(try rows[0].double("weight"), 0.5)
        XCTAssertNil(rows[1]["text"])
        XCTAssertNil(try rows[1].optionalDouble("weight"))
        XCTAssertEqual(try connection.execute("UPDATE note SET weight = $1 WHERE id = ANY($2)", [2.0, [Int64(1), 2]]).affected, 2)
    }

    func testAFailedStatementSaysWhyInOneLineWithItsState() throws {
        let connection = try PostgresConnection(url: try makePostgresDatabase())
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        try connection.execute("INSERT INTO t VALUES ($1)", [1])
        XCTAssertThrowsError(try connection.execute("INSERT INTO t VALUES ($1)", [1])) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "23505")
            XCTAssertEqual(error.localizedDescription, #"PostgreSQL: duplicate key value violates unique constraint "t_pkey""#)
        }
        XCTAssertThrowsError(try connection.query("SELECT id FROM t WHERE id = $1", ["one"])) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "22P02")
            XCTAssertFalse(error.localizedDescription.contains("\n"))
        }
    }

    func testATransactionThatThrowsLeavesNothing() throws {
        let connection = try PostgresConnection(url: try makePostgresDatabase())
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        XCTAssertThrowsError(
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES ($1)", [1])
                try connection.execute("INSERT INTO t VALUES ($1)", [1])
            })
        try connection.transaction { try connection.execute("INSERT INTO t VALUES ($1)", [2]) }
        XCTAssertEqual(try connection.query("SELECT id FROM t").map { try $0.int("id") }, [2])
    }

    func testConnectionFailuresAreTypedAndNeverShowThePassword() throws {
        let server = try postgresServer
        let admin = try PostgresConnection(url: server.url())
        let role = "reader_" + UUID().uuidString.prefix(8).lowercased()
        try admin.execute("CREATE ROLE \(try admin.quotedIdentifier(role)) LOGIN PASSWORD 'right-one'")
        XCTAssertNoThrow(try PostgresConnection(url: server.url(role: role, password: "right-one", database: "postgres")))

        XCTAssertThrowsError(try PostgresConnection(url: server.url(role: role, password: "s3cret-wrong", database: "postgres"))) {
            XCTAssertEqual($0 as? PostgresError, .authenticationFailed(server: "127.0.0.1:\(server.port)", role: role))
            XCTAssertFalse($0.localizedDescription.contains("s3cret-wrong"))
        }
        XCTAssertThrowsError(try PostgresConnection(url: server.url(database: "nowhere"))) {
            XCTAssertEqual($0 as? PostgresError, .noDatabase(server: "127.0.0.1:\(server.port)", database: "nowhere"))
        }
        // A port nothing listens on: the port of a server stopped just now.
        let stopped = try PostgresServer()
        stopped.stop()
        XCTAssertThrowsError(try PostgresConnection(url: stopped.url())) { error in
            guard case .unreachable(let at, let reason) = error as? PostgresError else { return XCTFail("\(error)") }
            XCTAssertEqual(at, "127.0.0.1:\(stopped.port)")
            XCTAssertTrue(reason.contains("Connection refused"), reason)
        }
        for bad in ["mysql://x@localhost/db", "postgres://localhost:notaport/db"] {
            XCTAssertThrowsError(try PostgresConnection(url: bad)) { error in
                guard case .invalidURL = error as? PostgresError else { return XCTFail("\(bad): \(error)") }
            }
        }
    }

    func testAListenerIsWokenByANotifyFromAnotherConnection() throws {
        let url = try makePostgresDatabase()
        let listener = try PostgresConnection(url: url), sender = try PostgresConnection(url: url)
        try listener.listen("taste_events")
        XCTAssertNil(try listener.waitForNotification(timeout: 0))
        try sender.execute("SELECT pg_notify($1, $2)", ["taste_events", "42"])
        XCTAssertEqual(try listener.waitForNotification(timeout: 30), PostgresNotification(channel: "taste_events", payload: "42"))
    }

    func testAConnectionTheServerEndedSaysItWasLost() throws {
        let url = try makePostgresDatabase()
        let victim = try PostgresConnection(url: url), admin = try PostgresConnection(url: url)
        try admin.execute("SELECT pg_terminate_backend($1)", [Int(victim.backendPID)])
        XCTAssertThrowsError(try victim.execute("SELECT 1")) { error in
            guard case .connectionLost = error as? PostgresError else { return XCTFail("\(error)") }
        }
    }
}
