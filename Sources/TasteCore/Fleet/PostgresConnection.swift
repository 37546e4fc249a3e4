import CLibPQ
import Foundation

/// A value sent as a statement parameter, in PostgreSQL's text form. Values only ever travel as parameters,
/// never inside the SQL text.
public protocol PostgresValue: Sendable {
    var postgresText: String { get }
}

extension String: PostgresValue { public var postgresText: String { self } }
extension Int: PostgresValue { public var postgresText: String { String(self) } }
extension Int64: PostgresValue { public var postgresText: String { String(self) } }
extension Double: PostgresValue { public var postgresText: String { String(self) } }
extension Bool: PostgresValue { public var postgresText: String { self ? "true" : "false" } }
/// An integer array, for `= ANY($1)`.
extension Array: PostgresValue where Element == Int64 {
    public var postgresText: String { "{" + map(String.init).joined(separator: ",") + "}" }
}

/// An array of texts or integers in PostgreSQL's array form, for `unnest($1::text[])`: a batch of rows travels
/// as one parameter per column, one statement for the batch rather than one per row.
public struct PostgresArray: PostgresValue {
    public let postgresText: String

    public init(_ texts: [String?]) {
        postgresText =
            "{"
            + texts.map { text in
                // Quoted, so that commas, braces and spaces are the element's own; PostgreSQL's text holds no NUL.
                guard let text else { return "NULL" }
                let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    .replacingOccurrences(of: "\0", with: "")
                return "\"" + escaped + "\""
            }.joined(separator: ",") + "}"
    }

    public init<Integer: BinaryInteger>(_ integers: [Integer?]) {
        postgresText = "{" + integers.map { $0.map { String($0) } ?? "NULL" }.joined(separator: ",") + "}"
    }
}

/// One row of a result, copied out of libpq at once.
public struct PostgresRow: Sendable {
    let columns: [String: Int]
    let values: [String?]

    /// The column's text, nil for NULL or a column the query did not return.
    public subscript(_ column: String) -> String? {
        columns[column].flatMap { values[$0] }
    }

    public func string(_ column: String) throws -> String {
        guard let text = self[column] else { throw PostgresError.unexpectedValue(column: column, value: "NULL") }
        return text
    }

    public func int64(_ column: String) throws -> Int64 {
        let text = try string(column)
        guard let value = Int64(text) else { throw PostgresError.unexpectedValue(column: column, value: text) }
        return value
    }

    public func int(_ column: String) throws -> Int { Int(try int64(column)) }

    public func double(_ column: String) throws -> Double {
        let text = try string(column)
        guard let value = Double(text) else { throw PostgresError.unexpectedValue(column: column, value: text) }
        return value
    }

    /// A NULL stays nil; any other text must read as a number.
    public func optionalDouble(_ column: String) throws -> Double? {
        self[column] == nil ? nil : try double(column)
    }

    public func bool(_ column: String) throws -> Bool { try string(column) == "t" }
}

/// What a statement returned: its rows, and how many rows it changed.
public struct PostgresResult: Sendable {
    public var rows: [PostgresRow]
    public var affected: Int
}

/// A `NOTIFY` another connection sent on a channel this one listens to.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
}

/// One connection to a PostgreSQL server through libpq. Statements take their values as parameters only.
/// A connection is used by one thread at a time: each worker opens its own.
public final class PostgresConnection {
    private let pq: TasteLibPQ
    private let connection: OpaquePointer
    /// Transactions open on this connection: an inner one is a savepoint of the outer.
    private var transactionDepth = 0
    /// `host:port`, for messages.
    public let server: String

