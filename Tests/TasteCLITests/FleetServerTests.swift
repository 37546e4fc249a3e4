import Foundation
import TasteCore
import TasteTestSupport
import XCTest

/// A git server's side of a fleet: `taste install --server --store` on real bare repositories, real `git push`es
/// firing the installed hook, and a real PostgreSQL server that is stopped and started again under it.
final class FleetServerTests: XCTestCase {
    nonisolated(unsafe) private static var server: PostgresServer?

    override class func tearDown() {
        server?.stop()
        server = nil
        super.tearDown()
    }

    private func makeDatabase() throws -> (server: PostgresServer, url: String) {
        if Self.server == nil { Self.server = try PostgresServer() }
        let server = try XCTUnwrap(Self.server)
        let name = "srv_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PostgresConnection(url: server.url())
        try admin.execute("CREATE DATABASE " + (try admin.quotedIdentifier(name)))
        return (server, server.url(database: name))
    }

    /// Each event's repository, ref, heads and whether it came through the spool, in queue order.
    private func events(_ url: String) throws -> [[String?]] {
        try PostgresConnection(url: url).query(
            """
            SELECT r.name, e.ref, e.old_head, e.new_head, CASE WHEN e.spool_id IS NULL THEN 'direct' ELSE 'spooled' END AS via
            FROM event e JOIN repository r ON r.id = e.repo_id ORDER BY e.id
            """
        ).map { [$0["name"], $0["ref"], $0["old_head"], $0["new_head"], $0["via"]] }
    }

    /// A bare repository at `path` on the "server", seeded with a few commits, and a clone of it to push from.
    private func serverRepository(_ sandbox: HookSandbox, at path: String, clone: String) throws -> (bare: String, clone: String) {
        let seed = try sandbox.makeRepository("seed-" + UUID().uuidString.prefix(8))
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try sandbox.git("clone", "-q", "--bare", seed, path, in: sandbox.root)
        let work = sandbox.root + "/" + clone
        try sandbox.git("clone", "-q", path, work, in: sandbox.root)
        return (path, work)
    }

    /// Pushes made so far by this test: each commits a type of its own name (a random name could repeat, leaving
    /// nothing to commit).
    private var pushes = 0

