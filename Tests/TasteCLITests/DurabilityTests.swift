import Foundation
import TasteTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The queue is durable: a merge made while the daemon is down waits for it, a daemon killed mid-pass
/// leaves nothing half-counted, and a repository whose pass fails stops nobody else's.
final class DurabilityTests: XCTestCase {
    func testMergeWhileTheDaemonIsDownWaitsForIt() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        try sandbox.makeBranch("feature", in: repo)
        try sandbox.succeed("mine", "--repo", repo)
        try sandbox.install(repo)
        XCTAssertNotEqual(try sandbox.run("daemon", "status").status, 0, "no daemon yet")

        let before = try sandbox.head(repo)
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", in: repo)
        let merged = try sandbox.head(repo)
        try waitUntil("the merge queued") { try !sandbox.events(gitDir: repo + "/.git").isEmpty }
        let queued = try sandbox.events(gitDir: repo + "/.git")
        XCTAssertEqual(queued.count, 1, "\(queued)")
        XCTAssertEqual(queued.first?["state"] as? String, "queued")
        XCTAssertEqual(queued.first?["new_head"] as? String, merged)
        XCTAssertEqual(queued.first?["old_head"] as? String, before)
        XCTAssertEqual(try sandbox.skillsHead(repo), before, "nothing mines it while the daemon is down")

