import Foundation
import TasteCore
import TasteTestSupport
import XCTest

/// Readers of a fleet: `taste skills`, `show` and `export` with `--store postgres://... --repo NAME` read what real
/// `taste worker` processes published to a real PostgreSQL server, under a role that can write nothing.
final class FleetReadTests: XCTestCase {
    nonisolated(unsafe) private static var server: PostgresServer?

    override class func tearDown() {
        server?.stop()
        server = nil
        super.tearDown()
    }

    private func makeServer() throws -> PostgresServer {
        if Self.server == nil { Self.server = try PostgresServer() }
        return try XCTUnwrap(Self.server)
    }

    /// A fresh database on the class's server.
    private func makeDatabase() throws -> (server: PostgresServer, name: String, url: String) {
        let server = try makeServer()
        let name = "read_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PostgresConnection(url: server.url())
        try admin.execute("CREATE DATABASE " + (try admin.quotedIdentifier(name)))
        return (server, name, server.url(database: name))
    }

    /// A login role of the class's server, with a password; no privilege on any table.
    private func makeRole(_ server: PostgresServer) throws -> String {
        let role = "reader_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try PostgresConnection(url: server.url())
        try admin.execute("CREATE ROLE \(try admin.quotedIdentifier(role)) LOGIN PASSWORD 'reads-only'")
        return role
    }

    /// `api` registered, pushed and mined by one worker.
    private func minedFleet(_ sandbox: Sandbox, store: String) throws -> String {
        let api = try sandbox.makeRepository("api", commits: 6)
        XCTAssertEqual(try sandbox.run("repo", "add", "api", api, "--store", store).status, 0)
        XCTAssertEqual(try sandbox.run("repo", "push", "api", "--ref", "refs/heads/main", "--store", store).status, 0)
        let cache = sandbox.root.appendingPathComponent("cache").path
        let worker = try sandbox.run("worker", "--store", store, "--cache", cache, "--name", "w1", "--exit-when-idle")
        XCTAssertEqual(worker.status, 0, worker.stderr)
        return api
    }

