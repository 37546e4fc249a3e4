import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

final class ExportTests: XCTestCase {
    private func minedSwiftRepository() throws -> (GitFixture, MinedRepository) {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        try mine(fixture.path, into: store)
        return (fixture, try MinedRepository.load(store: store, repositoryPath: fixture.path))
    }

    private func exportFolder() throws -> String {
        let folder = try makeTemporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder.appendingPathComponent("skills").path
    }

    /// The YAML front matter's top-level `key: value` lines.
    private func frontMatter(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: String] {
        XCTAssertTrue(text.hasPrefix("---\n"), "no front matter: \(text.prefix(40))", file: file, line: line)
        let body = text.dropFirst(4)
        let end = try XCTUnwrap(body.range(of: "\n---\n"), "front matter does not end", file: file, line: line)
        var fields: [String: String] = [:]
        for row in body[..<end.lowerBound].split(separator: "\n") where !row.hasPrefix(" ") {
            let parts = row.split(separator: ":", maxSplits: 1)
            fields[String(parts[0])] = parts.count > 1 ? String(parts[1].dropFirst()) : ""
        }
        return fields
    }

    /// A YAML double-quoted scalar's text (the escapes `yamlQuoted` writes for ordinary text).
    private func unquote(_ scalar: String) -> String? {
        guard scalar.count >= 2, scalar.hasPrefix("\""), scalar.hasSuffix("\"") else { return nil }
        return String(scalar.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            .replacingOccurrences(of: "\\\\", with: "\\")
    }

    func testExportWritesOneSkillFilePerSkillWithValidFrontMatter() throws {
        let (fixture, mined) = try minedSwiftRepository()
        let out = try exportFolder()
        let exporter = SkillExporter(renderer: try SkillRenderer())
        let result = try exporter.export(mined.skills, repository: mined.record.name, head: mined.head, to: out)
        let names = mined.skills.map(\.name)
        XCTAssertEqual(names, ["swift-style", "testing", "commits"])
        XCTAssertEqual(result.written.filter { !$0.contains("/") }, names)
        XCTAssertEqual(result.written.filter { $0.contains("/") }, names.map { "\($0)/references/evidence.md" })
        XCTAssertEqual(result.unchanged, [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), names.sorted())

        for skill in mined.skills {
            let path = "\(out)/\(skill.name)/SKILL.md"
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(out)/\(skill.name)").sorted(), ["SKILL.md", "references"])
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(out)/\(skill.name)/references"), ["evidence.md"])
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let fields = try frontMatter(text)
            XCTAssertEqual(fields["name"], skill.name, "name is the folder's name")
            let name = try XCTUnwrap(fields["name"])
            XCTAssertTrue((1...64).contains(name.count), name)
            XCTAssertNotNil(name.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression), name)
            XCTAssertTrue(SkillExporter.isValidName(name))
            let description = try XCTUnwrap(unquote(try XCTUnwrap(fields["description"])), "description is not quoted")
            XCTAssertEqual(description, skill.description)
            XCTAssertTrue((1...1024).contains(description.count), "description is \(description.count) characters")
            XCTAssertEqual(fields["metadata"], "")
            XCTAssertTrue(text.contains("\n  version: \"1\"\n"), text)
            XCTAssertTrue(text.contains("\n  mined-through: \"\(try fixture.revParse("HEAD"))\"\n"), text)
            XCTAssertTrue(text.contains("\n  generator: \"taste\"\n"), text)
            XCTAssertTrue(text.contains("\n# \(skill.title)\n"), text)
            for rule in skill.rules { XCTAssertTrue(text.contains(rule.statement), "\(skill.name) lacks: \(rule.statement)") }
            XCTAssertFalse(text.contains("\n\n\n"), "no runs of blank lines")
            XCTAssertTrue(text.hasSuffix("\n"))
        }
        let style = try String(contentsOfFile: "\(out)/swift-style/SKILL.md", encoding: .utf8)
        XCTAssertTrue(style.contains("Indent with 4 spaces"), style)
    }

