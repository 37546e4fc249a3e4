import Foundation
import TasteTestSupport
import XCTest

/// Real repositories that change a convention halfway, mined by the real binary: the rule states the new value
/// with the switch commit cited; and a steady repository whose recent diffs are small is never flagged stale.
final class ConventionSwitchTests: XCTestCase {
    static let start: Int64 = 1_600_000_000
    static let day: Int64 = 86_400

    /// A Python module whose strings use `quote`.
    static func module(_ index: Int, quote: String) -> String {
        (0..<4).map { function in
            "def f\(index)_\(function)(x):\n    name = \(quote)value \(index) \(function)\(quote)\n    return \(quote)%s\(quote) % (name, x)\n"
        }.joined(separator: "\n\n") + "\n"
    }

    func testAFormatterThatMovedQuotesHalfwayIsStatedAsTheNewQuotesSinceTheSwitch() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.initRepository("quotes")
        for index in 0..<20 {
            try sandbox.commit(
                "Add module \(index)", files: ["app/m\(index).py": Self.module(index, quote: "'")], in: repo,
                date: Self.start + Int64(index) * Self.day)
        }
        var switchCommit = ""
        for index in 20..<32 {
            try sandbox.commit(
                "Add module \(index)", files: ["app/m\(index).py": Self.module(index, quote: "\"")], in: repo,
                date: Self.start + Int64(index) * Self.day)
            if index == 20 { switchCommit = try sandbox.head(of: repo) }
        }
        let mined = try sandbox.run("mine", "--repo", repo)
        XCTAssertEqual(mined.status, 0, mined.stderr)

        let rule = try XCTUnwrap(try sandbox.rulesByID(of: repo)["python-style/quotes"])
        XCTAssertEqual((rule["facts"] as? [String: Any])?["quote_style"] as? String, "double")
        XCTAssertNil(rule["stale"])
        let since = try XCTUnwrap(rule["since"] as? [String: Any], "\(rule)")
        XCTAssertEqual(since["commit"] as? String, switchCommit)
        XCTAssertEqual(since["month"] as? String, "2020-10")
        XCTAssertEqual((since["before"] as? [String: Any])?["quote_style"] as? String, "single")
        let statement = try XCTUnwrap(rule["statement"] as? String)
        XCTAssertTrue(
            statement.hasSuffix("Since 2020-10 (`\(switchCommit.prefix(10))`); before that the code kept `quote_style: single`."), statement)
    }

    func testAdoptingConventionalCommitsHalfwayIsStatedAsConventionalSinceTheSwitch() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.initRepository("commits")
        for index in 0..<20 {
            try sandbox.commit(
                "Add module \(index) to the app", files: ["app/m\(index).py": Self.module(index, quote: "'")], in: repo,
                date: Self.start + Int64(index) * Self.day)
        }
        var switchCommit = ""
        for index in 20..<32 {
            let message = index.isMultiple(of: 3) ? "fix(app): handle module \(index)" : "feat: add module \(index)"
            try sandbox.commit(
                message, files: ["app/m\(index).py": Self.module(index, quote: "'")], in: repo, date: Self.start + Int64(index) * Self.day)
            if index == 20 { switchCommit = try sandbox.head(of: repo) }
        }
        let mined = try sandbox.run("mine", "--repo", repo)
        XCTAssertEqual(mined.status, 0, mined.stderr)

        let rule = try XCTUnwrap(try sandbox.rulesByID(of: repo)["commits/message"])
        XCTAssertEqual((rule["facts"] as? [String: Any])?["commit_convention"] as? String, "conventional")
        XCTAssertNil(rule["stale"])
        let since = try XCTUnwrap(rule["since"] as? [String: Any], "\(rule)")
        XCTAssertEqual(since["commit"] as? String, switchCommit)
        XCTAssertEqual((since["before"] as? [String: Any])?["commit_convention"] as? String, "free-form")

        let shown = try sandbox.run("skills", "--repo", repo)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("before that the code kept `commit_convention: free-form`"), shown.stdout)
    }

    /// Two blank lines between top-level definitions, then months of small edits inside functions, which never
    /// hold two blank lines in a row: nothing contradicts "at most two", so the rule is never stale.
    func testASteadyRepositoryWithSmallDiffsIsNeverStaleForMaxBlankLines() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.initRepository("steady")
        for index in 0..<20 {
            try sandbox.commit(
                "Add module \(index)", files: ["app/m\(index).py": Self.module(index, quote: "'")], in: repo,
                date: Self.start + Int64(index) * Self.day)
        }
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        let first = try XCTUnwrap(try sandbox.rulesByID(of: repo)["python-style/blank-lines"])
        XCTAssertEqual((first["facts"] as? [String: Any])?["max_blank_lines"] as? Int, 2)

        for edit in 0..<20 {
            let index = edit % 20
            // One function of module `index` grows a few lines, single blank lines among them: enough runs of one
            // blank line for the latest merges alone to state a rule (at most one), which contradicts nothing.
            var text = Self.module(index, quote: "'")
            text = text.replacingOccurrences(
                of: "    return '%s' % (name, x)\n",
                with: "    size = len(name) + \(edit)\n\n    name = name[:size]\n\n    name = name.strip()\n\n    x = x or name\n"
                    + "    return '%s' % (name, x)\n",
                options: [], range: text.range(of: "    return '%s' % (name, x)\n"))
            try sandbox.commit(
                "Trim names in module \(index)", files: ["app/m\(index).py": text], in: repo,
                date: Self.start + Int64(20 + edit) * 3 * Self.day)
            let mined = try sandbox.run("mine", "--repo", repo)
            XCTAssertEqual(mined.status, 0, mined.stderr)
            let rule = try XCTUnwrap(try sandbox.rulesByID(of: repo)["python-style/blank-lines"], "after edit \(edit)")
            XCTAssertNil(rule["stale"], "after edit \(edit): \(rule["stale"] ?? "")")
            XCTAssertEqual((rule["facts"] as? [String: Any])?["max_blank_lines"] as? Int, 2, "after edit \(edit)")
        }
    }
}
