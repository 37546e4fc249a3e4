import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// What `taste diff`, `taste log` and `taste show NAME@N` read: the arguments, the two states compared,
/// and the text and JSON printed, on a real repository mined twice.
final class SkillComparisonTests: XCTestCase {
    /// A Swift repository mined at 4-space indentation, then again after it moved to 2 spaces: swift-style
    /// has versions 1 and 2, the other skills one version each.
    private func reindentedHistory() throws -> (fixture: GitFixture, history: SkillHistory, first: String, second: String) {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        let first = try XCTUnwrap(try mine(fixture.path, into: store).head)
        fixture.clock += 3 * 365 * 86_400
        try addSwiftCommits(fixture, range: 5..<20, indent: "  ")
        let second = try XCTUnwrap(try mine(fixture.path, into: store).head)
        addTeardownBlock { _ = fixture }  // its folder goes with it
        return (fixture, try SkillHistory(store: store, repositoryPath: fixture.path), first, second)
    }

    func testArgumentsChooseWhatIsCompared() throws {
        XCTAssertEqual(try SkillComparison(targets: [], since: nil), .sinceLastReview)
        XCTAssertEqual(try SkillComparison(targets: [], since: "2024-01-31"), .since("2024-01-31"))
        XCTAssertEqual(try SkillComparison(targets: ["main~3", "main"], since: nil), .revisions("main~3", "main"))
        XCTAssertEqual(
            try SkillComparison(targets: ["a@1", "a@2"], since: nil),
            .versions(SkillVersionReference(name: "a", version: 1), SkillVersionReference(name: "a", version: 2)))
        XCTAssertEqual(
            try SkillComparison(targets: ["a@1", "main"], since: nil), .revisions("a@1", "main"),
            "only two versions make a version comparison")

        XCTAssertThrowsError(try SkillComparison(targets: ["main"], since: nil)) { error in
            XCTAssertEqual(error as? TasteError, .usage("give no target, or two (REV1 REV2, or SKILL@N SKILL@M)."))
        }
        XCTAssertThrowsError(try SkillComparison(targets: ["a", "b"], since: "2024-01-31")) { error in
            XCTAssertEqual(error as? TasteError, .usage("--since compares with the current skills: give no targets with it."))
        }
    }

    func testVersionReferencesNeedAPositiveNumberAfterTheLastAt() {
        XCTAssertEqual(SkillVersionReference("swift-style@12"), SkillVersionReference(name: "swift-style", version: 12))
        XCTAssertEqual(SkillVersionReference("odd@name@2"), SkillVersionReference(name: "odd@name", version: 2))
        XCTAssertNil(SkillVersionReference("swift-style"))
        XCTAssertNil(SkillVersionReference("swift-style@0"))
        XCTAssertNil(SkillVersionReference("swift-style@-1"))
        XCTAssertNil(SkillVersionReference("main@{1}"), "a reflog entry is a revision")
    }

    func testDaysAreReadAndWrittenInUTC() throws {
        let date = try XCTUnwrap(Day.date("2020-09-13"))
        XCTAssertEqual(date.timeIntervalSince1970, 1_599_955_200)
        XCTAssertEqual(Day.string(date.addingTimeInterval(86_399)), "2020-09-13")
        XCTAssertNil(Day.date("13/09/2020"))
    }

    func testSinceTheLastReviewAndMarking() throws {
        let (_, history, _, _) = try reindentedHistory()
        let unreviewed = try SkillComparison.sinceLastReview.diff(in: history)
        XCTAssertEqual(unreviewed.heading, "Skills changed since the first mining (no review yet)")
        XCTAssertEqual(unreviewed.changes.map(\.kind), unreviewed.changes.map { _ in .added })
        XCTAssertEqual(unreviewed.changes.first { $0.name == "swift-style" }?.to?.version, 2)
        XCTAssertEqual(unreviewed.current["swift-style"], 2)

        try history.markReviewed(unreviewed)
        let reviewed = try SkillComparison.sinceLastReview.diff(in: history)
        XCTAssertTrue(reviewed.heading.hasPrefix("Skills changed since the review of "), reviewed.heading)
        XCTAssertEqual(reviewed.changes.map(\.name), [])
        XCTAssertEqual(try reviewed.text(color: false, stat: false, markHint: true), reviewed.heading + ": none.")
    }

    func testTwoRevisionsCompareTheSkillsAsMinedUpToEach() throws {
        let (_, history, first, second) = try reindentedHistory()
        let diff = try SkillComparison.revisions(first, second).diff(in: history)
        XCTAssertEqual(diff.heading, "Skills as mined up to \(first.prefix(7)) and \(second.prefix(7))")
        let change = try XCTUnwrap(diff.changes.first { $0.name == "swift-style" })
        XCTAssertEqual(change.kind, .changed)
        XCTAssertEqual(change.from?.version, 1)
        XCTAssertEqual(change.to?.version, 2)
        XCTAssertTrue(change.summary.contains("indent_size 4 → 2"), change.summary)

        XCTAssertThrowsError(try SkillComparison.revisions("nosuchrev", second).diff(in: history)) { error in
            XCTAssertEqual(error as? TasteError, .unknownRevision("nosuchrev"))
        }
    }

