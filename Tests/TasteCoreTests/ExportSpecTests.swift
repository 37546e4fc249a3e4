import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// The front matter of every exported file meets what its agent's loader requires.
final class ExportSpecTests: XCTestCase {
    func testEveryFrontMatterOfAMinedRepositoryMeetsItsSpec() throws {
        let fixture = try makeGoldenRepository()
        let mined = try minedRepository(fixture.path)
        let root = try temporaryFolder()
        try export(mined.skills, of: mined, formats: allFormats, root: root)
        let checked = try assertExportSpecs(root: root, skills: mined.skills)
        XCTAssertEqual(checked, 3 * mined.skills.count, "SKILL.md, .mdc and .instructions.md for each skill")

        let cursor = try FrontMatter.parse(fileText(root + "/.cursor/rules/taste-go-style.mdc"))
        XCTAssertEqual(cursor["globs"], .plain("**/*.go"))
        XCTAssertEqual(cursor["alwaysApply"], .bool(false))
        XCTAssertTrue(cursor.lines.contains("alwaysApply: false"), "unquoted: \(cursor.lines)")
        let copilot = try FrontMatter.parse(fileText(root + "/.github/instructions/taste-testing.instructions.md"))
        XCTAssertEqual(copilot["applyTo"], .quoted("**/*.go,**/*.swift"))
        let skill = try FrontMatter.parse(fileText(root + "/.claude/skills/commits/SKILL.md"))
        XCTAssertEqual(skill["metadata"]?["mined-through"], .quoted(mined.head))
        XCTAssertEqual(skill["metadata"]?["repository"], .quoted("golden"))
    }

    /// Text from outside taste's control (the repository's name, a long description with quotes, backslashes,
    /// newlines and a fence) stays inside its YAML string and reads back as it was.
    func testHostileTextStaysInsideItsYAMLStrings() throws {
        let repository = "evil \"repo\"\n---\nname: pwned\\ \t\u{1}end"
        let description = "Say \"hi\" \\ then\n---\nalwaysApply: true\n" + String(repeating: "long text, ", count: 150)
        var skill = syntheticSkill("hostile-style", rules: 3)
        skill.description = description
        let root = try temporaryFolder()
        let result = try SkillExporter(renderer: try SkillRenderer()).export(
            [skill], formats: allFormats, repository: repository, head: String(repeating: "c", count: 40), root: root,
            skillsDirectory: root + "/.claude/skills")
        XCTAssertEqual(result.notes, [])
        XCTAssertEqual(try assertExportSpecs(root: root, skills: [skill]), 3)

        let front = try FrontMatter.parse(fileText(root + "/.claude/skills/hostile-style/SKILL.md"))
        XCTAssertEqual(front["name"], .plain("hostile-style"))
        XCTAssertEqual(front["metadata"]?["repository"], .quoted(repository), "the name reads back exactly")
        let written = try XCTUnwrap(front["description"]?.string)
        XCTAssertEqual(written.count, 1024, "cut to the spec's limit")
        XCTAssertTrue(written.hasPrefix("Say \"hi\" \\ then\n---\nalwaysApply: true\n"), written)
        XCTAssertTrue(written.hasSuffix("..."), written)
        let cursor = try FrontMatter.parse(fileText(root + "/.cursor/rules/taste-hostile-style.mdc"))
        XCTAssertEqual(cursor["alwaysApply"], .bool(false), "a description cannot turn the rule on")
        XCTAssertEqual(cursor["description"]?.string, written)
    }

    func testSkillNamesAtTheLimitsOfTheSpec() throws {
        let longest = String(repeating: "a", count: 63) + "b"
        let root = try temporaryFolder()
        let exporter = SkillExporter(renderer: try SkillRenderer())
        _ = try exporter.export(
            [syntheticSkill(longest, rules: 1), syntheticSkill("x", rules: 1), syntheticSkill("a1-b2-c3", rules: 1)],
            formats: allFormats, repository: "r", head: String(repeating: "d", count: 40), root: root,
            skillsDirectory: root + "/.claude/skills")
        XCTAssertEqual(try assertExportSpecs(root: root, skills: []), 9)
        for name in [longest + "c", "", "A", "a_b", "a b", "a.b", "-a", "a-", "a--b", "é", "a/b", "..", "ab\n"] {
            XCTAssertFalse(SkillExporter.isValidName(name), name.debugDescription)
        }
    }

