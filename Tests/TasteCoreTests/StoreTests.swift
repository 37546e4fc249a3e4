import Foundation
import GRDB
import TasteTestSupport
import XCTest

@testable import TasteCore

final class StoreTests: XCTestCase {
    func testDefaultPathPrefersTasteHomeThenXDGThenHome() {
        XCTAssertEqual(Store.defaultPath(environment: ["TASTE_HOME": "/t", "XDG_DATA_HOME": "/x", "HOME": "/h"]), "/t/taste.sqlite")
        XCTAssertEqual(Store.defaultPath(environment: ["TASTE_HOME": "", "XDG_DATA_HOME": "/x", "HOME": "/h"]), "/x/taste/taste.sqlite")
        XCTAssertEqual(Store.defaultPath(environment: ["HOME": "/h"]), "/h/.local/share/taste/taste.sqlite")
    }

    func testReopeningAStoreKeepsWhatWasMined() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nested/taste.sqlite").path
        XCTAssertNil(try Store.existing(path: path))
        let fixture = try makeSwiftRepository()
        let names: [String]
        do {
            let store = try Store(path: path)
            try mine(fixture.path, into: store)
            names = try skills(of: fixture.path, in: store).map(\.name)
            XCTAssertEqual(try store.integrityCheck(), "ok")
        }
        // Read commands open a writable store read-write (so an older schema is migrated); a read-only store
        // still reads, and refuses to mine.
        let existing = try XCTUnwrap(try Store.existing(path: path))
        XCTAssertEqual(try skills(of: fixture.path, in: existing).map(\.name), names)
        let reader = try Store(path: path, readOnly: true)
        XCTAssertEqual(try skills(of: fixture.path, in: reader).map(\.name), names)
        XCTAssertThrowsError(try mine(fixture.path, into: reader)) { error in
            guard case .store? = error as? TasteError else { return XCTFail("\(error)") }
        }
        let writer = try Store(path: path)
        XCTAssertEqual(try mine(fixture.path, into: writer).commitsMined, 0)
        XCTAssertEqual(try skills(of: fixture.path, in: writer).map(\.name), names)
    }

    /// A store written before counters had ids (schema v7) opens, migrates and is counted again by the next
    /// pass with no step of the user's: the skills come out as a fresh store's, with no new version.
    func testAStoreOfTheOldSchemaIsMigratedAndCountedAgain() throws {
        let fixture = try makeSwiftRepository(commits: 6)
        let clean = try makeStore()
        try mine(fixture.path, into: clean)

        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("taste.sqlite").path
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old, upTo: "v7-commits-by-time")
        let gitDir = try GitRepository(path: fixture.path).gitDirectory
        let head = try fixture.revParse("HEAD")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO repository (id, git_dir, name, head, created_at, miners) VALUES (1, ?, 'old', ?, 0, ?);
                    INSERT INTO mined_commit (repo_id, sha, time, author, files, lines, skipped) VALUES (1, ?, 0, 'a', 1, 1, 0);
                    INSERT INTO tally (repo_id, miner, scope, key, value, sha, count) VALUES (1, 'indentation', 'swift', 'style', 'tab', ?, 99);
                    """, arguments: [gitDir, head, MinerCatalogue.fingerprint(MinerCatalogue.all), head, head])
        }
        try old.close()

        let sizeBefore = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let migrated = try Store(path: path)
        XCTAssertEqual(try migrated.integrityCheck(), "ok")
        let freePages = try migrated.read { try Int.fetchOne($0, sql: "PRAGMA freelist_count") }
        XCTAssertEqual(freePages, 0, "the dropped tables' pages are returned")
        XCTAssertLessThanOrEqual(try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int), sizeBefore)
        let report = try mine(fixture.path, into: migrated)
        XCTAssertEqual(report.commitsMined, 6, "every commit is counted again")
        XCTAssertEqual(try tallySums(fixture.path, in: migrated), try tallySums(fixture.path, in: clean))
        XCTAssertEqual(try skills(of: fixture.path, in: migrated).map(\.rules), try skills(of: fixture.path, in: clean).map(\.rules))
    }

    func testADamagedStoreIsAStoreError() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("taste.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Store(path: path)) { error in
            guard case .store(let message)? = error as? TasteError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("damaged or not a Taste store"), message)
        }
    }

    /// Two passes over one repository at the same time, as two `taste mine` processes would run: each commit
    /// is stored once, and the skills get one version.
    func testConcurrentPassesDoNotCountTwice() throws {
        let fixture = try makeSwiftRepository(commits: 8)
        let clean = try makeStore()
        try mine(fixture.path, into: clean)

        let first = try makeStore()
        let second = try Store(path: first.path)
        let stores = [first, second]
        let path = fixture.path
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                var options = MineOptions(repositoryPath: path)
                options.batchSize = 1
                options.workers = 2
                _ = try MiningPass(store: stores[index]).run(options)
            } catch {
                failures.append(error)
            }
        }
        XCTAssertEqual(failures.all.map { "\($0)" }, [])
        XCTAssertEqual(try tallySums(fixture.path, in: first), try tallySums(fixture.path, in: clean))
        let id = try repoID(fixture.path, in: first)
        for name in try skills(of: fixture.path, in: clean).map(\.name) {
            XCTAssertEqual(try first.versions(repoID: id, skill: name).count, 1, name)
        }
        XCTAssertEqual(try skills(of: fixture.path, in: first).map(\.rules), try skills(of: fixture.path, in: clean).map(\.rules))
    }

    func testConfiguredExportDirectory() throws {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(
            try MinedRepository.load(store: store, repositoryPath: fixture.path).defaultExportDirectory,
            fixture.path + "/.claude/skills")

        try fixture.commit("chore: export elsewhere", files: [".taste.toml": "[export]\nout = \"docs/skills\"\n"])
        try mine(fixture.path, into: store)
        XCTAssertEqual(
            try MinedRepository.load(store: store, repositoryPath: fixture.path).defaultExportDirectory,
            fixture.path + "/docs/skills")

        let bare = try fixture.bareClone()
        try mine(bare, into: store)
        XCTAssertNil(try MinedRepository.load(store: store, repositoryPath: bare).defaultExportDirectory)
    }
}

final class Failures: @unchecked Sendable {
    private var errors: [Error] = []
    private let lock = NSLock()
    func append(_ error: Error) { lock.withLock { errors.append(error) } }
    var all: [Error] { lock.withLock { errors } }
}
