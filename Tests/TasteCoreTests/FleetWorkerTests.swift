import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Fleet workers on a real PostgreSQL server, each with a cache of its own: what people decide in PostgreSQL holds
/// whichever worker takes the next pass.
final class FleetWorkerTests: XCTestCase {
    /// A pin, a mute and a person's version made in the fleet's store survive the next pass, as they do on a
    /// developer's SQLite store given the same history and the same decisions.
    func testAPinAMuteAndAPersonsVersionMadeInPostgreSQLSurviveTheNextPass() throws {
        let url = try makePostgresDatabase()
        let fixture = try makeSwiftRepository(commits: 6)
        let queue = try FleetQueue(url: url)
        let repository = try queue.addRepository(name: "app", url: fixture.path)
        let fleet = try PostgresStore(url: url)
        let worker = try worker("a", url: url)
        try queue.enqueue(repository: "app", ref: nil, oldHead: nil, newHead: nil)
        XCTAssertNotNil(try worker.runOnce())

        let reference = try makeStore()
        try mine(fixture.path, into: reference)
        let referenceID = try repoID(fixture.path, in: reference)
        let text = "# Testing\n\nOne XCTest case per type, in Tests/AppTests, named after the type.\n"
        for (store, id) in [(fleet as any TasteStore, repository.id), (reference, referenceID)] {
            XCTAssertTrue(try store.setPinned(true, repoID: id, skill: "swift-style"))
            XCTAssertTrue(try store.setMuted(true, repoID: id, skill: "commits"))
            XCTAssertEqual(try store.storePersonVersion(repoID: id, skill: "testing", markdown: text), 2)
        }
        let pinnedFacts = try XCTUnwrap(try fleet.skills(repoID: repository.id, includeRetired: false).first { $0.name == "swift-style" })
            .rules.map(\.facts)

        // The code moves to 2-space indentation: mining now finds other facts than the pinned skill states.
        try addSwiftCommits(fixture, range: 6..<14, indent: "  ")
        try queue.enqueue(repository: "app", ref: nil, oldHead: nil, newHead: nil)
        XCTAssertNotNil(try worker.runOnce())
        try mine(fixture.path, into: reference)

        let published = try fleet.skills(repoID: repository.id, includeRetired: true)
        XCTAssertEqual(published, try reference.skills(repoID: referenceID, includeRetired: true), "as on a SQLite store")
        XCTAssertEqual(try history(fleet, repository.id), try history(reference, referenceID))
        let style = try XCTUnwrap(published.first { $0.name == "swift-style" })
        XCTAssertEqual(style.pinned, true)
        XCTAssertEqual(style.rules.map(\.facts), pinnedFacts, "a pinned skill's text stays")
        XCTAssertEqual(style.status, .stale, "and is flagged where mining disagrees")
        XCTAssertEqual(published.first { $0.name == "commits" }?.muted, true)
        XCTAssertEqual(published.first { $0.name == "testing" }?.markdown, text)
        XCTAssertEqual(try fleet.versions(repoID: repository.id, skill: "testing").last?.skill.markdown, text)
    }

    /// The database itself keeps a pinned skill's text: a version mined by taste, or a current content, that
    /// changes it is refused, whichever worker (of whichever release) writes it.
    func testTheDatabaseRefusesToRewriteAPinnedSkillsText() throws {
        let url = try makePostgresDatabase()
        let fixture = try makeSwiftRepository(commits: 4)
        let queue = try FleetQueue(url: url)
        let repository = try queue.addRepository(name: "app", url: fixture.path)
        try queue.enqueue(repository: "app", ref: nil, oldHead: nil, newHead: nil)
        XCTAssertNotNil(try worker("a", url: url).runOnce())
        let fleet = try PostgresStore(url: url)
        XCTAssertEqual(try fleet.storePersonVersion(repoID: repository.id, skill: "testing", markdown: "# Testing\n\nMine.\n"), 2)
        let connection = queue.connection
        let skill = try XCTUnwrap(
            try connection.query("SELECT id FROM skill WHERE repo_id = $1 AND name = 'testing'", [repository.id]).first?.int64("id"))
        var rewritten = try XCTUnwrap(try fleet.versions(repoID: repository.id, skill: "testing").last?.skill)
        rewritten.markdown = nil
        rewritten.version = 3
        let content = String(decoding: try Store.encoder.encode(rewritten), as: UTF8.self)
        let refusal = "PostgreSQL: skill testing is pinned: its text stays as a person left it"
        XCTAssertThrowsError(
            try connection.execute(
                """
                INSERT INTO skill_version (skill_id, version, status, content, semantic_key, mined_through, author, created_at)
                VALUES ($1, 3, 'active', $2, 'k', 'abc', 'taste', 0)
                """, [skill, content])
        ) { XCTAssertEqual($0.localizedDescription, refusal) }
        XCTAssertThrowsError(try connection.execute("UPDATE skill SET current = $1 WHERE id = $2", [content, skill])) {
            XCTAssertEqual($0.localizedDescription, refusal)
        }
        // Unpinned, the skill is mining's again.
        XCTAssertTrue(try fleet.setPinned(false, repoID: repository.id, skill: "testing"))
        try connection.execute("UPDATE skill SET current = $1 WHERE id = $2", [content, skill])
    }

    private func worker(_ name: String, url: String, lease: TimeInterval = 60) throws -> FleetWorker {
        let cache = try makeTemporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: cache) }
        return try FleetWorker(url: url, cache: cache.path, name: name, lease: lease)
    }

    /// Every stored version of every skill, without the time it was written.
    private func history(_ store: any TasteStore, _ repoID: Int64) throws -> [String] {
        try store.allVersions(repoID: repoID).sorted { $0.key < $1.key }.flatMap { name, versions in
            try versions.map { record in
                let content = String(decoding: try Store.encoder.encode(record.skill), as: UTF8.self)
                return "\(name)@\(record.version) \(record.status) \(record.author) \(record.minedFrom ?? "-")..\(record.minedThrough) \(content)"
            }
        }
    }
}