    private func push(_ sandbox: HookSandbox, _ clone: String, _ branch: String = "main") throws -> String {
        pushes += 1
        var letters = "", number = pushes
        while number > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (number - 1) % 26))) + letters
            number = (number - 1) / 26
        }
        try sandbox.commitSwift(in: clone, name: "Pushed\(letters)")
        let pushed = try sandbox.gitResult(["push", "-q", "origin", branch], in: clone)
        XCTAssertEqual(pushed.status, 0, "a push never fails for taste: \(pushed.stderr)")
        return try sandbox.head(clone)
    }

    /// The hook queues pushes to the default branch under the repository's name (hostile characters and all),
    /// leaves other branches and deletions alone, keeps the hook it replaced running with git's input, and a
    /// worker mines what it queued.
    func testThePostReceiveHookQueuesPushesToTheDefaultBranch() throws {
        let (_, store) = try makeDatabase()
        let sandbox = try HookSandbox(self)
        let name = "it's $HOME \"team\""
        let (bare, clone) = try serverRepository(sandbox, at: sandbox.root + "/srv/\(name).git", clone: "clone")
        let received = sandbox.root + "/received"
        let foreign = Data("#!/bin/sh\ncat >> '\(received)'\nexit 5\n".utf8)
        try foreign.write(to: URL(fileURLWithPath: bare + "/hooks/post-receive"))
        chmod(bare + "/hooks/post-receive", 0o755)
        try sandbox.succeed("repo", "add", name, bare, "--store", store)

        XCTAssertEqual(
            try sandbox.install(bare, "--server", "--store", store),
            "post-receive: chained\nhooks folder: \(bare)/hooks\nqueues pushes as \(name)\n")
        XCTAssertEqual(
            try sandbox.install(bare, "--server", "--store", store),
            "post-receive: unchanged\nhooks folder: \(bare)/hooks\nqueues pushes as \(name)\n")
        let hook = try String(contentsOfFile: bare + "/hooks/post-receive", encoding: .utf8)
        XCTAssertTrue(hook.hasPrefix("#!/bin/sh\n# taste-hook "), hook)

        let before = try sandbox.head(clone)
        let first = try push(sandbox, clone)
        try waitUntil("the push to main queued") { try events(store).count == 1 }
        try sandbox.git("checkout", "-q", "-b", "topic", in: clone)
        let topic = try push(sandbox, clone, "topic")
        try sandbox.git("push", "-q", "origin", "--delete", "topic", in: clone)
        try sandbox.git("checkout", "-q", "main", in: clone)
        let second = try push(sandbox, clone)
        try waitUntil("the second push to main queued") { try events(store).count == 2 }
        let zeros = String(repeating: "0", count: 40)
        XCTAssertEqual(
            try events(store),
            [[name, "refs/heads/main", before, first, "direct"], [name, "refs/heads/main", first, second, "direct"]])
        XCTAssertEqual(
            try String(contentsOfFile: received, encoding: .utf8),
            "\(before) \(first) refs/heads/main\n\(zeros) \(topic) refs/heads/topic\n\(topic) \(zeros) refs/heads/topic\n"
                + "\(first) \(second) refs/heads/main\n",
            "the chained hook read every line git gave")

        let worker = try sandbox.run("worker", "--store", store, "--cache", sandbox.root + "/cache", "--exit-when-idle")
        XCTAssertEqual(worker.status, 0, worker.stderr)
        let listed = try sandbox.run("repo", "list", "--store", store)
        XCTAssertEqual(listed.stdout, "\(name)\t\(bare)\t\(second)\n")

        XCTAssertEqual(try sandbox.succeed("uninstall", "--repo", bare), "post-receive: restored\n")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: bare + "/hooks/post-receive")), foreign)
    }

    /// With PostgreSQL down the push succeeds and is spooled with the time it was made; the next push sends it
    /// first, `taste repo push --drain` and an idle worker send what is left.
    func testPushesMadeWhilePostgresIsDownAreSpooledAndSentLater() throws {
        let (server, store) = try makeDatabase()
        let sandbox = try HookSandbox(self)
        let (api, clone) = try serverRepository(sandbox, at: sandbox.root + "/srv/team/api.git", clone: "api")
        _ = try serverRepository(sandbox, at: sandbox.root + "/srv/web.git", clone: "web")
        try sandbox.succeed("repo", "add", "team/api", api, "--store", store)

        let installed = try sandbox.run("install", "--server", "--store", store, "--root", sandbox.root + "/srv")
        XCTAssertEqual(installed.status, 0, installed.stderr)
        XCTAssertEqual(
            installed.stdout,
            "post-receive: installed\nhooks folder: \(api)/hooks\nqueues pushes as team/api\n\n"
                + "post-receive: installed\nhooks folder: \(sandbox.root)/srv/web.git/hooks\nqueues pushes as web\n")
        XCTAssertEqual(
            installed.stderr, "taste: no repository named web in the fleet yet: 'taste repo add NAME URL' registers it\n")
        let spool = sandbox.home + "/spool/fleet"
        func spooled() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).filter { $0.hasSuffix(".json") }
        }

        try server.pause()
        let before = try sandbox.head(clone)
        let whileDown = try push(sandbox, clone)
        try waitUntil("the push spooled") { spooled().count == 1 }
        let drainWhileDown = try sandbox.run("repo", "push", "--drain", "--store", store)
        XCTAssertEqual(drainWhileDown.status, 1)
        XCTAssertTrue(drainWhileDown.stderr.hasPrefix("taste: cannot reach the PostgreSQL server at 127.0.0.1:"), drainWhileDown.stderr)
        XCTAssertEqual(drainWhileDown.stderr.split(separator: "\n").count, 1)
        try server.resume()

        let after = try push(sandbox, clone)
        try waitUntil("both pushes queued") { try events(store).count == 2 }
        XCTAssertEqual(
            try events(store),
            [["team/api", "refs/heads/main", before, whileDown, "spooled"], ["team/api", "refs/heads/main", whileDown, after, "direct"]],
            "the spooled push first, as it was made")
        XCTAssertEqual(spooled(), [])

        try server.pause()
        let third = try push(sandbox, clone)
        try waitUntil("the third push spooled") { spooled().count == 1 }
        try server.resume()
        XCTAssertEqual(try sandbox.succeed("repo", "push", "--drain", "--store", store), "sent 1 spooled push\n")
        XCTAssertEqual(try sandbox.succeed("repo", "push", "--drain", "--store", store), "sent 0 spooled pushes\n")

        try server.pause()
        let fourth = try push(sandbox, clone)
        try waitUntil("the fourth push spooled") { spooled().count == 1 }
        try server.resume()
        let worker = try sandbox.run("worker", "--store", store, "--cache", sandbox.root + "/cache", "--exit-when-idle")
        XCTAssertEqual(worker.status, 0, worker.stderr)
        XCTAssertTrue(worker.stderr.contains("sent 1 spooled pushes from \(spool)"), worker.stderr)
        XCTAssertEqual(spooled(), [])
        XCTAssertEqual(try events(store).map { $0[3] }, [whileDown, after, third, fourth], "each push queued once")
        XCTAssertEqual(try sandbox.succeed("repo", "list", "--store", store), "team/api\t\(api)\t\(fourth)\n")
    }

    /// `store` in the user's config.toml stands in for --store and TASTE_STORE; either of those wins over it.
    func testTheUserConfigNamesTheStore() throws {
        let (_, store) = try makeDatabase()
        let sandbox = try HookSandbox(self)
        try FileManager.default.createDirectory(atPath: sandbox.home, withIntermediateDirectories: true)
        let config = sandbox.home + "/config.toml"
        try Data("# the fleet\nstore = \"\(store)\"\n".utf8).write(to: URL(fileURLWithPath: config))
        XCTAssertEqual(try sandbox.succeed("repo", "add", "api", "/srv/git/api.git"), "registered api (/srv/git/api.git)\n")
        XCTAssertEqual(try sandbox.succeed("repo", "list"), "api\t/srv/git/api.git\t-\n")
        XCTAssertTrue(try sandbox.succeed("daemon", "status").hasPrefix("queue: 0 waiting"))

        let (_, other) = try makeDatabase()
        XCTAssertEqual(try sandbox.succeed("repo", "list", "--store", other), "", "--store wins")
        sandbox.overrides["TASTE_STORE"] = other
        XCTAssertEqual(try sandbox.succeed("repo", "list"), "", "TASTE_STORE wins")
        sandbox.overrides["TASTE_STORE"] = nil

        try Data("stor = \"\(store)\"\n".utf8).write(to: URL(fileURLWithPath: config))
        let mistyped = try sandbox.run("repo", "list")
        XCTAssertEqual(mistyped.status, 64)
        XCTAssertEqual(
            mistyped.stderr,
            "Error: config: \(config): unknown or mistyped setting 'stor'\nUsage: taste repo list [--store <store>]\n  See 'taste repo list --help' for more information.\n"
        )
        try Data("store = \"sqlite:///tmp/x\"\n".utf8).write(to: URL(fileURLWithPath: config))
        XCTAssertTrue(try sandbox.run("repo", "list").stderr.hasPrefix("Error: config: \(config): store must be a postgres:// URL\n"))
        try FileManager.default.removeItem(atPath: config)
        let none = try sandbox.run("repo", "list")
        XCTAssertEqual(none.status, 64)
        XCTAssertTrue(
            none.stderr.hasPrefix("Error: Name the fleet's store: --store postgres://..., TASTE_STORE, or store = \"postgres://...\" in \(config)."),
            none.stderr)
    }
}
