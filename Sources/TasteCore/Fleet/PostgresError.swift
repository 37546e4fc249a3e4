import Foundation

/// What went wrong talking to PostgreSQL, in one line that says what to check. A message never holds the
/// URL's password.
public enum PostgresError: Error, LocalizedError, Equatable {
    /// libpq could not be loaded (fleet mode needs Debian's libpq5).
    case clientMissing(String)
    case invalidURL(String)
    case unreachable(server: String, reason: String)
    case authenticationFailed(server: String, role: String)
    case noDatabase(server: String, database: String)
    case connectionLost(String)
    case query(sqlState: String, message: String)
    case unexpectedValue(column: String, value: String)

    public var errorDescription: String? {
        switch self {
        case .clientMissing(let reason): "fleet mode needs the PostgreSQL client library (Debian's libpq5): \(reason)"
        case .invalidURL(let reason): "not a PostgreSQL URL (postgres://user@host:port/database): \(reason)"
        case .unreachable(let server, let reason): "cannot reach the PostgreSQL server at \(server): \(reason)"
        case .authenticationFailed(let server, let role):
            "the PostgreSQL server at \(server) refused role '\(role)': check the user and password in the URL"
        case .noDatabase(let server, let database): "the PostgreSQL server at \(server) has no database '\(database)': create it first"
        case .connectionLost(let reason): "lost the connection to PostgreSQL: \(reason)"
        case .query(_, let message): "PostgreSQL: \(message)"
        case .unexpectedValue(let column, let value): "PostgreSQL returned '\(value)' for \(column), which taste cannot read"
        }
    }

    /// The SQLSTATE of a failed statement (23505: unique violation, 40001: serialization failure, ...).
    public var sqlState: String? {
        if case .query(let state, _) = self { return state }
        return nil
    }
}
