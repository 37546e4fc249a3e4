import Foundation
import TasteTestSupport
import XCTest

/// `taste export`, `taste skills --json` and `taste show` as a user runs them: what they write, what they
/// refuse, and what they never print.
final class ExportCommandTests: XCTestCase {
    /// Every regular file under `root`, by relative path.
    private func files(_ root: String) throws -> [String: String] {
        try treeSnapshot(root).mapValues { String(decoding: $0, as: UTF8.self) }
    }

    func testExportingEveryFormatTwiceWritesOnceAndThenNothing() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        let formats = ["agent-skills", "agents-md", "cursor", "copilot", "claude-md"]
        let arguments = ["export", "--repo", repo] + formats.flatMap { ["--format", $0] }

        let first = try sandbox.run(arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        // 3 skills: SKILL.md and evidence.md each, .mdc, .instructions.md, and AGENTS.md and CLAUDE.md.
        XCTAssertEqual(
            first.stdout,
            "Exported 3 skills as \(formats.joined(separator: ", ")) (14 written, 0 unchanged); Agent Skills in \(repo)/.claude/skills.\n")
        let written = try files(repo).filter { !$0.key.hasPrefix(".git/") }
        XCTAssertEqual(
            Set(written.keys.filter { !$0.hasPrefix("Sources/") && !$0.hasPrefix("Tests/") }),
            [
                ".claude/skills/swift-style/SKILL.md", ".claude/skills/swift-style/references/evidence.md",
                ".claude/skills/testing/SKILL.md", ".claude/skills/testing/references/evidence.md",
                ".claude/skills/commits/SKILL.md", ".claude/skills/commits/references/evidence.md",
                ".cursor/rules/taste-swift-style.mdc", ".cursor/rules/taste-testing.mdc", ".cursor/rules/taste-commits.mdc",
                ".github/instructions/taste-swift-style.instructions.md", ".github/instructions/taste-testing.instructions.md",
                ".github/instructions/taste-commits.instructions.md", "AGENTS.md", "CLAUDE.md",
            ])

        let second = try sandbox.run(arguments)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(
            second.stdout,
            "Exported 3 skills as \(formats.joined(separator: ", ")) (0 written, 14 unchanged); Agent Skills in \(repo)/.claude/skills.\n")
        XCTAssertEqual(try files(repo).filter { !$0.key.hasPrefix(".git/") }, written, "byte-identical")
    }

    /// A person's own `commits` skill where taste would export one: a one-line error naming it and `--force`, a
    /// non-zero exit, and nothing of the export written; `--force` takes it over; the next export runs as usual.
    func testAHandWrittenSkillIsNeverOverwrittenWithoutForce() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        let own = "---\nname: commits\ndescription: \"How we write commits.\"\n---\n# Commits\n\nSign off every commit.\n"
        let path = repo + "/.claude/skills/commits/SKILL.md"
        try writeFile(path, own)
        let arguments = ["export", "--repo", repo, "--format", "agent-skills", "--format", "cursor", "--format", "agents-md"]

