import Foundation
import TasteTestSupport
import XCTest

/// `taste lint` on real repositories: a Python history with clear conventions (4-space indents, double quotes,
/// lines wrapped at 79, no trailing whitespace, a final newline), mined by the real `taste`, then a change
/// that breaks each of them, read from the work tree, the index, commits and a patch.
final class LintCommandTests: XCTestCase {
    /// One finding as the JSON output gives it: where, and which rule.
    struct Place: Hashable, CustomStringConvertible {
        var path: String
        var line: Int
        var column: Int
        var rule: String
        var description: String { "\(path):\(line):\(column) \(rule)" }
    }

    /// A change that breaks five conventions, one a line.
    static let breaking = """
        def bad(items):
        \treturn items
        x = 1\("   ")
        y = 'single'
        z = \(String(repeating: "b", count: 81))
        w = 2
        """
    /// The breaches `breaking` holds, as `app/bad.py`.
    static let breaches: Set<Place> = [
        Place(path: "app/bad.py", line: 2, column: 1, rule: "python-style/indentation"),
        Place(path: "app/bad.py", line: 3, column: 6, rule: "python-style/trailing-whitespace"),
        Place(path: "app/bad.py", line: 4, column: 5, rule: "python-style/quotes"),
        Place(path: "app/bad.py", line: 5, column: 80, rule: "python-style/line-length"),
        Place(path: "app/bad.py", line: 6, column: 6, rule: "python-style/final-newline"),
    ]
    /// The same lines, mended.
    static let mended = """
        def bad(items):
            return items
        x = 1
        y = "single"
        z = (
            \(String(repeating: "b", count: 60))
        )
        w = 2

        """

