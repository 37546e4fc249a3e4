import Foundation
import TasteTestSupport
import XCTest

/// The real `taste mcp` binary, driven over pipes as an agent drives it.
final class MCPServerTests: XCTestCase {
    private func minedRepository(_ sandbox: Sandbox) throws -> String {
        let repo = try sandbox.makeRepository()
        let mined = try sandbox.run("mine", "--repo", repo)
        XCTAssertEqual(mined.status, 0, mined.stderr)
        return repo
    }

    private func errorCode(_ reply: [String: Any], file: StaticString = #filePath, line: UInt = #line) -> Int? {
        XCTAssertNil(reply["result"], "an error has no result: \(reply)", file: file, line: line)
        let error = reply["error"] as? [String: Any]
        XCTAssertFalse((error?["message"] as? String ?? "").isEmpty, "an error says what went wrong: \(reply)", file: file, line: line)
        return error?["code"] as? Int
    }

    func testASessionFromInitializeToShutdown() throws {
        let sandbox = try Sandbox()
        let repo = try minedRepository(sandbox)
        let client = try MCPClient(sandbox: sandbox, arguments: ["mcp", "--repo", repo])

        // initialize, then the client's notification, which gets no reply.
        let initialized = try client.result(
            "initialize",
            [
                "protocolVersion": "2025-06-18", "capabilities": [String: Any](),
                "clientInfo": ["name": "taste-tests", "version": "1.0"],
            ])
        XCTAssertEqual(initialized["protocolVersion"] as? String, "2025-06-18")
        let info = try XCTUnwrap(initialized["serverInfo"] as? [String: Any])
        XCTAssertEqual(info["name"] as? String, "taste")
        XCTAssertFalse((info["version"] as? String ?? "").isEmpty)
        let capabilities = try XCTUnwrap(initialized["capabilities"] as? [String: Any])
        XCTAssertNotNil(capabilities["tools"] as? [String: Any], "\(capabilities)")
        XCTAssertNotNil(capabilities["resources"] as? [String: Any], "\(capabilities)")
        try client.send(["jsonrpc": "2.0", "method": "notifications/initialized"])
        // Replies come in order: if the notification had one, it would arrive before the ping's.
        XCTAssertEqual(try client.result("ping").count, 0)

        // tools/list: the six tools, each with an object schema.
        let tools = try XCTUnwrap(try client.result("tools/list")["tools"] as? [[String: Any]])
        XCTAssertEqual(
            Set(tools.compactMap { $0["name"] as? String }), ["list_skills", "get_skill", "skills_for_path", "skill_diff", "lint_patch", "fix_patch"])
        var required: [String: [String]] = [:]
        for tool in tools {
            let name = tool["name"] as? String ?? ""
            XCTAssertFalse((tool["description"] as? String ?? "").isEmpty, name)
            let schema = try XCTUnwrap(tool["inputSchema"] as? [String: Any], name)
            XCTAssertEqual(schema["type"] as? String, "object", name)
            XCTAssertNotNil(schema["properties"] as? [String: Any], name)
            required[name] = schema["required"] as? [String] ?? []
        }
        XCTAssertEqual(
            required,
            [
                "list_skills": [], "get_skill": ["name"], "skills_for_path": ["path"], "skill_diff": ["name", "from"], "lint_patch": ["patch"],
                "fix_patch": ["patch"],
            ])

        // Each tool.
        let listed = try client.callTool("list_skills")
        XCTAssertFalse(listed.isError)
        for line in ["- swift-style v1 [active]", "- testing v1 [active]", "- commits v1 [active]", "  - Indent with 4 spaces"] {
            XCTAssertTrue(listed.text.contains(line), "\(line) in \(listed.text)")
        }
        let skill = try client.callTool("get_skill", ["name": "swift-style"])
        XCTAssertFalse(skill.isError)
        let shown = try sandbox.run("show", "swift-style", "--repo", repo)
        XCTAssertEqual(
            skill.text,
            shown.stdout.replacingOccurrences(
                of: "](references/evidence.md)", with: "](taste://skills/swift-style/references/evidence.md)"),
            "get_skill gives what `taste show` prints, its evidence link pointing to the resource that serves it")
        XCTAssertTrue(skill.text.hasPrefix("---\nname: swift-style\n"), skill.text)

        let forSwift = try client.callTool("skills_for_path", ["path": "Sources/App/New.swift"])
        for name in ["swift-style", "testing", "commits"] { XCTAssertTrue(forSwift.text.contains("\nname: \(name)\n"), forSwift.text) }
        let forPython = try client.callTool("skills_for_path", ["path": "tools/new.py"])
        XCTAssertFalse(forPython.text.contains("name: swift-style"), forPython.text)
        XCTAssertTrue(forPython.text.contains("name: commits"), "commit rules apply to every path: \(forPython.text)")
        let sameVersion = try client.callTool("skill_diff", ["name": "swift-style", "from": 1])
        XCTAssertEqual(sameVersion.text, "swift-style@1 and swift-style@1 read the same.")

        // Resources.
        let resources = try XCTUnwrap(try client.result("resources/list")["resources"] as? [[String: Any]])
        XCTAssertEqual(
            resources.compactMap { $0["uri"] as? String },
            ["swift-style", "testing", "commits"].flatMap { ["taste://skills/\($0)", "taste://skills/\($0)/references/evidence.md"] })
        for resource in resources {
            XCTAssertEqual(resource["mimeType"] as? String, "text/markdown")
            XCTAssertNotNil(resource["name"] as? String)
        }
        let read = try client.result("resources/read", ["uri": "taste://skills/swift-style"])
        let contents = try XCTUnwrap(read["contents"] as? [[String: Any]])
        XCTAssertEqual(contents.count, 1)
        XCTAssertEqual(contents.first?["uri"] as? String, "taste://skills/swift-style")
        XCTAssertEqual(contents.first?["mimeType"] as? String, "text/markdown")
        XCTAssertEqual(contents.first?["text"] as? String, skill.text)

        // What goes wrong, and how it is told.
        XCTAssertEqual(errorCode(try client.request("resources/read", ["uri": "taste://skills/nosuch"])), -32002)
        XCTAssertEqual(errorCode(try client.request("resources/read", ["uri": "file:///etc/passwd"])), -32602)
        XCTAssertEqual(errorCode(try client.request("no/such/method")), -32601)
        XCTAssertEqual(errorCode(try client.request("tools/call", ["name": "no_such_tool", "arguments": [String: Any]()])), -32602)
        XCTAssertEqual(
            errorCode(try client.request("tools/call", ["name": "get_skill", "arguments": [String: Any]()])), -32602,
            "a missing required argument")
        let unknownSkill = try client.callTool("get_skill", ["name": "nosuch"])
        XCTAssertTrue(unknownSkill.isError)
        XCTAssertTrue(unknownSkill.text.contains("no skill named 'nosuch'"), unknownSkill.text)
        let unknownVersion = try client.callTool("get_skill", ["name": "swift-style", "version": 7])
        XCTAssertTrue(unknownVersion.isError)
        XCTAssertTrue(unknownVersion.text.contains("no version 7"), unknownVersion.text)
        try client.send(raw: "{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ")
        let parseError = try client.readMessage()
        XCTAssertEqual(errorCode(parseError), -32700)
        XCTAssertTrue(parseError["id"] is NSNull, "a reply to what could not be read has a null id: \(parseError)")
        try client.send(raw: "[1, 2]")
        let notAMessage = try XCTUnwrap(errorCode(try client.readMessage()), "a JSON value that is not a message is an error")
        XCTAssertTrue([-32700, -32600].contains(notAMessage), "\(notAMessage)")
        try client.send(["jsonrpc": "2.0", "id": "text-id", "params": [String: Any]()])
        let invalid = try client.readMessage()
        XCTAssertEqual(invalid["id"] as? String, "text-id")
        XCTAssertEqual(errorCode(invalid), -32600, "a request without a method")
        // The server is still there after all of that.
        XCTAssertEqual(try client.result("ping").count, 0)

        // A change mined while the server runs is what the next call sees: a new version of swift-style.
        try sandbox.reindentToTwoSpaces(repo)
        let mined = try sandbox.run("mine", "--repo", repo)
        XCTAssertEqual(mined.status, 0, mined.stderr)
        XCTAssertTrue(mined.stdout.contains("new versions of ") && mined.stdout.contains("swift-style"), mined.stdout)

        let current = try client.callTool("get_skill", ["name": "swift-style"])
        XCTAssertTrue(current.text.contains("- Indent with 2 spaces"), current.text)
        XCTAssertTrue(current.text.contains("\n  version: \"2\"\n"), current.text)
        XCTAssertTrue(current.text.contains("\n  mined-through: \"\(try sandbox.head(of: repo))\"\n"), current.text)
        let older = try client.callTool("get_skill", ["name": "swift-style", "version": 1])
        XCTAssertFalse(older.isError, older.text)
        XCTAssertEqual(older.text, skill.text, "version 1 reads as it did")
        XCTAssertTrue(try client.callTool("list_skills").text.contains("- swift-style v2 [active]"))
        let resource = try client.result("resources/read", ["uri": "taste://skills/swift-style"])
        XCTAssertEqual((resource["contents"] as? [[String: Any]])?.first?["text"] as? String, current.text)

        let diff = try client.callTool("skill_diff", ["name": "swift-style", "from": 1, "to": 2])
        XCTAssertFalse(diff.isError, diff.text)
        let lines = diff.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(Array(lines.prefix(2)), ["--- swift-style@1", "+++ swift-style@2"], diff.text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("@@ -") && $0.hasSuffix(" @@") }, diff.text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("-- Indent with 4 spaces") }, diff.text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("+- Indent with 2 spaces") }, diff.text)
        XCTAssertTrue(lines.contains("-  version: \"1\""), diff.text)
        XCTAssertTrue(lines.contains("+  version: \"2\""), diff.text)
        XCTAssertEqual(try client.callTool("skill_diff", ["name": "swift-style", "from": 1]).text, diff.text, "`to` defaults to the current version")

        // An agent that is done closes stdin: the server exits cleanly, having said nothing more.
        XCTAssertEqual(try client.close(), 0, client.stderr)
        XCTAssertThrowsError(try client.readLine(timeout: 5), "no output after the last reply")
    }

    /// An argument of the wrong type is an error that names it, never a silent default.
    func testWrongTypedArgumentsAreErrorsThatNameTheArgumentAndItsType() throws {
        let sandbox = try Sandbox()
        let repo = try minedRepository(sandbox)
        let client = try MCPClient(sandbox: sandbox, arguments: ["mcp", "--repo", repo])
        func message(_ tool: String, _ arguments: Any, file: StaticString = #filePath, line: UInt = #line) throws -> String {
            let reply = try client.request("tools/call", ["name": tool, "arguments": arguments], file: file, line: line)
            XCTAssertEqual(errorCode(reply, file: file, line: line), -32602, "\(reply)", file: file, line: line)
            return (reply["error"] as? [String: Any])?["message"] as? String ?? ""
        }
        XCTAssertEqual(try message("get_skill", ["name": 5]), "name must be a string")
        XCTAssertEqual(try message("get_skill", [String: Any]()), "missing argument 'name'")
        for version: Any in ["7", 1.5, true, ["n": 1]] {
            XCTAssertEqual(try message("get_skill", ["name": "swift-style", "version": version]), "version must be an integer", "\(version)")
        }
        XCTAssertEqual(try message("skills_for_path", ["path": ["a.swift"]]), "path must be a string")
        XCTAssertEqual(try message("skill_diff", ["name": "swift-style", "from": "1"]), "from must be an integer")
        XCTAssertEqual(try message("skill_diff", ["name": "swift-style", "from": 1, "to": false]), "to must be an integer")
        XCTAssertEqual(try message("list_skills", "all"), "arguments must be an object")
        // A null optional argument is an absent one.
        XCTAssertFalse(try client.callTool("get_skill", ["name": "swift-style", "version": NSNull()]).isError)
        XCTAssertEqual(try client.close(), 0)
    }

    /// Resources are declared, so their templates are listed; the evidence a skill links to is served too.
    func testResourceTemplatesAndTheEvidenceTheSkillsLinkTo() throws {
        let sandbox = try Sandbox()
        let repo = try minedRepository(sandbox)
        let client = try MCPClient(sandbox: sandbox, arguments: ["mcp", "--repo", repo])
        let templates = try XCTUnwrap(try client.result("resources/templates/list")["resourceTemplates"] as? [[String: Any]])
        XCTAssertEqual(
            templates.compactMap { $0["uriTemplate"] as? String },
            ["taste://skills/{name}", "taste://skills/{name}/references/evidence.md"])
        for template in templates {
            XCTAssertEqual(template["mimeType"] as? String, "text/markdown")
            XCTAssertFalse((template["name"] as? String ?? "").isEmpty)
        }

        let out = sandbox.root.appendingPathComponent("exported").path
        XCTAssertEqual(try sandbox.run("export", "--repo", repo, "--out", out).status, 0)
        let skill = try client.callTool("get_skill", ["name": "swift-style"])
        let link = "taste://skills/swift-style/references/evidence.md"
        XCTAssertTrue(skill.text.contains("](\(link))"), skill.text)
        XCTAssertFalse(skill.text.contains("](references/"), "no link to a file the agent cannot open: \(skill.text)")
        let read = try client.result("resources/read", ["uri": link])
        let contents = try XCTUnwrap(read["contents"] as? [[String: Any]])
        XCTAssertEqual(contents.first?["uri"] as? String, link)
        XCTAssertEqual(contents.first?["mimeType"] as? String, "text/markdown")
        // What export writes, less the line that marks the file as taste's own (an agent does not need it).
        let exported = fileText(out + "/swift-style/references/evidence.md")
            .replacingOccurrences(of: "<!-- taste:generated: written by taste export, replaced on the next one -->\n", with: "")
        XCTAssertEqual(contents.first?["text"] as? String, exported, "what export writes")
        XCTAssertEqual(errorCode(try client.request("resources/read", ["uri": "taste://skills/nosuch/references/evidence.md"])), -32002)
        XCTAssertEqual(errorCode(try client.request("resources/read", ["uri": "taste://skills/swift-style/other.md"])), -32602)
        XCTAssertEqual(try client.close(), 0)
    }

    /// Tools say they only read, and declare the JSON they return: the README's contract where they give skills.
    func testToolsAreReadOnlyAndReturnTheStructuredContentTheyDeclare() throws {
        let sandbox = try Sandbox()
        let repo = try minedRepository(sandbox)
        let client = try MCPClient(sandbox: sandbox, arguments: ["mcp", "--repo", repo])
        let tools = try XCTUnwrap(try client.result("tools/list")["tools"] as? [[String: Any]])
        var outputKeys: [String: [String]] = [:]
        for tool in tools {
            let name = tool["name"] as? String ?? ""
            let annotations = try XCTUnwrap(tool["annotations"] as? [String: Any], name)
            XCTAssertEqual(annotations["readOnlyHint"] as? Bool, true, name)
            XCTAssertEqual(annotations["destructiveHint"] as? Bool, false, name)
            let schema = try XCTUnwrap(tool["outputSchema"] as? [String: Any], name)
            XCTAssertEqual(schema["type"] as? String, "object", name)
            outputKeys[name] = (schema["required"] as? [String] ?? []).sorted()
        }
        XCTAssertEqual(
            outputKeys,
            [
                "list_skills": ["head", "repo", "skills"], "get_skill": ["head", "markdown", "repo", "skills"],
                "skills_for_path": ["head", "markdown", "repo", "skills"], "skill_diff": ["diff", "from", "name", "to"],
                "lint_patch": ["checkedLines", "files", "findings"], "fix_patch": ["changes", "files", "patch", "reverted", "skipped"],
            ])

        func structured(_ tool: String, _ arguments: [String: Any]) throws -> [String: Any] {
            let result = try client.result("tools/call", ["name": tool, "arguments": arguments])
            XCTAssertEqual(result["isError"] as? Bool, false, "\(result)")
            return try XCTUnwrap(result["structuredContent"] as? [String: Any], "\(tool): \(result)")
        }
        let json = try sandbox.run("skills", "--repo", repo, "--json")
        let contract = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? NSDictionary)
        XCTAssertEqual(try structured("list_skills", [:]) as NSDictionary, contract, "list_skills gives `taste skills --json`")

        let skill = try structured("get_skill", ["name": "swift-style"])
        XCTAssertEqual((skill["skills"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["swift-style"])
        XCTAssertEqual(skill["markdown"] as? String, try client.callTool("get_skill", ["name": "swift-style"]).text)
        let forPath = try structured("skills_for_path", ["path": "tools/new.py"])
        XCTAssertEqual((forPath["skills"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["commits"])
        let diff = try structured("skill_diff", ["name": "swift-style", "from": 1])
        XCTAssertEqual(diff as NSDictionary, ["name": "swift-style", "from": 1, "to": 1, "diff": ""] as NSDictionary)
        XCTAssertEqual(try client.close(), 0)
    }

    /// A request is read in time linear in its length; one past the bound is refused with an error, and the
    /// next is served.
    func testALongRequestIsReadAndOnePastTheBoundIsRefused() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        let client = try MCPClient(sandbox: sandbox, arguments: ["mcp", "--repo", repo])
        let padding = String(repeating: "x", count: 4 << 20)
        try client.send(raw: #"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"padding":"\#(padding)"}}"#)
        XCTAssertEqual(try client.readMessage()["id"] as? Int, 1, "a 4 MiB request is answered")
        try client.send(raw: #"{"jsonrpc":"2.0","id":2,"method":"ping","params":{"padding":"\#(padding + padding + "xx")"}}"#)
        let refused = try client.readMessage()
        XCTAssertTrue(refused["id"] is NSNull, "\(refused)")
        XCTAssertEqual(errorCode(refused), -32600)
        XCTAssertTrue(((refused["error"] as? [String: Any])?["message"] as? String ?? "").contains("8 MiB"), "\(refused)")
        try client.send(raw: #"{"jsonrpc":"2.0","id":3,"method":"ping"}"#)
        XCTAssertEqual(try client.readMessage()["id"] as? Int, 3, "the server reads on after the refused line")
        XCTAssertEqual(try client.close(), 0)
    }

    func testAnUnsupportedProtocolVersionIsAnsweredWithTheServersOwn() throws {
        let sandbox = try Sandbox()
        let repo = try minedRepository(sandbox)
        let client = try MCPClient(sandbox: sandbox, arguments: ["mcp", "--repo", repo])
        let older = try client.result("initialize", ["protocolVersion": "2024-11-05", "capabilities": [String: Any]()])
        XCTAssertEqual(older["protocolVersion"] as? String, "2024-11-05", "a version the server speaks is kept")
        let unknown = try client.result("initialize", ["protocolVersion": "1999-01-01", "capabilities": [String: Any]()])
        XCTAssertEqual(unknown["protocolVersion"] as? String, "2025-06-18", "else the newest the server speaks")
        XCTAssertEqual(try client.close(), 0)
    }

    /// Several requests in one write are each answered, in order.
    func testPipelinedRequestsAreAnsweredInOrder() throws {
        let sandbox = try Sandbox()
        let repo = try minedRepository(sandbox)
        let client = try MCPClient(sandbox: sandbox, arguments: ["mcp", "--repo", repo])
        let batch =
            (1...5).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"ping"}"# }
            + [#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"#]
            + [#"{"jsonrpc":"2.0","id":"last","method":"tools/list"}"#]
        try client.send(raw: batch.joined(separator: "\n"))
        for id in 1...5 { XCTAssertEqual(try client.readMessage()["id"] as? Int, id) }
        XCTAssertEqual(try client.readMessage()["id"] as? String, "last")
        XCTAssertEqual(try client.close(), 0)
    }

    /// Before anything is mined the server still answers; the tools say what to do.
    func testARepositoryNotMinedYetGivesAToolErrorNotACrash() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        let client = try MCPClient(sandbox: sandbox, arguments: ["mcp", "--repo", repo])
        XCTAssertNotNil(try client.result("initialize", ["protocolVersion": "2025-06-18"])["serverInfo"])
        let listed = try client.callTool("list_skills")
        XCTAssertTrue(listed.isError)
        XCTAssertTrue(listed.text.contains("taste mine"), listed.text)

        // Mined while the server runs: the next call has the skills.
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        let after = try client.callTool("list_skills")
        XCTAssertFalse(after.isError, after.text)
        XCTAssertTrue(after.text.contains("- swift-style v1 [active]"), after.text)
        XCTAssertEqual(try client.close(), 0)
    }
}