        let refused = try sandbox.run(arguments)
        assertOneLineError(refused, containing: "\(path) was not written by taste: move it away, or use --force to replace it")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(own.utf8), "byte for byte")
        XCTAssertEqual(
            try files(repo).keys.filter { !$0.hasPrefix(".git/") && !$0.hasPrefix("Sources/") && !$0.hasPrefix("Tests/") },
            [".claude/skills/commits/SKILL.md"],
            "nothing else was written")

        let forced = try sandbox.run(arguments + ["--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        let taken = fileText(path)
        XCTAssertTrue(taken.hasPrefix("---\nname: commits\n"), taken)
        XCTAssertTrue(taken.contains("\n  generator: \"taste\"\n"), taken)

        let again = try sandbox.run(arguments)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("(0 written, "), again.stdout)
    }

    /// CLAUDE.md imports only SKILL.md files that are there, by a path relative to CLAUDE.md.
    func testClaudeMDImportsOnlyWrittenSkillsByRelativePaths() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        func imports(_ file: String) -> [String] {
            fileText(file).split(separator: "\n").filter { $0.hasPrefix("@") }.map(String.init)
        }

        let alone = try sandbox.run("export", "--repo", repo, "--format", "claude-md")
        XCTAssertEqual(alone.status, 0, alone.stderr)
        XCTAssertEqual(imports(repo + "/CLAUDE.md"), [], "no SKILL.md was written, so none is imported")
        XCTAssertTrue(alone.stdout.contains("note: CLAUDE.md: no skill exported in \(repo)/.claude/skills"), alone.stdout)

        XCTAssertEqual(try sandbox.run("export", "--repo", repo, "--format", "claude-md", "--format", "agent-skills").status, 0)
        XCTAssertEqual(
            imports(repo + "/CLAUDE.md"),
            ["@.claude/skills/swift-style/SKILL.md", "@.claude/skills/testing/SKILL.md", "@.claude/skills/commits/SKILL.md"],
            "written in the same run, whatever the order of the formats")

        // A root elsewhere: the imports go from CLAUDE.md to the skills folder, not from the file system's root.
        let root = sandbox.root.appendingPathComponent("agents/root").path
        let out = sandbox.root.appendingPathComponent("skills").path
        let elsewhere = try sandbox.run("export", "--repo", repo, "--format", "agent-skills", "--format", "claude-md", "--root", root, "--out", out)
        XCTAssertEqual(elsewhere.status, 0, elsewhere.stderr)
        let relative = imports(root + "/CLAUDE.md")
        XCTAssertEqual(relative.count, 3, "\(relative)")
        for line in relative {
            XCTAssertTrue(line.hasPrefix("@../../skills/"), line)
            let target = root + "/" + line.dropFirst()
            XCTAssertTrue(FileManager.default.fileExists(atPath: target), "\(target) is there")
        }
    }

    /// The reference Agent Skills validator takes the front matter to end at the first `---` it finds.
    func testARepositoryNamedWithDashesKeepsTheFrontMatterWhole() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository("my---repo")
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        XCTAssertEqual(try sandbox.run("export", "--repo", repo).status, 0)
        let text = fileText(repo + "/.claude/skills/commits/SKILL.md")
        let parts = text.components(separatedBy: "---")
        XCTAssertGreaterThan(parts.count, 2, text)
        XCTAssertTrue(parts[1].hasSuffix("  generator: \"taste\"\n"), "the front matter is whole: \(parts[1])")
        XCTAssertTrue(parts[1].contains("\n  repository: \"my-"), parts[1])
        let json = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(try sandbox.run("skills", "--repo", repo, "--json").stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["repo"] as? String, repo, "the name is written differently, not changed")
    }

    func testAnUnknownFormatIsAUsageError() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        let result = try sandbox.run("export", "--repo", repo, "--format", "nosuch")
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("unknown format 'nosuch'"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo + "/.claude"), "nothing was written")
    }

    /// `.taste.toml` comes from the merged history: its export folder must not take the files out of the work tree.
    func testAnExportFolderConfiguredOutsideTheWorkTreeIsRefused() throws {
        for folder in ["../escaped", "ESCAPED_ABSOLUTE"] {
            let sandbox = try Sandbox()
            let repo = try sandbox.makeRepository()
            let escaped = sandbox.root.appendingPathComponent("escaped").path
            let out = folder == "ESCAPED_ABSOLUTE" ? escaped : folder
            try sandbox.commit("chore: export folder", files: [".taste.toml": "[export]\nout = \"\(out)\"\n"], in: repo, date: 1_700_000_000)
            XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)

            let result = try sandbox.run("export", "--repo", repo)
            XCTAssertNotEqual(result.status, 0, "out = \(out): \(result.stdout)")
            XCTAssertTrue(result.stderr.hasPrefix("taste: "), "one line on stderr: \(result.stderr)")
            let leaked = try files(escaped).keys.sorted()
            XCTAssertEqual(leaked, [], "out = \(out) wrote outside the work tree")
        }
    }

    // MARK: Secrets, end to end through the binary

    /// Fake secrets shaped like real ones (a subset of the core tests' list).
    static let secrets: [(line: String, secret: String)] = [
        (#"client.configure("AKIAW3Y8Z7Q4M2X9R5T1")"#, "AKIAW3Y8Z7Q4M2X9R5T1"),
        (#"gh.auth("ghp_Lm3Pb6Hc0Jf5Gs2Ya7UeR8d2Kq7Zt1Xw4Vn9")"#, "ghp_Lm3Pb6Hc0Jf5Gs2Ya7UeR8d2Kq7Zt1Xw4Vn9"),
        (#"gitlab.login("glpat-Nw0Hs3KdQm4Rt8Yx2Lp6")"#, "glpat-Nw0Hs3KdQm4Rt8Yx2Lp6"),
        (#"slack.post("xoxp-2234567890-1987654321-Tv1Wx6Zc3LdBf7Gj2Mk9Pr4")"#, "xoxp-2234567890-1987654321-Tv1Wx6Zc3LdBf7Gj2Mk9Pr4"),
        (#"stripe.charge("sk_live_Hc7Jk0Mf3Pw6Tn5Vb8Xq1Zs4")"#, "sk_live_Hc7Jk0Mf3Pw6Tn5Vb8Xq1Zs4"),
        (#"db.connect("mysql://root:Tr0ub4dorAnd3@db.internal/app")"#, "Tr0ub4dorAnd3"),
        (#"secret_token = "Wc5Nq8Ry1Ts4Uv7Xz0Ab3De6Gh9Jk2Lm""#, "Wc5Nq8Ry1Ts4Uv7Xz0Ab3De6Gh9Jk2Lm"),
    ]

    func testNoSecretReachesTheStoreTheJSONTheShowOrTheExports() throws {
        let sandbox = try Sandbox()
        let repo = sandbox.root.appendingPathComponent("secrets").path
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        try sandbox.git(["init", "-q", "-b", "main"], in: repo, date: 0)
        let secrets = Self.secrets
        for round in 0..<2 {
            for (index, planted) in secrets.enumerated() {
                let number = round * secrets.count + index
                // The first indented line (cited for indentation) and the last line (cited for the final newline).
                try sandbox.commit(
                    "feat(app): add handler \(number)",
                    files: [
                        "app/mod\(number).py": """
                        def handler_\(number)(client):
                            \(planted.line)
                            items = client.items
                            count = len(items)
                            return client
                        \(secrets[(index + 3) % secrets.count].line)

                        """
                    ], in: repo, date: 1_600_000_000 + Int64(number) * 86_400)
            }
        }
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)

        func assertNoSecret(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
            for planted in secrets { XCTAssertFalse(text.contains(planted.secret), "\(what) holds \(planted.secret)", file: file, line: line) }
        }
        let json = try sandbox.run("skills", "--repo", repo, "--json")
        XCTAssertEqual(json.status, 0, json.stderr)
        assertNoSecret(json.stdout, "taste skills --json")
        let snippets = try listedRules(json.stdout).flatMap(\.evidence).compactMap { $0["snippet"] as? String }
        XCTAssertTrue(snippets.contains { $0.contains("[redacted]") }, "the cited lines are there, redacted: \(snippets)")
        assertNoSecret(try sandbox.run("skills", "--repo", repo, "--path", "app/x.py", "--json").stdout, "taste skills --path")
        for skill in ["python-style", "commits"] {
            let shown = try sandbox.run("show", skill, "--repo", repo)
            XCTAssertEqual(shown.status, 0, shown.stderr)
            assertNoSecret(shown.stdout, "taste show \(skill)")
            assertNoSecret(try sandbox.run("show", skill, "--repo", repo, "--json").stdout, "taste show \(skill) --json")
        }
        let exported = try sandbox.run(
            ["export", "--repo", repo] + ["agent-skills", "agents-md", "cursor", "copilot", "claude-md"].flatMap { ["--format", $0] })
        XCTAssertEqual(exported.status, 0, exported.stderr)
        let written = try files(repo).filter { !$0.key.hasPrefix(".git/") && !$0.key.hasPrefix("app/") }
        XCTAssertFalse(written.isEmpty)
        for (path, text) in written { assertNoSecret(text, path) }
        XCTAssertTrue(written[".claude/skills/python-style/references/evidence.md"]?.contains("[redacted]") ?? false)

        // The store itself, read with the sqlite3 CLI where it is installed.
        let store = sandbox.home + "/taste.sqlite"
        let rows = try runProcess(
            "/usr/bin/env", ["sqlite3", store, "SELECT COALESCE(path, '') || ':' || COALESCE(snippet, '') FROM evidence"],
            in: sandbox.root.path, environment: ProcessInfo.processInfo.environment)
        if rows.status == 127 || rows.stderr.contains("No such file") { return }
        XCTAssertEqual(rows.status, 0, rows.stderr)
        XCTAssertTrue(rows.stdout.contains("[redacted]"), rows.stdout)
        assertNoSecret(rows.stdout, "the evidence table")
    }
}