    /// A Python module as a formatter that wraps at 79 columns leaves it: a fifth of its lines close to 79.
    static func module(_ number: Int, quote q: String = "\"") -> String {
        var lines = [
            "\"\"\"Module m\(number).\"\"\"", "", "", "def m\(number)(items):", "    total = 0", "    label = \(q)total of m\(number)\(q)",
            "    names = [\(q)a\(q), \(q)b\(q), \(q)c\(q)]", "    for item in items:", "        if item > 0:", "            total += item",
            "    return total, label, names", "", "",
        ]
        for index in 0..<20 {
            let width = index % 4 == 0 ? 79 - (index % 7) : 20 + (index * 7) % 50
            let head = "v\(index)_\(number) = "
            lines.append(head + String(repeating: "a", count: width - head.count))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// 20 commits of `module`, mined.
    private func minedHistory() throws -> ReviewHistory {
        let history = try ReviewHistory(try Sandbox())
        for number in 0..<20 { try history.commit("feat(app): add m\(number)", files: ["app/m\(number).py": Self.module(number)]) }
        try history.mine()
        return history
    }

    /// The findings of a `--format json` run.
    private func places(_ result: ProcessResult, file: StaticString = #filePath, line: UInt = #line) throws -> Set<Place> {
        let document = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout + result.stderr, file: file, line: line)
        let findings = try XCTUnwrap(document["findings"] as? [[String: Any]], file: file, line: line)
        return Set(
            findings.compactMap { finding in
                guard let path = finding["path"] as? String, let line = finding["line"] as? Int, let column = finding["column"] as? Int,
                    let rule = finding["rule"] as? String
                else { return nil }
                return Place(path: path, line: line, column: column, rule: rule)
            })
    }

    func testBreachesAreReportedWhereTheyAreAndTheMendedChangeIsClean() throws {
        let history = try minedHistory()
        try writeFile(history.path + "/app/bad.py", Self.breaking)

        let text = try history.taste("lint")
        XCTAssertEqual(text.status, 1, text.stdout + text.stderr)
        XCTAssertEqual(text.stderr, "")
        XCTAssertEqual(
            text.stdout,
            """
            app/bad.py
              2:1     warning  tab in the indentation  python-style/indentation
                      Indent with 4 spaces, never tabs. (confidence 0.92)
                      fix: indent with spaces
              3:6     warning  trailing whitespace  python-style/trailing-whitespace
                      Leave no trailing whitespace. (confidence 0.92)
                      fix: remove the trailing whitespace
              4:5     warning  single-quoted string  python-style/quotes
                      Use double quotes for strings (single where the string holds a `"`). (confidence 0.92)
                      fix: use double quotes
              5:80    warning  line is 85 columns, over the limit of 79  python-style/line-length
                      Keep lines within 79 columns; URLs and long string literals may run over. (confidence 0.92)
              6:6     warning  no newline at the end of the file  python-style/final-newline
                      End every file with a single newline. (confidence 0.92)
                      fix: end the file with a newline

            5 findings (5 warnings) in 1 file; 6 lines checked in 1 file.

            """)
        XCTAssertFalse(text.stdout.contains("\u{1B}["), "no colour off a terminal")

        let json = try history.taste("lint", "--format", "json")
        XCTAssertEqual(json.status, 1)
        XCTAssertEqual(try places(json), Self.breaches)

        XCTAssertEqual(try history.taste("lint", "--fail-level", "error").status, 0, "warnings do not fail at --fail-level error")
        XCTAssertEqual(try places(try history.taste("lint", "--format", "json", "--min-confidence", "0.95")), [], "no rule is that confident")

        try writeFile(history.path + "/app/bad.py", Self.mended)
        let clean = try history.taste("lint")
        XCTAssertEqual(clean.status, 0, clean.stdout)
        XCTAssertEqual(clean.stdout, "No findings: 8 lines checked in 1 file.\n")
    }

    /// Colour on a terminal (a pseudo-terminal `script` opens), never with NO_COLOR set.
    func testColourOnlyOnATerminalAndNeverWithNoColor() throws {
        let history = try minedHistory()
        try writeFile(history.path + "/app/bad.py", Self.breaking)
        func onTerminal(_ environment: [String: String]) throws -> String {
            let command = "'\(history.sandbox.taste.url.path)' lint"
            var variables = ["TASTE_HOME": history.sandbox.home, "PATH": "/usr/bin:/bin", "TERM": "xterm"]
            variables.merge(environment) { $1 }
            return try runProcess("/usr/bin/script", ["-qec", command, "/dev/null"], in: history.path, environment: variables).stdout
        }
        let coloured = try onTerminal([:])
        XCTAssertTrue(coloured.contains("\u{1B}[33mwarning"), coloured)
        XCTAssertTrue(coloured.contains("\u{1B}[1mapp/bad.py\u{1B}[0m"), coloured)
        let plain = try onTerminal(["NO_COLOR": "1"])
        XCTAssertTrue(plain.contains("app/bad.py"), plain)
        XCTAssertFalse(plain.contains("\u{1B}["), plain)
    }

    func testStagedDiffAndPatchReadTheSameChange() throws {
        let history = try minedHistory()
        try writeFile(history.path + "/app/bad.py", Self.breaking)
        XCTAssertEqual(try places(try history.taste("lint", "--staged", "--format", "json")), [], "nothing staged yet")
        try history.git("add", "app/bad.py")
        XCTAssertEqual(try places(try history.taste("lint", "--staged", "--format", "json")), Self.breaches)
        // Mended in the work tree only: the index still holds the breaches, the work tree does not.
        try writeFile(history.path + "/app/bad.py", Self.mended)
        XCTAssertEqual(try places(try history.taste("lint", "--staged", "--format", "json")), Self.breaches)
        XCTAssertEqual(try places(try history.taste("lint", "--format", "json")), [])

        try writeFile(history.path + "/app/bad.py", Self.breaking)
        try history.git("add", "app/bad.py")
        try history.git("commit", "-q", "-m", "feat(app): add bad")
        XCTAssertEqual(try places(try history.taste("lint", "--diff", "HEAD^..HEAD", "--format", "json")), Self.breaches)
        XCTAssertEqual(try places(try history.taste("lint", "--diff", "HEAD^", "--format", "json")), Self.breaches)
        XCTAssertEqual(try places(try history.taste("lint", "--diff", "HEAD~2..HEAD^", "--format", "json")), [])

        let patch = history.sandbox.root.appendingPathComponent("change.patch").path
        try writeFile(patch, try history.git("diff", "HEAD^", "HEAD"))
        XCTAssertEqual(try places(try history.taste("lint", "--patch", patch, "--format", "json")), Self.breaches)
        let piped = try runProcess(
            "/bin/sh", ["-c", "exec \"$0\" lint --format json --patch - < \"$1\"", history.sandbox.taste.url.path, patch], in: history.path,
            environment: ["TASTE_HOME": history.sandbox.home, "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(try places(piped), Self.breaches, piped.stderr)

        // Paths narrow the change.
        XCTAssertEqual(try places(try history.taste("lint", "--diff", "HEAD^", "--format", "json", "app/m1.py")), [])
        XCTAssertEqual(try places(try history.taste("lint", "--diff", "HEAD^", "--format", "json", "app")), Self.breaches)

        // A line added above old breaches: only --all-lines reports them, one line further down.
        try writeFile(history.path + "/app/bad.py", "# A header.\n" + Self.breaking)
        XCTAssertEqual(try places(try history.taste("lint", "--format", "json")), [])
        XCTAssertEqual(
            try places(try history.taste("lint", "--all-lines", "--format", "json")),
            Set(Self.breaches.map { Place(path: $0.path, line: $0.line + 1, column: $0.column, rule: $0.rule) }))
    }

    func testHostilePathsReachEveryFormatIntact() throws {
        let history = try minedHistory()
        let name = "app/we ird \"q\" 'x' ü\nline.py"
        try writeFile(history.path + "/" + name, "y = 'single'\n")
        let expected: Set<Place> = [Place(path: name, line: 1, column: 5, rule: "python-style/quotes")]
        XCTAssertEqual(try places(try history.taste("lint", "--format", "json")), expected)
        try history.git("add", "-A")
        XCTAssertEqual(try places(try history.taste("lint", "--staged", "--format", "json")), expected)
        try history.git("commit", "-q", "-m", "feat(app): add a strange name")
        XCTAssertEqual(try places(try history.taste("lint", "--diff", "HEAD^", "--format", "json")), expected)

        let text = try history.taste("lint", "--diff", "HEAD^")
        XCTAssertTrue(text.stdout.hasPrefix("app/we ird \"q\" 'x' ü\\nline.py\n  1:5 "), "one line per path: \(text.stdout)")
        let github = try history.taste("lint", "--diff", "HEAD^", "--format", "github")
        XCTAssertEqual(
            github.stdout,
            "::warning file=app/we ird \"q\" 'x' ü%0Aline.py,line=1,col=5,title=taste%3A python-style/quotes::single-quoted string: "
                + "Use double quotes for strings (single where the string holds a `\"`).\n")
        let sarif = try history.taste("lint", "--diff", "HEAD^", "--format", "sarif")
        let uri = try XCTUnwrap(try sarifResults(sarif.stdout).first?.uri)
        XCTAssertEqual(uri, "app/we%20ird%20%22q%22%20%27x%27%20%C3%BC%0Aline.py")
        XCTAssertEqual(uri.removingPercentEncoding, name)
    }

    /// Help is no usage error: it exits 0, on stdout, whichever way it is asked for.
    func testHelpNamesEveryOptionAndExits0() throws {
        let sandbox = try Sandbox()
        for invocation in [["lint", "--help"], ["help", "lint"], ["lint", "-h"]] {
            let result = try sandbox.run(invocation)
            XCTAssertEqual(result.status, 0, "\(invocation): \(result.stderr)")
            XCTAssertEqual(result.stderr, "")
            for option in [
                "USAGE: taste lint", "<paths>", "--staged", "--diff <rev>", "--patch <file>", "--all-lines", "--format <format>",
                "--min-confidence <min-confidence>", "--fail-level <fail-level>", "taste-ignore", "2 usage or repository error",
            ] {
                XCTAssertTrue(result.stdout.contains(option), "\(invocation) does not mention \(option):\n\(result.stdout)")
            }
        }
    }

    func testUsageAndRepositoryErrorsExit2OnOneLine() throws {
        let history = try minedHistory()
        let notRepository = history.sandbox.root.appendingPathComponent("plain").path
        try FileManager.default.createDirectory(atPath: notRepository, withIntermediateDirectories: true)
        for (arguments, fragment) in [
            (["lint", "--repo", notRepository], "not a git repository"),
            (["lint", "--diff", "no-such-branch"], "unknown revision 'no-such-branch'"),
            (["lint", "--diff", "a...b"], "--diff takes REV or REV..REV"),
            (["lint", "--format", "xml"], "--format takes text, json, sarif, github"),
            (["lint", "--fail-level", "fatal"], "--fail-level takes error, warning or note"),
            (["lint", "--staged", "--patch", "-"], "give one"),
            (["lint", "--patch", notRepository + "/missing.patch"], "cannot read the patch file"),
            (["lint", "--no-such-flag"], "Unknown option '--no-such-flag'"),
        ] {
            let result = try history.taste(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            assertOneLineError(result, containing: fragment)
        }
        // Line numbers no file has: refused, never counted on past the largest integer.
        let huge = history.sandbox.root.appendingPathComponent("huge.patch").path
        try writeFile(huge, "+++ b/a.py\n@@ -0,0 +9223372036854775807,2 @@\n+a\n+b\n")
        let refused = try history.taste("lint", "--patch", huge)
        XCTAssertEqual(refused.status, 2, refused.stderr)
        assertOneLineError(refused, containing: "patch line 2: a hunk header")
        let unmined = try history.sandbox.initRepository("unmined")
        let result = try history.sandbox.run("lint", "--repo", unmined)
        XCTAssertEqual(result.status, 2)
        assertOneLineError(result, containing: "run 'taste mine' first")
    }

    func testStaleAndMutedRulesDoNotReport() throws {
        let history = try minedHistory()
        // Six merges indented by 2: the indentation rule goes stale; the others still hold.
        for _ in 1...6 {
            try history.merge(indent: 2)
            try history.mine()
        }
        let skills = try history.taste("skills", "--json").stdout
        XCTAssertTrue(skills.contains("\"stale\" : {"), "the indentation rule is stale")
        try writeFile(history.path + "/app/bad.py", Self.breaking)
        let found = try places(try history.taste("lint", "--format", "json"))
        XCTAssertEqual(found, Self.breaches.filter { $0.rule != "python-style/indentation" })

        XCTAssertEqual(try history.taste("mute", "python-style").status, 0)
        let muted = try history.taste("lint")
        XCTAssertEqual(muted.status, 0, muted.stdout)
        XCTAssertEqual(muted.stdout, "No findings: 6 lines checked in 1 file.\n")
    }

    /// A rule the history is split on ("Mixed: 65% of strings use double quotes") holds no line to anything,
    /// however low --min-confidence goes.
    func testMixedRulesDoNotReport() throws {
        let history = try ReviewHistory(try Sandbox())
        for number in 0..<20 {
            try history.commit("feat(app): add m\(number)", files: ["app/m\(number).py": Self.module(number, quote: number % 3 == 0 ? "'" : "\"")])
        }
        try history.mine()
        let skills = try history.taste("skills").stdout
        XCTAssertTrue(skills.contains("Mixed: "), skills)
        try writeFile(history.path + "/app/bad.py", Self.breaking)
        let found = try places(try history.taste("lint", "--format", "json", "--min-confidence", "0"))
        XCTAssertEqual(found, Self.breaches.filter { $0.rule != "python-style/quotes" })
    }

    /// swift-nio's vendored SHA-1, marked `linguist-vendored`, and generated code: not the team's to write.
    func testVendoredAndGeneratedFilesAreNotLinted() throws {
        let history = try minedHistory()
        let files = [
            ".gitattributes": "third/* linguist-vendored\n",
            "app/bad.py": Self.breaking,
            "vendor/lib/bad.py": Self.breaking,
            "third/sha1.py": Self.breaking,
            "app/bad_pb2.py": "# Generated by the protocol buffer compiler.  DO NOT EDIT!\n" + Self.breaking,
        ]
        for (path, text) in files { try writeFile(history.path + "/" + path, text) }
        XCTAssertEqual(try places(try history.taste("lint", "--format", "json")), Self.breaches)
        try history.commit("feat(app): add bad code", files: files)
        XCTAssertEqual(try places(try history.taste("lint", "--format", "json", "--diff", "HEAD~1..HEAD")), Self.breaches)
    }

    /// bat's highlighter inputs: a folder in a test tree whose files are in three languages, none named as a
    /// test. Neither mined nor linted.
    func testSamplesInATestTreeAreNeitherMinedNorLinted() throws {
        let history = try minedHistory()
        try history.commit(
            "test: add highlighting inputs",
            files: ["tests/inputs/bad.py": Self.breaking, "tests/inputs/jquery.js": "var a = 1;\n", "tests/inputs/miniz.c": "int x;\n"])
        let mined = try history.taste("mine")
        XCTAssertEqual(mined.status, 0, mined.stderr)
        XCTAssertTrue(mined.stdout.contains("Skipped files: 3 vendored or excluded."), mined.stdout)

        try writeFile(history.path + "/app/bad.py", Self.breaking)
        try writeFile(history.path + "/tests/inputs/worse.py", Self.breaking)
        XCTAssertEqual(try places(try history.taste("lint", "--format", "json")), Self.breaches)
    }

    /// swift-nio's llhttp parser: a folder with a licence of its own and no manifest, which `.gitattributes` does
    /// not name. Neither mined nor linted; a monorepo package, licence beside its manifest, is both.
    func testAFolderWithItsOwnLicenceIsVendored() throws {
        let history = try minedHistory()
        try history.commit(
            "chore: vendor the parser",
            files: [
                "LICENSE": "MIT License, the project's\n", "lib/parser/LICENSE": "Apache License 2.0, the parser's authors\n",
                "lib/parser/update_parser.sh": "#!/bin/sh\n", "lib/parser/parser.py": Self.breaking,
                "packages/web/LICENSE": "MIT License, the web package's\n", "packages/web/package.json": "{}\n",
                "packages/web/web.py": Code.pythonModule("web", indent: 4),
            ])
        let mined = try history.taste("mine")
        XCTAssertEqual(mined.status, 0, mined.stderr)
        // The parser and its update script; the package's module is read.
        XCTAssertTrue(mined.stdout.contains("Skipped files: 2 vendored or excluded."), mined.stdout)

        let files = ["app/bad.py": Self.breaking, "lib/parser/bad.py": Self.breaking, "packages/web/bad.py": Self.breaking]
        for (path, text) in files { try writeFile(history.path + "/" + path, text) }
        let inPackage = Set(Self.breaches.map { Place(path: "packages/web/bad.py", line: $0.line, column: $0.column, rule: $0.rule) })
        XCTAssertEqual(try places(try history.taste("lint", "--format", "json")), Self.breaches.union(inPackage))
        // taste fix repairs what lint reports, and leaves the other project's folder as lint does.
        let fixed = try history.taste("fix", "--dry-run")
        XCTAssertEqual(fixed.status, 1, fixed.stderr)
        XCTAssertTrue(fixed.stdout.contains("+++ b/packages/web/bad.py"), fixed.stdout)
        XCTAssertFalse(fixed.stdout.contains("lib/parser/bad.py"), fixed.stdout)
        try history.commit("feat(app): add bad code", files: files)
        XCTAssertEqual(try places(try history.taste("lint", "--format", "json", "--diff", "HEAD~1..HEAD")), Self.breaches.union(inPackage))
    }

    /// A folder whose files step by 2 in a repository that steps by 4 (swift-nio's `scripts/`, synced from
    /// another project): a new file there that steps by 2 keeps its folder's style; elsewhere it breaks the rule.
    func testANewFileKeepsItsFoldersOwnBlockStep() throws {
        let history = try minedHistory()
        func twoSpaced(_ name: String) -> String {
            (0..<2).map { "def \(name)\($0)(items):\n  for item in items:\n    if item:\n      print(item)\n  return items\n" }
                .joined(separator: "\n\n")
        }
        // Committed after mining: the rules still say 4.
        try history.commit("chore(tools): add scripts", files: ["tools/a.py": twoSpaced("a"), "tools/b.py": twoSpaced("b")])
        try history.commit("feat(tools): add c", files: ["tools/c.py": twoSpaced("c"), "app/c.py": twoSpaced("c")])
        let found = try places(try history.taste("lint", "--format", "json", "--diff", "HEAD~1..HEAD"))
        XCTAssertEqual(Set(found.map(\.path)), ["app/c.py"])
        XCTAssertEqual(found.filter { $0.rule == "python-style/indentation" }.count, 6)
        // taste fix repairs what lint reports, and leaves the folder's own step alone.
        let fixed = try history.taste("fix", "--dry-run", "--diff", "HEAD~1..HEAD")
        XCTAssertTrue(fixed.stdout.contains("+++ b/app/c.py"), fixed.stdout + fixed.stderr)
        XCTAssertFalse(fixed.stdout.contains("tools/c.py"), fixed.stdout)
    }

    func testIgnoreCommentsAndTheConfigSilenceRules() throws {
        let history = try minedHistory()
        try writeFile(
            history.path + "/app/quiet.py",
            """
            a = 'one'  # taste-ignore
            b = 'two'  # taste-ignore: python-style/indentation
            # taste-ignore: python-style/quotes
            c = 'three'
            d = 'four'  # taste-ignore: python-style
            e = 'five'

            """)
        XCTAssertEqual(
            try places(try history.taste("lint", "--format", "json")),
            [
                Place(path: "app/quiet.py", line: 2, column: 5, rule: "python-style/quotes"),
                Place(path: "app/quiet.py", line: 6, column: 5, rule: "python-style/quotes"),
            ])
        try writeFile(history.path + "/.taste.toml", "[lint.ignore]\n\"python-style/quotes\" = [\"app/q*.py\"]\n")
        XCTAssertEqual(try places(try history.taste("lint", "--format", "json", "app")), [])
        try writeFile(history.path + "/.taste.toml", "[lint.ignore]\n\"python-style/quotes\" = [\"tests/**\"]\n")
        XCTAssertEqual(try places(try history.taste("lint", "--format", "json", "app")).count, 2, "the glob does not cover app/")
    }

    func testSarifHoldsWhatCodeScanningRequires() throws {
        let history = try minedHistory()
        try writeFile(history.path + "/app/bad.py", Self.breaking)
        let sarif = try history.taste("lint", "--format", "sarif")
        XCTAssertEqual(sarif.status, 1)
        let results = try sarifResults(sarif.stdout)
        XCTAssertEqual(
            Set(results.map { Place(path: $0.uri.removingPercentEncoding ?? $0.uri, line: $0.line, column: $0.column, rule: $0.rule) }), Self.breaches
        )
    }

    /// An agent checks its own diff before proposing it: `lint_patch` answers what `taste lint --patch` prints.
    func testTheMCPToolLintsAnAgentsPatch() throws {
        let history = try minedHistory()
        try writeFile(history.path + "/app/bad.py", Self.breaking)
        try history.git("add", "-N", "app/bad.py")
        let patch = try history.git("diff")
        try FileManager.default.removeItem(atPath: history.path + "/app/bad.py")
        let patchFile = history.sandbox.root.appendingPathComponent("agent.patch").path
        try writeFile(patchFile, patch)

        let client = try MCPClient(sandbox: history.sandbox, arguments: ["mcp", "--repo", history.path])
        let result = try client.result("tools/call", ["name": "lint_patch", "arguments": ["patch": patch]])
        XCTAssertEqual(result["isError"] as? Bool, false, "\(result)")
        let text = (result["content"] as? [[String: Any]])?.first?["text"] as? String
        XCTAssertEqual(text, try history.taste("lint", "--patch", patchFile).stdout)
        let structured = try XCTUnwrap(result["structuredContent"] as? [String: Any])
        let cli = try JSONSerialization.jsonObject(with: Data(try history.taste("lint", "--patch", patchFile, "--format", "json").stdout.utf8))
        XCTAssertEqual(structured as NSDictionary, cli as? NSDictionary)
        XCTAssertEqual((structured["findings"] as? [Any])?.count, Self.breaches.count)

        let strict = try client.callTool("lint_patch", ["patch": patch, "min_confidence": 0.95])
        XCTAssertEqual(strict.text, "No findings: 6 lines checked in 1 file.\n")
        let bad = try client.request("tools/call", ["name": "lint_patch", "arguments": ["patch": patch, "min_confidence": "high"]])
        XCTAssertEqual((bad["error"] as? [String: Any])?["code"] as? Int, -32602)
        XCTAssertEqual(try client.close(), 0)
    }

    /// `taste install --lint`: a pre-commit hook that stops a commit with findings, chains the hook already
    /// there, and leaves with `taste uninstall`.
    func testThePreCommitHookStopsACommitWithFindings() throws {
        let history = try minedHistory()
        let hook = history.path + "/.git/hooks/pre-commit"
        try writeFile(hook, "#!/bin/sh\necho foreign hook ran\n")
        chmod(hook, 0o755)
        let installed = try history.taste("install", "--lint")
        XCTAssertEqual(installed.status, 0, installed.stderr)
        XCTAssertTrue(installed.stdout.contains("pre-commit: chained\n"), installed.stdout)
        XCTAssertEqual(try history.taste("install", "--lint", "--server").status, 64, "a server has no commits to lint")

        /// `git commit` with the sandbox's store, as the person's shell would have it.
        func commit(_ message: String) throws -> ProcessResult {
            var environment = ProcessInfo.processInfo.environment
            environment["TASTE_HOME"] = history.sandbox.home
            environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
            environment["GIT_CONFIG_NOSYSTEM"] = "1"
            return try runProcess(
                "/usr/bin/env", ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", message], in: history.path,
                environment: environment)
        }
        try writeFile(history.path + "/app/bad.py", Self.breaking)
        try history.git("add", "app/bad.py")
        let refused = try commit("feat(app): add bad")
        XCTAssertNotEqual(refused.status, 0, "findings stop the commit")
        XCTAssertTrue(refused.stderr.hasPrefix("foreign hook ran\napp/bad.py\n"), refused.stderr)  // git sends a hook's output to stderr
        XCTAssertTrue(refused.stderr.hasSuffix("5 findings (5 warnings) in 1 file; 6 lines checked in 1 file.\n"), refused.stderr)

        try writeFile(history.path + "/app/bad.py", Self.mended)
        try history.git("add", "app/bad.py")
        let accepted = try commit("feat(app): add bad")
        XCTAssertEqual(accepted.status, 0, accepted.stdout + accepted.stderr)

        let removed = try history.taste("uninstall")
        XCTAssertTrue(removed.stdout.contains("pre-commit: restored"), removed.stdout)
        XCTAssertEqual(fileText(hook), "#!/bin/sh\necho foreign hook ran\n")
    }

    /// Checks the SARIF 2.1.0 properties code-scanning tools require (the schema's `required` lists and the
    /// types they rest on), and returns each result's rule, place and level.
    private func sarifResults(
        _ text: String, file: StaticString = #filePath, line: UInt = #line
    ) throws -> [(rule: String, uri: String, line: Int, column: Int)] {
        let log = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
        XCTAssertEqual(log["version"] as? String, "2.1.0", file: file, line: line)
        XCTAssertEqual(log["$schema"] as? String, "https://json.schemastore.org/sarif-2.1.0.json", file: file, line: line)
        let runs = try XCTUnwrap(log["runs"] as? [[String: Any]], file: file, line: line)
        XCTAssertEqual(runs.count, 1, file: file, line: line)
        let run = runs[0]
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any], file: file, line: line)
        XCTAssertEqual(driver["name"] as? String, "taste", file: file, line: line)
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]], file: file, line: line)
        for rule in rules {
            XCTAssertNotNil(rule["id"] as? String, file: file, line: line)
            XCTAssertNotNil((rule["shortDescription"] as? [String: Any])?["text"] as? String, file: file, line: line)
        }
        XCTAssertEqual(run["columnKind"] as? String, "unicodeCodePoints", file: file, line: line)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]], file: file, line: line)
        return try results.map { result in
            let rule = try XCTUnwrap(result["ruleId"] as? String, file: file, line: line)
            let index = try XCTUnwrap(result["ruleIndex"] as? Int, file: file, line: line)
            XCTAssertEqual(rules[index]["id"] as? String, rule, "ruleIndex points at its rule", file: file, line: line)
            XCTAssertTrue(["none", "note", "warning", "error"].contains(result["level"] as? String ?? ""), file: file, line: line)
            XCTAssertNotNil((result["message"] as? [String: Any])?["text"] as? String, file: file, line: line)
            let locations = try XCTUnwrap(result["locations"] as? [[String: Any]], file: file, line: line)
            let physical = try XCTUnwrap(locations.first?["physicalLocation"] as? [String: Any], file: file, line: line)
            let artifact = try XCTUnwrap(physical["artifactLocation"] as? [String: Any], file: file, line: line)
            let uri = try XCTUnwrap(artifact["uri"] as? String, file: file, line: line)
            XCTAssertNotNil(URL(string: uri), "a valid URI reference: \(uri)", file: file, line: line)
            let region = try XCTUnwrap(physical["region"] as? [String: Any], file: file, line: line)
            let startLine = try XCTUnwrap(region["startLine"] as? Int, file: file, line: line)
            let startColumn = try XCTUnwrap(region["startColumn"] as? Int, file: file, line: line)
            XCTAssertGreaterThanOrEqual(startLine, 1, file: file, line: line)
            XCTAssertGreaterThanOrEqual(startColumn, 1, file: file, line: line)
            return (rule, uri, startLine, startColumn)
        }
    }
}
