import Foundation
import TasteTestSupport
import XCTest

/// The whole loop on real repositories: `taste install`, a running `taste daemon`, then a real `git merge`,
/// `git pull`, `git pull --rebase` or `git push`; the hook queues the merge and the daemon mines it.
final class MergeFlowTests: XCTestCase {
    /// A mined repository with the hooks installed, a `feature` branch ready to merge, and a daemon running.
    private func servedRepository(_ sandbox: HookSandbox, _ name: String = "repo") throws -> String {
        let repo = try sandbox.makeRepository(name)
        try sandbox.makeBranch("feature", in: repo)
        try sandbox.succeed("mine", "--repo", repo)
        try sandbox.install(repo)
        try sandbox.startDaemon()
        return repo
    }

    func testMergeIntoMainUpdatesTheSkills() throws {
        let sandbox = try HookSandbox(self)
        let repo = try servedRepository(sandbox)
        let before = try sandbox.head(repo)
        XCTAssertEqual(try sandbox.skillsHead(repo), before)

        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge branch 'feature'", "feature", in: repo)
        let after = try sandbox.head(repo)
        try sandbox.waitForSkills(repo, head: after)

        let events = try sandbox.events(gitDir: repo + "/.git")
        XCTAssertEqual(events.count, 1, "\(events)")
        let event = try XCTUnwrap(events.first)
        XCTAssertEqual(event["hook"] as? String, "post-merge")
        XCTAssertEqual(event["ref"] as? String, "refs/heads/main")
        XCTAssertEqual(event["old_head"] as? String, before)
        XCTAssertEqual(event["new_head"] as? String, after)
        try waitUntil("the event marked done") { try sandbox.events(gitDir: repo + "/.git").first?["state"] as? String == "done" }
    }

    func testPullUpdatesTheSkills() throws {
        let sandbox = try HookSandbox(self)
        let upstream = try sandbox.makeRepository("upstream")
        let clone = sandbox.root + "/clone"
        try sandbox.git("clone", "-q", upstream, clone, in: sandbox.root)
        try sandbox.succeed("mine", "--repo", clone)
        try sandbox.install(clone)
        try sandbox.startDaemon()

        try sandbox.commitSwift(in: upstream, name: "Pulled")
        try sandbox.git("pull", "-q", in: clone)
        let pulled = try sandbox.head(clone)
        XCTAssertEqual(pulled, try sandbox.head(upstream))
        try sandbox.waitForSkills(clone, head: pulled)
        XCTAssertEqual(try sandbox.events(gitDir: clone + "/.git").map { $0["hook"] as? String }, ["post-merge"])
    }

    /// `git pull --rebase` runs no post-merge: post-rewrite hands the rebased branch over.
    func testPullWithRebaseUpdatesTheSkills() throws {
        let sandbox = try HookSandbox(self)
        let upstream = try sandbox.makeRepository("upstream")
        let clone = sandbox.root + "/clone"
        try sandbox.git("clone", "-q", upstream, clone, in: sandbox.root)
        try sandbox.commitSwift(in: clone, name: "Local")  // a local commit, so the rebase rewrites it
        try sandbox.succeed("mine", "--repo", clone)
        try sandbox.install(clone)
        try sandbox.startDaemon()

        try sandbox.commitSwift(in: upstream, name: "Upstream")
        try sandbox.git("pull", "-q", "--rebase", in: clone)
        let rebased = try sandbox.head(clone)
        XCTAssertEqual(try sandbox.head(clone, "HEAD~1"), try sandbox.head(upstream), "the local commit now sits on upstream's")
        try sandbox.waitForSkills(clone, head: rebased)
        let events = try sandbox.events(gitDir: clone + "/.git")
        XCTAssertEqual(events.map { $0["hook"] as? String }, ["post-rewrite"])
        XCTAssertEqual(events.first?["new_head"] as? String, rebased)
        XCTAssertEqual(events.first?["ref"] as? String, "refs/heads/main")
    }

