import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Evidence quotes code from private repositories: the store, its journal files, the daemon's log, lock and
/// socket are their user's alone (0600), and so are the folders taste makes (0700), whatever the umask.
final class FileModeTests: XCTestCase {
    private let privateFiles = ["taste.sqlite", "taste.sqlite-wal", "taste.sqlite-shm", "daemon.log", "daemon.lock", "daemon.sock"]

    private func assertPrivate(_ sandbox: HookSandbox, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try fileMode(sandbox.home), 0o700, "the folder taste made", file: file, line: line)
        for name in privateFiles {
            XCTAssertEqual(try fileMode(sandbox.home + "/" + name), 0o600, name, file: file, line: line)
        }
    }

    func testWhatTasteWritesIsTheUsersAlone() throws {
        let previous = umask(0o022)  // the usual umask, whatever the test runner's is
        defer { umask(previous) }
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        try sandbox.succeed("mine", "--repo", repo)
        XCTAssertEqual(try fileMode(sandbox.home), 0o700)
        XCTAssertEqual(try fileMode(sandbox.storePath), 0o600)

        let daemon = try sandbox.startDaemon()
        try sandbox.commitSwift(in: repo, name: "Later")
        try sandbox.succeed("notify", "--repo", repo)
        try sandbox.waitForSkills(repo, head: try sandbox.head(repo))
        try assertPrivate(sandbox)
        try sandbox.succeed("daemon", "stop")
        XCTAssertTrue(sandbox.waitForExit(daemon))
    }

    /// Files an earlier taste left readable by others (0644) are tightened when taste next opens them.
    func testFilesLeftReadableByAnEarlierVersionAreTightened() throws {
        let previous = umask(0o022)
        defer { umask(previous) }
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeRepository("repo")
        try sandbox.succeed("mine", "--repo", repo)
        let first = try sandbox.startDaemon()
        kill(first.processIdentifier, SIGKILL)  // leaves the journal files and the socket behind
        XCTAssertTrue(sandbox.waitForExit(first))
        for name in privateFiles { XCTAssertEqual(chmod(sandbox.home + "/" + name, 0o644), 0, name) }

        let daemon = try sandbox.startDaemon()
        try assertPrivate(sandbox)
        try sandbox.succeed("daemon", "stop")
        XCTAssertTrue(sandbox.waitForExit(daemon))
    }
}
