import Foundation
import XCTest
@testable import TasteCore
import TasteTestSupport

/// A commit is counted once, however the passes that mined it were split, repeated or interrupted.
final class IncrementalMiningTests: XCTestCase {
    /// A repository whose history has a merge: 4 mainline commits, then a feature branch merged with --no-ff.
    private func makeHistory() throws -> GitFixture {
        let fixture = try makeSwiftRepository(commits: 4)
        try fixture.checkout("feature", create: true)
        try fixture.commit("feat(feature): add Feature", files: ["Sources/App/Feature.swift": Code.swiftType("Feature")])
        try fixture.commit("test(feature): cover Feature", files: ["Tests/AppTests/FeatureTests.swift": Code.xctestCase("Feature")])
        try fixture.checkout("main")
        try fixture.commit("docs: add Notes", files: ["Sources/App/Notes.swift": Code.swiftType("Notes")])
        try fixture.merge("feature")
        return fixture
    }

    /// Everything the skills rest on, as `synthesize` turns the stored counts into skills.
    private func synthesized(_ path: String, in store: Store) throws -> [Skill] {
        try RuleSynthesizer(store: store).synthesize(repoID: try repoID(path, in: store))
    }

    func testMiningInStepsEqualsMiningAtOnce() throws {
        let fixture = try makeHistory()
        let stepwise = try makeStore()
        let first = try mine(fixture.path, into: stepwise)
        XCTAssertEqual(first.commitsMined, 6)

        try addSwiftCommits(fixture, range: 4..<7)
        try fixture.checkout("second", create: true)
        try fixture.commit("fix(second): add Second", files: ["Sources/App/Second.swift": Code.swiftType("Second")])
        try fixture.checkout("main")
        try fixture.merge("second")
        let second = try mine(fixture.path, into: stepwise)
        XCTAssertEqual(second.commitsMined, 4, "three commits and a merge were added to the mainline")
        XCTAssertEqual(second.commitsAlreadyMined, 0)

        let atOnce = try makeStore()
        let whole = try mine(fixture.path, into: atOnce)
        XCTAssertEqual(whole.commitsMined, 10)
        XCTAssertEqual(first.lines + second.lines, whole.lines)
        XCTAssertEqual(first.files + second.files, whole.files)

        XCTAssertEqual(try tallySums(fixture.path, in: stepwise), try tallySums(fixture.path, in: atOnce))
        XCTAssertEqual(try synthesized(fixture.path, in: stepwise), try synthesized(fixture.path, in: atOnce))
        XCTAssertEqual(try skills(of: fixture.path, in: stepwise).map(\.rules), try skills(of: fixture.path, in: atOnce).map(\.rules))
    }

    func testFullRerunDoesNotCountTwice() throws {
        let fixture = try makeHistory()
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let tallies = try tallySums(fixture.path, in: store)
        let skillsBefore = try synthesized(fixture.path, in: store)
        XCTAssertFalse(tallies.isEmpty)

        let full = try mine(fixture.path, into: store) { $0.full = true }
        XCTAssertEqual(full.commitsMined, 0)
        XCTAssertEqual(full.commitsAlreadyMined, 6)
        XCTAssertEqual(full.lines, 0)
        XCTAssertEqual(try tallySums(fixture.path, in: store), tallies)
        XCTAssertEqual(try synthesized(fixture.path, in: store), skillsBefore)

        let since = try mine(fixture.path, into: store) { $0.since = "HEAD~3" }
        XCTAssertEqual(since.commitsMined, 0, "already mined commits named by --since are not mined again")
        XCTAssertEqual(since.commitsAlreadyMined, 3)
        XCTAssertEqual(try tallySums(fixture.path, in: store), tallies)
    }

