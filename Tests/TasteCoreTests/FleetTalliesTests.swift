import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// A fleet repository's tallies live in PostgreSQL: each pass publishes its commits' counts with the skills, and a
/// worker new to the repository copies them instead of mining the history again.
final class FleetTalliesTests: XCTestCase {
    func testASecondWorkerCopiesThePublishedTalliesAndMinesOnlyTheNewCommits() throws {
        let url = try makePostgresDatabase()
        let fixture = try makeSwiftRepository(commits: 6)
        let queue = try FleetQueue(url: url)
        let repository = try queue.addRepository(name: "app", url: fixture.path)
        let fleet = try PostgresStore(url: url)
        let first = try worker("a", url: url)
        let second = try worker("b", url: url)

        try queue.enqueue(repository: "app", ref: "refs/heads/main", oldHead: nil, newHead: nil)
        XCTAssertEqual(try first.runOnce()?.commitsMined, 6)
        XCTAssertEqual(try tallySums(repoID: repository.id, in: fleet), try referenceSums(fixture), "the pass's tallies are published")

        try addSwiftCommits(fixture, range: 6..<8)
        try queue.enqueue(repository: "app", ref: "refs/heads/main", oldHead: nil, newHead: nil)
        var lines: [String] = []
        XCTAssertEqual(try second.runOnce { lines.append($0) }?.commitsMined, 2, "only what nobody mined yet")
        XCTAssertTrue(lines.contains("copied the tallies of 6 commits of app from PostgreSQL"), "\(lines)")
        XCTAssertEqual(try tallySums(repoID: repository.id, in: fleet), try referenceSums(fixture))
        let reference = try makeStore()
        try mine(fixture.path, into: reference)
        XCTAssertEqual(
            try fleet.skills(repoID: repository.id, includeRetired: false).map(\.rules), try skills(of: fixture.path, in: reference).map(\.rules))

        // A force-push the first worker mines from its older cache: what left the mainline leaves PostgreSQL too.
        try fixture.git("reset", "-q", "--hard", "HEAD~3")
        try queue.enqueue(repository: "app", ref: "refs/heads/main", oldHead: nil, newHead: nil)
        XCTAssertEqual(try first.runOnce()?.commitsMined, 0)
        XCTAssertEqual(try fleet.minedSHAs(repoID: repository.id).count, 5)
        XCTAssertEqual(try tallySums(repoID: repository.id, in: fleet), try referenceSums(fixture))
    }

    /// A pass whose completion fails publishes nothing: its tallies are not in PostgreSQL, and the next pass, on a
    /// worker with a fresh cache, mines them from the history.
    func testAPassThatLosesItsLeasePublishesNoTallies() throws {
        let url = try makePostgresDatabase()
        let fixture = try makeSwiftRepository(commits: 3)
        let queue = try FleetQueue(url: url)
        let repository = try queue.addRepository(name: "app", url: fixture.path)
        try queue.enqueue(repository: "app", ref: nil, oldHead: nil, newHead: nil)
        let fleet = try PostgresStore(url: url)
        // The lease runs out at once, and another claim takes it before the first worker completes.
        let first = try worker("a", url: url, lease: 0.000_001)
        let taken = try FleetQueue(url: url)
        var stolen: FleetClaim?
        XCTAssertThrowsError(
            try first.runOnce { line in
                if line.hasPrefix("claimed") { stolen = try? taken.claim(worker: "b", lease: 60) }
            }
        ) { XCTAssertTrue($0 is FleetLeaseLost, "\($0)") }
        XCTAssertNotNil(stolen)
        XCTAssertEqual(try fleet.minedSHAs(repoID: repository.id), [])
        XCTAssertEqual(try fleet.skills(repoID: repository.id, includeRetired: true), [])
    }

    private func worker(_ name: String, url: String, lease: TimeInterval = 60) throws -> FleetWorker {
        let cache = try makeTemporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: cache) }
        return try FleetWorker(url: url, cache: cache.path, name: name, lease: lease)
    }

    /// What a plain SQLite mine of the repository counts.
    private func referenceSums(_ fixture: GitFixture) throws -> [String] {
        let store = try makeStore()
        try mine(fixture.path, into: store)
        return try tallySums(fixture.path, in: store as any TasteStore)
    }
}
