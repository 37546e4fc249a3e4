import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// `taste pin`, `taste mute` and `taste edit`: a person's decisions about a skill, and the editor they use.
final class PersonEditTests: XCTestCase {
    private func minedHistory() throws -> SkillHistory {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        try mine(fixture.path, into: store)
        addTeardownBlock { _ = fixture }  // its folder goes with it
        return try SkillHistory(store: store, repositoryPath: fixture.path)
    }

    private func current(_ name: String, _ history: SkillHistory) throws -> Skill {
        try SkillHistory(store: try XCTUnwrap(history.store as? Store), repositoryPath: history.repositoryPath).mined.skill(named: name)
    }

    func testPinAndMuteSetTheFlagOrNameTheUnknownSkill() throws {
        let history = try minedHistory()
        try history.setPinned(true, skill: "testing")
        try history.setMuted(true, skill: "commits")
        XCTAssertEqual(try current("testing", history).pinned, true)
        XCTAssertEqual(try current("commits", history).muted, true)
        try history.setMuted(false, skill: "commits")
        XCTAssertNotEqual(try current("commits", history).muted, true)

        XCTAssertThrowsError(try history.setPinned(true, skill: "nosuch")) { XCTAssertEqual($0 as? TasteError, .unknownSkill("nosuch")) }
        XCTAssertThrowsError(try history.setMuted(true, skill: "nosuch")) { XCTAssertEqual($0 as? TasteError, .unknownSkill("nosuch")) }
    }

    /// A pinned skill that mining no longer finds keeps a person's text, flagged stale, on either store (PostgreSQL's
    /// trigger would refuse anything else).
    func testAPinnedSkillMiningNoLongerFindsKeepsAPersonsText() throws {
        let fixture = try makeSwiftRepository()
        let text = "# Testing\n\nOne XCTest case per type.\n"
        try onEachBackend { store, backend in
            try mine(fixture.path, into: store)
            let id = try repoID(fixture.path, in: store)
            XCTAssertEqual(try store.storePersonVersion(repoID: id, skill: "testing", markdown: text), 2)
            let head = try fixture.revParse("HEAD")
            _ = try store.finish(
                PassOutcome(repoID: id, ref: nil, fromSHA: head, head: head, startedAt: Date(), commits: 0, skipped: SkipCounts()), skills: [])
            let testing = try XCTUnwrap(try store.skills(repoID: id, includeRetired: true).first { $0.name == "testing" })
            XCTAssertEqual(testing.markdown, text, "\(backend)")
            XCTAssertEqual([testing.version, testing.pinned == true ? 1 : 0], [3, 1], "\(backend)")
            XCTAssertEqual(testing.status, .stale, "\(backend)")
        }
    }

    func testAnEditIsStoredAsAPersonsVersionOnlyWhenTheTextChanged() throws {
        let history = try minedHistory()
        var opened: URL?
        XCTAssertEqual(try history.edit("testing") { opened = $0 }, .unchanged)
        XCTAssertFalse(FileManager.default.fileExists(atPath: try XCTUnwrap(opened).path), "the temporary file is removed")
        XCTAssertEqual(try history.versions(of: "testing").count, 1)

        let outcome = try history.edit("testing") { file in
            let text = try String(contentsOf: file, encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("---\nname: testing\n"), "the editor sees what agents read")
            try Data((text + "\nA note by hand.\n").utf8).write(to: file)
        }
        XCTAssertEqual(outcome, .stored(version: 2))
        XCTAssertEqual(try history.versions(of: "testing").last?.author, "person")
        XCTAssertEqual(try current("testing", history).pinned, true)

        struct Refused: Error {}
        XCTAssertThrowsError(
            try history.edit("testing") { file in
                try Data("changed, then failed".utf8).write(to: file)
                throw Refused()
            }
        ) { XCTAssertTrue($0 is Refused) }
        XCTAssertEqual(try history.versions(of: "testing").count, 2, "a failing editor stores nothing")
        XCTAssertThrowsError(try history.edit("nosuch") { _ in XCTFail("no file for an unknown skill") }) {
            XCTAssertEqual($0 as? TasteError, .unknownSkill("nosuch"))
        }
    }

    func testTheEditorIsVISUALThenEDITORThenVi() {
        XCTAssertEqual(Editor.command(environment: ["VISUAL": "code --wait", "EDITOR": "nano"]), "code --wait")
        XCTAssertEqual(Editor.command(environment: ["VISUAL": "", "EDITOR": "nano"]), "nano")
        XCTAssertEqual(Editor.command(environment: ["EDITOR": ""]), "vi")
        XCTAssertEqual(Editor.command(environment: [:]), "vi")
    }

    func testTheEditorRunsThroughTheShellWithThePathAsAnArgument() throws {
        let folder = try temporaryFolder()
        let file = URL(fileURLWithPath: folder + "/a \"quoted\" $HOME name.md")
        try Data("before\n".utf8).write(to: file)
        try Editor.open(file, with: "sed -i -e 's/before/after/'")
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "after\n")
        XCTAssertThrowsError(try Editor.open(file, with: "false")) { error in
            XCTAssertEqual(error as? TasteError, .usage("the editor exited with 1; nothing was stored"))
        }
    }
}
