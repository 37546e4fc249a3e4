import Foundation
import TasteTestSupport
import XCTest

/// `taste check` for CI: exit 0 when every export matches the store and nothing is stale; exit 1 naming each
/// outdated file and each stale skill; `--fail-on` picks which of the two fails.
final class CheckCommandTests: XCTestCase {
    static let staleLine =
        "stale: python-style: The last 10 merges that touch this mostly keep indent_size 2 (60% of them), where the rule says indent_size 4."

    func testCheckNamesEachOutdatedFileAndEachStaleSkill() throws {
        let history = try ReviewHistory(try Sandbox())
        for _ in 0..<20 { try history.commit() }
        try history.mine()
        let folder = history.skillsFolder

        var check = try history.taste("check")
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(
            check.stdout,
            """
            outdated: \(folder)/python-style/SKILL.md is missing: run 'taste export'
            outdated: \(folder)/commits/SKILL.md is missing: run 'taste export'

            """, "never exported: both files are missing")
        XCTAssertEqual(check.stderr, "")

        XCTAssertEqual(try history.taste("export").status, 0)
        check = try history.taste("check")
        XCTAssertEqual(check.status, 0, check.stdout)
        XCTAssertEqual(check.stdout, "ok: no stale skill, no outdated export.\n")

        // A hand-edited file and a deleted one.
        let edited = folder + "/python-style/SKILL.md"
        try writeFile(edited, (history.exported("python-style") ?? "") + "\nA note by hand.\n")
        try FileManager.default.removeItem(atPath: folder + "/commits/SKILL.md")
        check = try history.taste("check")
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(
            check.stdout,
            """
            outdated: \(folder)/python-style/SKILL.md differs from the store: run 'taste export'
            outdated: \(folder)/commits/SKILL.md is missing: run 'taste export'

            """)
        XCTAssertEqual(
            try history.taste("check", "--fail-on", "stale").stdout, "ok: no stale skill, no outdated export.\n",
            "--fail-on stale ignores outdated files")
        XCTAssertEqual(try history.taste("check", "--fail-on", "stale").status, 0)

        // Another folder, named with --out.
        let other = history.sandbox.root.appendingPathComponent("elsewhere").path
        check = try history.taste("check", "--out", other, "--fail-on", "outdated")
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(
            check.stdout,
            """
            outdated: \(other)/python-style/SKILL.md is missing: run 'taste export'
            outdated: \(other)/commits/SKILL.md is missing: run 'taste export'

            """)

        // The switch: python-style goes stale on the 6th merge; every export now names an older head.
        for _ in 1...6 {
            try history.merge(indent: 2)
            try history.mine()
        }
        check = try history.taste("check")
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(
            check.stdout,
            """
            \(Self.staleLine)
            outdated: \(folder)/python-style/SKILL.md differs from the store: run 'taste export'
            outdated: \(folder)/commits/SKILL.md is missing: run 'taste export'

            """)
        check = try history.taste("check", "--fail-on", "stale")
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(check.stdout, Self.staleLine + "\n", "--fail-on stale ignores outdated files")
        check = try history.taste("check", "--fail-on", "outdated")
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(
            check.stdout,
            """
            outdated: \(folder)/python-style/SKILL.md differs from the store: run 'taste export'
            outdated: \(folder)/commits/SKILL.md is missing: run 'taste export'

            """, "--fail-on outdated ignores stale skills")

        XCTAssertEqual(try history.taste("export").status, 0)
        check = try history.taste("check", "--fail-on", "outdated")
        XCTAssertEqual(check.status, 0, check.stdout)
        XCTAssertEqual(check.stdout, "ok: no stale skill, no outdated export.\n")
        for arguments in [["check"], ["check", "--fail-on", "stale,outdated"], ["check", "--fail-on", "stale", "--fail-on", "outdated"]] {
            check = try history.taste(arguments)
            XCTAssertEqual(check.status, 1, "\(arguments)")
            XCTAssertEqual(check.stdout, Self.staleLine + "\n", "\(arguments)")
        }
        XCTAssertTrue(
            history.exported("python-style")?.contains("\n- ⚠ Indent with 4 spaces, never tabs. (") == true,
            "by default a stale skill is exported, with its warning")

        let bogus = try history.taste("check", "--fail-on", "bogus")
        XCTAssertEqual(bogus.status, 64, "a usage error")
        XCTAssertEqual(bogus.stdout, "")
        XCTAssertEqual(bogus.stderr.components(separatedBy: "\n").first, "Error: --fail-on takes stale, outdated and unconfirmed, not 'bogus'")
        XCTAssertEqual(try history.taste("check", "--fail-on", "stale,bogus").status, 64)
    }

    func testStaleOmitLeavesAStaleSkillOutOfExportsAndChecks() throws {
        let history = try ReviewHistory(try Sandbox())
        try history.commit("chore: configure taste", files: [".taste.toml": "[export]\nstale = \"omit\"\n"])
        for _ in 0..<20 { try history.commit() }
        try history.mine()
        let folder = history.skillsFolder
        XCTAssertEqual(try history.taste("export").stdout, "Exported 2 skills as agent-skills (4 written, 0 unchanged); Agent Skills in \(folder).\n")
        XCTAssertNotNil(history.exported("python-style"))

        for _ in 1...6 {
            try history.merge(indent: 2)
            try history.mine()
        }
        XCTAssertEqual(
            try history.taste("export").stdout,
            "Exported 1 skill as agent-skills (2 written, 0 unchanged, 1 removed); Agent Skills in \(folder).\n")
        XCTAssertNil(history.exported("python-style"), "the stale skill's file is gone")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/python-style"))
        XCTAssertNotNil(history.exported("commits"))
        let outdated = try history.taste("check", "--fail-on", "outdated")
        XCTAssertEqual(outdated.status, 0, outdated.stdout)
        XCTAssertEqual(outdated.stdout, "ok: no stale skill, no outdated export.\n", "an omitted skill has no file to be out of date")
        let check = try history.taste("check")
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(check.stdout, Self.staleLine + "\n", "still stale, and said so")
    }
}
