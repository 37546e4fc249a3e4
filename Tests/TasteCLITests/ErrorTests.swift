import Foundation
import TasteTestSupport
import XCTest

/// Errors end as exactly one line on stderr, `taste: …`, and a non-zero exit: never a stack trace.
final class ErrorTests: XCTestCase {
    func testMiningAMissingFolder() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run("mine", "--repo", "/nonexistent")
        assertOneLineError(result, containing: "not a git repository: /nonexistent")
    }

    func testMiningAFolderThatIsNotARepository() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.root.appendingPathComponent("plain").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        assertOneLineError(try sandbox.run("mine", "--repo", folder), containing: "not a git repository: \(folder)")
        assertOneLineError(try sandbox.run(["mine"], in: folder), containing: "not a git repository")
    }

    /// `TasteError` promises one-line messages; a path with a newline must not break that.
    func testErrorNamingAPathWithANewlineIsStillOneLine() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.root.appendingPathComponent("plain\nfolder").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        assertOneLineError(try sandbox.run("mine", "--repo", folder), containing: "not a git repository")
    }

    func testADamagedStore() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository(commits: 1)
        try FileManager.default.createDirectory(atPath: sandbox.home, withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: sandbox.home + "/taste.sqlite"))
        assertOneLineError(try sandbox.run("skills", "--repo", repo), containing: "damaged or not a Taste store")
        assertOneLineError(try sandbox.run("mine", "--repo", repo), containing: "damaged or not a Taste store")
    }

    func testExportingABareRepositoryNeedsOut() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        let bare = sandbox.root.appendingPathComponent("bare.git").path
        try sandbox.git(["clone", "-q", "--bare", repo, bare], in: sandbox.root.path, date: 0)
        XCTAssertEqual(try sandbox.run("mine", "--repo", bare).status, 0)
        assertOneLineError(try sandbox.run("export", "--repo", bare), containing: "name the folder with --out")
        let out = sandbox.root.appendingPathComponent("out").path
        let exported = try sandbox.run("export", "--repo", bare, "--out", out)
        XCTAssertEqual(exported.status, 0, exported.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/commits/SKILL.md"))
    }

    /// Git takes a git folder without `config` for a bare repository unless it is named `.git`; libgit2 alone
    /// would take its parent for a work tree and export there.
    func testAGitFolderWithoutConfigIsBareNotItsParentsWorkTree() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        let holder = sandbox.root.appendingPathComponent("holder").path
        let bare = holder + "/copy"
        try FileManager.default.createDirectory(atPath: holder, withIntermediateDirectories: true)
        try sandbox.git(["clone", "-q", "--bare", repo, bare], in: sandbox.root.path, date: 0)
        try FileManager.default.removeItem(atPath: bare + "/config")

        XCTAssertEqual(try sandbox.run("mine", "--repo", bare).status, 0)
        assertOneLineError(try sandbox.run("export", "--repo", bare), containing: "a bare repository has no work tree")
        XCTAssertFalse(FileManager.default.fileExists(atPath: holder + "/.claude"), "nothing exported into the parent folder")
        let listed = try sandbox.run("skills", "--repo", bare, "--json")
        XCTAssertTrue(listed.stdout.contains("\"repo\" : \"\(bare)\""), "named by its git folder: \(listed.stdout)")
    }

    func testSkillsBeforeMining() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository(commits: 1)
        assertOneLineError(try sandbox.run("skills", "--repo", repo), containing: "taste mine")
        assertOneLineError(try sandbox.run("skills", "--json", "--repo", repo), containing: "taste mine")
        assertOneLineError(try sandbox.run("show", "swift-style", "--repo", repo), containing: "taste mine")
        assertOneLineError(try sandbox.run("export", "--repo", repo), containing: "taste mine")

        // A store that exists but has never seen this repository.
        let other = try sandbox.makeRepository("other", commits: 1)
        XCTAssertEqual(try sandbox.run("mine", "--repo", other).status, 0)
        assertOneLineError(try sandbox.run("skills", "--repo", repo), containing: "no skills for \(repo) yet")
    }

    func testShowingAnUnknownSkill() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        assertOneLineError(try sandbox.run("show", "nosuchskill", "--repo", repo), containing: "no skill named 'nosuchskill'")
    }

    func testMiningSinceAnUnknownRevision() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository(commits: 2)
        assertOneLineError(try sandbox.run("mine", "--repo", repo, "--since", "nosuchrev"), containing: "unknown revision 'nosuchrev'")
        assertOneLineError(try sandbox.run("mine", "--repo", repo, "--until", "nosuchrev"), containing: "unknown revision 'nosuchrev'")
        assertOneLineError(try sandbox.run("mine", "--repo", repo, "--ref", "nosuchbranch"), containing: "unknown revision 'nosuchbranch'")
    }

    func testBadConfigIsReportedInOneLine() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository(commits: 1)
        try writeFile(repo + "/.taste.toml", "[mine]\nmax_blob_bytes = \"huge\"\n")
        try sandbox.git(["add", "-A"], in: repo, date: 0)
        try sandbox.git(["commit", "-q", "-m", "chore: configure"], in: repo, date: 1_700_000_000)
        assertOneLineError(try sandbox.run("mine", "--repo", repo), containing: "config: .taste.toml")
    }

    func testFullWithSinceIsAUsageError() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository(commits: 2)
        let result = try sandbox.run("mine", "--repo", repo, "--full", "--since", "HEAD~1")
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--full and --since cannot be used together"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.home + "/taste.sqlite"), "nothing ran")
    }

    func testUnknownSubcommandAndOptionAreUsageErrors() throws {
        let sandbox = try Sandbox()
        let unknown = try sandbox.run("frobnicate")
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertFalse(unknown.stderr.isEmpty)
        let option = try sandbox.run("skills", "--no-such-option")
        XCTAssertNotEqual(option.status, 0)
        XCTAssertTrue(option.stderr.contains("--no-such-option"), option.stderr)
    }
}
