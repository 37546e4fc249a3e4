import Foundation
import TasteCore
import TasteTestSupport
import XCTest

/// Fleet mode end to end: the real `taste` binary as several worker processes on a real PostgreSQL server, mining
/// real repositories registered with `taste repo add`.
final class FleetTests: XCTestCase {
    nonisolated(unsafe) private static var server: PostgresServer?

    override class func tearDown() {
        server?.stop()
        server = nil
        super.tearDown()
    }

    /// A fresh database on the class's server.
    private func makeDatabase() throws -> String {
        if Self.server == nil { Self.server = try PostgresServer() }
        let server = try XCTUnwrap(Self.server)
        let name = "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PostgresConnection(url: server.url())
        try admin.execute("CREATE DATABASE " + (try admin.quotedIdentifier(name)))
        return server.url(database: name)
    }

    /// Starts `taste` in the background with its output in a file of the sandbox.
    private func start(_ sandbox: Sandbox, _ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = sandbox.taste.url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TASTE_HOME"] = sandbox.home
        process.environment = environment
        let path = sandbox.root.appendingPathComponent(log).path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func waitForExit(_ process: Process) {
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        if process.isRunning { exited.wait() }
    }

    /// Polls `condition`; fails (rather than hangs) when it never holds.
    private func waitUntil(_ what: String, log: URL, _ condition: () throws -> Bool) throws {
        let giveUp = Date(timeIntervalSinceNow: 300)
        while try !condition() {
            guard Date() < giveUp else {
                return XCTFail("never happened: \(what); the worker's log:\n\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    private func events(_ connection: PostgresConnection) throws -> [[String?]] {
        try connection.query("SELECT r.name, e.state, e.worker, e.attempts FROM event e JOIN repository r ON r.id = e.repo_id ORDER BY e.id")
            .map { [$0["name"], $0["state"], $0["worker"], $0["attempts"]] }
    }

    func testTwoWorkersMineEveryPushOnceAndPublishTheSkills() throws {
        let sandbox = try Sandbox()
        let store = try makeDatabase()
        let api = try sandbox.makeRepository("api", commits: 6), web = try sandbox.makeRepository("web", commits: 4)
        XCTAssertEqual(try sandbox.run("repo", "add", "api", api, "--store", store).stdout, "registered api (\(api))\n")
        XCTAssertEqual(try sandbox.run("repo", "add", "web", web, "--store", store).status, 0)
        for name in ["api", "web", "api"] {
            let pushed = try sandbox.run("repo", "push", name, "--ref", "refs/heads/main", "--store", store)
            XCTAssertEqual(pushed.status, 0, pushed.stderr)
        }
        let workers = try (1...2).map { index in
            try start(
                sandbox,
                [
                    "worker", "--store", store, "--cache", sandbox.root.appendingPathComponent("cache\(index)").path,
                    "--name", "w\(index)", "--exit-when-idle",
                ], log: "w\(index).log")
        }
        for worker in workers { waitForExit(worker) }
        XCTAssertEqual(workers.map(\.terminationStatus), [0, 0])

        let connection = try PostgresConnection(url: store)
        let rows = try events(connection)
        XCTAssertEqual(rows.map { $0[1] }, ["done", "done", "done"])
        XCTAssertEqual(rows.map { $0[3] }, ["1", "1", "1"], "each push claimed once")
        XCTAssertEqual(rows[0][2], rows[2][2], "api's two pushes coalesced into one worker's pass")
        let listed = try sandbox.run("repo", "list", "--store", store).stdout
        XCTAssertEqual(listed, "api\t\(api)\t\(try sandbox.head(of: api))\nweb\t\(web)\t\(try sandbox.head(of: web))\n")
        let skills = try connection.query(
            "SELECT r.name, count(*) AS n FROM skill s JOIN repository r ON r.id = s.repo_id GROUP BY r.name ORDER BY r.name")
        XCTAssertEqual(skills.map { $0["name"] }, ["api", "web"])
        XCTAssertTrue(try skills.allSatisfy { try $0.int("n") > 0 })

        // A later push is mined from where the mirror was: one new commit, no new version for unchanged skills.
        let versions = try connection.query("SELECT count(*) AS n FROM skill_version").first?.int("n")
        try sandbox.commit("feat(app): add Later", files: ["Sources/App/Later.swift": Code.swiftType("Later")], in: api, date: 1_700_000_000)
        try sandbox.run("repo", "push", "api", "--store", store)
        let apiCache = try XCTUnwrap(rows[0][2]).replacingOccurrences(of: "w", with: "cache")
        let again = try sandbox.run("worker", "--store", store, "--cache", sandbox.root.appendingPathComponent(apiCache).path, "--exit-when-idle")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("mined api: 1 commits"), again.stderr)
        XCTAssertEqual(try connection.query("SELECT count(*) AS n FROM skill_version").first?.int("n"), versions)
    }

    /// A worker killed with SIGKILL in the middle of its pass: its lease runs out and another worker completes the
    /// push; nothing the dead worker began is kept.
    func testAPushAWorkerDiedOnIsMinedByAnother() throws {
        let sandbox = try Sandbox()
        let store = try makeDatabase()
        let api = try sandbox.makeRepository("api", commits: 5)
        try sandbox.run("repo", "add", "api", api, "--store", store)
        try sandbox.run("repo", "push", "api", "--store", store)

        // pg_stat_activity is read outside the blocker's transaction, which would keep showing its first look.
        let watcher = try PostgresConnection(url: store)
        // Hold the pass at its last step: publishing skills waits for this lock, with the claim taken.
        let blocker = try PostgresConnection(url: store)
        try blocker.execute("BEGIN")
        try blocker.execute("LOCK TABLE skill IN SHARE ROW EXCLUSIVE MODE")
        let doomed = try start(
            sandbox, ["worker", "--store", store, "--cache", sandbox.root.appendingPathComponent("doomed").path, "--name", "doomed", "--lease", "2"],
            log: "doomed.log")
        try waitUntil("the doomed worker blocks in its pass", log: sandbox.root.appendingPathComponent("doomed.log")) {
            try watcher.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()").count == 1
        }
        XCTAssertEqual(try events(blocker), [["api", "processing", "doomed", "1"]])
        let status = try sandbox.run("daemon", "status", "--store", store)
        XCTAssertEqual(status.status, 0, status.stderr)
        let lines = status.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "queue: 1 waiting (1 being mined), 0 failed")
        XCTAssertTrue(lines[1].hasPrefix("oldest waiting event: api, queued "), status.stdout)
        XCTAssertEqual(lines[2], "workers:")
        XCTAssertTrue(lines[3].hasPrefix("  doomed  pid \(doomed.processIdentifier) on "), status.stdout)
        XCTAssertTrue(lines[3].hasSuffix("mining api  0 passes"), status.stdout)
        kill(doomed.processIdentifier, SIGKILL)
        waitForExit(doomed)
        try blocker.execute("COMMIT")

        let survivor = try start(
            sandbox,
            ["worker", "--store", store, "--cache", sandbox.root.appendingPathComponent("survivor").path, "--name", "survivor", "--lease", "2"],
            log: "survivor.log")
        try waitUntil("the survivor completes the push", log: sandbox.root.appendingPathComponent("survivor.log")) {
            try events(watcher).first?[1] == "done"
        }
        kill(survivor.processIdentifier, SIGTERM)
        waitForExit(survivor)
        XCTAssertEqual(try events(watcher), [["api", "done", "survivor", "2"]])
        XCTAssertEqual(
            try watcher.query("SELECT DISTINCT version FROM skill_version").map { $0["version"] }, ["1"],
            "the dead worker's pass published nothing")
        XCTAssertEqual(try sandbox.run("repo", "list", "--store", store).stdout, "api\t\(api)\t\(try sandbox.head(of: api))\n")
    }

    func testFleetCommandsSayWhatIsWrongInOneLine() throws {
        let sandbox = try Sandbox()
        let store = try makeDatabase()
        let unknown = try sandbox.run("repo", "push", "nope", "--store", store)
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderr, "taste: no repository named nope: 'taste repo add nope URL' registers it\n")
        let noStore = try sandbox.run("repo", "list")
        XCTAssertNotEqual(noStore.status, 0)
        XCTAssertTrue(noStore.stderr.hasPrefix("Error: Name the fleet's store: --store postgres://..., TASTE_STORE, or store = "), noStore.stderr)
        let stopped = try PostgresServer()
        stopped.stop()
        let unreachable = try sandbox.run("repo", "list", "--store", stopped.url())
        XCTAssertEqual(unreachable.status, 1)
        XCTAssertTrue(unreachable.stderr.hasPrefix("taste: cannot reach the PostgreSQL server at 127.0.0.1:\(stopped.port): "), unreachable.stderr)
        XCTAssertEqual(unreachable.stderr.split(separator: "\n").count, 1)
    }
}
