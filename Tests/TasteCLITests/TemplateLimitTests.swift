import Foundation
import TasteTestSupport
import XCTest

/// A repository's committed templates are input: one that includes itself, or expands past the limits, stops
/// `taste export` with one line naming its file, before any file is written or changed.
final class TemplateLimitTests: XCTestCase {
    /// A mined repository exported once with the built-in templates, then given `templates` in a later commit
    /// and mined again; returns it and the files of the first export.
    private func exportedRepository(_ sandbox: Sandbox, templates: [String: String]) throws -> (repo: String, before: [String: Data]) {
        let repo = try sandbox.makeRepository()
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        let first = try sandbox.run("export", "--repo", repo, "--format", "agent-skills", "--format", "cursor")
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = try treeSnapshot(repo + "/.claude")
        XCTAssertFalse(before.isEmpty)
        let files = Dictionary(uniqueKeysWithValues: templates.map { (".taste/templates/\($0.key).mustache", $0.value) })
        try sandbox.commit("chore: templates", files: files, in: repo, date: 1_700_000_000)
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        return (repo, before)
    }

    func testATemplateThatIncludesItselfIsRefusedNamingItsFile() throws {
        let cases: [(templates: [String: String], message: String)] = [
            (
                ["skill-rules": "{{> skill-rules}}\n"],
                "template .taste/templates/skill-rules.mustache includes itself through skill-rules → skill-rules"
            ),
            // Through a built-in template: rule-file-body includes skill-rules.
            (
                ["skill-rules": "# {{title}}\n{{> rule-file-body}}\n"],
                "template .taste/templates/skill-rules.mustache includes itself through skill-rules → rule-file-body → skill-rules"
            ),
            // a → b → a, both committed.
            (
                ["skill-rules": "# {{title}}\n{{#rules}}{{> evidence.md}}{{/rules}}\n", "evidence.md": "{{> skill-rules}}\n"],
                "template .taste/templates/evidence.md.mustache includes itself through evidence.md → skill-rules → evidence.md"
            ),
            // The same partial tag under other delimiters.
            (
                ["skill-rules": "{{=<% %>=}}\n<%> skill-rules %>\n"],
                "template .taste/templates/skill-rules.mustache includes itself through skill-rules → skill-rules"
            ),
        ]
        for (templates, message) in cases {
            let sandbox = try Sandbox()
            let (repo, before) = try exportedRepository(sandbox, templates: templates)
            let result = try sandbox.run("export", "--repo", repo, "--format", "agent-skills", "--format", "cursor")
            assertOneLineError(result, containing: "taste: export: " + message)
            XCTAssertEqual(try treeSnapshot(repo + "/.claude"), before, "\(templates): the files exported before are untouched")
            XCTAssertFalse(FileManager.default.fileExists(atPath: repo + "/AGENTS.md"))
        }
    }

    func testATemplateTooLargeOrExpandingTooFarIsRefused() throws {
        let filler = String(repeating: "x", count: 200 * 1024) + "\n"
        let cases: [(templates: [String: String], message: String)] = [
            (["evidence.md": filler + filler], "template .taste/templates/evidence.md.mustache is larger than 256 KiB"),
            // 200 KiB included six times: small files, 1.2 MiB once written out.
            (
                ["evidence.md": filler, "skill-rules": String(repeating: "{{> evidence.md}}\n", count: 6)],
                "template .taste/templates/skill-rules.mustache expands to more than 1 MiB through its partials"
            ),
            (["skill-rules": "{{> *name}}\n"], "names a partial at render time"),
        ]
        for (templates, message) in cases {
            let sandbox = try Sandbox()
            let (repo, before) = try exportedRepository(sandbox, templates: templates)
            let result = try sandbox.run("export", "--repo", repo, "--format", "agent-skills", "--format", "cursor")
            assertOneLineError(result, containing: message)
            XCTAssertEqual(try treeSnapshot(repo + "/.claude"), before, "\(templates.keys.sorted()): the files exported before are untouched")
        }
    }

    /// A list nested in itself passes every check of the text and multiplies with the data: 7 rules nested
    /// 9 deep are 40 million items. The render stops at its budget instead of running for hours.
    func testAListNestedInItselfStopsAtTheRenderBudget() throws {
        let nested = String(repeating: "{{#rules}}", count: 9) + "x" + String(repeating: "{{/rules}}", count: 9)
        let sandbox = try Sandbox()
        let (repo, before) = try exportedRepository(sandbox, templates: ["skill-rules": "# {{title}}\n" + nested + "\n"])
        let result = try sandbox.run("export", "--repo", repo, "--format", "agent-skills")
        assertOneLineError(result, containing: "template .taste/templates/skill-rules.mustache visits more than 10000 list items")
        XCTAssertEqual(try treeSnapshot(repo + "/.claude"), before, "the files exported before are untouched")

        // Lists read through a transform draw on the same budget.
        let reversed = String(repeating: "{{#reversed(rules)}}", count: 9) + "x" + String(repeating: "{{/reversed(rules)}}", count: 9)
        try sandbox.commit("chore: reversed", files: [".taste/templates/skill-rules.mustache": reversed + "\n"], in: repo, date: 1_700_000_100)
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        assertOneLineError(try sandbox.run("export", "--repo", repo, "--format", "agent-skills"), containing: "visits more than 10000 list items")
    }
}
