import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// `taste check`'s decisions: which problems fail it, and which exported files are out of date with the store.
final class SkillCheckTests: XCTestCase {
    private func minedRepository() throws -> MinedRepository {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        try mine(fixture.path, into: store)
        addTeardownBlock { _ = fixture }  // its folder goes with it
        return try MinedRepository.load(store: store, repositoryPath: fixture.path)
    }

    /// A temporary folder with the repository's skills exported as Agent Skills.
    private func exported(_ mined: MinedRepository) throws -> String {
        let folder = try temporaryFolder()
        let exporter = SkillExporter(renderer: try SkillRenderer(overrides: try mined.templateOverrides()))
        _ = try exporter.export(mined.exportedSkills, repository: mined.record.name, head: mined.head, to: folder)
        return folder
    }

    func testFailOnListsAreCommaSeparatedAndDefaultToStaleAndOutdated() throws {
        XCTAssertEqual(try SkillCheck(failOn: [], exportDirectory: nil).failures, [.stale, .outdated])
        XCTAssertEqual(try SkillCheck(failOn: ["unconfirmed"], exportDirectory: nil).failures, [.unconfirmed])
        XCTAssertEqual(try SkillCheck(failOn: ["stale,unconfirmed", "outdated"], exportDirectory: nil).failures, Set(SkillCheck.Failure.allCases))
        XCTAssertEqual(try SkillCheck(failOn: [""], exportDirectory: nil).failures, [], "an empty list checks nothing")
        XCTAssertThrowsError(try SkillCheck(failOn: ["stale,bogus"], exportDirectory: nil)) { error in
            XCTAssertEqual(error as? TasteError, .usage("--fail-on takes stale, outdated and unconfirmed, not 'bogus'"))
        }
    }

    func testAFreshExportPassesAndEditedOrMissingFilesAreOutdated() throws {
        let mined = try minedRepository()
        let folder = try exported(mined)
        let check = SkillCheck(exportDirectory: folder)
        XCTAssertEqual(try check.run(on: mined), SkillCheck.Result(problems: []))
        XCTAssertEqual(try check.run(on: mined).text, "ok: no stale skill, no outdated export.")

        let edited = folder + "/swift-style/SKILL.md"
        try Data("by hand\n".utf8).write(to: URL(fileURLWithPath: edited), options: .atomic)
        try FileManager.default.removeItem(atPath: folder + "/testing/SKILL.md")
        let result = try check.run(on: mined)
        XCTAssertFalse(result.passed)
        XCTAssertEqual(
            result.problems,
            [
                "outdated: \(edited) differs from the store: run 'taste export'",
                "outdated: \(folder)/testing/SKILL.md is missing: run 'taste export'",
            ])
        XCTAssertEqual(result.text, result.problems.joined(separator: "\n"))
        XCTAssertTrue(try SkillCheck(failures: [.stale], exportDirectory: folder).run(on: mined).passed, "outdated files only fail when asked")

        var muted = mined
        muted.skills = mined.skills.map { skill in
            var skill = skill
            if skill.name != "commits" { skill.muted = true }
            return skill
        }
        XCTAssertTrue(try check.run(on: muted).passed, "a muted skill has no file to be out of date")
    }

    func testStaleAndUnconfirmedSkillsAreNamedWithTheirReasons() throws {
        var mined = try minedRepository()
        let index = try XCTUnwrap(mined.skills.firstIndex { $0.name == "swift-style" })
        mined.skills[index].status = .stale
        mined.skills[index].rules[0].stale = Drift(reason: "Recent merges indent with 2 spaces.", observed: [:], counterEvidence: [])
        let testing = try XCTUnwrap(mined.skills.firstIndex { $0.name == "testing" })
        mined.skills[testing].status = .unconfirmed
        mined.skills[testing].rules[0].unconfirmed = "no merge shows it yet."

        let stale = "stale: swift-style: Recent merges indent with 2 spaces."
        let staleOnly = try SkillCheck(failures: [.stale]).run(on: mined)
        XCTAssertEqual(staleOnly.problems, [stale])
        XCTAssertEqual(staleOnly.text, stale)
        let unconfirmed = try SkillCheck(failures: [.unconfirmed, .stale]).run(on: mined)
        XCTAssertEqual(unconfirmed.problems, [stale, "unconfirmed: testing: \(mined.skills[testing].rules[0].id): no merge shows it yet."])
        XCTAssertTrue(try SkillCheck(failures: []).run(on: mined).passed)
    }

    func testABareRepositoryHasNoExportFolderToCompare() throws {
        let fixture = try makeSwiftRepository()
        let bare = try fixture.bareClone()
        let store = try makeStore()
        try mine(bare, into: store)
        let mined = try MinedRepository.load(store: store, repositoryPath: bare)
        XCTAssertNil(mined.defaultExportDirectory)
        XCTAssertTrue(try SkillCheck(failures: [.outdated]).run(on: mined).passed)
    }
}