    func testExportingTwiceGivesIdenticalFilesAndReportsThemUnchanged() throws {
        let (_, mined) = try minedSwiftRepository()
        let out = try exportFolder()
        let exporter = SkillExporter(renderer: try SkillRenderer())
        try exporter.export(mined.skills, repository: mined.record.name, head: mined.head, to: out)
        let first = try mined.skills.map { try Data(contentsOf: URL(fileURLWithPath: "\(out)/\($0.name)/SKILL.md")) }

        let again = try SkillExporter(renderer: try SkillRenderer())
            .export(mined.skills, repository: mined.record.name, head: mined.head, to: out)
        XCTAssertEqual(again.written, [])
        XCTAssertEqual(again.unchanged.filter { !$0.contains("/") }, mined.skills.map(\.name))
        XCTAssertEqual(again.removed, [])
        let second = try mined.skills.map { try Data(contentsOf: URL(fileURLWithPath: "\(out)/\($0.name)/SKILL.md")) }
        XCTAssertEqual(first, second)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [], "no temporary files are left behind")
    }

    func testASymlinkInPlaceOfASkillFolderIsRefused() throws {
        let (_, mined) = try minedSwiftRepository()
        let out = try exportFolder()
        let elsewhere = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(out)/swift-style", withDestinationPath: elsewhere.path)

        let exporter = SkillExporter(renderer: try SkillRenderer())
        XCTAssertThrowsError(try exporter.export(mined.skills, repository: mined.record.name, head: mined.head, to: out)) { error in
            guard case .export(let message)? = error as? TasteError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("symbolic link"), message)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path), [], "nothing was written through the link")
    }

    func testASymlinkInPlaceOfASkillFileIsRefused() throws {
        let (_, mined) = try minedSwiftRepository()
        let out = try exportFolder()
        let elsewhere = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let target = elsewhere.appendingPathComponent("precious.md").path
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createDirectory(atPath: "\(out)/testing", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(out)/testing/SKILL.md", withDestinationPath: target)

        let exporter = SkillExporter(renderer: try SkillRenderer())
        XCTAssertThrowsError(try exporter.export(mined.skills, repository: mined.record.name, head: mined.head, to: out)) { error in
            guard case .export? = error as? TasteError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "keep me\n")
    }

    func testStaleSkillFoldersWrittenByTasteGoAndOthersStay() throws {
        let (_, mined) = try minedSwiftRepository()
        let out = try exportFolder()
        let exporter = SkillExporter(renderer: try SkillRenderer())
        try exporter.export(mined.skills, repository: mined.record.name, head: mined.head, to: out)
        try FileManager.default.createDirectory(atPath: "\(out)/old-skill", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(out)/testing/SKILL.md", toPath: "\(out)/old-skill/SKILL.md")
        try FileManager.default.createDirectory(atPath: "\(out)/handmade", withIntermediateDirectories: true)
        try Data("---\nname: handmade\ndescription: \"Mine.\"\n---\n".utf8).write(to: URL(fileURLWithPath: "\(out)/handmade/SKILL.md"))

        let result = try exporter.export(mined.skills, repository: mined.record.name, head: mined.head, to: out)
        XCTAssertEqual(result.removed, ["old-skill"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/old-skill"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/handmade/SKILL.md"))
    }

    /// A stale folder goes only when nothing but taste's own file is in it ("only when empty" in `export`).
    func testStaleSkillFolderWithOtherFilesKeepsThem() throws {
        let (_, mined) = try minedSwiftRepository()
        let out = try exportFolder()
        let exporter = SkillExporter(renderer: try SkillRenderer())
        try exporter.export(mined.skills, repository: mined.record.name, head: mined.head, to: out)
        try FileManager.default.createDirectory(atPath: "\(out)/old-skill", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(out)/testing/SKILL.md", toPath: "\(out)/old-skill/SKILL.md")
        try Data("my own notes\n".utf8).write(to: URL(fileURLWithPath: "\(out)/old-skill/notes.md"))

        try exporter.export(mined.skills, repository: mined.record.name, head: mined.head, to: out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/old-skill/SKILL.md"), "taste's own file goes")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/old-skill/notes.md"), "a file taste did not write stays")
    }

    func testInvalidSkillNameIsRefused() throws {
        let skill = Skill(id: "Bad_Name", name: "Bad_Name", title: "Bad", description: "Bad.", version: 1, status: .active, rules: [])
        XCTAssertThrowsError(
            try SkillExporter(renderer: try SkillRenderer()).export(
                [skill], repository: "r", head: "abc",
                to: try exportFolder())
        ) { error in
            guard case .export? = error as? TasteError else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(SkillExporter.isValidName("-a"))
        XCTAssertFalse(SkillExporter.isValidName("a--b"))
        XCTAssertFalse(SkillExporter.isValidName(String(repeating: "a", count: 65)))
        XCTAssertTrue(SkillExporter.isValidName("cpp-style"))
    }

    func testRenderedSkillStartsWithItsName() throws {
        let (_, mined) = try minedSwiftRepository()
        let text = try SkillRenderer().render(try mined.skill(named: "swift-style"), repository: mined.record.name, head: mined.head)
        XCTAssertTrue(text.hasPrefix("---\nname: swift-style\ndescription: \""), text)
        XCTAssertThrowsError(try mined.skill(named: "nosuchskill")) { error in
            XCTAssertEqual(error as? TasteError, .unknownSkill("nosuchskill"))
        }
    }

    func testRepositoryTemplateOverridesTheDefault() throws {
        let fixture = try makeSwiftRepository()
        try fixture.commit("chore: own template", files: [".taste/templates/SKILL.md.mustache": "---\nname: {{{name}}}\n---\nCustom {{{title}}}\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let mined = try MinedRepository.load(store: store, repositoryPath: fixture.path)
        let overrides = try mined.templateOverrides()
        XCTAssertEqual(Array(overrides.keys), ["SKILL.md"])
        let text = try SkillRenderer(overrides: overrides).render(try mined.skill(named: "testing"), repository: "repo", head: mined.head)
        XCTAssertEqual(text, "---\nname: testing\n---\nCustom Testing\n")
    }

    /// Found by fuzzing: blank lines before a combining mark made rendering loop forever (the daemon with it).
    func testBlankLineRunsFoldEvenBeforeACombiningMark() throws {
        let fixture = try makeSwiftRepository()
        let template = "---\nname: {{{name}}}\n---\nA\n\n\n\n\u{301}B\n\n\n\nC\n\n\n"
        try fixture.commit("chore: own template", files: [".taste/templates/SKILL.md.mustache": template])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let mined = try MinedRepository.load(store: store, repositoryPath: fixture.path)
        let text = try SkillRenderer(overrides: try mined.templateOverrides()).render(
            try mined.skill(named: "testing"), repository: "repo", head: mined.head)
        XCTAssertEqual(text, "---\nname: testing\n---\nA\n\n\u{301}B\n\nC\n\n")
    }

    func testEmbeddedTemplateMatchesTheTemplatesFolder() throws {
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            guard root.path != "/" else { return XCTFail("no Package.swift above \(#filePath)") }
            root = root.deletingLastPathComponent()
        }
        let file = root.appendingPathComponent("skills-templates/SKILL.md.mustache")
        let onDisk = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(DefaultTemplates.all["SKILL.md"], onDisk, "run 'make templates' to embed skills-templates/ again")
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("skills-templates").path)
            .filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) }
        XCTAssertEqual(Set(DefaultTemplates.all.keys), Set(names))
    }

    /// One runner configuration speaks for the JavaScript and the TypeScript rule alike: it is said once. Each
    /// testing rule's evidence is labelled by what it is about.
    func testASharedDeclarationIsSaidOnceAndTestRulesAreLabelledByKind() throws {
        func rule(_ id: String, _ language: Language, _ facts: [FactKey: FactValue]) -> Rule {
            var rule = Rule(
                id: id, scope: RuleScope(language: language), facts: [String: FactValue](facts: facts), source: "both", confidence: 0.97,
                support: Support(observations: 10, agreeing: 10, commits: 10),
                evidence: [EvidenceLocation(commit: String(repeating: "a", count: 40), path: "tests/a.test.ts", line: 1)],
                statement: "Sentence.", unit: "test files", share: 1)
            rule.declared = [
                ConfigDeclaration(
                    fact: .testFramework, value: .string("vitest"), file: "vitest.config.ts", line: nil, setting: "vitest configuration",
                    tool: .runner, agrees: true)
            ]
            return rule
        }
        var naming = rule("testing/typescript-test-naming", .typescript, [.testNaming: .string("sentence")])
        naming.declared = nil
        let skill = Skill(
            id: "testing", name: "testing", title: "Testing", description: "Tests.", version: 1, status: .active,
            rules: [
                rule("testing/javascript-framework", .javascript, [.testFramework: .string("vitest")]),
                rule("testing/typescript-framework", .typescript, [.testFramework: .string("vitest")]), naming,
            ])
        let text = try SkillRenderer().render(skill, repository: "repo", head: String(repeating: "b", count: 40))
        XCTAssertEqual(text.components(separatedBy: "declares `test_framework` vitest").count - 1, 1, text)
        XCTAssertTrue(text.contains("- TypeScript test naming: "), text)
        XCTAssertTrue(text.contains("- JavaScript test framework: "), text)
    }

}
