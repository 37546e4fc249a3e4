import Foundation
import TasteTestSupport
import XCTest

/// Hooks are shell scripts: the paths they carry must reach `taste` intact, whatever they hold.
final class HostilePathTests: XCTestCase {
    /// Spaces, a single quote, `$`, a backslash, non-ASCII letters and a newline (git handles all of them).
    static let hostileName = "my repo 'quoted' $HOME \\back ünïcødé ✓\nsecond line"

    func testMergeInAHostileRepositoryFolder() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository(Self.hostileName)
        try sandbox.makeBranch("feature", in: repo)
        try sandbox.succeed("mine", "--repo", repo)
        let installed = try sandbox.install(repo)
        XCTAssertTrue(installed.hasPrefix("post-merge: installed\npost-rewrite: installed\n"), installed)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: repo + "/.git/hooks/post-merge"))
        try sandbox.startDaemon()

        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", in: repo)
        try sandbox.waitForSkills(repo, head: try sandbox.head(repo))
        let events = try sandbox.events(gitDir: repo + "/.git")
        XCTAssertEqual(events.map { $0["state"] as? String }, ["done"])
        XCTAssertEqual(try sandbox.run("uninstall", "--repo", repo).stdout, "post-merge: removed\npost-rewrite: removed\n")
    }

    /// The hook calls taste by the absolute path it was installed with: a hostile folder for the binary too.
    func testHooksInstalledByABinaryInAHostileFolder() throws {
        let sandbox = try HookSandbox(self)
        let folder = sandbox.root + "/bin " + Self.hostileName
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let binary = folder + "/taste"
        try FileManager.default.copyItem(atPath: sandbox.taste.url.path, toPath: binary)

        let repo = try sandbox.makeRepository("repo")
        try sandbox.makeBranch("feature", in: repo)
        try sandbox.succeed("mine", "--repo", repo)
        let installed = try runProcess(binary, ["install", "--repo", repo], in: sandbox.root, environment: sandbox.environment)
        XCTAssertEqual(installed.status, 0, installed.stderr)
        let script = try String(contentsOfFile: repo + "/.git/hooks/post-merge", encoding: .utf8)
        XCTAssertTrue(script.contains(binary.replacingOccurrences(of: "'", with: "'\\''")), script)
        try sandbox.startDaemon()

        // No `taste` on the hook's PATH: only the recorded path can queue the merge.
        sandbox.overrides["PATH"] = "/usr/bin:/bin"
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", in: repo)
        try sandbox.waitForSkills(repo, head: try sandbox.head(repo))
    }
}
