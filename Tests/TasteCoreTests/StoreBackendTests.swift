import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// The store's guarantees, each test body run on SQLite and on PostgreSQL (a real server): per-commit tallies,
/// versions only when a skill's meaning changes, append-only versions, the reads drift and synthesis make, and
/// writes that are all or nothing.
final class StoreBackendTests: XCTestCase {
    func testBothBackendsStoreTheSameTalliesAndSkills() throws {
        let fixture = try makeSwiftRepository(commits: 6)
        let reference = try makeStore()
        try mine(fixture.path, into: reference)
        try onEachBackend { store, backend in
            let report = try mine(fixture.path, into: store)
            XCTAssertEqual(report.commitsMined, 6, "\(backend)")
            XCTAssertEqual(try tallySums(fixture.path, in: store), try tallySums(fixture.path, in: reference as any TasteStore), "\(backend)")
            XCTAssertEqual(try skills(of: fixture.path, in: store), try skills(of: fixture.path, in: reference as any TasteStore), "\(backend)")
        }
    }

    func testMiningInStepsEqualsMiningAtOnce() throws {
        let fixture = try makeSwiftRepository(commits: 4)
        try onEachBackend { stepwise, backend in
            let firstHead = try fixture.revParse("HEAD")
            let first = try mine(fixture.path, into: stepwise)
            try addSwiftCommits(fixture, range: 4..<7)
            let second = try mine(fixture.path, into: stepwise)
            XCTAssertEqual([first.commitsMined, second.commitsMined], [4, 3], "\(backend)")

            let atOnce = try makeStore(backend)
            XCTAssertEqual(try mine(fixture.path, into: atOnce).commitsMined, 7, "\(backend)")
            XCTAssertEqual(try tallySums(fixture.path, in: stepwise), try tallySums(fixture.path, in: atOnce), "\(backend)")
            XCTAssertEqual(
                try skills(of: fixture.path, in: stepwise).map(\.rules), try skills(of: fixture.path, in: atOnce).map(\.rules), "\(backend)")
            try fixture.git("reset", "-q", "--hard", firstHead)
        }
    }

    func testMiningAgainAddsNoVersionAndAChangedConventionAddsTheNext() throws {
        try onEachBackend { store, backend in
            let fixture = try makeSwiftRepository()
            let first = try mine(fixture.path, into: store)
            let id = try repoID(fixture.path, in: store)
            let names = try skills(of: fixture.path, in: store).map(\.name)
            XCTAssertEqual(first.changes.added, names, "\(backend)")
            let again = try mine(fixture.path, into: store) { $0.full = true }
            XCTAssertEqual(again.changes.unchanged, names, "\(backend)")
            for name in names { XCTAssertEqual(try store.versions(repoID: id, skill: name).map(\.version), [1], "\(backend) \(name)") }

            fixture.clock += 3 * 365 * 86_400
            try addSwiftCommits(fixture, range: 5..<20, indent: "  ")
            let changed = try mine(fixture.path, into: store)
            XCTAssertTrue(changed.changes.changed.contains("swift-style"), "\(backend) \(changed.changes)")
            let versions = try store.versions(repoID: id, skill: "swift-style")
            XCTAssertEqual(versions.map(\.version), [1, 2], "\(backend)")
            XCTAssertEqual(versions.last?.minedThrough, try fixture.revParse("HEAD"), "\(backend)")
            XCTAssertEqual(try store.allVersions(repoID: id)["swift-style"], versions, "\(backend)")
        }
    }

    func testVersionsAreAppendOnly() throws {
        let fixture = try makeSwiftRepository()
        try onEachBackend { store, backend in
            try mine(fixture.path, into: store)
            let id = try repoID(fixture.path, in: store)
            let before = try store.versions(repoID: id, skill: "swift-style")
            XCTAssertThrowsError(try executeRaw("UPDATE skill_version SET status = 'stale'", on: store)) { error in
                XCTAssertTrue(error.localizedDescription.contains("append-only"), "\(backend): \(error)")
            }
            XCTAssertEqual(try store.versions(repoID: id, skill: "swift-style"), before, "\(backend)")
        }
    }

    func testRewrittenHistoryForgetsCommitsAndRetiresSkills() throws {
        try onEachBackend { store, backend in
            let fixture = try makeSwiftRepository()
            try mine(fixture.path, into: store)
            let id = try repoID(fixture.path, in: store)
            let names = try skills(of: fixture.path, in: store).map(\.name)
            try fixture.git("reset", "-q", "--hard", "HEAD~4")
            let report = try mine(fixture.path, into: store)
            XCTAssertEqual(report.commitsForgotten, 4, "\(backend)")
            XCTAssertEqual(report.changes.retired, names.sorted(), "\(backend)")
            XCTAssertEqual(try store.minedSHAs(repoID: id), [try fixture.revParse("HEAD")], "\(backend)")
            for name in names {
                XCTAssertEqual(try store.versions(repoID: id, skill: name).map(\.status), [.active, .retired], "\(backend) \(name)")
            }
            XCTAssertEqual(try mine(fixture.path, into: store).changes, SkillChanges(), "\(backend): retired once")
        }
    }