    /// Merging main into a feature branch is not a merge into the default branch: nothing is queued. A later
    /// merge into main (queued after it) shows the hook had its chance and let it pass.
    func testMergeIntoAFeatureBranchIsIgnored() throws {
        let sandbox = try HookSandbox(self)
        let repo = try servedRepository(sandbox)
        try sandbox.commitSwift(in: repo, name: "OnMain")
        try sandbox.git("checkout", "-q", "feature", in: repo)
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge main into feature", "main", in: repo)
        let featureHead = try sandbox.head(repo)

        try sandbox.git("checkout", "-q", "main", in: repo)
        try sandbox.makeBranch("other", in: repo)
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge other", "other", in: repo)
        let mainHead = try sandbox.head(repo)
        try sandbox.waitForSkills(repo, head: mainHead)

        let events = try sandbox.events(gitDir: repo + "/.git")
        XCTAssertEqual(events.map { $0["new_head"] as? String }, [mainHead], "only the merge into main is queued")
        XCTAssertFalse(events.contains { $0["new_head"] as? String == featureHead })
        let status = try XCTUnwrap(try sandbox.status())
        XCTAssertEqual(status["queued"] as? Int, 0)
        XCTAssertEqual(status["repositories"] as? Int, 1)
    }

    /// The same, when main is checked out right after each merge into a feature branch (as a script does): the
    /// hook must decide from the branch the merge went into, not from wherever HEAD is by the time its
    /// background `taste notify` looks.
    func testMergeIntoAFeatureBranchIsIgnoredWhenMainIsCheckedOutRightAfter() throws {
        let sandbox = try HookSandbox(self)
        let repo = try servedRepository(sandbox)
        var featureHeads: [String] = []
        for index in 0..<5 {
            try sandbox.makeBranch("topic\(index)", in: repo)
            try sandbox.commitSwift(in: repo, name: "Main\(index)")
            try sandbox.git("checkout", "-q", "topic\(index)", in: repo)
            // Back to back, as a script runs them.
            var environment = sandbox.gitCommand([]).2
            for role in ["AUTHOR", "COMMITTER"] {
                environment["GIT_\(role)_NAME"] = "Taste Tests"
                environment["GIT_\(role)_EMAIL"] = "tests@example.com"
            }
            let script = try runProcess(
                "/bin/sh",
                [
                    "-c", "git merge -q --no-ff -m \"$1\" main && git checkout -q main", "sh",
                    "Merge main into topic\(index)",
                ], in: repo, environment: environment)
            XCTAssertEqual(script.status, 0, script.stderr)
            featureHeads.append(try sandbox.head(repo, "topic\(index)"))
        }
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", in: repo)
        let mainHead = try sandbox.head(repo)
        try sandbox.waitForSkills(repo, head: mainHead)

        let events = try sandbox.events(gitDir: repo + "/.git")
        XCTAssertEqual(
            events.count, 1,
            """
            merges into topic branches were queued as merges into main: \
            \(events.map { "\($0["ref"] ?? "-") \($0["old_head"] ?? "-") -> \($0["new_head"] ?? "-")" })
            """)
        XCTAssertEqual(events.last?["new_head"] as? String, mainHead)
        XCTAssertFalse(events.contains { featureHeads.contains($0["new_head"] as? String ?? "") })
    }

    /// Two merges into main back to back (as a script runs them): each event records its own merge's heads,
    /// not whatever ORIG_HEAD and HEAD say by the time the background `taste notify` reads them.
    func testBackToBackMergesRecordTheirOwnHeads() throws {
        let sandbox = try HookSandbox(self)
        let repo = try servedRepository(sandbox)
        try sandbox.makeBranch("second", in: repo)
        let start = try sandbox.head(repo)
        var environment = sandbox.gitCommand([]).2
        for role in ["AUTHOR", "COMMITTER"] {
            environment["GIT_\(role)_NAME"] = "Taste Tests"
            environment["GIT_\(role)_EMAIL"] = "tests@example.com"
        }
        let script = try runProcess(
            "/bin/sh", ["-c", "git merge -q --no-ff -m 'Merge feature' feature && git merge -q --no-ff -m 'Merge second' second"],
            in: repo, environment: environment)
        XCTAssertEqual(script.status, 0, script.stderr)
        let first = try sandbox.head(repo, "HEAD^1"), last = try sandbox.head(repo)
        try sandbox.waitForSkills(repo, head: last)
        try waitUntil("both merges queued") { try sandbox.events(gitDir: repo + "/.git").count == 2 }

        let events = try sandbox.events(gitDir: repo + "/.git")
        let heads = Set(events.map { "\($0["old_head"] as? String ?? "-") -> \($0["new_head"] as? String ?? "-")" })
        XCTAssertEqual(heads, ["\(start) -> \(first)", "\(first) -> \(last)"])
    }