    func testTwoVersionsOfOneSkill() throws {
        let (_, history, _, _) = try reindentedHistory()
        let one = SkillVersionReference(name: "swift-style", version: 1), two = SkillVersionReference(name: "swift-style", version: 2)
        let diff = try SkillComparison.versions(one, two).diff(in: history)
        XCTAssertEqual(diff.heading, "swift-style@1 → swift-style@2")
        XCTAssertEqual(diff.changes.map(\.name), ["swift-style"])

        let text = try diff.text(color: false, stat: false, markHint: true)
        XCTAssertTrue(text.hasPrefix("swift-style@1 → swift-style@2\n\n  ~ swift-style        v1 → v2      indentation: indent_size 4 → 2"), text)
        XCTAssertTrue(text.contains("\n--- swift-style@1 ("), text)
        XCTAssertTrue(text.contains("\n-- Indent with 4 spaces"), text)
        XCTAssertTrue(text.hasSuffix("\n\nMark this state as reviewed with: taste diff --mark"), text)
        XCTAssertFalse(text.contains("\u{1B}["), "no colour unless asked")
        let stat = try diff.text(color: true, stat: true, markHint: false)
        XCTAssertEqual(stat.split(separator: "\n").count, 2, "heading and one line: \(stat)")
        XCTAssertTrue(stat.contains("\u{1B}[36m~\u{1B}[0m swift-style"), stat)

        XCTAssertThrowsError(try SkillComparison.versions(one, SkillVersionReference(name: "testing", version: 1)).diff(in: history)) { error in
            XCTAssertEqual(error as? TasteError, .usage("compare two versions of the same skill: swift-style and testing differ"))
        }
        XCTAssertThrowsError(try SkillComparison.versions(one, SkillVersionReference(name: "swift-style", version: 9)).diff(in: history)) { error in
            XCTAssertEqual(error as? TasteError, .usage("swift-style has versions 1, 2 only"))
        }
        let missing = SkillVersionReference(name: "nosuch", version: 1)
        XCTAssertThrowsError(try SkillComparison.versions(missing, missing).diff(in: history)) { error in
            XCTAssertEqual(error as? TasteError, .unknownSkill("nosuch"))
        }
    }

    func testSinceADay() throws {
        let (_, history, _, _) = try reindentedHistory()
        let diff = try SkillComparison.since("1999-12-31").diff(in: history)
        XCTAssertEqual(diff.heading, "Skills changed since 1999-12-31")
        XCTAssertEqual(Set(diff.changes.map(\.kind)), [.added], "nothing was stored before then")
        XCTAssertThrowsError(try SkillComparison.since("yesterday").diff(in: history)) { error in
            XCTAssertEqual(error as? TasteError, .usage("--since takes a date as YYYY-MM-DD, not 'yesterday'"))
        }
    }

    func testJSONKeepsMissingVersionsAsNull() throws {
        let (_, history, first, second) = try reindentedHistory()
        let added = try SkillComparison.sinceLastReview.diff(in: history).json()
        XCTAssertTrue(added.hasPrefix("{\n  \"changes\" : [\n    {\n      \"change\" : \"added\",\n      \"from\" : null,\n"), added)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(added.utf8)) as? [String: Any])
        XCTAssertEqual(document["heading"] as? String, "Skills changed since the first mining (no review yet)")

        let changed = try SkillComparison.revisions(first, second).diff(in: history).json()
        let item = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(changed.utf8)) as? [String: Any])?["changes"] as? [[String: Any]])
            .first { $0["skill"] as? String == "swift-style" }
        XCTAssertEqual(item?["change"] as? String, "changed")
        XCTAssertEqual(item?["from"] as? Int, 1)
        XCTAssertEqual(item?["to"] as? Int, 2)
        XCTAssertEqual(Set(item?.keys.map { $0 } ?? []), ["skill", "change", "summary", "from", "to"])
    }

    func testLogAndOneVersion() throws {
        let (_, history, first, second) = try reindentedHistory()
        let lines = try history.log("swift-style").split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].hasPrefix("swift-style@2  2"), lines[0])
        XCTAssertTrue(lines[0].contains("  \(second.prefix(10))  active   taste  indentation: indent_size 4 → 2"), lines[0])
        XCTAssertTrue(lines[1].hasSuffix("  \(first.prefix(10))  active   taste  first version"), lines[1])

        XCTAssertEqual(try history.record(SkillVersionReference(name: "swift-style", version: 1)).minedThrough, first)
        let now = try history.markdown(of: "swift-style")
        XCTAssertEqual(
            now, try history.review().markdown(try history.record(SkillVersionReference(name: "swift-style", version: 2))),
            "the current skill reads as its newest version")
        XCTAssertTrue(now.contains("Indent with 2 spaces"), now)
        XCTAssertThrowsError(try history.markdown(of: "nosuch")) { XCTAssertEqual($0 as? TasteError, .unknownSkill("nosuch")) }
        XCTAssertThrowsError(try history.log("nosuch")) { XCTAssertEqual($0 as? TasteError, .unknownSkill("nosuch")) }
        XCTAssertThrowsError(try history.record(SkillVersionReference(name: "swift-style", version: 3))) { error in
            XCTAssertEqual(error as? TasteError, .usage("swift-style has versions 1, 2 only"))
        }
    }
}