    private func files(under folder: String) throws -> [String: String] {
        var found: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
            if !isFolder.boolValue { found[path] = try String(contentsOfFile: folder + "/" + path, encoding: .utf8) }
        }
        return found
    }

    func testAReaderRoleListsShowsAndExportsWhatTheWorkersPublishedAsSQLiteDoes() throws {
        let sandbox = try Sandbox()
        let (server, database, store) = try makeDatabase()
        let api = try minedFleet(sandbox, store: store)
        let role = try makeRole(server)
        let granted = try sandbox.run("repo", "grant-reader", role, "--store", store)
        XCTAssertEqual(granted.stdout, "\(role) can read the fleet's skills, and write nothing\n", granted.stderr)
        let reader = server.url(role: role, password: "reads-only", database: database)

        // The same repository mined by a single user's SQLite store.
        XCTAssertEqual(try sandbox.run("mine", "--repo", api).status, 0)
        let local = try sandbox.run("skills", "--repo", api)
        let fleet = try sandbox.run("skills", "--store", reader, "--repo", "api")
        XCTAssertEqual(fleet.status, 0, fleet.stderr)
        let head = String(try sandbox.head(of: api).prefix(10))
        XCTAssertTrue(local.stdout.hasPrefix("\(api) @ \(head)\n"), local.stdout)
        XCTAssertEqual(fleet.stdout, local.stdout.replacingOccurrences(of: "\(api) @ \(head)\n", with: "api @ \(head)\n"))

        // TASTE_STORE selects the fleet as --store does.
        var environment = ProcessInfo.processInfo.environment
        environment["TASTE_HOME"] = sandbox.home
        environment["TASTE_STORE"] = reader
        let fromEnvironment = try runProcess(sandbox.taste.url.path, ["skills", "--repo", "api"], in: sandbox.root.path, environment: environment)
        XCTAssertEqual(fromEnvironment.stdout, fleet.stdout, fromEnvironment.stderr)

        let localJSON = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(try sandbox.run("skills", "--repo", api, "--json").stdout.utf8)) as? [String: Any])
        let fleetJSON = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(try sandbox.run("skills", "--store", reader, "--repo", "api", "--json").stdout.utf8))
                as? [String: Any])
        let skills = try XCTUnwrap(localJSON["skills"] as? [[String: Any]])
        XCTAssertFalse(skills.isEmpty)
        XCTAssertEqual(fleetJSON["skills"] as? NSArray, localJSON["skills"] as? NSArray)
        XCTAssertEqual(fleetJSON["repo"] as? String, "api")

        for skill in skills.compactMap({ $0["name"] as? String }) {
            for name in [skill, skill + "@1"] {
                let shown = try sandbox.run("show", name, "--store", reader, "--repo", "api")
                XCTAssertEqual(shown.status, 0, shown.stderr)
                XCTAssertEqual(shown.stdout, try sandbox.run("show", name, "--repo", api).stdout, name)
            }
        }
        let missing = try sandbox.run("show", "nope@1", "--store", reader, "--repo", "api")
        XCTAssertEqual(missing.stderr, "taste: no skill named 'nope': 'taste skills' lists them\n")

        let fleetOut = sandbox.root.appendingPathComponent("fleet-skills").path
        let localOut = sandbox.root.appendingPathComponent("local-skills").path
        let exported = try sandbox.run("export", "--store", reader, "--repo", "api", "--out", fleetOut)
        XCTAssertEqual(exported.status, 0, exported.stderr)
        XCTAssertEqual(try sandbox.run("export", "--repo", api, "--out", localOut).status, 0)
        let written = try files(under: fleetOut)
        XCTAssertEqual(written.keys.filter { $0.hasSuffix("/SKILL.md") }.count, skills.count)
        XCTAssertEqual(written, try files(under: localOut), "the same SKILL.md files, byte for byte")

        // The reader role can write nothing: not the skills, not the queue.
        let connection = try PostgresConnection(url: reader)
        XCTAssertThrowsError(try connection.execute("INSERT INTO skill (repo_id, name, current) VALUES (1, 'forged', '{}')")) {
            XCTAssertEqual($0.localizedDescription, "PostgreSQL: permission denied for table skill")
        }
        XCTAssertThrowsError(try connection.execute("UPDATE repository SET head = 'forged'")) {
            XCTAssertEqual($0.localizedDescription, "PostgreSQL: permission denied for table repository")
        }
        XCTAssertThrowsError(try connection.query("SELECT url FROM repository")) {
            XCTAssertEqual($0.localizedDescription, "PostgreSQL: permission denied for table repository", "URLs may carry a token")
        }
        let push = try sandbox.run("repo", "push", "api", "--store", reader)
        XCTAssertEqual(push.status, 1)
        XCTAssertTrue(push.stderr.hasPrefix("taste: PostgreSQL: permission denied"), push.stderr)
        XCTAssertEqual(push.stderr.split(separator: "\n").count, 1, push.stderr)
    }

    /// `taste lint --store ... --repo NAME` checks the current folder's change against the fleet's skills, under a
    /// reader role, and finds what a lint against the SQLite store of the same history finds.
    func testLintChecksACheckoutsChangeAgainstTheFleetsSkillsAsSQLiteDoes() throws {
        let sandbox = try Sandbox()
        let (server, database, store) = try makeDatabase()
        let api = try minedFleet(sandbox, store: store)
        let role = try makeRole(server)
        XCTAssertEqual(try sandbox.run("repo", "grant-reader", role, "--store", store).status, 0)
        let reader = server.url(role: role, password: "reads-only", database: database)
        XCTAssertEqual(try sandbox.run("mine", "--repo", api).status, 0)

        // A new file indented with tabs, where the history indents with four spaces; six commits make no rule
        // confident enough for the default threshold.
        try "struct Tabbed {\n\tfunc run() {\n\t\tprint(1)\n\t}\n}\n".write(
            toFile: api + "/Sources/App/Tabbed.swift", atomically: true, encoding: .utf8)
        let local = try sandbox.run(["lint", "--format", "json", "--min-confidence", "0"], in: api)
        let fleet = try sandbox.run(["lint", "--store", reader, "--repo", "api", "--format", "json", "--min-confidence", "0"], in: api)
        XCTAssertEqual(local.stderr, "")
        XCTAssertEqual(fleet.status, local.status, fleet.stderr)
        XCTAssertTrue(local.stdout.contains("Tabbed.swift"), local.stdout)
        XCTAssertEqual(fleet.stdout, local.stdout)

        let unnamed = try sandbox.run(["lint", "--store", reader], in: api)
        XCTAssertEqual(unnamed.status, 2)
        XCTAssertTrue(unnamed.stderr.hasPrefix("taste: Name the fleet's repository: --repo NAME"), unnamed.stderr)
        let unknown = try sandbox.run(["lint", "--store", reader, "--repo", "nope"], in: api)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderr, "taste: no repository named nope in the fleet's store: 'taste repo list' shows the registered ones\n")
    }

    func testReadingAFleetSaysWhatIsWrongInOneLine() throws {
        let sandbox = try Sandbox()
        let (server, database, store) = try makeDatabase()

        let empty = try sandbox.run("skills", "--store", store, "--repo", "api")
        XCTAssertEqual(empty.status, 1)
        XCTAssertEqual(
            empty.stderr,
            "taste: store: the PostgreSQL store at 127.0.0.1:\(server.port) holds no fleet yet: 'taste repo add NAME URL' registers a repository\n")

        let api = try sandbox.makeRepository("api", commits: 3)
        XCTAssertEqual(try sandbox.run("repo", "add", "api", api, "--store", store).status, 0)
        let unmined = try sandbox.run("show", "testing", "--store", store, "--repo", "api")
        XCTAssertEqual(unmined.stderr, "taste: api has not been mined yet: a worker publishes its skills after the first push it mines\n")
        let unknown = try sandbox.run("skills", "--store", store, "--repo", "nope")
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderr, "taste: no repository named nope in the fleet's store: 'taste repo list' shows the registered ones\n")

        let unnamed = try sandbox.run("export", "--store", store)
        XCTAssertNotEqual(unnamed.status, 0)
        XCTAssertTrue(unnamed.stderr.hasPrefix("Error: Name the fleet's repository: --repo NAME ('taste repo list' shows them)."), unnamed.stderr)

        let role = try makeRole(server)
        let stranger = try sandbox.run("skills", "--store", server.url(role: role, password: "reads-only", database: database), "--repo", "api")
        XCTAssertEqual(
            stranger.stderr,
            "taste: store: role '\(role)' may not read the fleet's skills: the fleet's owner runs 'taste repo grant-reader \(role)'\n")
        let noRole = try sandbox.run("repo", "grant-reader", "nobody_here", "--store", store)
        XCTAssertEqual(noRole.status, 1)
        XCTAssertEqual(
            noRole.stderr, "taste: no role named nobody_here on the server: create it first (CREATE ROLE nobody_here LOGIN PASSWORD '...')\n")

        for command in [["diff"], ["fix", "--dry-run"], ["mine"], ["daemon", "run"]] {
            let refused = try sandbox.run(command + ["--repo", api, "--store", store])
            XCTAssertEqual(refused.status, 1, command.joined(separator: " "))
            XCTAssertEqual(
                refused.stderr,
                "taste: taste \(command.prefix(command[0] == "daemon" ? 2 : 1).joined(separator: " ")) cannot use a PostgreSQL store yet (--store): "
                    + "only skills, show, export, mcp, lint, repo, worker, install and daemon status can; leave --store out to use the SQLite store\n"
            )
        }

        let stopped = try PostgresServer()
        stopped.stop()
        let unreachable = try sandbox.run("skills", "--store", stopped.url(), "--repo", "api")
        XCTAssertEqual(unreachable.status, 1)
        XCTAssertTrue(unreachable.stderr.hasPrefix("taste: cannot reach the PostgreSQL server at 127.0.0.1:\(stopped.port): "), unreachable.stderr)
        XCTAssertEqual(unreachable.stderr.split(separator: "\n").count, 1)
    }

    func testMCPServesAFleetRepositorysPublishedSkillsToAReader() throws {
        let sandbox = try Sandbox()
        let (server, database, store) = try makeDatabase()
        let api = try minedFleet(sandbox, store: store)
        let role = try makeRole(server)
        XCTAssertEqual(try sandbox.run("repo", "grant-reader", role, "--store", store).status, 0)
        let reader = server.url(role: role, password: "reads-only", database: database)
        XCTAssertEqual(try sandbox.run("mine", "--repo", api).status, 0)

        let client = try MCPClient(sandbox: sandbox, arguments: ["mcp", "--store", reader, "--repo", "api"])
        _ = try client.result("initialize", ["protocolVersion": "2025-06-18", "capabilities": [String: Any]()])
        let tools = try XCTUnwrap(try client.result("tools/list")["tools"] as? [[String: Any]])
        XCTAssertEqual(Set(tools.compactMap { $0["name"] as? String }), ["list_skills", "get_skill", "skills_for_path", "skill_diff"])
        let listed = try client.result("tools/call", ["name": "list_skills", "arguments": [String: Any]()])
        let json = try sandbox.run("skills", "--store", reader, "--repo", "api", "--json").stdout
        XCTAssertEqual(listed["structuredContent"] as? NSDictionary, try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
        let skills = try XCTUnwrap((listed["structuredContent"] as? [String: Any])?["skills"] as? [[String: Any]])
        let name = try XCTUnwrap(skills.first?["name"] as? String)

        // The same Markdown a local `taste mcp` serves for the same repository mined into SQLite.
        let local = try MCPClient(sandbox: sandbox, arguments: ["mcp", "--repo", api])
        _ = try local.result("initialize", ["protocolVersion": "2025-06-18", "capabilities": [String: Any]()])
        let fleetSkill = try client.callTool("get_skill", ["name": name, "version": 1])
        XCTAssertFalse(fleetSkill.isError, fleetSkill.text)
        XCTAssertEqual(fleetSkill.text, try local.callTool("get_skill", ["name": name, "version": 1]).text)
        XCTAssertEqual(try client.callTool("get_skill", ["name": name]).text, try local.callTool("get_skill", ["name": name]).text)
        XCTAssertEqual(try local.close(), 0)
        let diff = try client.result("tools/call", ["name": "skill_diff", "arguments": ["name": name, "from": 1]])
        XCTAssertEqual(diff["structuredContent"] as? NSDictionary, ["name": name, "from": 1, "to": 1, "diff": ""] as NSDictionary)
        let lint = try client.request("tools/call", ["name": "lint_patch", "arguments": ["patch": "diff --git a/x.swift b/x.swift\n"]])
        XCTAssertEqual(
            (lint["error"] as? [String: Any])?["message"] as? String,
            "lint_patch needs the tallies of a local store; a fleet's store serves skills only (for now)")
        XCTAssertEqual(try client.close(), 0)

        let unknown = try sandbox.run("mcp", "--store", reader, "--repo", "nope")
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderr, "taste: no repository named nope in the fleet's store: 'taste repo list' shows the registered ones\n")
    }

    func testExportingAFleetRepositoryNeedsAFolder() throws {
        let sandbox = try Sandbox()
        let store = try makeDatabase().url
        _ = try minedFleet(sandbox, store: store)
        let export = try sandbox.run("export", "--store", store, "--repo", "api")
        XCTAssertEqual(export.status, 1)
        XCTAssertEqual(export.stderr, "taste: a fleet repository read from PostgreSQL has no work tree: name the folder with --out\n")
        let cursor = try sandbox.run(
            "export", "--store", store, "--repo", "api", "--out", sandbox.root.appendingPathComponent("out").path, "--format", "cursor")
        XCTAssertEqual(cursor.stderr, "taste: a fleet repository read from PostgreSQL has no work tree: name the folder with --root\n")
    }
}
