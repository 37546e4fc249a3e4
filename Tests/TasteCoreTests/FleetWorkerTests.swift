import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Fleet workers on a real PostgreSQL server, each with a cache of its own: what people decide in PostgreSQL, and
/// what one worker's passes carried over, hold whichever worker takes the next pass.
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

    /// Two workers with caches of their own take turns on one repository whose `.editorconfig` asks for another
    /// indentation than the code keeps: the versions they publish, the stale flag a pass carries over from the
    /// latest version and the version numbers included, are those one worker publishes alone.
    func testWorkersTakingTurnsPublishWhatOneWorkerWould() throws {
        let fixture = try GitFixture(name: "app")
        let python = { (range: Range<Int>, indent: Int) in
            for index in range { _ = try fixture.commit("feat(app): add m\(index)", files: ConventionCode.python(index, indent: indent)) }
        }
        try python(0..<20, 4)
        let aloneURL = try makePostgresDatabase(), turnsURL = try makePostgresDatabase()
        let alone = try FleetQueue(url: aloneURL), turns = try FleetQueue(url: turnsURL)
        let aloneID = try alone.addRepository(name: "app", url: fixture.path).id
        let turnsID = try turns.addRepository(name: "app", url: fixture.path).id
        let single = try worker("w", url: aloneURL)
        let caches = try ["a", "b"].map { _ in try makeTemporaryFolder().path }
        addTeardownBlock { for cache in caches { try? FileManager.default.removeItem(atPath: cache) } }
        let takingTurns = try ["a", "b"].enumerated().map { try FleetWorker(url: turnsURL, cache: caches[$0.offset], name: $0.element) }
        let aloneStore = PostgresStore(connection: alone.connection), turnsStore = PostgresStore(connection: turns.connection)

        let editorConfig = { (size: Int) in [".editorconfig": "[*.py]\nindent_style = space\nindent_size = \(size)\n"] }
        let pushes: [() throws -> Void] = [
            {},
            // The file asks for 2 spaces, the code keeps 4: stale, and it stays stale while they disagree because
            // the latest version says so.
            { _ = try fixture.commit("chore: two-space indentation", files: editorConfig(2)) },
            { try python(20..<21, 4) },
            { try python(21..<23, 4) },
            {
                try fixture.git("rm", "-q", ".editorconfig")
                try fixture.git("commit", "-q", "-m", "chore: no editorconfig")
            },
            // The latest merges turn to 2 spaces: stale; then the code goes back to 4, one merge at a time.
            {
                // Within a week: too soon for a switch of convention, so a drift.
                fixture.step = 3_600
                try python(23..<29, 2)
            },
            { try python(29..<30, 4) },
            { try python(30..<31, 4) },
            { try python(31..<32, 4) },
            { try python(32..<33, 4) },
            { try python(33..<34, 4) },
            { try python(34..<35, 4) },
            { try python(35..<36, 4) },
        ]
        var statuses: [String] = []
        for (step, push) in pushes.enumerated() {
            try push()
            try alone.enqueue(repository: "app", ref: nil, oldHead: nil, newHead: nil)
            try turns.enqueue(repository: "app", ref: nil, oldHead: nil, newHead: nil)
            XCTAssertNotNil(try single.runOnce())
            XCTAssertNotNil(try takingTurns[step % 2].runOnce())
            // The worker whose turn it was mined from PostgreSQL's skills: its cache holds them, numbers included.
            let cache = try Store(path: caches[step % 2] + "/taste.sqlite")
            XCTAssertEqual(
                try skills(of: caches[step % 2] + "/mirrors/\(turnsID).git", in: cache),
                try turnsStore.skills(repoID: turnsID, includeRetired: false), "the cache after push \(step + 1)")
            XCTAssertEqual(try history(turnsStore, turnsID), try history(aloneStore, aloneID), "after push \(step + 1)")
            XCTAssertEqual(
                try turnsStore.skills(repoID: turnsID, includeRetired: true), try aloneStore.skills(repoID: aloneID, includeRetired: true),
                "after push \(step + 1)")
            let style = try aloneStore.versions(repoID: aloneID, skill: "python-style")
            statuses.append(style.map { "\($0.version) \($0.status)" }.joined(separator: ", "))
        }
        XCTAssertEqual(
            statuses.map { $0.components(separatedBy: ", ").last ?? "" },
            [
                "1 active", "2 stale", "2 stale", "2 stale", "3 active", "4 stale", "5 stale", "5 stale", "5 stale", "5 stale", "5 stale",
                "6 active", "6 active",
            ], "stale while the file and the code disagree, then while the latest merges drift, over passes of both workers")
    }

    /// A spool folder the worker cannot read does not stop it: it says so once and goes on serving the queue.
    func testAnUnreadableSpoolIsReportedOnceAndTheWorkerGoesOn() throws {
        let url = try makePostgresDatabase()
        let fixture = try makeSwiftRepository(commits: 2)
        let queue = try FleetQueue(url: url)
        try queue.addRepository(name: "app", url: fixture.path)
        try queue.enqueue(repository: "app", ref: nil, oldHead: nil, newHead: nil)
        let state = try makeTemporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: state) }
        let spool = FleetSpool(paths: DaemonPaths(environment: ["TASTE_HOME": state.path]))
        // A file where the folder should be: unreadable as a folder, also to root.
        try FileManager.default.createDirectory(atPath: state.path + "/spool", withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: spool.directory))

        let worker = try worker("a", url: url, lease: 0.2)
        var lines: [String] = []
        var rounds = 0
        try worker.run(exitWhenIdle: false, spool: spool, log: { lines.append($0) }) {
            rounds += 1
            return rounds > 4
        }
        XCTAssertEqual(
            lines.filter { $0.contains("spool") },
            ["store: cannot read the spool folder \(spool.directory): Not a directory; serving the queue, the spooled pushes wait"],
            "one line, not one per idle round")
        XCTAssertTrue(lines.contains { $0.hasPrefix("mined app: 2 commits") }, "\(lines)")
        XCTAssertEqual(try queue.status().queued, 0)
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
