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
    /// A fleet whose workers mined `api`, a reader role granted on it (with its URL), and the same history mined
    /// into the sandbox's SQLite store, to compare the two.
    private func readerFleet(
        _ sandbox: Sandbox
    ) throws -> (server: PostgresServer, database: String, store: String, api: String, role: String, reader: String) {
        let (server, database, store) = try makeDatabase()
        let api = try minedFleet(sandbox, store: store)
        let role = try makeRole(server)
        XCTAssertEqual(try sandbox.run("repo", "grant-reader", role, "--store", store).status, 0)
        let reader = server.url(role: role, password: "reads-only", database: database)
        XCTAssertEqual(try sandbox.run("mine", "--repo", api).status, 0)
        return (server, database, store, api, role, reader)
    }

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
            _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
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
        let (_, _, _, api, _, reader) = try readerFleet(sandbox)

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

    /// `taste` with this sandbox's store and `environment` added (an editor, a store URL).
    private func run(_ sandbox: Sandbox, _ arguments: [String], in folder: String, environment added: [String: String]) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["TASTE_HOME"] = sandbox.home
        environment.removeValue(forKey: "XDG_DATA_HOME")
        environment.merge(added) { $1 }
        return try runProcess(sandbox.taste.url.path, arguments, in: folder, environment: environment)
    }

    /// `log`, `diff`, `report`, `check` and `fix` with `--store ... --repo NAME` under a reader role answer as they
    /// do from a SQLite mine of the same history, the change and work tree coming from the current folder; the
    /// commands that record a person's decision are refused to that role in one line.
    func testTheHistoryCommandsReadAFleetUnderAReaderRoleAsSQLiteDoes() throws {
        let sandbox = try Sandbox()
        let (_, _, store, api, role, reader) = try readerFleet(sandbox)
        let fleet = ["--store", reader, "--repo", "api"]
        let skill = "testing"

        let log = try sandbox.run(["log", skill] + fleet, in: api)
        XCTAssertEqual(log.status, 0, log.stderr)
        XCTAssertTrue(log.stdout.hasPrefix("\(skill)@1  "), log.stdout)
        XCTAssertEqual(log.stdout, try sandbox.run(["log", skill], in: api).stdout)

        for targets in [[], ["--stat"], ["HEAD~3", "HEAD"], ["\(skill)@1", "\(skill)@1"], ["--json"]] {
            let fleetDiff = try sandbox.run(["diff"] + targets + fleet, in: api)
            XCTAssertEqual(fleetDiff.status, 0, "\(targets): \(fleetDiff.stderr)")
            XCTAssertEqual(fleetDiff.stdout, try sandbox.run(["diff"] + targets, in: api).stdout, "\(targets)")
        }

        let report = sandbox.root.appendingPathComponent("fleet-report.html").path
        let wrote = try sandbox.run(["report", "--out", report] + fleet, in: api)
        XCTAssertEqual(wrote.status, 0, wrote.stderr)
        let localReport = sandbox.root.appendingPathComponent("local-report.html").path
        XCTAssertEqual(try sandbox.run(["report", "--out", localReport], in: api).status, 0)
        // The same page but for where the repository is and when it was mined.
        func charts(_ path: String) throws -> [Substring] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { $0.contains("<svg") || $0.contains("commits mined") }
        }
        XCTAssertFalse(try charts(report).isEmpty)
        XCTAssertEqual(try charts(report), try charts(localReport))

        // check compares the checkout's export folder with the fleet's skills.
        let missing = try sandbox.run(["check"] + fleet, in: api)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stdout.contains("outdated: \(api)/.claude/skills/"), missing.stdout)
        XCTAssertEqual(try sandbox.run(["export", "--out", api + "/.claude/skills"] + fleet, in: api).status, 0)
        let current = try sandbox.run(["check"] + fleet, in: api)
        XCTAssertEqual(current.stdout, "ok: no stale skill, no outdated export.\n", current.stderr)
        XCTAssertEqual(current.status, 0)

        // fix repairs the checkout's change as a fix against the SQLite store does.
        let tabbed = api + "/Sources/App/Tabbed.swift"
        let tabs = "struct Tabbed {\n\tfunc run() {\n\t\tprint(1)\n\t}\n}\n"
        try tabs.write(toFile: tabbed, atomically: true, encoding: .utf8)
        let dryRun = try sandbox.run(["fix", "--dry-run", "--min-confidence", "0"] + fleet, in: api)
        XCTAssertEqual(dryRun.status, 1, dryRun.stderr)
        XCTAssertTrue(dryRun.stdout.contains("+    func run() {"), dryRun.stdout)
        XCTAssertEqual(dryRun.stdout, try sandbox.run(["fix", "--dry-run", "--min-confidence", "0"], in: api).stdout)
        let fixed = try sandbox.run(["fix", "--min-confidence", "0"] + fleet, in: api)
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        let fleetFixed = try String(contentsOfFile: tabbed, encoding: .utf8)
        XCTAssertEqual(fleetFixed, "struct Tabbed {\n    func run() {\n        print(1)\n    }\n}\n")
        try tabs.write(toFile: tabbed, atomically: true, encoding: .utf8)
        XCTAssertEqual(try sandbox.run(["fix", "--min-confidence", "0"], in: api).stdout, fixed.stdout)
        XCTAssertEqual(try String(contentsOfFile: tabbed, encoding: .utf8), fleetFixed)

        // A reader records no decision: one line that says which role to use, and nothing is opened or written.
        let refusal =
            "taste: role '\(role)' only reads the fleet: pinning, muting, editing a skill and marking a review need the fleet owner's role "
            + "(the --store URL the workers use)\n"
        let marker = sandbox.root.appendingPathComponent("editor-ran").path
        for command in [["pin", skill], ["mute", skill], ["edit", skill], ["diff", "--mark"]] {
            let refused = try run(sandbox, command + fleet, in: api, environment: ["EDITOR": "touch \(marker)"])
            XCTAssertEqual(refused.status, 1, command.joined(separator: " "))
            XCTAssertEqual(refused.stderr, refusal, command.joined(separator: " "))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "the editor must not open for a role that cannot store its text")
        XCTAssertEqual(try sandbox.run(["log", skill] + fleet, in: api).stdout, log.stdout)

        // A role granted before the history commands read the tallies is told to grant it again.
        let admin = try PostgresConnection(url: store)
        try admin.execute("REVOKE SELECT ON review, mined_commit, counter, commit_count FROM \(try admin.quotedIdentifier(role))")
        let stale = try sandbox.run(["log", skill] + fleet, in: api)
        XCTAssertEqual(stale.status, 1)
        XCTAssertEqual(
            stale.stderr,
            "taste: store: role '\(role)' may read the fleet's skills but not its tallies and reviews: the fleet's owner runs "
                + "'taste repo grant-reader \(role)' again\n")
    }

    /// The fleet owner's role pins, mutes, edits and marks a review in PostgreSQL, where every reader sees it.
    func testThePersonsDecisionsGoToTheFleetUnderTheOwnersRole() throws {
        let sandbox = try Sandbox()
        let store = try makeDatabase().url
        _ = try minedFleet(sandbox, store: store)
        let fleet = ["--store", store, "--repo", "api"]
        let skill = "testing"

        XCTAssertEqual(try sandbox.run(["pin", skill] + fleet).stdout, "\(skill): pinned; mining checks it but leaves its text alone.\n")
        XCTAssertEqual(try sandbox.run(["mute", skill] + fleet).stdout, "\(skill): muted; the next export leaves it out.\n")
        let listed = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(try sandbox.run(["skills", "--json"] + fleet).stdout.utf8)) as? [String: Any])
        let testing = try XCTUnwrap((listed["skills"] as? [[String: Any]])?.first { $0["name"] as? String == skill })
        XCTAssertEqual(testing["pinned"] as? Bool, true)
        XCTAssertEqual(testing["muted"] as? Bool, true)
        XCTAssertEqual(try sandbox.run(["mute", skill, "--undo"] + fleet).stdout, "\(skill): exported again.\n")

        let edited = try run(
            sandbox, ["edit", skill] + fleet, in: sandbox.root.path, environment: ["EDITOR": "sed -i -e '$a Written by a person.'"])
        XCTAssertEqual(edited.stdout, "\(skill): stored as version 2, written by a person; pinned.\n", edited.stderr)
        let log = try sandbox.run(["log", skill] + fleet).stdout
        XCTAssertTrue(log.hasPrefix("\(skill)@2  "), log)
        XCTAssertTrue(log.split(separator: "\n").first?.contains("  person  ") == true, log)
        XCTAssertTrue(try sandbox.run(["show", skill] + fleet).stdout.contains("Written by a person."))

        let beforeReview = try sandbox.run(["diff", "--stat"] + fleet)
        XCTAssertTrue(beforeReview.stdout.contains(skill), beforeReview.stdout)
        let marked = try sandbox.run(["diff", "--mark", "--stat"] + fleet)
        XCTAssertEqual(marked.status, 0, marked.stderr)
        XCTAssertTrue(marked.stdout.hasSuffix("Marked as reviewed.\n"), marked.stdout)
        let afterReview = try sandbox.run(["diff"] + fleet)
        XCTAssertTrue(afterReview.stdout.hasPrefix("Skills changed since the review of "), afterReview.stdout)
        XCTAssertFalse(afterReview.stdout.contains(skill), afterReview.stdout)

        let unknown = try sandbox.run(["pin", "nope"] + fleet)
        XCTAssertEqual(unknown.stderr, "taste: no skill named 'nope': 'taste skills' lists them\n")
        let unnamed = try sandbox.run("log", skill, "--store", store)
        XCTAssertNotEqual(unnamed.status, 0)
        XCTAssertTrue(unnamed.stderr.hasPrefix("Error: Name the fleet's repository: --repo NAME"), unnamed.stderr)
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

        let refusals = [
            ["mine"]: "taste: taste mine does not use a PostgreSQL store (--store): a fleet's workers mine its repositories: "
                + "'taste repo add NAME URL', then 'taste worker --store ...'; leave --store out to use the SQLite store\n",
            ["daemon", "run"]:
                "taste: taste daemon run does not use a PostgreSQL store (--store): a fleet's pushes are mined by 'taste worker --store ...', "
                + "and 'taste daemon status --store ...' shows the workers; leave --store out to use the SQLite store\n",
        ]
        for (command, message) in refusals {
            let refused = try sandbox.run(command + ["--repo", api, "--store", store])
            XCTAssertEqual(refused.status, 1, command.joined(separator: " "))
            XCTAssertEqual(refused.stderr, message)
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
        let (server, _, _, api, _, reader) = try readerFleet(sandbox)

        let client = try MCPClient(sandbox: sandbox, arguments: ["mcp", "--store", reader, "--repo", "api"])
        _ = try client.result("initialize", ["protocolVersion": "2025-06-18", "capabilities": [String: Any]()])
        let tools = try XCTUnwrap(try client.result("tools/list")["tools"] as? [[String: Any]])
        XCTAssertEqual(
            Set(tools.compactMap { $0["name"] as? String }), ["list_skills", "get_skill", "skills_for_path", "skill_diff", "lint_patch", "fix_patch"])
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
        let diff = try client.result("tools/call", ["name": "skill_diff", "arguments": ["name": name, "from": 1]])
        XCTAssertEqual(diff["structuredContent"] as? NSDictionary, ["name": name, "from": 1, "to": 1, "diff": ""] as NSDictionary)
        // A patch is held to the fleet's skills as to the SQLite store's; this server runs outside any checkout.
        let patch = """
            diff --git a/Sources/App/Tabbed.swift b/Sources/App/Tabbed.swift
            new file mode 100644
            --- /dev/null
            +++ b/Sources/App/Tabbed.swift
            @@ -0,0 +1,5 @@
            +struct Tabbed {
            +\tfunc run() {
            +\t\tprint(1)
            +\t}
            +}

            """
        for tool in ["lint_patch", "fix_patch"] {
            let arguments: [String: Any] = ["patch": patch, "min_confidence": 0]
            let fleetAnswer = try client.result("tools/call", ["name": tool, "arguments": arguments])
            let localAnswer = try local.result("tools/call", ["name": tool, "arguments": arguments])
            XCTAssertEqual(fleetAnswer["isError"] as? Bool, false, tool)
            XCTAssertEqual(fleetAnswer["structuredContent"] as? NSDictionary, localAnswer["structuredContent"] as? NSDictionary, tool)
            XCTAssertEqual(fleetAnswer["content"] as? NSArray, localAnswer["content"] as? NSArray, tool)
            XCTAssertTrue("\(fleetAnswer["content"] ?? "")".contains("Tabbed.swift"), "\(fleetAnswer)")
        }
        XCTAssertEqual(try local.close(), 0)

        // PostgreSQL restarts under the session: the next call connects again instead of failing from then on.
        try server.pause()
        try server.resume()
        let again = try client.result("tools/call", ["name": "list_skills", "arguments": [String: Any]()])
        XCTAssertEqual(again["isError"] as? Bool, false, "\(again)")
        XCTAssertEqual(again["structuredContent"] as? NSDictionary, listed["structuredContent"] as? NSDictionary)
        let fixedAgain = try client.result("tools/call", ["name": "fix_patch", "arguments": ["patch": patch, "min_confidence": 0]])
        XCTAssertEqual(fixedAgain["isError"] as? Bool, false, "\(fixedAgain)")
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
