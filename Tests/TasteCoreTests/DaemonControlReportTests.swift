import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// What `taste install`, `taste uninstall` and the daemon's control commands say, on real repositories and
/// with no daemon running.
final class DaemonControlReportTests: XCTestCase {
    func testInstallAndUninstallReports() throws {
        let fixture = try GitFixture()
        try fixture.commit("feat: one", files: ["a.txt": "a\n"])
        let installer = try HookInstaller(repositoryPath: fixture.path)
        let hooks = installer.hooksDirectory

        let installed = try installer.install(server: false, tastePath: "/usr/bin/taste")
        XCTAssertEqual(installer.installReport(installed), "post-merge: installed\npost-rewrite: installed\nhooks folder: \(hooks)")
        XCTAssertEqual(
            installer.installReport(try installer.install(server: false, tastePath: "/usr/bin/taste")),
            "post-merge: unchanged\npost-rewrite: unchanged\nhooks folder: \(hooks)")

        XCTAssertEqual(
            installer.uninstallReport(try installer.uninstall()), "post-merge: removed\npost-rewrite: removed",
            "hooks that were never there are not named")
        XCTAssertEqual(installer.uninstallReport(try installer.uninstall()), "No taste hooks in \(hooks).")
    }

    func testAHooksFolderWithANewlineIsQuoted() throws {
        let fixture = try GitFixture(name: "two\nlines")
        try fixture.commit("feat: one", files: ["a.txt": "a\n"])
        let installer = try HookInstaller(repositoryPath: fixture.path)
        let report = installer.installReport([("post-merge", .installed)])
        XCTAssertEqual(report, "post-merge: installed\nhooks folder: \(installer.hooksDirectory.debugDescription)")
        XCTAssertEqual(report.split(separator: "\n").count, 2)
    }

    func testControlCommandsSayWhenNoDaemonIsRunning() throws {
        let folder = try temporaryFolder()
        let paths = DaemonPaths(environment: ["TASTE_HOME": folder])
        XCTAssertThrowsError(try Daemon.status(paths: paths)) { error in
            XCTAssertEqual(error as? TasteError, .usage("the taste daemon is not running (no answer on \(folder)/daemon.sock)"))
        }
        XCTAssertThrowsError(try Daemon.stopRunning(paths: paths)) { error in
            XCTAssertEqual(error as? TasteError, .usage("the taste daemon is not running"))
        }
        XCTAssertNoThrow(try Daemon.wake(paths: paths, autostart: false), "without a daemon, the event waits for one")
    }
}
