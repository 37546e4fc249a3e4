import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Skills are versioned: a new version only when what a skill says changes, and a version never changes.
final class VersioningTests: XCTestCase {
    func testMiningAgainWithoutNewCommitsAddsNoVersion() throws {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        let first = try mine(fixture.path, into: store)
        let id = try repoID(fixture.path, in: store)
        let names = try skills(of: fixture.path, in: store).map(\.name)
        XCTAssertEqual(first.changes.added, names)
        for name in names {
            XCTAssertEqual(try store.versions(repoID: id, skill: name).map(\.version), [1], name)
        }

        let second = try mine(fixture.path, into: store)
        XCTAssertEqual(second.head, first.head)
        XCTAssertEqual(second.commitsMined, 0)
        XCTAssertEqual(second.changes.unchanged, names)
        XCTAssertEqual(second.changes.added, [])
        XCTAssertEqual(second.changes.changed, [])
        XCTAssertEqual(second.changes.retired, [])
        XCTAssertTrue(second.summary.contains("no change"), second.summary)

        let full = try mine(fixture.path, into: store) { $0.full = true }
        XCTAssertEqual(full.commitsMined, 0)
        XCTAssertEqual(full.commitsAlreadyMined, 5)
        XCTAssertEqual(full.changes.unchanged, names)

        for name in names {
            XCTAssertEqual(try store.versions(repoID: id, skill: name).count, 1, name)
        }
        XCTAssertEqual(try skills(of: fixture.path, in: store).map(\.version), names.map { _ in 1 })
    }

    func testChangedConventionGivesTheNextVersion() throws {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        let first = try mine(fixture.path, into: store)
        let id = try repoID(fixture.path, in: store)
        let original = try XCTUnwrap(try store.versions(repoID: id, skill: "swift-style").first)

        // Years later the team re-indents everything to 2 spaces and keeps to it.
        fixture.clock += 3 * 365 * 86_400
        for index in 0..<5 {
            try fixture.commit(
                "style: re-indent Type\(index)",
                files: [
                    "Sources/App/Type\(index).swift": Code.swiftType("Type\(index)", indent: "  "),
                    "Tests/AppTests/Type\(index)Tests.swift": Code.xctestCase("Type\(index)", indent: "  "),
                ])
        }
        try addSwiftCommits(fixture, range: 5..<15, indent: "  ")
        let second = try mine(fixture.path, into: store)
        XCTAssertEqual(second.commitsMined, 15)
        XCTAssertTrue(second.changes.changed.contains("swift-style"), "\(second.changes)")

        let versions = try store.versions(repoID: id, skill: "swift-style")
        XCTAssertEqual(versions.map(\.version), [1, 2])
        XCTAssertEqual(versions[0].skill, original.skill, "version 1 is kept as it was")
        XCTAssertEqual(versions[0].minedThrough, first.head)
        XCTAssertNil(versions[0].minedFrom)
        XCTAssertEqual(versions[1].minedFrom, first.head)
        XCTAssertEqual(versions[1].minedThrough, second.head)
        XCTAssertEqual(versions[1].status, .active)
        XCTAssertEqual(versions[1].author, "taste")

        func indentation(_ skill: Skill) -> [String: FactValue]? {
            skill.rules.first { $0.id == "swift-style/indentation" }?.facts
        }
        XCTAssertEqual(indentation(versions[0].skill), ["indent_style": .string("space"), "indent_size": .int(4)])
        XCTAssertEqual(indentation(versions[1].skill), ["indent_style": .string("space"), "indent_size": .int(2)])
        let current = try XCTUnwrap(try skills(of: fixture.path, in: store).first { $0.name == "swift-style" })
        XCTAssertEqual(current.version, 2)
        XCTAssertEqual(indentation(current), ["indent_style": .string("space"), "indent_size": .int(2)])
    }

    /// Versions change with facts, not with wording or figures: a few tab-indented lines drop "never tabs"
    /// from the statement but keep the facts.
    func testChangedWordingWithTheSameFactsKeepsTheVersion() throws {
        let fixture = try makeSwiftRepository(commits: 6)
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let id = try repoID(fixture.path, in: store)
        let before = try rule("swift-style/indentation", of: fixture.path, in: store)
        XCTAssertTrue(before.statement.contains("never tabs"), before.statement)

        try fixture.commit(
            "feat: add a tabbed helper", files: ["Sources/App/Helper.swift": "func helper() {\n\tlet a = 1\n\tlet b = 2\n\tlet c = 3\n}\n"])
        let report = try mine(fixture.path, into: store)
        let after = try rule("swift-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(after.facts, before.facts)
        XCTAssertFalse(after.statement.contains("never tabs"), after.statement)
        XCTAssertTrue(report.changes.unchanged.contains("swift-style"), "\(report.changes)")
        XCTAssertEqual(try store.versions(repoID: id, skill: "swift-style").count, 1)
    }

    func testVersionsAreAppendOnly() throws {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let id = try repoID(fixture.path, in: store)
        let before = try store.versions(repoID: id, skill: "swift-style")

        XCTAssertThrowsError(
            try store.write { db in
                try db.execute(sql: "UPDATE skill_version SET status = 'stale'")
            }
        ) { error in
            XCTAssertTrue("\(error.localizedDescription)".contains("append-only"), "\(error)")
        }
        XCTAssertThrowsError(
            try store.write { db in
                try db.execute(sql: "UPDATE skill_version SET content = '{}' WHERE version = 1")
            })
        XCTAssertEqual(try store.versions(repoID: id, skill: "swift-style"), before)
    }

    /// A force-push that drops commits: what left the mainline stops counting, and skills it alone supported retire.
    func testRewrittenHistoryForgetsCommitsAndRetiresSkills() throws {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let id = try repoID(fixture.path, in: store)
        let names = try skills(of: fixture.path, in: store).map(\.name)

        try fixture.git("reset", "-q", "--hard", "HEAD~4")
        let report = try mine(fixture.path, into: store)
        XCTAssertEqual(report.commitsForgotten, 4)
        XCTAssertEqual(report.commitsMined, 0)
        XCTAssertEqual(report.changes.retired, names.sorted())
        XCTAssertEqual(try skills(of: fixture.path, in: store), [])
        for name in names {
            let versions = try store.versions(repoID: id, skill: name)
            XCTAssertEqual(versions.map(\.version), [1, 2], name)
            XCTAssertEqual(versions.map(\.status), [.active, .retired], name)
        }
        XCTAssertEqual(try store.skills(repoID: id, includeRetired: true).map(\.status), names.map { _ in .retired })

        // Mining again changes nothing: a retired skill is not retired twice.
        let again = try mine(fixture.path, into: store)
        XCTAssertEqual(again.changes, SkillChanges())
        for name in names { XCTAssertEqual(try store.versions(repoID: id, skill: name).count, 2, name) }
    }
}
