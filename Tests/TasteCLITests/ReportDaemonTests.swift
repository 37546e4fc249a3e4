import Foundation
import TasteTestSupport
import XCTest

/// The daemon writes the HTML report after each pass where `.taste.toml` names one, and a report it cannot write
/// is logged without failing the pass or stopping the daemon.
final class ReportDaemonTests: XCTestCase {
    func testTheDaemonWritesTheConfiguredReportAndSurvivesABadPath() throws {
        let sandbox = try HookSandbox(self)
        let good = try sandbox.makeRepository("good")
        let bad = try sandbox.makeRepository("bad")
        for (repo, path) in [(good, "docs/taste-report.html"), (bad, "../escaped.html")] {
            try writeFile(repo + "/.taste.toml", "[report]\nout = \"\(path)\"\n")
            try sandbox.git("add", "-A", in: repo)
            try sandbox.git("commit", "-q", "-m", "chore: write the taste report", in: repo)
            try sandbox.makeBranch("feature", in: repo)
            try sandbox.succeed("mine", "--repo", repo)
            try sandbox.install(repo)
        }
        let daemon = try sandbox.startDaemon()
        for repo in [good, bad] {
            try sandbox.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", in: repo)
            try sandbox.waitForSkills(repo, head: try sandbox.head(repo))
        }

        let report = good + "/docs/taste-report.html"
        try waitUntil("the report written") { FileManager.default.fileExists(atPath: report) }
        XCTAssertTrue(fileText(report).contains("<h1>Taste report: good</h1>"))
        XCTAssertTrue(fileText(report).contains("<code>\(try sandbox.head(good).prefix(10))</code>"), "the report shows the merge just mined")

        try waitUntil("the bad path logged") { sandbox.daemonLog().contains("report not written") }
        XCTAssertTrue(sandbox.daemonLog().contains("report.out must be a file inside the work tree"), sandbox.daemonLog())
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.root + "/escaped.html"))
        XCTAssertEqual(try sandbox.events(gitDir: bad + "/.git").last?["state"] as? String, "done", "the pass itself succeeded")
        XCTAssertTrue(daemon.isRunning, sandbox.daemonLog())
    }
}