    /// The description is what an agent decides to load a skill by: a style skill names what its rules cover.
    func testAStyleDescriptionNamesTheTopicsItsRulesCover() {
        let c = SkillKind.style(.c).description(languages: [.c], topics: ["indentation", "final-newline", "braces", "naming"])
        XCTAssertEqual(
            c,
            "How C code is written in this repository: formatting (indentation, whitespace, braces) and naming. "
                + "Use when writing or editing C files (*.c, *.h) here.")
        XCTAssertEqual(SkillKind.styleSubjects(["quotes"]), "formatting (quotes)")
        XCTAssertEqual(SkillKind.styleSubjects(["imports", "docs", "logging"]), "imports, documentation and logging")
        XCTAssertEqual(
            SkillKind.styleSubjects([]),
            "formatting (indentation, line length, whitespace, quotes, semicolons, trailing commas, braces), naming, imports, documentation, errors and logging"
        )
    }

    // MARK: The reader the checks rely on

    func testTheFrontMatterReaderReadsWhatYAMLReads() throws {
        let text =
            "---\nname: my-skill\ndescription: \"A \\\"quoted\\\" \\\\ line\\nnext \\x41\\u00e9\"\nmetadata:\n  version: \"2\"\n  n: 3\nflag: true\nquoted: \"false\"\nempty:\n---\n# Body\n"
        let front = try FrontMatter.parse(text)
        XCTAssertEqual(front.keys, ["name", "description", "metadata", "flag", "quoted", "empty"])
        XCTAssertEqual(front["name"], .plain("my-skill"))
        XCTAssertEqual(front["description"], .quoted("A \"quoted\" \\ line\nnext Aé"))
        XCTAssertEqual(front["metadata"]?["version"], .quoted("2"))
        XCTAssertEqual(front["metadata"]?["n"], .integer(3))
        XCTAssertEqual(front["flag"], .bool(true))
        XCTAssertEqual(front["quoted"], .quoted("false"), "a quoted false is a string")
        XCTAssertEqual(front["empty"], .plain(""))
        XCTAssertEqual(front.body, "# Body\n")
    }

    func testTheFrontMatterReaderRefusesWhatAnAgentMightReadDifferently() {
        let broken = [
            "name: a\n---\n",  // no opening fence
            "---\nname: a\n",  // no closing fence
            "---\ndescription: \"unterminated\n---\n",
            "---\ndescription: \"a\" trailing\n---\n",
            "---\ndescription: \"bad \\q escape\"\n---\n",
            "---\ndescription: a: b\n---\n",  // a mapping inside a plain scalar
            "---\ndescription: text # comment\n---\n",
            "---\nname: a\nname: b\n---\n",  // duplicate key
            "---\n  indented: a\n---\n",
            "---\nmetadata:\n    deep: a\n---\n",
            "---\nname:a\n---\n",
            "---\ndescription: \"raw\u{1}control\"\n---\n",
        ]
        for text in broken {
            XCTAssertThrowsError(try FrontMatter.parse(text), text.debugDescription)
        }
    }

    func testTheCodeSpanScanner() {
        XCTAssertEqual(MarkdownCode.unquotedOccurrences(of: "X", in: "a `X` b"), [])
        XCTAssertEqual(MarkdownCode.unquotedOccurrences(of: "X", in: "a X `b`"), [1])
        XCTAssertEqual(MarkdownCode.unquotedOccurrences(of: "X", in: "``a ` X``"), [])
        XCTAssertEqual(MarkdownCode.unquotedOccurrences(of: "X", in: "``a X` b"), [1], "an unclosed run is literal")
        XCTAssertEqual(MarkdownCode.unquotedOccurrences(of: "X", in: "`a` X `b`\n`X`"), [1])
        XCTAssertEqual(MarkdownCode.unquotedOccurrences(of: "X", in: "`a\nX`"), [2], "a span never crosses a line here")
    }
}