    /// A pass killed after storing its batches, before it stored the new head: the next pass resumes.
    func testInterruptedPassResumesWithoutDoubleCounting() throws {
        let fixture = try makeSwiftRepository(commits: 8)
        let clean = try makeStore()
        try mine(fixture.path, into: clean)

        let store = try makeStore()
        try mine(fixture.path, into: store) { $0.batchSize = 2; $0.workers = 2 }
        let id = try repoID(fixture.path, in: store)
        try store.write { db in try db.execute(sql: "UPDATE repository SET head = NULL WHERE id = \(id)") }

        let resumed = try mine(fixture.path, into: store)
        XCTAssertEqual(resumed.commitsMined, 0)
        XCTAssertEqual(resumed.commitsAlreadyMined, 8)
        XCTAssertEqual(resumed.commitsForgotten, 0)
        XCTAssertEqual(try tallySums(fixture.path, in: store), try tallySums(fixture.path, in: clean))
        XCTAssertEqual(try synthesized(fixture.path, in: store), try synthesized(fixture.path, in: clean))
        XCTAssertEqual(try skills(of: fixture.path, in: store).map(\.rules), try skills(of: fixture.path, in: clean).map(\.rules))
    }

    /// The same, killed after the first batch of two: only the newest commits were stored.
    func testPassInterruptedAfterItsFirstBatchResumes() throws {
        let fixture = try makeSwiftRepository(commits: 8)
        let clean = try makeStore()
        try mine(fixture.path, into: clean)

        let store = try makeStore()
        try mine(fixture.path, into: store) { $0.batchSize = 2; $0.workers = 2 }
        let id = try repoID(fixture.path, in: store)
        let kept = [try fixture.revParse("HEAD"), try fixture.revParse("HEAD~1")]
        try store.write { db in
            try db.execute(sql: "UPDATE repository SET head = NULL WHERE id = \(id)")
            try db.execute(sql: "DELETE FROM mined_commit WHERE repo_id = \(id) AND sha NOT IN ('\(kept[0])', '\(kept[1])')")
        }
        XCTAssertEqual(try store.minedSHAs(repoID: id), Set(kept))

        let resumed = try mine(fixture.path, into: store) { $0.batchSize = 3 }
        XCTAssertEqual(resumed.commitsMined, 6)
        XCTAssertEqual(resumed.commitsAlreadyMined, 2)
        XCTAssertEqual(try tallySums(fixture.path, in: store), try tallySums(fixture.path, in: clean))
        XCTAssertEqual(try synthesized(fixture.path, in: store), try synthesized(fixture.path, in: clean))
    }

    func testBatchSizeAndWorkersDoNotChangeTheCounts() throws {
        let fixture = try makeHistory()
        let serial = try makeStore()
        try mine(fixture.path, into: serial) { $0.batchSize = 1; $0.workers = 1 }
        let parallel = try makeStore()
        try mine(fixture.path, into: parallel) { $0.batchSize = 4; $0.workers = 3 }
        XCTAssertEqual(try tallySums(fixture.path, in: serial), try tallySums(fixture.path, in: parallel))
        XCTAssertEqual(try synthesized(fixture.path, in: serial), try synthesized(fixture.path, in: parallel))
    }

    /// Tallies counted by other miners (an older Taste) are counted again, not mixed with the new ones.
    func testChangedMinersCountTheHistoryAgain() throws {
        let fixture = try makeHistory()
        let clean = try makeStore()
        try mine(fixture.path, into: clean)

        let store = try makeStore()
        let partial = try MiningPass(store: store, miners: [IndentationMiner()]).run(MineOptions(repositoryPath: fixture.path))
        XCTAssertEqual(partial.commitsMined, 6)
        XCTAssertEqual(try skills(of: fixture.path, in: store).map(\.name), ["swift-style"])
        XCTAssertTrue(try tallySums(fixture.path, in: store).allSatisfy { $0.hasPrefix("indentation|") })

        let recount = try mine(fixture.path, into: store)
        XCTAssertEqual(recount.commitsMined, 6, "every commit is counted again with the current miners")
        XCTAssertEqual(recount.commitsAlreadyMined, 0)
        XCTAssertEqual(try tallySums(fixture.path, in: store), try tallySums(fixture.path, in: clean))
        XCTAssertEqual(try synthesized(fixture.path, in: store), try synthesized(fixture.path, in: clean))
        let record = try XCTUnwrap(try store.repositories().first)
        XCTAssertEqual(record.miners, MinerCatalogue.fingerprint(MinerCatalogue.all))

        let again = try mine(fixture.path, into: store)
        XCTAssertEqual(again.commitsMined, 0, "the same miners do not count again")
    }
}
