import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Exports write inside their folder and nowhere else, whatever the paths, the links on disk and the
/// repository say.
final class ExportSafetyTests: XCTestCase {
    private func assertRefused<T>(_ body: @autoclosure () throws -> T, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), message, file: file, line: line) { error in
            guard case .export? = error as? TasteError else { return XCTFail("not an export error: \(error)", file: file, line: line) }
        }
    }

    /// Everything under `folder`, links included (not followed).
    private func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    // MARK: SafeFileWriter

    func testPathsThatLeaveTheRootOrAreMalformedAreRefused() throws {
        let sandbox = try temporaryFolder()
        let writer = try SafeFileWriter(root: sandbox + "/root")
        let bad = [
            "..", "../escape.md", "a/../../escape.md", "a/..", "/etc/passwd", "/" + sandbox + "/root/a.md", "", "a//b.md",
            "a/", "./a.md", "a/./b.md", ".", "a\0b.md", "a\nb.md", "//a.md",
        ]
        for path in bad {
            assertRefused(try writer.write("x\n", to: path), path.debugDescription)
            assertRefused(try writer.read(path), path.debugDescription)
            assertRefused(try writer.remove(path), path.debugDescription)
            assertRefused(try writer.resolve(path), path.debugDescription)
        }
        XCTAssertEqual(entries(sandbox), ["root"], "nothing was written anywhere")
        XCTAssertEqual(try writer.resolve("a/b.md"), writer.root + "/a/b.md")
        XCTAssertEqual(try writer.resolve(".hidden/..x.md"), writer.root + "/.hidden/..x.md", "dots inside names are names")
    }

    func testALinkedFolderAnywhereBelowTheRootIsRefusedAndNothingIsWrittenThroughIt() throws {
        let sandbox = try temporaryFolder()
        let outside = sandbox + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let writer = try SafeFileWriter(root: sandbox + "/root")
        try FileManager.default.createDirectory(atPath: writer.root + "/a/b", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: writer.root + "/top", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: writer.root + "/a/b/deep", withDestinationPath: outside)
        // A link that stays inside the root is still a link: it is not followed either.
        try FileManager.default.createSymbolicLink(atPath: writer.root + "/inner", withDestinationPath: writer.root + "/a")

        for path in ["top/x.md", "top/new/folder/x.md", "a/b/deep/x.md", "a/b/deep/c/x.md", "inner/x.md", "top", "a/b/deep"] {
            assertRefused(try writer.write("secret\n", to: path), path)
            assertRefused(try writer.read(path), path)
            assertRefused(try writer.remove(path), path)
        }
        XCTAssertEqual(entries(outside), [], "nothing was written through a link")
        XCTAssertEqual(entries(writer.root + "/a"), ["b", "b/deep"])
    }

    func testALinkedFileIsNeitherWrittenNorRemovedThroughTheLink() throws {
        let sandbox = try temporaryFolder()
        let precious = sandbox + "/precious.txt"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: precious))
        let writer = try SafeFileWriter(root: sandbox + "/root")
        try FileManager.default.createDirectory(atPath: writer.root + "/skill", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: writer.root + "/skill/SKILL.md", withDestinationPath: precious)
        try FileManager.default.createSymbolicLink(atPath: writer.root + "/dangling.md", withDestinationPath: sandbox + "/nothing-yet.md")

        assertRefused(try writer.write("overwritten\n", to: "skill/SKILL.md"))
        assertRefused(try writer.write("keep me\n", to: "skill/SKILL.md"), "even when the bytes match")
        assertRefused(try writer.read("skill/SKILL.md"))
        assertRefused(try writer.remove("skill/SKILL.md"))
        assertRefused(try writer.write("created\n", to: "dangling.md"))
        XCTAssertEqual(fileText(precious), "keep me\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox + "/nothing-yet.md"), "a dangling link creates nothing")
        XCTAssertNotNil(try? FileManager.default.destinationOfSymbolicLink(atPath: writer.root + "/skill/SKILL.md"), "the link stays")
    }

    func testWritesAreAtomicRenamesAndLeaveNoTemporaryFiles() throws {
        let sandbox = try temporaryFolder()
        let writer = try SafeFileWriter(root: sandbox + "/root")
        XCTAssertEqual(try writer.write("one\n", to: "a/b/file.md"), .written)
        XCTAssertEqual(try writer.write("one\n", to: "a/b/file.md"), .unchanged)
        // A hard link outside the root shares the old file: a rename replaces the root's entry, never the shared bytes.
        try FileManager.default.linkItem(atPath: writer.root + "/a/b/file.md", toPath: sandbox + "/hardlink.md")
        XCTAssertEqual(try writer.write("two\n", to: "a/b/file.md"), .written)
        XCTAssertEqual(fileText(writer.root + "/a/b/file.md"), "two\n")
        XCTAssertEqual(fileText(sandbox + "/hardlink.md"), "one\n", "the file was replaced, not written in place")
        XCTAssertEqual(try writer.read("a/b/file.md"), Data("two\n".utf8))
        XCTAssertNil(try writer.read("a/b/missing.md"))

        // A failed replace (a folder stands where the file goes) cleans up after itself.
        try FileManager.default.createDirectory(atPath: writer.root + "/a/taken/inside", withIntermediateDirectories: true)
        assertRefused(try writer.write("three\n", to: "a/taken"))
        XCTAssertEqual(entries(writer.root), ["a", "a/b", "a/b/file.md", "a/taken", "a/taken/inside"], "no temporary file is left")

        try writer.remove("a/b/file.md")
        XCTAssertFalse(FileManager.default.fileExists(atPath: writer.root + "/a/b"), "the emptied folder goes")
        XCTAssertEqual(fileText(sandbox + "/hardlink.md"), "one\n")
    }

    // MARK: SkillExporter

    func testInvalidSkillNamesAreRefusedBeforeAnythingIsWritten() throws {
        for name in ["Bad_Name", "../escape", "a/b", "", "-lead", "trail-", "double--hyphen", String(repeating: "n", count: 65), "a\nb"] {
            let root = try temporaryFolder()
            var skill = syntheticSkill("placeholder", rules: 1)
            skill.name = name
            let good = syntheticSkill("good-style", rules: 1)
            let exporter = SkillExporter(renderer: try SkillRenderer())
            assertRefused(
                try exporter.export(
                    [good, skill], formats: allFormats, repository: "r", head: String(repeating: "a", count: 40),
                    root: root + "/root", skillsDirectory: root + "/root/.claude/skills"), name.debugDescription)
            assertRefused(
                try exporter.export([skill], repository: "r", head: String(repeating: "a", count: 40), to: root + "/skills"),
                name.debugDescription)
            XCTAssertEqual(entries(root).filter { !["skills", "root"].contains($0) }, [], "\(name.debugDescription): nothing written")
        }
    }

    /// The work tree is the repository's: a merged commit can make `.cursor` or `.github/instructions` a link
    /// to anywhere. Exports refuse to follow it.
    func testLinksCommittedToTheRepositoryCannotRedirectAnExport() throws {
        let targets: [(link: String, format: ExportFormat)] = [
            (".cursor", .cursor), (".cursor/rules", .cursor), (".github/instructions", .copilot), (".github", .copilot),
            ("AGENTS.md", .agentsMD), ("CLAUDE.md", .claudeMD),
        ]
        for (link, format) in targets {
            let fixture = try makeSwiftRepository()
            let outside = fixture.sandbox.appendingPathComponent("outside").path
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try commitLink(fixture, at: link, to: outside)
            let mined = try minedRepository(fixture.path)
            assertRefused(try export(mined.skills, of: mined, formats: [format], root: fixture.path), "\(link) for \(format.rawValue)")
            XCTAssertEqual(entries(outside), [], "\(format.rawValue) wrote through \(link)")
        }
    }

    /// The default Agent Skills folder is `.claude/skills` in the work tree: a committed `.claude` link must not
    /// carry the skills out of it either.
    func testACommittedClaudeLinkCannotRedirectAgentSkills() throws {
        for link in [".claude", ".claude/skills"] {
            let fixture = try makeSwiftRepository()
            let outside = fixture.sandbox.appendingPathComponent("outside").path
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try commitLink(fixture, at: link, to: outside)
            let mined = try minedRepository(fixture.path)
            XCTAssertEqual(mined.defaultExportDirectory, fixture.path + "/.claude/skills")
            assertRefused(
                try export(mined.skills, of: mined, formats: [.agentSkills], root: fixture.path),
                "\(link) links outside the work tree")
            XCTAssertEqual(entries(outside), [], "Agent Skills were written through \(link)")
        }
    }

    private func commitLink(_ fixture: GitFixture, at link: String, to target: String) throws {
        let path = fixture.path + "/" + link
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        try fixture.commit("chore: link \(link)")
        XCTAssertEqual(try fixture.git("ls-files", "-s", link).prefix(6), "120000", "\(link) is committed as a link")
    }
}
