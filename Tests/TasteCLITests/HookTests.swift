import Foundation
import TasteTestSupport
import XCTest

/// `taste install` and `taste uninstall` on real repositories, and the installed hooks fired by real git.
final class HookTests: XCTestCase {
    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func testInstallWritesExecutableMarkedHooks() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        let hooks = repo + "/.git/hooks"

        let output = try sandbox.install(repo)
        XCTAssertEqual(output, "post-merge: installed\npost-rewrite: installed\nhooks folder: \(hooks)\n")
        for hook in ["post-merge", "post-rewrite"] {
            let path = hooks + "/" + hook
            let text = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("#!/bin/sh\n# taste-hook "), text)
            XCTAssertTrue(text.contains("taste='\(sandbox.taste.url.path)'\n"), "the binary under test, by its absolute path:\n\(text)")
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: path))
            XCTAssertEqual(try mode(path) & 0o111, 0o111, "executable by everyone who can read it")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/post-receive"), "post-receive is for servers only")
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/post-merge.pre-taste"))
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: hooks).contains { $0.hasSuffix(".taste-tmp") })
    }

    func testInstallingTwiceChangesNothing() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        try sandbox.install(repo)
        let hooks = repo + "/.git/hooks"
        let before = try ["post-merge", "post-rewrite"].map { try Data(contentsOf: URL(fileURLWithPath: hooks + "/" + $0)) }

        let again = try sandbox.install(repo)
        XCTAssertEqual(again, "post-merge: unchanged\npost-rewrite: unchanged\nhooks folder: \(hooks)\n")
        let after = try ["post-merge", "post-rewrite"].map { try Data(contentsOf: URL(fileURLWithPath: hooks + "/" + $0)) }
        XCTAssertEqual(after, before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/post-merge.pre-taste"), "taste's own hook is never chained")
    }

    /// A foreign post-merge keeps running (first, with its exit status) and comes back byte for byte on uninstall.
    func testForeignHookIsChainedThenRestored() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        try sandbox.makeBranch("feature", in: repo)
        let hooks = repo + "/.git/hooks"
        let marks = sandbox.root + "/foreign-ran"
        let foreign = Data("#!/bin/sh\n# the team's own hook\necho \"ran $1\" >> '\(marks)'\nexit 3\n".utf8)
        try foreign.write(to: URL(fileURLWithPath: hooks + "/post-merge"))
        chmod(hooks + "/post-merge", 0o750)

        let output = try sandbox.install(repo)
        XCTAssertEqual(output, "post-merge: chained\npost-rewrite: installed\nhooks folder: \(hooks)\n")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: hooks + "/post-merge.pre-taste")), foreign)
        XCTAssertEqual(try mode(hooks + "/post-merge.pre-taste"), 0o750)
        XCTAssertTrue(try String(contentsOfFile: hooks + "/post-merge", encoding: .utf8).contains("# taste-hook "))
        XCTAssertEqual(
            try sandbox.install(repo, "--branch", "main"), "post-merge: unchanged\npost-rewrite: unchanged\nhooks folder: \(hooks)\n",
            "installing again neither chains taste's hook onto itself nor complains")

        // git runs post-merge after the merge is made, and its status never fails the merge.
        let merged = try sandbox.gitResult(["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"], in: repo)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(try String(contentsOfFile: marks, encoding: .utf8), "ran 0\n", "the chained hook ran once, with git's argument")
        // The hook itself passes the chained hook's status on.
        let direct = try runProcess(hooks + "/post-merge", ["0"], in: repo, environment: sandbox.environment)
        XCTAssertEqual(direct.status, 3, direct.stderr)
        XCTAssertEqual(try String(contentsOfFile: marks, encoding: .utf8), "ran 0\nran 0\n")

        let removed = try sandbox.run("uninstall", "--repo", repo)
        XCTAssertEqual(removed.status, 0, removed.stderr)
        XCTAssertEqual(removed.stdout, "post-merge: restored\npost-rewrite: removed\n")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: hooks + "/post-merge")), foreign)
        XCTAssertEqual(try mode(hooks + "/post-merge"), 0o750)
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/post-merge.pre-taste"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/post-rewrite"))

        let again = try sandbox.run("uninstall", "--repo", repo)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stdout, "No taste hooks in \(hooks).\n")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: hooks + "/post-merge")), foreign, "a foreign hook is never removed")
    }

    /// A foreign hook beside a chained one already there: install refuses with one line and touches nothing.
    func testInstallRefusesToChainOverAChainedHook() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        let hooks = repo + "/.git/hooks"
        let first = Data("#!/bin/sh\nexit 0\n".utf8), second = Data("#!/bin/sh\nexit 1\n".utf8)
        try first.write(to: URL(fileURLWithPath: hooks + "/post-merge.pre-taste"))
        try second.write(to: URL(fileURLWithPath: hooks + "/post-merge"))

        let refused = try sandbox.run("install", "--repo", repo)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.hasPrefix("taste: ") && refused.stderr.filter { $0 == "\n" }.count == 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("post-merge.pre-taste"), refused.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: hooks + "/post-merge.pre-taste")), first)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: hooks + "/post-merge")), second)
    }

    /// The binary the hook names is gone and no `taste` is on PATH: the merge goes on quietly, and a chained
    /// hook's status is still passed on.
    func testHookWhoseBinaryIsGoneStaysQuiet() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        try sandbox.makeBranch("feature", in: repo)
        let hooks = repo + "/.git/hooks"
        try Data("#!/bin/sh\nexit 3\n".utf8).write(to: URL(fileURLWithPath: hooks + "/post-merge"))
        chmod(hooks + "/post-merge", 0o755)
        let binary = sandbox.root + "/gone/taste"
        try FileManager.default.createDirectory(atPath: sandbox.root + "/gone", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: sandbox.taste.url.path, toPath: binary)
        let installed = try runProcess(binary, ["install", "--repo", repo], in: sandbox.root, environment: sandbox.environment)
        XCTAssertEqual(installed.status, 0, installed.stderr)
        try FileManager.default.removeItem(atPath: binary)
        sandbox.overrides["PATH"] = "/usr/bin:/bin"

        let merged = try sandbox.gitResult(["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"], in: repo)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(merged.stderr, "")
        let direct = try runProcess(hooks + "/post-merge", ["0"], in: repo, environment: sandbox.environment)
        XCTAssertEqual(direct.status, 3)
        XCTAssertEqual(direct.stderr, "")
        XCTAssertEqual(direct.stdout, "")
    }

    /// A chained post-receive reads the same lines git gave, and the push is mined as well.
    func testForeignPostReceiveIsChainedWithItsInput() throws {
        let sandbox = try HookSandbox(self)
        let seed = try sandbox.makeRepository("seed")
        let bare = sandbox.root + "/server.git"
        try sandbox.git("clone", "-q", "--bare", seed, bare, in: sandbox.root)
        let received = sandbox.root + "/received"
        let foreign = Data("#!/bin/sh\ncat > '\(received)'\nexit 5\n".utf8)
        try foreign.write(to: URL(fileURLWithPath: bare + "/hooks/post-receive"))
        chmod(bare + "/hooks/post-receive", 0o755)
        XCTAssertEqual(try sandbox.install(bare, "--server"), "post-receive: chained\nhooks folder: \(bare)/hooks\n")
        let clone = sandbox.root + "/clone"
        try sandbox.git("clone", "-q", bare, clone, in: sandbox.root)
        try sandbox.startDaemon()

        let before = try sandbox.head(clone)
        try sandbox.commitSwift(in: clone, name: "Pushed")
        let pushed = try sandbox.gitResult(["push", "-q", "origin", "main"], in: clone)
        XCTAssertEqual(pushed.status, 0, pushed.stderr)
        let after = try sandbox.head(clone)
        XCTAssertEqual(try String(contentsOfFile: received, encoding: .utf8), "\(before) \(after) refs/heads/main\n")
        try sandbox.waitForSkills(bare, head: after)

        let removed = try sandbox.run("uninstall", "--repo", bare)
        XCTAssertEqual(removed.stdout, "post-receive: restored\n")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: bare + "/hooks/post-receive")), foreign)
    }

    /// `core.hooksPath` (relative, as husky sets it) is where git runs hooks from, so that is where they go.
    func testInstallFollowsCoreHooksPath() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        try sandbox.makeBranch("feature", in: repo)
        try sandbox.git("config", "core.hooksPath", ".husky", in: repo)

        let output = try sandbox.install(repo)
        XCTAssertEqual(output, "post-merge: installed\npost-rewrite: installed\nhooks folder: \(repo)/.husky\n")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: repo + "/.husky/post-merge"))
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: repo + "/.husky/post-rewrite"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo + "/.git/hooks/post-merge"))

        // git really runs it from there: the merge reaches the queue (no daemon needed for that).
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", in: repo)
        let head = try sandbox.head(repo)
        try waitUntil("the merge queued from .husky/post-merge") {
            try sandbox.events(gitDir: repo + "/.git").contains { $0["new_head"] as? String == head }
        }
        let event = try XCTUnwrap(try sandbox.events(gitDir: repo + "/.git").first)
        XCTAssertEqual(event["hook"] as? String, "post-merge")
        XCTAssertEqual(event["ref"] as? String, "refs/heads/main")
        XCTAssertEqual(event["state"] as? String, "queued")

        let removed = try sandbox.run("uninstall", "--repo", repo)
        XCTAssertEqual(removed.stdout, "post-merge: removed\npost-rewrite: removed\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: repo + "/.husky"), [])
    }

    /// Worktrees share the common hooks folder: installing from a linked worktree serves every worktree, and a
    /// merge in the linked worktree is mined.
    func testLinkedWorktreeSharesTheHooks() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        try sandbox.makeBranch("feature", in: repo)
        try sandbox.git("checkout", "-q", "-b", "side", in: repo)  // frees main for the linked worktree
        let worktree = sandbox.root + "/wt"
        try sandbox.git("worktree", "add", "-q", worktree, "main", in: repo)

        let output = try sandbox.install(worktree)
        XCTAssertEqual(output, "post-merge: installed\npost-rewrite: installed\nhooks folder: \(repo)/.git/hooks\n")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: repo + "/.git/hooks/post-merge"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo + "/.git/worktrees/wt/hooks"))
        XCTAssertEqual(
            try sandbox.install(repo, "--branch", "main"), "post-merge: unchanged\npost-rewrite: unchanged\nhooks folder: \(repo)/.git/hooks\n",
            "the main worktree sees the same hooks")

        try sandbox.succeed("mine", "--repo", worktree)
        try sandbox.startDaemon()
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", in: worktree)
        try sandbox.waitForSkills(worktree, head: try sandbox.head(worktree))
    }

    func testServerInstallWritesPostReceive() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        let bare = sandbox.root + "/server.git"
        try sandbox.git("clone", "-q", "--bare", repo, bare, in: sandbox.root)

        let output = try sandbox.install(bare, "--server")
        XCTAssertEqual(output, "post-receive: installed\nhooks folder: \(bare)/hooks\n")
        let text = try String(contentsOfFile: bare + "/hooks/post-receive", encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("#!/bin/sh\n# taste-hook "), text)
        XCTAssertTrue(text.contains("taste='\(sandbox.taste.url.path)'\n"), text)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: bare + "/hooks/post-receive"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: bare + "/hooks/post-merge"))
        XCTAssertEqual(try sandbox.install(bare, "--server"), "post-receive: unchanged\nhooks folder: \(bare)/hooks\n")

        let removed = try sandbox.run("uninstall", "--repo", bare)
        XCTAssertEqual(removed.stdout, "post-receive: removed\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: bare + "/hooks/post-receive"))
    }
}
