import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Files taste shares with people (AGENTS.md, CLAUDE.md) and files it owns (skill folders, rule files):
/// what it may change, what it must leave alone, and the limits agents put on them.
final class ManagedFilesTests: XCTestCase {
    static let begin = "<!-- taste:begin: managed by taste, edits inside are replaced on export -->"
    static let end = "<!-- taste:end -->"

    /// The text before the managed block, the block (markers included) and the text after it.
    private func split(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> (before: String, block: String, after: String) {
        let begin = try XCTUnwrap(text.range(of: Self.begin), "no managed block in \(text)", file: file, line: line)
        let end = try XCTUnwrap(text.range(of: Self.end, range: begin.upperBound..<text.endIndex), "no end marker", file: file, line: line)
        XCTAssertNil(text.range(of: Self.begin, range: end.upperBound..<text.endIndex), "one block only", file: file, line: line)
        return (String(text[..<begin.lowerBound]), String(text[begin.lowerBound..<end.upperBound]), String(text[end.upperBound...]))
    }

    // MARK: AGENTS.md

    func testAgentsMDKeepsEverythingOutsideItsBlockByteForByte() throws {
        let fixture = try makeGoldenRepository()
        let mined = try minedRepository(fixture.path)
        let root = try temporaryFolder()
        // No final newline, CRLF, a marker-like comment, non-ASCII: none of it is taste's to touch.
        let before = "# Agents\r\n\r\nRun `make test` before you push. Ünïcødé ✓\n<!-- taste:other -->\nNo final newline"
        try Data(before.utf8).write(to: URL(fileURLWithPath: root + "/AGENTS.md"))

        let first = try export(mined.skills, of: mined, formats: [.agentsMD], root: root)
        XCTAssertEqual(first.written, ["AGENTS.md"])
        let exported = fileText(root + "/AGENTS.md")
        let parts = try split(exported)
        XCTAssertEqual(parts.before, before + "\n\n", "the existing text, then a blank line")
        XCTAssertEqual(parts.after, "\n")
        for rule in mined.skills.flatMap(\.rules) { XCTAssertTrue(parts.block.contains(rule.statement), rule.statement) }

        // Someone writes after the block; then the skills change (one skill fewer) and taste exports again.
        let after = "\n## Deploying\n\nAsk #ops first.\n"
        try Data((parts.before + parts.block + after).utf8).write(to: URL(fileURLWithPath: root + "/AGENTS.md"))
        let fewer = Array(mined.skills.dropFirst())
        let second = try export(fewer, of: mined, formats: [.agentsMD], root: root)
        XCTAssertEqual(second.written, ["AGENTS.md"])
        let again = try split(fileText(root + "/AGENTS.md"))
        XCTAssertEqual(again.before, parts.before, "text before the block is untouched")
        XCTAssertEqual(again.after, after, "text after the block is untouched")
        XCTAssertNotEqual(again.block, parts.block, "the block was replaced")
        XCTAssertFalse(again.block.contains("### Go style"), again.block)
        XCTAssertTrue(again.block.contains("### Swift style"), again.block)

        let third = try export(fewer, of: mined, formats: [.agentsMD], root: root)
        XCTAssertEqual(third.written, [])
        XCTAssertEqual(third.unchanged, ["AGENTS.md"])
        XCTAssertLessThanOrEqual(try Data(contentsOf: URL(fileURLWithPath: root + "/AGENTS.md")).count, SkillExporter.maxAgentsFileBytes)
    }

    /// Past 32 KiB the least confident rules give way, and the result says so.
    func testAgentsMDStaysUnder32KiBByLeavingOutTheLeastConfidentRules() throws {
        let skills = [
            syntheticSkill("alpha-style", rules: 12, confidenceFrom: 0.99, step: 0.02),
            syntheticSkill("beta-style", language: .go, rules: 12, confidenceFrom: 0.98, step: 0.02),
        ]
        let root = try temporaryFolder()
        let exporter = SkillExporter(renderer: try SkillRenderer())
        let head = String(repeating: "e", count: 40)

        // Room for everything first: no note.
        let roomy = try exporter.export(skills, formats: [.agentsMD], repository: "r", head: head, root: root, skillsDirectory: root + "/s")
        XCTAssertEqual(roomy.notes, [])
        let full = try split(fileText(root + "/AGENTS.md")).block
        XCTAssertEqual(skills.flatMap(\.rules).filter { full.contains($0.statement) }.count, 24)

        // The people's part grows to 31 KiB.
        let padding = "# Handbook\n\n" + String(repeating: "Keep the build green; ask before adding a dependency.\n", count: 31 * 1024 / 54)
        XCTAssertGreaterThan(padding.utf8.count, 31 * 1024 - 60)
        try Data((padding + "\n" + Self.begin + "\nold\n" + Self.end + "\nTail kept.\n").utf8).write(to: URL(fileURLWithPath: root + "/AGENTS.md"))

        let result = try exporter.export(skills, formats: [.agentsMD], repository: "r", head: head, root: root, skillsDirectory: root + "/s")
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/AGENTS.md"))
        XCTAssertLessThanOrEqual(data.count, SkillExporter.maxAgentsFileBytes, "AGENTS.md is \(data.count) bytes")
        let text = String(decoding: data, as: UTF8.self)
        let parts = try split(text)
        XCTAssertEqual(parts.before, padding + "\n")
        XCTAssertEqual(parts.after, "\nTail kept.\n")

        let all = skills.flatMap(\.rules)
        let kept = all.filter { parts.block.contains($0.statement) }
        let cut = all.filter { !parts.block.contains($0.statement) }
        XCTAssertFalse(kept.isEmpty, "some rules still fit")
        XCTAssertFalse(cut.isEmpty, "some rules had to go")
        XCTAssertLessThanOrEqual(
            cut.map(\.confidence).max() ?? 0, kept.map(\.confidence).min() ?? 1,
            "only the least confident rules are left out")
        XCTAssertEqual(result.notes.count, 1, "\(result.notes)")
        let note = result.notes.first ?? ""
        XCTAssertTrue(note.hasPrefix("AGENTS.md: left out the \(cut.count) least confident rule"), note)
        XCTAssertTrue(note.contains("32 KiB"), note)
        // With one rule fewer kept, the file would still fit; with one more, it would not: the cut is no larger than it needs.
        XCTAssertGreaterThan(data.count, SkillExporter.maxAgentsFileBytes - 400, "the block uses the room it has")
    }

    // MARK: CLAUDE.md

    func testClaudeMDImportBlockIsAddedOnce() throws {
        let fixture = try makeGoldenRepository()
        let mined = try minedRepository(fixture.path)
        let root = try temporaryFolder()
        let own = "# Project notes\n\nUse the staging database for experiments.\n"
        try Data(own.utf8).write(to: URL(fileURLWithPath: root + "/CLAUDE.md"))

        let first = try export(mined.skills, of: mined, formats: [.agentSkills, .claudeMD], root: root)
        XCTAssertTrue(first.written.contains("CLAUDE.md"), "\(first.written)")
        let once = fileText(root + "/CLAUDE.md")
        let second = try export(mined.skills, of: mined, formats: [.agentSkills, .claudeMD], root: root)
        XCTAssertEqual(second.written, [])
        XCTAssertTrue(second.unchanged.contains("CLAUDE.md"))
        let twice = fileText(root + "/CLAUDE.md")
        XCTAssertEqual(twice, once)
        XCTAssertEqual(twice.components(separatedBy: Self.begin).count, 2, "one block: \(twice)")
        let parts = try split(twice)
        XCTAssertEqual(parts.before, own + "\n")
        XCTAssertEqual(parts.after, "\n")
        let imports = parts.block.split(separator: "\n").filter { $0.hasPrefix("@") }.map(String.init)
        XCTAssertEqual(imports, mined.skills.map { "@.claude/skills/\($0.name)/SKILL.md" })
        for line in imports {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/" + line.dropFirst()), "\(line) names an exported file")
        }
    }

    // MARK: Files taste did not write

    /// A person's own file where taste would write one: refused, naming the file and `--force`, and nothing of
    /// the export is written; `force` takes it over; later exports over taste's own files go on as before.
    func testAFileTasteDidNotWriteIsRefusedUnlessForced() throws {
        let fixture = try makeGoldenRepository()
        let mined = try minedRepository(fixture.path)
        let people = [
            ".claude/skills/commits/SKILL.md": "---\nname: commits\ndescription: \"Our own commit rules.\"\n---\nSign off every commit.\n",
            ".cursor/rules/taste-go-style.mdc": "---\ndescription: \"Ours\"\nglobs: **/*.go\nalwaysApply: false\n---\nOurs.\n",
            ".github/instructions/taste-testing.instructions.md": "---\napplyTo: \"**\"\n---\nOurs.\n",
            ".claude/skills/swift-style/references/evidence.md": "Our notes.\n",
        ]
        let exporter = SkillExporter(renderer: try SkillRenderer())
        for (path, text) in people {
            let root = try temporaryFolder()
            try writeFile(root + "/" + path, text)
            let before = try treeSnapshot(root)
            XCTAssertThrowsError(
                try exporter.export(
                    mined.skills, formats: allFormats, repository: mined.record.name, head: mined.head, root: root,
                    skillsDirectory: root + "/.claude/skills")
            ) { error in
                let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
                XCTAssertEqual(error as? TasteError, .export("\(root)/\(path) was not written by taste: move it away, or use --force to replace it"))
                XCTAssertFalse(message.contains("\n"), message)
            }
            XCTAssertEqual(try treeSnapshot(root), before, "\(path): nothing of the export was written, the file is as it was")

            let forced = try exporter.export(
                mined.skills, formats: allFormats, repository: mined.record.name, head: mined.head, root: root,
                skillsDirectory: root + "/.claude/skills", force: true)
            XCTAssertNotEqual(fileText(root + "/" + path), text, "\(path): taken over")
            XCTAssertTrue(SkillExporter.isWrittenByTaste(fileText(root + "/" + path)), path)
            XCTAssertFalse(forced.written.isEmpty)
            let again = try exporter.export(
                mined.skills, formats: allFormats, repository: mined.record.name, head: mined.head, root: root,
                skillsDirectory: root + "/.claude/skills")
            XCTAssertEqual(again.written, [], "\(path): the next export finds taste's own files")
        }
    }

    /// Every file taste writes whole says so, even when a person rewrote the skill's text and dropped the
    /// front matter's `generator`: the next export, with other text, replaces it.
    func testEveryWholeFileCarriesTastesMark() throws {
        let fixture = try makeGoldenRepository()
        let mined = try minedRepository(fixture.path)
        let root = try temporaryFolder()
        var skills = mined.skills
        skills[0].markdown = "---\nname: \(skills[0].name)\ndescription: \"Rewritten by a person.\"\n---\n# Ours now\n"
        try export(skills, of: mined, formats: allFormats, root: root)
        for (path, data) in try treeSnapshot(root) where !["AGENTS.md", "CLAUDE.md"].contains(path) {
            XCTAssertTrue(SkillExporter.isWrittenByTaste(String(decoding: data, as: UTF8.self)), path)
        }
        skills[0].markdown = "---\nname: \(skills[0].name)\ndescription: \"Rewritten again.\"\n---\n# Ours, second draft\n"
        let second = try export(skills, of: mined, formats: [.agentSkills], root: root)
        XCTAssertEqual(second.written, [skills[0].name])
    }

    // MARK: Idempotence

    func testExportingEveryFormatTwiceGivesTheSameBytesAndReportsThemUnchanged() throws {
        let fixture = try makeGoldenRepository()
        let mined = try minedRepository(fixture.path)
        let root = try temporaryFolder()
        let first = try export(mined.skills, of: mined, formats: allFormats, root: root)
        XCTAssertEqual(first.unchanged, [])
        XCTAssertEqual(first.removed, [])
        let before = try treeSnapshot(root)
        let modified = try modificationDates(root)

        let second = try export(mined.skills, of: mined, formats: allFormats, root: root)
        XCTAssertEqual(second.written, [], "nothing is rewritten")
        XCTAssertEqual(second.removed, [])
        XCTAssertEqual(second.unchanged.sorted(), first.written.sorted())
        XCTAssertEqual(try treeSnapshot(root), before, "byte-identical")
        XCTAssertEqual(try modificationDates(root), modified, "not even touched")
        XCTAssertEqual(before.keys.filter { $0.contains(".tmp") || $0.contains(".taste-") }, [], "no temporary files")
    }

    private func modificationDates(_ root: String) throws -> [String: Date] {
        var dates: [String: Date] = [:]
        for path in try treeSnapshot(root).keys {
            dates[path] = try FileManager.default.attributesOfItem(atPath: root + "/" + path)[.modificationDate] as? Date
        }
        return dates
    }

    // MARK: Stale files

    func testFilesOfASkillThatIsGoneAreRemovedAndPeoplesFilesStay() throws {
        let fixture = try makeGoldenRepository()
        let mined = try minedRepository(fixture.path)
        let root = try temporaryFolder()
        try export(mined.skills, of: mined, formats: allFormats, root: root)
        // People's own files beside taste's, including one named like taste's.
        let own = [
            ".cursor/rules/team.mdc": "---\ndescription: \"Ours\"\nglobs: **/*.md\nalwaysApply: false\n---\nOurs.\n",
            ".cursor/rules/taste-handmade.mdc": "---\ndescription: \"Named like taste's, written by a person\"\n---\n",
            ".github/instructions/docs.instructions.md": "---\napplyTo: \"docs/**\"\n---\nWrite docs.\n",
            ".github/instructions/taste-go-style.instructions.md.bak": "a backup\n",
            ".claude/skills/handmade/SKILL.md": "---\nname: handmade\ndescription: \"Mine.\"\n---\n",
            ".claude/skills/go-style/NOTES.md": "my notes on go-style\n",
        ]
        for (path, text) in own {
            try FileManager.default.createDirectory(
                atPath: (root + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + path))
        }

        // go-style is gone from the repository's skills; testing was retired.
        var remaining = mined.skills.filter { $0.name != "go-style" }
        remaining[remaining.firstIndex { $0.name == "testing" }!].status = .retired
        let result = try export(remaining, of: mined, formats: allFormats, root: root)
        XCTAssertEqual(
            Set(result.removed),
            [
                "go-style", "testing", ".cursor/rules/taste-go-style.mdc", ".cursor/rules/taste-testing.mdc",
                ".github/instructions/taste-go-style.instructions.md",
                ".github/instructions/taste-testing.instructions.md",
            ])
        let files = try treeSnapshot(root)
        for gone in ["go-style", "testing"] {
            XCTAssertNil(files[".claude/skills/\(gone)/SKILL.md"])
            XCTAssertNil(files[".claude/skills/\(gone)/references/evidence.md"])
            XCTAssertNil(files[".cursor/rules/taste-\(gone).mdc"])
            XCTAssertNil(files[".github/instructions/taste-\(gone).instructions.md"])
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/.claude/skills/testing"), "its empty folder goes too")
        for (path, text) in own { XCTAssertEqual(files[path].map { String(decoding: $0, as: UTF8.self) }, text, "\(path) stays") }
        XCTAssertNotNil(files[".claude/skills/swift-style/SKILL.md"])
        XCTAssertNotNil(files[".cursor/rules/taste-commits.mdc"])
        XCTAssertFalse(fileText(root + "/AGENTS.md").contains("### Go style"))
        XCTAssertFalse(fileText(root + "/AGENTS.md").contains("### Testing"))
        XCTAssertFalse(fileText(root + "/CLAUDE.md").contains("go-style"))
        XCTAssertFalse(fileText(root + "/CLAUDE.md").contains("@.claude/skills/testing/"))
    }

    /// A skill folder written for another repository is not this export's to remove.
    func testSkillFoldersOfAnotherRepositoryStay() throws {
        let root = try temporaryFolder()
        let exporter = SkillExporter(renderer: try SkillRenderer())
        let head = String(repeating: "f", count: 40)
        _ = try exporter.export([syntheticSkill("theirs-style", rules: 2)], repository: "other", head: head, to: root)
        let result = try exporter.export([syntheticSkill("ours-style", rules: 2)], repository: "ours", head: head, to: root)
        XCTAssertEqual(result.removed, [])
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/theirs-style/SKILL.md"))
    }

    // MARK: Agent Skills length

    /// Over 500 lines with its evidence inline, a SKILL.md keeps the evidence in references/ only.
    func testALongSkillLeavesItsEvidenceToReferences() throws {
        let big = syntheticSkill("big-style", rules: 300, step: 0.0001)
        let small = syntheticSkill("small-style", rules: 3)
        let root = try temporaryFolder()
        let result = try SkillExporter(renderer: try SkillRenderer()).export(
            [big, small], repository: "r", head: String(repeating: "a", count: 40), to: root)
        XCTAssertEqual(result.notes, ["big-style: evidence left to references/evidence.md to keep SKILL.md under 500 lines"])

        let text = fileText(root + "/big-style/SKILL.md")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        XCTAssertLessThanOrEqual(lines, SkillExporter.maxSkillBodyLines, "SKILL.md has \(lines) lines")
        for rule in big.rules { XCTAssertTrue(text.contains(rule.statement), "every rule stays: \(rule.statement)") }
        XCTAssertFalse(text.contains("Sources/App/File"), "no cited place in SKILL.md")
        XCTAssertTrue(text.contains("[references/evidence.md](references/evidence.md)"), "it points to its evidence")
        let evidence = fileText(root + "/big-style/references/evidence.md")
        for rule in big.rules {
            XCTAssertTrue(evidence.contains("Sources/App/File\(rule.facts["rule"]!.description).swift"), rule.id)
        }
        XCTAssertTrue(evidence.contains("`let value299 = 299`"), "the lines are quoted there")
        try assertExportSpecs(root: root, skills: [big, small])

        // A short skill keeps its places inline.
        XCTAssertTrue(fileText(root + "/small-style/SKILL.md").contains("Sources/App/File0.swift"))
    }
}
