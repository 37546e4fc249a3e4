import Foundation
import GRDB
import TasteTestSupport
import XCTest

@testable import TasteCore

/// The two implementations of the store's operations a test body runs against.
enum StoreBackend: String, CaseIterable {
    case sqlite
    case postgres
}

extension XCTestCase {
    /// A new, empty store: a SQLite file in a temporary folder, or a database of its own on the test process's
    /// PostgreSQL server.
    func makeStore(_ backend: StoreBackend) throws -> any TasteStore {
        switch backend {
        case .sqlite: try makeStore()
        case .postgres: try PostgresStore(url: try makePostgresDatabase())
        }
    }

    /// Runs `body` once on each backend, each with a new store: one test body, two backends. A thrown error names
    /// the backend; assertions name it through the `backend` the body is given.
    func onEachBackend(_ body: (any TasteStore, StoreBackend) throws -> Void) throws {
        for backend in StoreBackend.allCases {
            do {
                try body(try makeStore(backend), backend)
            } catch {
                throw TestError("\(backend): \(error)")
            }
        }
    }

    /// A second handle on the same store, as another process would open it.
    func reopen(_ store: any TasteStore) throws -> any TasteStore {
        switch store {
        case let sqlite as Store: return try Store(path: sqlite.path)
        case let postgres as PostgresStore: return PostgresStore(connection: try PostgresConnection(url: try XCTUnwrap(postgres.url)))
        default: throw TestError("unknown store \(type(of: store))")
        }
    }

    /// Runs SQL past the store's operations, as a person with the database's own client would.
    func executeRaw(_ sql: String, on store: any TasteStore) throws {
        switch store {
        case let sqlite as Store: try sqlite.write { try $0.execute(sql: sql) }
        case let postgres as PostgresStore: try postgres.connection.execute(sql)
        default: throw TestError("unknown store \(type(of: store))")
        }
    }

    @discardableResult
    func mine(_ path: String, into store: any TasteStore, _ configure: (inout MineOptions) -> Void = { _ in }) throws -> MiningReport {
        var options = MineOptions(repositoryPath: path)
        configure(&options)
        return try MiningPass(backend: store).run(options)
    }

    func repoID(_ path: String, in store: any TasteStore) throws -> Int64 {
        try XCTUnwrap(try store.repository(gitDir: try GitRepository(path: path).gitDirectory)?.id)
    }

    func skills(of path: String, in store: any TasteStore) throws -> [Skill] {
        try store.skills(repoID: try repoID(path, in: store), includeRetired: false)
    }

    /// Every stored counter summed over commits, one line each, read through the store's operations.
    func tallySums(_ path: String, in store: any TasteStore) throws -> [String] {
        try tallySums(repoID: try repoID(path, in: store), in: store)
    }

    func tallySums(repoID: Int64, in store: any TasteStore) throws -> [String] {
        let history = try store.countHistory(repoID: repoID)
        var sums: [String: Int] = [:]
        for row in history.rows {
            guard let key = history.counters[row.counter] else { continue }
            sums["\(key.miner)|\(key.scope)|\(key.key)|\(key.value)", default: 0] += row.count
        }
        return sums.map { "\($0.key)=\($0.value)" }.sorted()
    }
}