    /// Connects to `url` (`postgres://user:password@host:port/database?options`). Gives up on a server that does
    /// not answer within `timeout` seconds, unless the URL sets its own `connect_timeout`.
    public init(url: String, timeout: Int = 10, applicationName: String = "taste") throws {
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw PostgresError.invalidURL("it must start with postgres://")
        }
        guard let pq = taste_libpq()?.pointee else {
            throw PostgresError.clientMissing(taste_libpq_error().map { String(cString: $0) } ?? "cannot load libpq")
        }
        var parseError: UnsafeMutablePointer<CChar>?
        guard let options = pq.PQconninfoParse(url, &parseError) else {
            let reason = parseError.map { String(cString: $0) } ?? "cannot parse it"
            pq.PQfreemem(parseError)
            throw PostgresError.invalidURL(Self.firstLine(reason))
        }
        pq.PQconninfoFree(options)
        // Later keywords win over earlier ones, so the URL (expanded from dbname) overrides these defaults.
        let keywords = ["connect_timeout", "application_name", "dbname"]
        let values = [String(timeout), applicationName, url]
        let made = Self.withCStrings(keywords) { keywordPointers in
            Self.withCStrings(values) { valuePointers in pq.PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let made else { throw PostgresError.unreachable(server: "?", reason: "libpq is out of memory") }
        let host = pq.PQhost(made).map { String(cString: $0) } ?? "localhost"
        let port = pq.PQport(made).map { String(cString: $0) } ?? "5432"
        server = host.hasPrefix("/") ? "\(host) port \(port)" : "\(host):\(port)"
        guard pq.PQstatus(made) == CONNECTION_OK else {
            let message = Self.firstLine(String(cString: pq.PQerrorMessage(made)))
            let role = pq.PQuser(made).map { String(cString: $0) } ?? ""
            let database = pq.PQdb(made).map { String(cString: $0) } ?? ""
            pq.PQfinish(made)
            throw Self.connectError(message, server: server, role: role, database: database)
        }
        // The server's notices ("relation already exists, skipping") are not for the user's terminal.
        _ = pq.PQsetNoticeProcessor(made, { _, _ in }, nil)
        self.pq = pq
        connection = made
    }

    deinit { pq.PQfinish(connection) }

    /// libpq says why in English; its wording is stable across releases, which is all a one-line message needs.
    private static func connectError(_ message: String, server: String, role: String, database: String) -> PostgresError {
        if message.contains("authentication failed") || message.contains("no password supplied")
            || message.contains("no pg_hba.conf entry") || message.contains("role \"\(role)\" does not exist")
        {
            return .authenticationFailed(server: server, role: role)
        }
        if message.contains("for connection option") {
            return .invalidURL(message)
        }
        if message.contains("database \"\(database)\" does not exist") {
            return .noDatabase(server: server, database: database)
        }
        // libpq leads with 'connection to server at "host" (address), port N failed:'; the reason follows.
        var reason = message
        if let range = message.range(of: "failed: ") { reason = String(message[range.upperBound...]) }
        return .unreachable(server: server, reason: reason)
    }

    /// Runs one statement with `$1`, `$2`... bound to `parameters` (nil is NULL).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresValue)?] = []) throws -> PostgresResult {
        let texts = parameters.map { $0?.postgresText }
        let result = Self.withOptionalCStrings(texts) { pointers in
            pq.PQexecParams(connection, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
        }
        return try read(result)
    }

    /// Runs a script of several statements that takes no values: the schema's migrations, never data.
    public func executeScript(_ sql: String) throws {
        try read(pq.PQexec(connection, sql))
    }

    /// Copies a result out of libpq and frees it.
    @discardableResult
    private func read(_ result: OpaquePointer?) throws -> PostgresResult {
        guard let result else { throw lostOrFailed() }
        defer { pq.PQclear(result) }
        let status = pq.PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            if pq.PQstatus(connection) != CONNECTION_OK { throw lostOrFailed() }
            let state = pq.PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let primary = pq.PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            throw PostgresError.query(sqlState: state, message: primary ?? Self.firstLine(String(cString: pq.PQresultErrorMessage(result))))
        }
        let fieldCount = pq.PQnfields(result), rowCount = pq.PQntuples(result)
        var columns: [String: Int] = [:]
        for field in 0..<fieldCount {
            columns[String(cString: pq.PQfname(result, field))] = Int(field)
        }
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            let values = (0..<fieldCount).map { field -> String? in
                pq.PQgetisnull(result, row, field) == 1 ? nil : String(cString: pq.PQgetvalue(result, row, field))
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        let affected = Int(String(cString: pq.PQcmdTuples(result))) ?? 0
        return PostgresResult(rows: rows, affected: affected)
    }

    /// The statement's rows.
    public func query(_ sql: String, _ parameters: [(any PostgresValue)?] = []) throws -> [PostgresRow] {
        try execute(sql, parameters).rows
    }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool { transactionDepth > 0 }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws. Inside another
    /// transaction it is a savepoint, so the store's writes join the worker's completing transaction.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let savepoint = transactionDepth == 0 ? nil : "taste_\(transactionDepth)"
        try execute(savepoint.map { "SAVEPOINT " + $0 } ?? "BEGIN")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        let value: T
        do {
            value = try body()
        } catch {
            _ = try? execute(savepoint.map { "ROLLBACK TO SAVEPOINT " + $0 } ?? "ROLLBACK")
            throw error
        }
        try execute(savepoint.map { "RELEASE SAVEPOINT " + $0 } ?? "COMMIT")
        return value
    }

