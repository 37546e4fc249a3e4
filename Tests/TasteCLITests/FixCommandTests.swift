import Foundation
import TasteTestSupport
import XCTest

/// `taste fix` on a real repository mined by the real `taste`: a Python history (4-space indents, double
/// quotes, LF, no trailing whitespace, a final newline), then changes that break those rules, repaired in the
/// work tree, the index, commits and a patch, with `git apply` taking every diff it prints.
final class FixCommandTests: XCTestCase {
    /// Breaks five mechanical rules; every break has a repair.
    static let breaking = "def bad(items):\n\treturn items\nx = 1   \ny = 'single'\nw = 2"
    static let repaired = "def bad(items):\n    return items\nx = 1\ny = \"single\"\nw = 2\n"

    private func minedHistory() throws -> ReviewHistory {
        let history = try ReviewHistory(try Sandbox())
        for number in 0..<20 {
            try history.commit("feat(app): add m\(number)", files: ["app/m\(number).py": LintCommandTests.module(number)])
        }
        try history.mine()
        return history
    }

    private func findings(_ history: ReviewHistory, _ arguments: String...) throws -> [[String: Any]] {
        let result = try history.taste(["lint", "--format", "json"] + arguments)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stderr)
        return try XCTUnwrap(document["findings"] as? [[String: Any]])
    }

    func testDryRunDiffAppliesAndTheFixWritesTheSameLeavingAReadOnlyFileAlone() throws {
        let history = try minedHistory()
        let hostile = "app/we ird $HOME.py"
        let files = [hostile: Self.breaking, "app/crlf.py": "a = 'x'\r\nb = 1  \r\n", "app/ro.py": "z = 'ro'\n"]
        for (path, text) in files { try writeFile(history.path + "/" + path, text) }

        let dry = try history.taste("fix", "--dry-run")
        XCTAssertEqual(dry.status, 1, "something to fix: \(dry.stderr)")
        XCTAssertTrue(dry.stdout.contains("diff --git a/app/we ird $HOME.py b/app/we ird $HOME.py\n"), dry.stdout)
        XCTAssertTrue(dry.stderr.hasSuffix("Would fix 7 lines in 3 files.\n"), dry.stderr)
        XCTAssertEqual(fileText(history.path + "/" + hostile), Self.breaking, "a dry run changes nothing")
        let diff = history.sandbox.root.appendingPathComponent("fix.diff").path
        try writeFile(diff, dry.stdout)
        try history.git("apply", "--check", diff)
        try history.git("apply", diff)
        let applied = try files.keys.reduce(into: [String: String]()) { $0[$1] = fileText(history.path + "/" + $1) }
        XCTAssertEqual(applied[hostile], Self.repaired)
        XCTAssertEqual(applied["app/crlf.py"], "a = \"x\"\nb = 1\n", "the repository's LF, no trailing spaces")

        // The same repair written by `taste fix`; the read-only file is named and left as it was.
        for (path, text) in files { try writeFile(history.path + "/" + path, text) }
        XCTAssertEqual(chmod(history.path + "/app/ro.py", 0o444), 0)
        XCTAssertEqual(chmod(history.path + "/" + hostile, 0o755), 0)
        let fixed = try history.taste("fix")
        XCTAssertEqual(fixed.status, 2)
        XCTAssertEqual(fixed.stderr, "taste: not written: app/ro.py: the file is read-only\n")
        XCTAssertTrue(fixed.stdout.contains("app/we ird $HOME.py\n  2     indentation 1 tab → 4 spaces  python-style/indentation\n"), fixed.stdout)
        XCTAssertEqual(fileText(history.path + "/" + hostile), applied[hostile])
        XCTAssertEqual(fileText(history.path + "/app/crlf.py"), applied["app/crlf.py"])
        XCTAssertEqual(fileText(history.path + "/app/ro.py"), "z = 'ro'\n")
        XCTAssertEqual(try fileMode(history.path + "/" + hostile), 0o755, "permissions kept")
        XCTAssertEqual(try fileMode(history.path + "/app/ro.py"), 0o444)
        XCTAssertEqual(try findings(history, hostile, "app/crlf.py").count, 0, "fixing then linting finds nothing")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: history.path + "/app").filter { $0.contains("taste-fix") }
        XCTAssertEqual(leftovers, [], "no temporary file left behind")

        XCTAssertEqual(chmod(history.path + "/app/ro.py", 0o644), 0)
        XCTAssertEqual(try history.taste("fix").status, 0)
        let clean = try history.taste("fix", "--dry-run")
        XCTAssertEqual(clean.status, 0, "nothing left to fix")
        XCTAssertEqual(clean.stdout, "")
        XCTAssertEqual(clean.stderr, "Nothing to fix in 3 files.\n")
    }

    /// A module that keeps its imports sorted in groups and ends every multi-line literal with a comma.
    static func commaModule(_ number: Int) -> String {
        """
        \"\"\"Module c\(number).\"\"\"

        import json
        import os

        import requests

        SETTINGS_\(number) = {
            "name": "c\(number)",
            "port": \(8000 + number),
        }
        PORTS_\(number) = [
            80,
            443,
        ]

        """
    }

    func testTrailingCommasAndImportOrderReportedThenRepaired() throws {
        let history = try ReviewHistory(try Sandbox())
        for number in 0..<20 { try history.commit("feat(app): add c\(number)", files: ["app/c\(number).py": Self.commaModule(number)]) }
        try history.mine()
        let breaking = "import sys\nimport os  # paths\nimport json\n\nimport requests\n\nSETTINGS = {\n    \"name\": \"new\",\n    \"port\": 1\n}\n"
        try writeFile(history.path + "/app/new.py", breaking)

        let found = try findings(history)
        XCTAssertEqual(
            found.map { "\($0["line"] ?? ""):\($0["rule"] ?? "")" }.sorted(), ["1:python-style/imports", "9:python-style/trailing-commas"],
            "\(found)")
        let dry = try history.taste("fix", "--dry-run")
        XCTAssertEqual(dry.status, 1, dry.stderr)
        // The import moves as a whole line, its comment with it; the diff applies where `taste fix` writes the same.
        let diff = [
            "diff --git a/app/new.py b/app/new.py", "--- a/app/new.py", "+++ b/app/new.py", "@@ -1,10 +1,10 @@", "-import sys", "+import json",
            " import os  # paths", "-import json", "+import sys", " ", " import requests", " ", " SETTINGS = {", "     \"name\": \"new\",",
            "-    \"port\": 1", "+    \"port\": 1,", " }", "",
        ]
        XCTAssertEqual(dry.stdout, diff.joined(separator: "\n"))
        try writeFile(history.sandbox.root.appendingPathComponent("fix.diff").path, dry.stdout)
        try history.git("apply", "--check", history.sandbox.root.appendingPathComponent("fix.diff").path)
        let fixed = try history.taste("fix")
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertEqual(
            fileText(history.path + "/app/new.py"),
            "import json\nimport os  # paths\nimport sys\n\nimport requests\n\nSETTINGS = {\n    \"name\": \"new\",\n    \"port\": 1,\n}\n")
        XCTAssertEqual(try findings(history).count, 0, "fixing then linting finds nothing")
    }

    func testStagedFixesTheWorkTreeOnlyWhereItMatchesTheIndex() throws {
        let history = try minedHistory()
        try writeFile(history.path + "/app/staged.py", Self.breaking)
        try writeFile(history.path + "/app/edited.py", Self.breaking)
        try history.git("add", "app/staged.py", "app/edited.py")
        try writeFile(history.path + "/app/edited.py", Self.breaking + "\nv = 'unstaged'\n")

        let result = try history.taste("fix", "--staged")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stdout.contains("left alone: app/edited.py (the work tree differs from the index: stage or stash its changes first)"),
            result.stdout)
        XCTAssertEqual(result.stderr, "Fixed in the work tree only; the index still holds the old lines: git add app/staged.py\n")
        XCTAssertEqual(fileText(history.path + "/app/staged.py"), Self.repaired)
        XCTAssertEqual(try history.git("show", ":app/staged.py"), Self.breaking, "the index is the user's to update")
        XCTAssertEqual(fileText(history.path + "/app/edited.py"), Self.breaking + "\nv = 'unstaged'\n")
    }

    func testPatchAndDiffInputs() throws {
        let history = try minedHistory()
        try writeFile(history.path + "/app/bad.py", Self.breaking)
        try history.git("add", "app/bad.py")
        try history.git("commit", "-q", "-m", "feat(app): add bad")
        let patch = history.sandbox.root.appendingPathComponent("change.patch").path
        try writeFile(patch, try history.git("diff", "HEAD^", "HEAD"))

        // The repaired patch applies where the original did, and adds the repaired file.
        let repaired = try history.taste("fix", "--patch", patch)
        XCTAssertEqual(repaired.status, 0, repaired.stderr)
        XCTAssertTrue(repaired.stdout.contains("+    return items\n"), repaired.stdout)
        XCTAssertFalse(repaired.stdout.contains("No newline"), "the final newline was added")
        let repairedPatch = history.sandbox.root.appendingPathComponent("repaired.patch").path
        try writeFile(repairedPatch, repaired.stdout)
        try history.git("checkout", "-q", "HEAD^")
        try history.git("apply", repairedPatch)
        XCTAssertEqual(fileText(history.path + "/app/bad.py"), Self.repaired)
        try FileManager.default.removeItem(atPath: history.path + "/app/bad.py")
        try history.git("checkout", "-q", "main")

        let json = try history.taste("fix", "--patch", patch, "--format", "json")
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["patch"] as? String, repaired.stdout)
        let rules = try XCTUnwrap(document["changes"] as? [[String: Any]]).compactMap { $0["rule"] as? String }
        XCTAssertEqual(
            Set(rules),
            ["python-style/indentation", "python-style/trailing-whitespace", "python-style/quotes", "python-style/final-newline"])

        // --diff fixes the work tree, which holds the commit's file.
        XCTAssertEqual(try history.taste("fix", "--diff", "HEAD^").status, 0)
        XCTAssertEqual(fileText(history.path + "/app/bad.py"), Self.repaired)
    }

    func testFilesTasteCannotReadWithConfidenceAreLeftAlone() throws {
        let history = try minedHistory()
        let invalid = Data("x = 'caf".utf8) + Data([0xE9]) + Data("'\ny = 'two'\n".utf8)
        FileManager.default.createFile(atPath: history.path + "/app/latin1.py", contents: invalid)
        try writeFile(history.path + "/app/gen.py", "# Code generated by protoc. DO NOT EDIT.\nz = 'gen'\n")
        try writeFile(history.path + "/app/ok.py", "w = 'ok'\n")
        let result = try history.taste("fix")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("left alone: app/latin1.py (not valid UTF-8)\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("left alone: app/gen.py (generated)\n"), result.stdout)
        XCTAssertEqual(FileManager.default.contents(atPath: history.path + "/app/latin1.py"), invalid, "byte for byte")
        XCTAssertEqual(fileText(history.path + "/app/gen.py"), "# Code generated by protoc. DO NOT EDIT.\nz = 'gen'\n")
        XCTAssertEqual(fileText(history.path + "/app/ok.py"), "w = \"ok\"\n")
    }

    func testUsageErrorsExitTwoOnOneLine() throws {
        let history = try minedHistory()
        let format = try history.taste("fix", "--format", "sarif")
        XCTAssertEqual(format.status, 2)
        assertOneLineError(format, containing: "--format takes text or json")
        let both = try history.taste("fix", "--staged", "--diff", "HEAD")
        XCTAssertEqual(both.status, 2)
        assertOneLineError(both, containing: "give one")
        let unknown = try history.taste("fix", "--no-such-flag")
        XCTAssertEqual(unknown.status, 2)
        let revision = try history.taste("fix", "--diff", "nope")
        XCTAssertEqual(revision.status, 2)
        assertOneLineError(revision, containing: "nope")
    }
}
