import Foundation
import XCTest

/// One daemon serves many repositories at once, and a burst of merges in one repository costs fewer passes
/// than merges.
final class ManyRepositoriesTests: XCTestCase {
    func testTwentyRepositoriesMergedAtOnce() throws {
        let sandbox = try HookSandbox(self)
        let repos = try (0..<20).map { index -> String in
            let repo = try sandbox.makeRepository("r\(index)", commits: 2)
            try sandbox.makeBranch("feature", in: repo)
            try sandbox.succeed("mine", "--repo", repo)
            try sandbox.install(repo)
            return repo
        }
        try sandbox.startDaemon()

        let merges = try repos.map { try sandbox.launchGit(["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"], in: $0) }
        for (repo, merge) in zip(repos, merges) {
            let result = try merge.finish()
            XCTAssertEqual(result.status, 0, "\(repo): \(result.stderr)")
        }
        for repo in repos {
            try sandbox.waitForSkills(repo, head: try sandbox.head(repo), timeout: 60)
        }
        try waitUntil("every event marked done") {
            try sandbox.count("SELECT COUNT(*) FROM event WHERE state = 'done'") == 20
        }
        XCTAssertEqual(try sandbox.count("SELECT COUNT(*) FROM event"), 20)
        let status = try XCTUnwrap(try sandbox.status())
        XCTAssertEqual(status["repositories"] as? Int, 20)
        XCTAssertEqual(status["queued"] as? Int, 0)
        XCTAssertEqual(status["failed"] as? Int, 0)
    }

    /// Eight repositories waiting when the daemon starts: it mines two at a time, and the others wait in the
    /// queue, not on a thread each (parked threads starved the passes under way: one-commit passes took seconds
    /// until the thread pool grew). `status` lists only the repositories being mined.
    func testRepositoriesBeyondTheConcurrentPassesWaitInTheQueue() throws {
        let sandbox = try HookSandbox(self)
        let repos = try (0..<8).map { index -> String in
            let repo = try sandbox.makeRepository("r\(index)", commits: 2)
            try sandbox.succeed("notify", "--repo", repo)
            return repo
        }
        try sandbox.startDaemon()
        var mostAtOnce = 0
        try waitUntil("every repository mined", timeout: 60) {
            mostAtOnce = max(mostAtOnce, (try sandbox.status()?["busy"] as? [String])?.count ?? 0)
            return try sandbox.count("SELECT COUNT(*) FROM event WHERE state = 'done'") == repos.count
        }
        XCTAssertLessThanOrEqual(mostAtOnce, 2, "repositories listed as being mined at once")
        for repo in repos { XCTAssertEqual(try sandbox.skillsHead(repo), try sandbox.head(repo)) }
    }

    /// Ten notifications for one repository while the daemon runs, the first one starting a long first pass:
    /// every event is done, and one pass covered several of them.
    func testABurstOfMergesCoalesces() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeLargeRepository("burst", commits: 300)
        try sandbox.startDaemon()

        let notifications = try (0..<10).map { _ in try sandbox.launchTaste(["notify", "--repo", repo, "--hook", "post-merge"]) }
        for notification in notifications {
            let result = try notification.finish()
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        try sandbox.waitForSkills(repo, head: try sandbox.head(repo), timeout: 60)
        try waitUntil("all ten events done") {
            try sandbox.events(gitDir: repo + "/.git").map { $0["state"] as? String } == Array(repeating: "done", count: 10)
        }
        let passes = try sandbox.count(
            """
            SELECT COUNT(*) FROM mining_pass WHERE repo_id = (SELECT id FROM repository WHERE git_dir = \(sqlQuoted(repo + "/.git")))
            """)
        XCTAssertGreaterThanOrEqual(passes, 1)
        XCTAssertLessThan(passes, 10, "bursts coalesce")
        XCTAssertEqual(try sandbox.count("SELECT COUNT(*) FROM mined_commit"), 300)
    }
}