    /// Starts listening on `channel`; `waitForNotification` then returns what is sent there.
    public func listen(_ channel: String) throws {
        try execute("LISTEN " + quotedIdentifier(channel))
    }

    /// Waits up to `timeout` seconds for a notification; nil when none came.
    public func waitForNotification(timeout: TimeInterval) throws -> PostgresNotification? {
        if let pending = nextNotification() { return pending }
        var descriptor = pollfd(fd: pq.PQsocket(connection), events: Int16(POLLIN), revents: 0)
        guard descriptor.fd >= 0 else { throw PostgresError.connectionLost("the connection has no socket") }
        let ready = poll(&descriptor, 1, Int32(max(0, min(timeout, 3600)) * 1000))
        if ready < 0, errno != EINTR { throw PostgresError.connectionLost(String(cString: strerror(errno))) }
        guard pq.PQconsumeInput(connection) == 1 else { throw lostOrFailed() }
        return nextNotification()
    }

    private func nextNotification() -> PostgresNotification? {
        guard let notice = pq.PQnotifies(connection) else { return nil }
        defer { pq.PQfreemem(notice) }
        return PostgresNotification(channel: String(cString: notice.pointee.relname), payload: String(cString: notice.pointee.extra))
    }

    /// An identifier (a channel or role name) quoted by libpq, for the few statements that take no parameters.
    public func quotedIdentifier(_ name: String) throws -> String {
        guard let quoted = pq.PQescapeIdentifier(connection, name, name.utf8.count) else { throw lostOrFailed() }
        defer { pq.PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// Whether the connection still stands: false once the server closed it or went away.
    public var isConnected: Bool { pq.PQstatus(connection) == CONNECTION_OK }

    /// Connects again with the same settings, after the server restarted or dropped the connection.
    public func reconnect() throws {
        pq.PQreset(connection)
        transactionDepth = 0
        guard pq.PQstatus(connection) == CONNECTION_OK else {
            throw PostgresError.unreachable(server: server, reason: Self.firstLine(String(cString: pq.PQerrorMessage(connection))))
        }
    }

    /// The server's process id for this connection (what `pg_terminate_backend` takes).
    public var backendPID: Int32 { pq.PQbackendPID(connection) }

    private func lostOrFailed() -> PostgresError {
        let message = Self.firstLine(String(cString: pq.PQerrorMessage(connection)))
        if pq.PQstatus(connection) != CONNECTION_OK {
            return .connectionLost(message.isEmpty ? "the server closed the connection" : message)
        }
        return .query(sqlState: "", message: message)
    }

    static func firstLine(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? trimmed
    }

    private static func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        withOptionalCStrings(strings, body)
    }

    /// A NULL-terminated array of C strings that lives for the call.
    private static func withOptionalCStrings<T>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
        defer { for copy in copies { free(copy) } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