    /// `git config taste.branch develop` makes merges into develop count, and merges into main not.
    func testTasteBranchConfigChoosesTheBranch() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        try sandbox.git("branch", "develop", in: repo)
        try sandbox.makeBranch("feature", in: repo, from: "develop")
        try sandbox.makeBranch("hotfix", in: repo, from: "main")
        try sandbox.makeBranch("second", in: repo, from: "develop")
        try sandbox.succeed("mine", "--repo", repo)
        try sandbox.install(repo)
        try sandbox.git("config", "taste.branch", "develop", in: repo)
        try sandbox.startDaemon()

        try sandbox.git("checkout", "-q", "develop", in: repo)
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge feature into develop", "feature", in: repo)
        let developHead = try sandbox.head(repo)
        try sandbox.waitForSkills(repo, head: developHead)

        try sandbox.git("checkout", "-q", "main", in: repo)
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge hotfix into main", "hotfix", in: repo)
        let mainHead = try sandbox.head(repo)
        try sandbox.git("checkout", "-q", "develop", in: repo)
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge second into develop", "second", in: repo)
        let secondHead = try sandbox.head(repo)
        try sandbox.waitForSkills(repo, head: secondHead)

        let events = try sandbox.events(gitDir: repo + "/.git")
        XCTAssertEqual(events.map { $0["ref"] as? String }, ["refs/heads/develop", "refs/heads/develop"])
        XCTAssertEqual(events.map { $0["new_head"] as? String }, [developHead, secondHead])
        XCTAssertFalse(events.contains { $0["new_head"] as? String == mainHead }, "main is not followed any more")
    }

    /// A bare repository with `taste install --server`: a push to main is mined there (the daemon makes the
    /// first pass itself), a push to another branch is not.
    func testPushToAServerRepositoryUpdatesItsSkills() throws {
        let sandbox = try HookSandbox(self)
        let seed = try sandbox.makeRepository("seed")
        let bare = sandbox.root + "/server.git"
        try sandbox.git("clone", "-q", "--bare", seed, bare, in: sandbox.root)
        XCTAssertEqual(try sandbox.install(bare, "--server"), "post-receive: installed\nhooks folder: \(bare)/hooks\n")
        let clone = sandbox.root + "/clone"
        try sandbox.git("clone", "-q", bare, clone, in: sandbox.root)
        try sandbox.startDaemon()
        XCTAssertNil(try sandbox.skillsHead(bare), "not mined before the first push")

        let before = try sandbox.head(clone)
        try sandbox.commitSwift(in: clone, name: "Pushed")
        try sandbox.git("push", "-q", "origin", "main", in: clone)
        let pushed = try sandbox.head(clone)
        try sandbox.waitForSkills(bare, head: pushed)
        XCTAssertEqual(try sandbox.count("SELECT COUNT(*) FROM mined_commit"), 4, "the daemon's first pass mined the whole history")

        try sandbox.git("checkout", "-q", "-b", "topic", in: clone)
        try sandbox.commitSwift(in: clone, name: "Topic")
        try sandbox.git("push", "-q", "origin", "topic", in: clone)
        let topic = try sandbox.head(clone)
        try sandbox.git("checkout", "-q", "main", in: clone)
        try sandbox.commitSwift(in: clone, name: "Again")
        try sandbox.git("push", "-q", "origin", "main", in: clone)
        let again = try sandbox.head(clone)
        try sandbox.waitForSkills(bare, head: again)

        let events = try sandbox.events(gitDir: bare)
        XCTAssertEqual(events.map { $0["hook"] as? String }, ["post-receive", "post-receive"])
        XCTAssertEqual(events.map { $0["ref"] as? String }, ["refs/heads/main", "refs/heads/main"])
        XCTAssertEqual(events.map { $0["old_head"] as? String }, [before, pushed])
        XCTAssertEqual(events.map { $0["new_head"] as? String }, [pushed, again])
        XCTAssertFalse(events.contains { $0["new_head"] as? String == topic }, "a push to topic is not mined")
    }
}