    /// What drift, the dependency rules and the cited places read: the same answers from both backends.
    func testHistoryReadsAnswerAlike() throws {
        let fixture = try makeSwiftRepository(commits: 6)
        let reference = try makeStore()
        try mine(fixture.path, into: reference)
        let referenceID = try repoID(fixture.path, in: reference)
        let newest = try XCTUnwrap(try reference.minedCommit(repoID: referenceID, atOrBefore: .max))
        try onEachBackend { store, backend in
            try mine(fixture.path, into: store)
            let id = try repoID(fixture.path, in: store)
            let oldest = try XCTUnwrap(try store.minedCommit(repoID: id, atOrBefore: newest.time - 3 * 86_400), "\(backend)")
            XCTAssertEqual(oldest.sha, try reference.minedCommit(repoID: referenceID, atOrBefore: newest.time - 3 * 86_400)?.sha, "\(backend)")
            XCTAssertNil(try store.minedCommit(repoID: id, atOrBefore: 0), "\(backend)")
            for (scope, counter) in [("swift", ("indentation", "style", "spaces:4")), ("swift", nil)] as [(String, (String, String, String)?)] {
                let answer = try store.lastConfirmation(repoID: id, scope: scope, counter: counter)
                let expected = try reference.lastConfirmation(repoID: referenceID, scope: scope, counter: counter)
                XCTAssertEqual(
                    answer.map { [$0.time, Int64($0.laterCommits), $0.newest] }, expected.map { [$0.time, Int64($0.laterCommits), $0.newest] },
                    "\(backend)")
            }
            let history = try store.countHistory(repoID: id)
            for key in Set(history.counters.values).sorted(by: { "\($0)" < "\($1)" }) {
                XCTAssertEqual(
                    try store.evidence(repoID: id, miner: key.miner, scope: key.scope, key: key.key, value: key.value, limit: 3),
                    try reference.evidence(repoID: referenceID, miner: key.miner, scope: key.scope, key: key.key, value: key.value, limit: 3),
                    "\(backend) \(key)")
            }
            XCTAssertEqual(
                lines(try store.tallies(repoID: id, halfLife: 1e7, recentHalfLife: 1e6)),
                lines(try reference.tallies(repoID: referenceID, halfLife: 1e7, recentHalfLife: 1e6)), "\(backend)")
            XCTAssertEqual(try reportCounts(store, id), try reportCounts(reference, referenceID), "\(backend)")
        }
    }

    /// What `taste report` reads, by commit and counter rather than by the backend's ids: each count as
    /// "position sha counter=count", the commits in the order the report charts them.
    private func reportCounts(_ store: any TasteStore, _ repoID: Int64) throws -> [String] {
        let commits = try store.reportCommits(repoID: repoID)
        let counters = try store.reportCounters(repoID: repoID)
        let position = Dictionary(uniqueKeysWithValues: commits.enumerated().map { ($0.element.id, "\($0.offset) \($0.element.sha)") })
        var counts: [String] = []
        try store.reportCounts(counters: Array(counters.keys)) { commit, counter, count in
            counts.append("\(position[commit] ?? "?") \(counters[counter].map { "\($0)" } ?? "?")=\(count)")
        }
        XCTAssertFalse(counts.isEmpty)
        return counts.sorted()
    }

    /// Pins, mutes, a person's own version and reviews, stored and read back alike.
    func testAPersonsSayIsKeptByBothBackends() throws {
        let fixture = try makeSwiftRepository()
        try onEachBackend { store, backend in
            try mine(fixture.path, into: store)
            let id = try repoID(fixture.path, in: store)
            XCTAssertNil(try store.lastReview(repoID: id), "\(backend)")
            try store.markReviewed(repoID: id, versions: ["swift-style": 1])
            XCTAssertEqual(try store.lastReview(repoID: id)?.versions, ["swift-style": 1], "\(backend)")

            XCTAssertTrue(try store.setMuted(true, repoID: id, skill: "testing"), "\(backend)")
            XCTAssertFalse(try store.setPinned(true, repoID: id, skill: "no-such-skill"), "\(backend)")
            XCTAssertEqual(try store.storePersonVersion(repoID: id, skill: "swift-style", markdown: "Indent with four spaces."), 2, "\(backend)")
            let current = try skills(of: fixture.path, in: store)
            XCTAssertEqual(current.first { $0.name == "testing" }?.muted, true, "\(backend)")
            XCTAssertEqual(current.first { $0.name == "swift-style" }?.pinned, true, "\(backend)")
            XCTAssertEqual(try store.versions(repoID: id, skill: "swift-style").map(\.author), ["taste", "person"], "\(backend)")
            XCTAssertThrowsError(try store.storePersonVersion(repoID: id, skill: "no-such-skill", markdown: "x"), "\(backend)")

            // Mining again checks the pinned text but never writes over it.
            try addSwiftCommits(fixture, range: 5..<7)
            try mine(fixture.path, into: store)
            XCTAssertEqual(
                try skills(of: fixture.path, in: store).first { $0.name == "swift-style" }?.markdown, "Indent with four spaces.", "\(backend)")
            try fixture.git("reset", "-q", "--hard", "HEAD~2")
        }
    }

