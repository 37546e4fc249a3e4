import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// `taste export`'s decisions: which formats, which folders, and what it says it did.
final class ExportRequestTests: XCTestCase {
    func testWritesAgentSkillsAndSaysWhatItDid() throws {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let mined = try MinedRepository.load(store: store, repositoryPath: fixture.path)
        let out = try temporaryFolder() + "/skills"

        let first = try ExportRequest(skillsDirectory: out).run(mined)
        XCTAssertEqual(first.formats, [.agentSkills], "Agent Skills when neither the command nor .taste.toml names a format")
        XCTAssertEqual(first.summary, "Exported 3 skills as agent-skills (6 written, 0 unchanged); Agent Skills in \(out).")
        XCTAssertEqual(
            try ExportRequest(skillsDirectory: out).run(mined).summary,
            "Exported 3 skills as agent-skills (0 written, 6 unchanged); Agent Skills in \(out).")

        let root = try temporaryFolder()
        let both = try ExportRequest(formats: [.agentSkills, .cursor], skillsDirectory: out, root: root).run(mined)
        XCTAssertEqual(both.summary, "Exported 3 skills as agent-skills, cursor (3 written, 6 unchanged); Agent Skills in \(out).")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/.cursor/rules/taste-testing.mdc"))

        let defaulted = try ExportRequest().run(mined)
        XCTAssertEqual(defaulted.skillsDirectory, fixture.path + "/.claude/skills")
    }

    func testABareRepositoryNeedsTheFoldersNamed() throws {
        let fixture = try makeSwiftRepository()
        let bare = try fixture.bareClone()
        let store = try makeStore()
        try mine(bare, into: store)
        let mined = try MinedRepository.load(store: store, repositoryPath: bare)
        XCTAssertThrowsError(try ExportRequest().run(mined)) { error in
            XCTAssertEqual(error as? TasteError, .usage("a bare repository has no work tree: name the folder with --out"))
        }
        let out = try temporaryFolder()
        XCTAssertThrowsError(try ExportRequest(formats: [.agentsMD], skillsDirectory: out).run(mined)) { error in
            XCTAssertEqual(error as? TasteError, .usage("a bare repository has no work tree: name the folder with --root"))
        }
        XCTAssertEqual(try ExportRequest(skillsDirectory: out).run(mined).result.written.count, 6, "Agent Skills alone need no root")
    }

    func testSummaryCountsRemovedFilesAndListsNotes() {
        var result = SkillExporter.Result()
        result.written = ["a"]
        result.removed = ["b", "c"]
        result.notes = ["AGENTS.md was cut to 32 KiB."]
        let report = ExportRequest.Report(formats: [.agentsMD], skillsDirectory: "/s", skills: 1, result: result)
        XCTAssertEqual(
            report.summary,
            """
            Exported 1 skill as agents-md (1 written, 0 unchanged, 2 removed); Agent Skills in /s.
            note: AGENTS.md was cut to 32 KiB.
            """)
    }
}