        try sandbox.startDaemon()
        try sandbox.waitForSkills(repo, head: merged)
        try waitUntil("the event marked done") { try sandbox.events(gitDir: repo + "/.git").first?["state"] as? String == "done" }
    }

    /// Another process holds the store's write lock for longer than `taste notify` waits: the hook's event and
    /// a manual notify are spooled beside the store (one file each, the user's alone), notify still exits 0,
    /// and the daemon queues and processes them once it starts after the lock is released.
    func testEventsArriveWhileTheStoreIsLockedAreSpooledThenProcessed() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        try sandbox.makeBranch("feature", in: repo)
        try sandbox.succeed("mine", "--repo", repo)
        try sandbox.install(repo)
        let other = try sandbox.makeRepository("other")
        let spool = sandbox.home + "/spool"
        func spooled() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        }

        let lock = try StoreWriteLock(sandbox)
        var released = false
        defer { if !released { try? lock.release() } }
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", in: repo)
        let merged = try sandbox.head(repo)
        let notified = try sandbox.run("notify", "--repo", other)
        XCTAssertEqual(notified.status, 0, notified.stderr)
        XCTAssertEqual(notified.stdout, "")
        XCTAssertTrue(notified.stderr.hasPrefix("taste: spooled the event in \(spool)/"), notified.stderr)
        XCTAssertTrue(notified.stderr.contains("the store is locked by another process"), notified.stderr)
        XCTAssertEqual(notified.stderr.filter { $0 == "\n" }.count, 1, notified.stderr)
        try waitUntil("the hook's event spooled too", timeout: 30) { spooled().count == 2 }

        XCTAssertEqual(try fileMode(spool), 0o700)
        for name in spooled() { XCTAssertEqual(try fileMode(spool + "/" + name), 0o600, name) }
        try lock.release()
        released = true
        XCTAssertEqual(try sandbox.events(gitDir: repo + "/.git").count, 0, "spooled, not queued")

        try sandbox.startDaemon()
        try sandbox.waitForSkills(repo, head: merged)
        try sandbox.waitForSkills(other, head: try sandbox.head(other))
        for gitDir in [repo + "/.git", other + "/.git"] {
            try waitUntil("the event of \(gitDir) marked done") { try sandbox.events(gitDir: gitDir).first?["state"] as? String == "done" }
            let events = try sandbox.events(gitDir: gitDir)
            XCTAssertEqual(events.count, 1, "\(events)")
        }
        XCTAssertEqual(try sandbox.events(gitDir: repo + "/.git").first?["new_head"] as? String, merged)
        XCTAssertEqual(spooled(), [], "the spool is drained")
    }

    /// kill -9 during the first pass over a long history, then a new daemon: the event is processed again
    /// and the store holds exactly what one clean `taste mine` stores.
    func testDaemonKilledMidPassResumesWithoutCountingTwice() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeLargeRepository("large", commits: 800)
        let head = try sandbox.head(repo)

        // The first pass goes through the daemon: queued before anything is mined.
        try sandbox.succeed("notify", "--repo", repo)
        XCTAssertEqual(try sandbox.events(gitDir: repo + "/.git").map { $0["state"] as? String }, ["queued"])
        let first = try sandbox.startDaemon()
        // Kill it once a batch is stored and before the pass ends.
        try waitUntil("the first batch stored") { try sandbox.count("SELECT COUNT(*) FROM mined_commit") > 0 }
        kill(first.processIdentifier, SIGKILL)
        XCTAssertTrue(sandbox.waitForExit(first))
        XCTAssertEqual(first.terminationReason, .uncaughtSignal)
        let stored = try sandbox.count("SELECT COUNT(*) FROM mined_commit")
        XCTAssertEqual(
            try sandbox.count("SELECT COUNT(*) FROM mining_pass"), 0,
            "killed after the pass ended (\(stored) commits stored): the test needs a longer history")
        XCTAssertLessThan(stored, 800)
        XCTAssertEqual(try sandbox.events(gitDir: repo + "/.git").map { $0["state"] as? String }, ["processing"])

        try sandbox.startDaemon()
        try sandbox.waitForSkills(repo, head: head, timeout: 60)
        try waitUntil("the event marked done") { try sandbox.events(gitDir: repo + "/.git").first?["state"] as? String == "done" }
        XCTAssertEqual(try sandbox.query("SELECT attempts FROM event").first?["attempts"] as? Int, 2)
        XCTAssertEqual(try sandbox.query("PRAGMA integrity_check").first?["integrity_check"] as? String, "ok")
        XCTAssertEqual(try sandbox.count("SELECT COUNT(*) FROM mining_pass"), 1)
        XCTAssertEqual(
            try sandbox.query(
                """
                SELECT skill_id, version FROM skill_version GROUP BY skill_id, version HAVING COUNT(*) > 1
                """
            ).count, 0, "no version written twice")

        // The same repository mined cleanly into another store.
        var clean = sandbox.environment
        clean["TASTE_HOME"] = sandbox.root + "/clean"
        let mined = try runProcess(sandbox.taste.url.path, ["mine", "--repo", repo], in: sandbox.root, environment: clean)
        XCTAssertEqual(mined.status, 0, mined.stderr)
        let cleanSkills = try runProcess(sandbox.taste.url.path, ["skills", "--json", "--repo", repo], in: sandbox.root, environment: clean)
        let resumedSkills = try sandbox.run("skills", "--json", "--repo", repo)
        XCTAssertEqual(
            try JSONSerialization.jsonObject(with: Data(resumedSkills.stdout.utf8)) as? NSDictionary,
            try JSONSerialization.jsonObject(with: Data(cleanSkills.stdout.utf8)) as? NSDictionary,
            "skills, rules and their support counts match a clean mine")

        let figures = """
            SELECT (SELECT COUNT(*) FROM mined_commit) AS commits, (SELECT SUM(count) FROM tally) AS counted,
                   (SELECT COUNT(*) FROM evidence) AS evidence,
                   (SELECT group_concat(name || ' v' || version, ', ') FROM skill_version JOIN skill ON skill.id = skill_id) AS versions
            """
        let cleanFigures = try runProcess(
            "/usr/bin/env", ["sqlite3", "-json", clean["TASTE_HOME"]! + "/taste.sqlite", figures],
            in: sandbox.root, environment: clean)
        let expected = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(cleanFigures.stdout.utf8)) as? [[String: Any]])
        let resumed = try sandbox.query(figures)
        XCTAssertEqual(resumed.first?["commits"] as? Int, 800)
        XCTAssertEqual(resumed as NSArray, expected as NSArray, "no commit counted twice")
    }

    /// A repository deleted after its merge was queued: its pass fails and says why, the healthy repository's
    /// merge is mined all the same, and the daemon keeps serving.
    func testAFailingRepositoryDoesNotStopTheOthers() throws {
        let sandbox = try HookSandbox(self)
        let broken = try sandbox.makeRepository("broken")
        let healthy = try sandbox.makeRepository("healthy")
        try sandbox.makeBranch("feature", in: healthy)
        try sandbox.makeBranch("later", in: healthy)
        try sandbox.succeed("mine", "--repo", healthy)
        try sandbox.install(healthy)

        try sandbox.succeed("notify", "--repo", broken)  // queued first, so it is taken first
        try FileManager.default.removeItem(atPath: broken)
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", in: healthy)
        try waitUntil("the healthy merge queued") { try !sandbox.events(gitDir: healthy + "/.git").isEmpty }

        let daemon = try sandbox.startDaemon()
        try sandbox.waitForSkills(healthy, head: try sandbox.head(healthy))
        try waitUntil("the broken repository's event marked failed") {
            try sandbox.events(gitDir: broken + "/.git").first?["state"] as? String == "failed"
        }
        let failed = try XCTUnwrap(try sandbox.events(gitDir: broken + "/.git").first)
        let message = try XCTUnwrap(failed["error"] as? String)
        XCTAssertTrue(message.contains(broken), "the error names the repository: \(message)")
        XCTAssertTrue(daemon.isRunning)
        let status = try XCTUnwrap(try sandbox.status())
        XCTAssertEqual(status["failed"] as? Int, 1)
        XCTAssertEqual(status["queued"] as? Int, 0)

        // It keeps serving.
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge later", "later", in: healthy)
        try sandbox.waitForSkills(healthy, head: try sandbox.head(healthy))
        XCTAssertTrue(daemon.isRunning)
    }
    /// A repository whose committed template includes itself, with an export folder in `.taste.toml`: the export
    /// after each pass used to crash the daemon (stack overflow) on every start. Now the pass fails, the event
    /// is quarantined after its attempts, another repository's merge is mined, and a retry queues it again.
    func testAPoisonTemplateIsQuarantinedWithoutStoppingTheOthers() throws {
        let sandbox = try HookSandbox(self)
        let poison = try sandbox.makeRepository("poison")
        try writeFile(poison + "/.taste.toml", "[export]\nout = \"skills-out\"\n")
        try writeFile(poison + "/.taste/templates/skill-rules.mustache", "{{> skill-rules}}\n")
        try sandbox.git("add", "-A", in: poison)
        try sandbox.git("commit", "-q", "-m", "chore: export with our own template", in: poison)
        let healthy = try sandbox.makeRepository("healthy")
        try sandbox.makeBranch("feature", in: healthy)
        try sandbox.succeed("mine", "--repo", healthy)
        try sandbox.install(healthy)

        try sandbox.succeed("notify", "--repo", poison)  // queued first, so it is taken first
        try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", in: healthy)
        try waitUntil("the healthy merge queued") { try !sandbox.events(gitDir: healthy + "/.git").isEmpty }

        let daemon = try sandbox.startDaemon()
        try sandbox.waitForSkills(healthy, head: try sandbox.head(healthy))
        try waitUntil("the poison event quarantined") {
            try sandbox.events(gitDir: poison + "/.git").first?["state"] as? String == "failed"
        }
        XCTAssertTrue(daemon.isRunning, sandbox.daemonLog())
        XCTAssertEqual(try sandbox.count("SELECT attempts FROM event WHERE git_dir = \(sqlQuoted(poison + "/.git"))"), 3)
        let error =
            "export: taste export failed: export: template .taste/templates/skill-rules.mustache includes itself through skill-rules → skill-rules"
        let status = try XCTUnwrap(try sandbox.status())
        let quarantined = try XCTUnwrap(status["quarantined"] as? [[String: Any]])
        XCTAssertEqual(quarantined.map { $0["repo"] as? String }, [poison + "/.git"])
        XCTAssertEqual(quarantined.first?["error"] as? String, error)
        let summary = try sandbox.succeed("daemon", "status")
        XCTAssertTrue(summary.contains("\(poison)/.git, 3 attempts: \(error)"), summary)
        XCTAssertFalse(FileManager.default.fileExists(atPath: poison + "/skills-out"), "nothing exported")

        // Fixed in a later commit, then retried: the event is mined and exported.
        try FileManager.default.removeItem(atPath: poison + "/.taste/templates")
        try sandbox.git("add", "-A", in: poison)
        try sandbox.git("commit", "-q", "-m", "chore: drop our template", in: poison)
        XCTAssertEqual(try sandbox.succeed("daemon", "retry", "--repo", poison), "1 quarantined event queued again.\n")
        try waitUntil("the retried event done") { try sandbox.events(gitDir: poison + "/.git").first?["state"] as? String == "done" }
        XCTAssertTrue(FileManager.default.fileExists(atPath: poison + "/skills-out/commits/SKILL.md"), "exported after the retry")
        XCTAssertEqual((try XCTUnwrap(try sandbox.status())["quarantined"] as? [[String: Any]])?.count, 0)
        XCTAssertTrue(daemon.isRunning)
    }
}