    /// A batch with one row the database's checks refuse stores none of its rows.
    func testABatchIsStoredAllOrNothing() throws {
        let fixture = try makeSwiftRepository()
        try onEachBackend { store, backend in
            try mine(fixture.path, into: store)
            let id = try repoID(fixture.path, in: store)
            let before = try tallySums(fixture.path, in: store)
            let key = TallyKey(miner: "indentation", scope: "swift", key: "style", value: "tabs")
            let good = CommitObservation(
                sha: String(repeating: "a", count: 40), time: 1, author: "a", files: 1, lines: 1, skipped: 0, counts: [key: 2], evidence: [:])
            var bad = good
            bad.sha = String(repeating: "b", count: 40)
            bad.files = -1
            XCTAssertThrowsError(try store.insert([good, bad], repoID: id), "\(backend)")
            XCTAssertEqual(try store.minedSHAs(repoID: id).count, 5, "\(backend)")
            XCTAssertEqual(try tallySums(fixture.path, in: store), before, "\(backend)")
            try store.insert([good], repoID: id)
            try store.insert([good], repoID: id)
            XCTAssertEqual(try store.observations(repoID: id, shas: [good.sha]).map(\.counts), [[key: 2]], "\(backend): stored once")
        }
    }

    /// Two passes over one repository at once, each through its own connection: each commit is stored once and
    /// the skills get one version.
    func testConcurrentPassesDoNotCountTwice() throws {
        let fixture = try makeSwiftRepository(commits: 8)
        let reference = try makeStore()
        try mine(fixture.path, into: reference)
        try onEachBackend { first, backend in
            let stores = [first, try reopen(first)]
            let path = fixture.path
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                do {
                    var options = MineOptions(repositoryPath: path)
                    options.batchSize = 1
                    _ = try MiningPass(backend: stores[index]).run(options)
                } catch {
                    failures.append(error)
                }
            }
            XCTAssertEqual(failures.all.map { "\($0)" }, [], "\(backend)")
            XCTAssertEqual(try tallySums(fixture.path, in: first), try tallySums(fixture.path, in: reference as any TasteStore), "\(backend)")
            let id = try repoID(fixture.path, in: first)
            for name in try skills(of: fixture.path, in: first).map(\.name) {
                XCTAssertEqual(try first.versions(repoID: id, skill: name).count, 1, "\(backend) \(name)")
            }
        }
    }

    /// Tallies copied from one backend to the other synthesize the same skills as mining there.
    func testTalliesCopiedBetweenBackendsSynthesizeTheSameSkills() throws {
        let fixture = try makeSwiftRepository(commits: 6)
        let sqlite = try makeStore(.sqlite)
        let postgres = try makeStore(.postgres)
        for (from, to) in [(sqlite, postgres), (postgres, sqlite)] {
            let mined = try makeStore(from is Store ? .sqlite : .postgres)
            try mine(fixture.path, into: mined)
            let sourceID = try repoID(fixture.path, in: mined)
            let target = try to.registerRepository(gitDir: "copy-\(sourceID)", workDir: nil, name: "copy")
            let targetID = try XCTUnwrap(target.id)
            try to.insert(try mined.observations(repoID: sourceID, shas: try mined.minedSHAs(repoID: sourceID).sorted()), repoID: targetID)
            XCTAssertEqual(
                try RuleSynthesizer(store: to).synthesize(repoID: targetID), try RuleSynthesizer(store: mined).synthesize(repoID: sourceID),
                "\(type(of: mined)) to \(type(of: to))")
        }
    }

    /// Weighted tallies one line per value, in a fixed order.
    private func lines(_ tallies: [String: MinerTallies]) -> [String] {
        tallies.flatMap { miner, tally in
            tally.scopes.flatMap { scope, counted in
                counted.values.flatMap { key, values in
                    values.map { value, stat in "\(miner)|\(scope)|\(key)|\(value) \(stat.weight) \(stat.recent) \(stat.count) \(stat.commits)" }
                } + ["\(miner)|\(scope) commits \(counted.commits)"]
            }
        }.sorted()
    }
}
