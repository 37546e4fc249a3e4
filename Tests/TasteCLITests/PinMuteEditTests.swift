import Foundation
import TasteTestSupport
import XCTest

/// `taste pin`, `taste mute` and `taste edit`: a person's hold on a skill, through real mining passes.
final class PinMuteEditTests: XCTestCase {
    static let driftReason = "The last 10 merges that touch this mostly keep indent_size 2 (60% of them), where the rule says indent_size 4."
    static let pinnedReason = "Merged code now keeps indent_size 2; this rule is pinned, so its text stays as a person left it."

    // MARK: pin

    func testAPinnedSkillKeepsItsTextThroughASwitchIsFlaggedStaleAndUndoHandsItBack() throws {
        let history = try ReviewHistory(try Sandbox())
        for _ in 0..<20 { try history.commit() }
        try history.mine()
        let pin = try history.taste("pin", "python-style")
        XCTAssertEqual(pin.status, 0, pin.stderr)
        XCTAssertEqual(pin.stdout, "python-style: pinned; mining checks it but leaves its text alone.\n")
        XCTAssertEqual(try skill(history, "python-style")["pinned"] as? Bool, true)

        for _ in 1...6 {
            try history.merge(indent: 2)
            try history.mine()
        }
        // Checked all the same: stale on the 6th merge, for the same reason as an unpinned skill.
        var pinned = try skill(history, "python-style")
        var indentation = try rule(pinned, "python-style/indentation")
        XCTAssertEqual(pinned["status"] as? String, "stale")
        XCTAssertEqual(indentation["statement"] as? String, "Indent with 4 spaces, never tabs.")
        XCTAssertEqual((indentation["facts"] as? [String: Any])?["indent_size"] as? Int, 4)
        XCTAssertEqual((indentation["stale"] as? [String: Any])?["reason"] as? String, Self.driftReason)

        // Two years on, mining finds 2 spaces in the weighted history too; the pinned text still says 4.
        history.clock += 2 * 365 * 86_400
        var turned = false
        for _ in 1...8 where !turned {
            try history.merge(indent: 2)
            try history.mine()
            indentation = try rule(try skill(history, "python-style"), "python-style/indentation")
            turned = (indentation["stale"] as? [String: Any])?["reason"] as? String == Self.pinnedReason
        }
        XCTAssertTrue(turned, "the pinned rule is flagged with what merged code keeps now: \(indentation)")
        pinned = try skill(history, "python-style")
        XCTAssertEqual(pinned["status"] as? String, "stale")
        XCTAssertEqual(pinned["version"] as? Int, 2)
        XCTAssertEqual(indentation["statement"] as? String, "Indent with 4 spaces, never tabs.")
        XCTAssertEqual((indentation["facts"] as? [String: Any])?["indent_size"] as? Int, 4)
        let shown = try history.taste("show", "python-style").stdout
        XCTAssertTrue(shown.contains("\n- ⚠ Indent with 4 spaces, never tabs. ("), shown)
        XCTAssertTrue(shown.contains("\n  - Stale: \(Self.pinnedReason)"), shown)
        let log = try history.taste("log", "python-style").stdout.components(separatedBy: "\n").dropLast()
        XCTAssertEqual(log.map { String($0.prefix(15)) }, ["python-style@2 ", "python-style@1 "], "never re-versioned with the new facts")
        for version in 1...2 {
            let json = try history.taste("show", "python-style@\(version)", "--json").stdout
            let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let stored = try XCTUnwrap((document["skills"] as? [[String: Any]])?.first)
            let facts = try rule(stored, "python-style/indentation")["facts"] as? [String: Any]
            XCTAssertEqual(facts?["indent_size"] as? Int, 4, "python-style@\(version) keeps 4 spaces")
        }

        // Unpinned: the next pass, with no new commit, versions the new facts.
        let undo = try history.taste("pin", "python-style", "--undo")
        XCTAssertEqual(undo.stdout, "python-style: unpinned.\n")
        XCTAssertNil(try skill(history, "python-style")["pinned"] as? Bool)
        try history.mine()
        let head = try history.revParse("HEAD")
        XCTAssertEqual(
            try history.taste("log", "python-style").stdout.components(separatedBy: "\n").first,
            "python-style@3  \(ReviewHistory.today())  \(head.prefix(10))  active   taste  indentation: indent_size 4 → 2; indentation active again")
        let freed = try skill(history, "python-style")
        XCTAssertEqual(freed["status"] as? String, "active")
        indentation = try rule(freed, "python-style/indentation")
        // The switch to 2 spaces is named, with what the code kept before.
        let statement = try XCTUnwrap(indentation["statement"] as? String)
        XCTAssertTrue(statement.hasPrefix("Indent with 2 spaces, never tabs. Since "), statement)
        XCTAssertTrue(statement.hasSuffix("; before that the code kept `indent_size: 4`."), statement)
        XCTAssertEqual((indentation["facts"] as? [String: Any])?["indent_size"] as? Int, 2)
        XCTAssertNil(indentation["stale"])

        let unknown = try history.taste("pin", "nosuch")
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderr, "taste: no skill named 'nosuch': 'taste skills' lists them\n")
    }

    // MARK: mute

    func testAMutedSkillIsLeftOutOfExportsAndChecksUntilUndone() throws {
        let history = try ReviewHistory(try Sandbox())
        for _ in 0..<6 { try history.commit() }
        try history.mine()
        let folder = history.skillsFolder
        XCTAssertEqual(try history.taste("export").stdout, "Exported 2 skills as agent-skills (4 written, 0 unchanged); Agent Skills in \(folder).\n")
        XCTAssertNotNil(history.exported("commits"))

        let mute = try history.taste("mute", "commits")
        XCTAssertEqual(mute.status, 0, mute.stderr)
        XCTAssertEqual(mute.stdout, "commits: muted; the next export leaves it out.\n")
        XCTAssertEqual(
            try history.taste("export").stdout,
            "Exported 1 skill as agent-skills (0 written, 2 unchanged, 1 removed); Agent Skills in \(folder).\n")
        XCTAssertNil(history.exported("commits"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/commits"), "its exported folder is gone")
        XCTAssertNotNil(history.exported("python-style"))
        let check = try history.taste("check")
        XCTAssertEqual(check.status, 0, check.stdout)
        XCTAssertEqual(check.stdout, "ok: no stale skill, no outdated export.\n", "a muted skill's missing file is not outdated")
        XCTAssertEqual(try skill(history, "commits")["muted"] as? Bool, true, "still mined and listed, only not exported")

        let undo = try history.taste("mute", "commits", "--undo")
        XCTAssertEqual(undo.stdout, "commits: exported again.\n")
        let missing = try history.taste("check")
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stdout, "outdated: \(folder)/commits/SKILL.md is missing: run 'taste export'\n")
        XCTAssertEqual(try history.taste("export").stdout, "Exported 2 skills as agent-skills (2 written, 2 unchanged); Agent Skills in \(folder).\n")
        XCTAssertNotNil(history.exported("commits"))
        XCTAssertEqual(try history.taste("check").status, 0)

        let unknown = try history.taste("mute", "nosuch")
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderr, "taste: no skill named 'nosuch': 'taste skills' lists them\n")
    }

    // MARK: edit

    func testEditStoresAPersonsVersionPinsItAndMiningLeavesItsTextAlone() throws {
        let history = try ReviewHistory(try Sandbox())
        for _ in 0..<6 { try history.commit() }
        try history.mine()
        let before = try history.taste("show", "python-style").stdout
        XCTAssertTrue(before.contains("- Indent with 4 spaces, never tabs. ("), before)
        let edited = before.replacingOccurrences(of: "Indent with 4 spaces, never tabs.", with: "Indent with four spaces; tabs never.")

        let edit = try history.taste(
            "edit", "python-style",
            environment: ["EDITOR": "sed -i -e 's/Indent with 4 spaces, never tabs\\./Indent with four spaces; tabs never./'"])
        XCTAssertEqual(edit.status, 0, edit.stderr)
        XCTAssertEqual(edit.stdout, "python-style: stored as version 2, written by a person; pinned.\n")
        let head = try history.revParse("HEAD")
        XCTAssertEqual(
            try history.taste("log", "python-style").stdout,
            """
            python-style@2  \(ReviewHistory.today())  \(head.prefix(10))  active   person  text written by a person
            python-style@1  \(ReviewHistory.today())  \(head.prefix(10))  active   taste  first version

            """)
        XCTAssertEqual(try history.taste("show", "python-style").stdout, edited)
        XCTAssertEqual(try history.taste("show", "python-style@2").stdout, edited)
        XCTAssertEqual(try history.taste("show", "python-style@1").stdout, before)
        XCTAssertEqual(try skill(history, "python-style")["pinned"] as? Bool, true)

        // A later pass checks it but does not write over the text.
        try history.commit()
        try history.mine()
        XCTAssertEqual(try history.taste("show", "python-style").stdout, edited)
        XCTAssertEqual(try history.taste("log", "python-style").stdout.components(separatedBy: "\n").count, 3, "still two versions")
        XCTAssertEqual(try history.taste("export").status, 0)
        XCTAssertEqual(history.exported("python-style"), edited, "agents read the person's text")

        // An editor that changes nothing stores nothing; one that fails stores nothing and fails.
        let unchanged = try history.taste("edit", "python-style", environment: ["EDITOR": "true"])
        XCTAssertEqual(unchanged.status, 0, unchanged.stderr)
        XCTAssertEqual(unchanged.stdout, "python-style: no change.\n")
        // This one writes a change, then exits 1: the change is not kept.
        let script = history.sandbox.root.appendingPathComponent("failing-editor").path
        try writeFile(script, "#!/bin/sh\nsed -i -e 's/four spaces/five spaces/' \"$1\"\nexit 1\n")
        XCTAssertEqual(chmod(script, 0o755), 0)
        let failing = try history.taste("edit", "python-style", environment: ["EDITOR": script])
        XCTAssertEqual(failing.status, 1)
        XCTAssertEqual(failing.stdout, "")
        XCTAssertEqual(failing.stderr, "taste: the editor exited with 1; nothing was stored\n")
        XCTAssertEqual(try history.taste("log", "python-style").stdout.components(separatedBy: "\n").count, 3, "still two versions")
        XCTAssertEqual(try history.taste("show", "python-style").stdout, edited)

        // Unpinned, mining takes the skill back.
        XCTAssertEqual(try history.taste("pin", "python-style", "--undo").status, 0)
        try history.mine()
        let newest = try history.taste("log", "python-style").stdout.components(separatedBy: "\n").first ?? ""
        XCTAssertEqual(
            newest, "python-style@3  \(ReviewHistory.today())  \(try history.revParse("HEAD").prefix(10))  active   taste  person's text dropped")
        XCTAssertTrue(try history.taste("show", "python-style").stdout.contains("- Indent with 4 spaces, never tabs. ("))

        let unknown = try history.taste("edit", "nosuch", environment: ["EDITOR": "true"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderr, "taste: no skill named 'nosuch': 'taste skills' lists them\n")
    }

    /// A person's text is kept word for word, but when the code moves away from it the skill is stale, and
    /// "every export shows it" (README, Drift and review): the exported file must carry the warning.
    func testAnEditedSkillThatGoesStaleIsExportedWithItsWarning() throws {
        let history = try ReviewHistory(try Sandbox())
        for _ in 0..<20 { try history.commit() }
        try history.mine()
        let edit = try history.taste(
            "edit", "python-style",
            environment: ["EDITOR": "sed -i -e 's/Indent with 4 spaces, never tabs\\./Indent with four spaces; tabs never./'"])
        XCTAssertEqual(edit.status, 0, edit.stderr)
        for _ in 1...6 {
            try history.merge(indent: 2)
            try history.mine()
        }
        XCTAssertEqual(try skill(history, "python-style")["status"] as? String, "stale")
        XCTAssertEqual(
            try history.taste("check", "--fail-on", "stale").stdout,
            "stale: python-style: \(Self.driftReason)\n")
        XCTAssertEqual(try history.taste("export").status, 0)
        let exported = try XCTUnwrap(history.exported("python-style"))
        XCTAssertTrue(exported.contains("Indent with four spaces; tabs never."), "the person's words stay")
        XCTAssertTrue(exported.contains("⚠"), "the export warns that the skill is stale:\n\(exported)")
        XCTAssertTrue(exported.contains(Self.driftReason), "the export says why:\n\(exported)")
    }

    // MARK: Helpers

    /// One skill of `taste skills --json`.
    private func skill(_ history: ReviewHistory, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let result = try history.taste("skills", "--json")
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], file: file, line: line)
        let skills = try XCTUnwrap(document["skills"] as? [[String: Any]], file: file, line: line)
        return try XCTUnwrap(skills.first { $0["name"] as? String == name }, "no skill \(name)", file: file, line: line)
    }

    private func rule(_ skill: [String: Any], _ id: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let rules = try XCTUnwrap(skill["rules"] as? [[String: Any]], file: file, line: line)
        return try XCTUnwrap(rules.first { $0["id"] as? String == id }, "no rule \(id)", file: file, line: line)
    }
}
