import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Each export format, byte for byte, from one deterministic repository. The expected files live in
/// `Tests/TasteCoreTests/Golden/<format>/`, laid out as the export writes them under its root.
///
/// After a deliberate change to templates, miners or the fixture, regenerate them and review the diff:
///
///     TASTE_UPDATE_GOLDEN=1 swift test --filter GoldenExportTests
final class GoldenExportTests: XCTestCase {
    /// Found from this file's own path: the test target has no resources.
    static let goldenRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path
    static var updating: Bool { ProcessInfo.processInfo.environment["TASTE_UPDATE_GOLDEN"] == "1" }

    func testAgentSkillsMatchTheGoldenFiles() throws { try assertGolden(.agentSkills) }
    func testAgentsMDMatchesTheGoldenFile() throws { try assertGolden(.agentsMD) }
    func testCursorRulesMatchTheGoldenFiles() throws { try assertGolden(.cursor) }
    func testCopilotInstructionsMatchTheGoldenFiles() throws { try assertGolden(.copilot) }
    func testClaudeMDMatchesTheGoldenFile() throws { try assertGolden(.claudeMD) }

    /// The golden files are only worth comparing if the fixture's history is the same in every build.
    func testTheGoldenRepositoryHasTheSameShasInEveryBuild() throws {
        let first = try makeGoldenRepository(), second = try makeGoldenRepository()
        XCTAssertEqual(try first.git("log", "--format=%H %an %ae %at %ct %s"), try second.git("log", "--format=%H %an %ae %at %ct %s"))
        XCTAssertEqual(try first.git("symbolic-ref", "HEAD"), "refs/heads/main\n")
    }

    /// The golden files hold every skill the fixture gives, so a change that drops one shows here.
    func testTheGoldenFilesCoverEverySkill() throws {
        let fixture = try makeGoldenRepository()
        let mined = try minedRepository(fixture.path)
        XCTAssertEqual(mined.skills.map(\.name), ["go-style", "swift-style", "testing", "commits"])
        XCTAssertEqual(mined.record.name, "golden")
        guard !Self.updating else { return }
        let skillFolders = try FileManager.default.contentsOfDirectory(atPath: Self.goldenRoot + "/agent-skills/.claude/skills").sorted()
        XCTAssertEqual(skillFolders, mined.skills.map(\.name).sorted())
    }

    private func assertGolden(_ format: ExportFormat, file: StaticString = #filePath, line: UInt = #line) throws {
        let fixture = try makeGoldenRepository()
        let mined = try minedRepository(fixture.path)
        let root = try temporaryFolder() + "/export"
        // CLAUDE.md imports only SKILL.md files that are there: they are written with it, and compared as agent-skills.
        let importsSkills = format == .claudeMD
        let result = try export(mined.skills, of: mined, formats: importsSkills ? [.agentSkills, format] : [format], root: root)
        XCTAssertEqual(result.notes, [], "the fixture is small: nothing is cut", file: file, line: line)
        let actual = try treeSnapshot(root).filter { !importsSkills || !$0.key.hasPrefix(".claude/skills/") }
        XCTAssertFalse(actual.isEmpty, "\(format.rawValue) wrote nothing", file: file, line: line)
        let folder = Self.goldenRoot + "/" + format.rawValue

        if Self.updating {
            try? FileManager.default.removeItem(atPath: folder)
            for (relative, data) in actual {
                let url = URL(fileURLWithPath: folder + "/" + relative)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            print("GoldenExportTests: rewrote \(actual.count) file(s) in \(folder)")
            return
        }

        let expected = try treeSnapshot(folder)
        XCTAssertFalse(expected.isEmpty, "no golden files in \(folder): run with TASTE_UPDATE_GOLDEN=1", file: file, line: line)
        XCTAssertEqual(actual.keys.sorted(), expected.keys.sorted(), "\(format.rawValue): the files written", file: file, line: line)
        for (relative, data) in actual.sorted(by: { $0.key < $1.key }) {
            guard let golden = expected[relative] else { continue }
            if data != golden {
                let diff = LineDiff.unified(
                    String(decoding: golden, as: UTF8.self), String(decoding: data, as: UTF8.self),
                    oldLabel: "golden/\(relative)", newLabel: "exported/\(relative)")
                XCTFail(
                    "\(format.rawValue): \(relative) differs from its golden file (TASTE_UPDATE_GOLDEN=1 rewrites it):\n\(diff)",
                    file: file, line: line)
            }
        }
    }
}
