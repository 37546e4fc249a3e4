import Foundation
import XCTest

/// `taste diff`, `taste log` and `taste show SKILL@N` through a real change of convention: 20 commits of
/// 4-space Python, then 2-space merges one at a time, mined by the real binary after each. Output is piped,
/// so plain (no colour), and checked line by line; shas and dates come from the repository and the clock.
final class ReviewCommandTests: XCTestCase {
    static let staleReason = "The last 10 merges that touch this mostly keep indent_size 2 (60% of them), where the rule says indent_size 4."
    /// As the summary shows them: the skill's statements joined, cut to 160 characters.
    static let pythonStatements = String(
        ("Indent with 4 spaces, never tabs. End every file with a single newline. Leave no trailing whitespace. "
            + "Use LF line endings, never CRLF. Don't end statements with a semicolon: a line break ends them. "
            + "Put two blank lines before a top-level `def` or `class`, one between other blocks; never more. "
            + "Public API is mostly undocumented (0% of public module-level functions and classes added have one); add a docstring where behaviour is not obvious.")
            .prefix(160))
    /// The summary's first 160 characters of the commits skill.
    static let commitsStatement = String(
        ("Write commit subjects as Conventional Commits, `type(scope): description`, with types `feat` and scopes such as `app`."
            + " Start the subject with a verb in the imperative: `Add …`, `Fix …`, not `Added …` or `Fixes …`.").prefix(160))
    static let markHint = "Mark this state as reviewed with: taste diff --mark"

    /// The history up to the first mining (20 commits of 4-space Python), mined once.
    private func fourSpaceHistory() throws -> (ReviewHistory, firstHead: String) {
        let history = try ReviewHistory(try Sandbox())
        for _ in 0..<20 { try history.commit() }
        try history.mine()
        return (history, try history.revParse("HEAD"))
    }

    /// Six 2-space merges, mined one by one: python-style is stale from the 6th on. Returns the merges.
    private func switchToTwoSpaces(_ history: ReviewHistory) throws -> [String] {
        var merges: [String] = []
        for _ in 1...6 {
            merges.append(try history.merge(indent: 2))
            try history.mine()
        }
        return merges
    }

    // MARK: taste diff since the last review

    func testDiffBeforeAnyReviewAfterMarkAndAfterTheSwitchThenActiveAgainAndTheLog() throws {
        let (history, first) = try fourSpaceHistory()
        let first7 = String(first.prefix(7)), today = ReviewHistory.today()
        XCTAssertEqual(try history.taste("export").status, 0)
        let exportedAtFirst = try XCTUnwrap(history.exported("python-style"))

        // 1. No review yet: every skill is new, its diff adds the whole Markdown.
        let initial = try history.taste("diff")
        XCTAssertEqual(initial.status, 0, initial.stderr)
        XCTAssertEqual(initial.stderr, "")
        let firstReview = try sections(initial.stdout)
        XCTAssertEqual(firstReview.heading, "Skills changed since the first mining (no review yet)")
        XCTAssertEqual(
            firstReview.summary,
            [
                "  + commits            v1           new: \(Self.commitsStatement)",
                "  + python-style       v1           new: \(Self.pythonStatements)",
            ])
        XCTAssertEqual(firstReview.diffs.count, 2)
        for (diff, skill) in zip(firstReview.diffs, ["commits", "python-style"]) {
            let markdown = try show(history, "\(skill)@1")
            let body = UnifiedDiff.lines(markdown)
            XCTAssertEqual(
                diff, ["--- /dev/null", "+++ \(skill)@1 (\(first7))", "@@ -0,0 +1,\(body.count) @@"] + body.map { "+" + $0 },
                "a new skill's diff adds each of its lines, as diff -u prints a new file")
        }
        XCTAssertEqual(firstReview.tail, Self.markHint)

        // 2. Marked: nothing new since.
        let mark = try history.taste("diff", "--mark", "--stat")
        XCTAssertEqual(
            mark.stdout,
            """
            Skills changed since the first mining (no review yet)

              + commits            v1           new: \(Self.commitsStatement)
              + python-style       v1           new: \(Self.pythonStatements)
            Marked as reviewed.

            """, "--mark prints what it marks, then says so")
        XCTAssertEqual(try history.taste("diff").stdout, "Skills changed since the review of \(today): none.\n")

        // 3. The switch: on the 6th 2-space merge python-style is newly stale.
        let merges = try switchToTwoSpaces(history)
        let m6 = merges[5], m5 = merges[4], m4 = merges[3]
        let switched = try history.taste("diff")
        XCTAssertEqual(switched.status, 0, switched.stderr)
        let review = try sections(switched.stdout)
        XCTAssertEqual(review.heading, "Skills changed since the review of \(today)")
        XCTAssertEqual(review.summary, ["  ! python-style       stale        stale: indentation (\(Self.staleReason))"])
        XCTAssertEqual(review.tail, Self.markHint)
        XCTAssertEqual(review.diffs.count, 1)
        let v1 = try show(history, "python-style@1"), v2 = try show(history, "python-style@2")
        let diff = try XCTUnwrap(review.diffs.first)
        XCTAssertNoThrow(
            XCTAssertEqual(
                try UnifiedDiff.apply(
                    diff, to: v1, oldLabel: "python-style@1 (\(first7))",
                    newLabel: "python-style@2 (\(m6.prefix(7)))"),
                UnifiedDiff.lines(v2), "the diff turns version 1 into version 2"))
        let oldIndent = try XCTUnwrap(UnifiedDiff.lines(v1).first { $0.hasPrefix("- Indent with 4 spaces") })
        let newIndent = try XCTUnwrap(UnifiedDiff.lines(v2).first { $0.hasPrefix("- ⚠ Indent with 4 spaces, never tabs. (") })
        for line in [
            "-  version: \"1\"", "+  version: \"2\"",
            "-  mined-through: \"\(first)\"", "+  mined-through: \"\(m6)\"",
            "+> ⚠ Stale: the latest merges contradict the rules marked ⚠ below. Follow what the latest merges do, and tell a person that this skill needs review.",
            "-" + oldIndent, "+" + newIndent,
            "+  - Stale: \(Self.staleReason) See `\(m6.prefix(10)) app/m25.py:2`, `\(m5.prefix(10)) app/m24.py:2`, `\(m4.prefix(10)) app/m23.py:2`.",
        ] {
            XCTAssertTrue(diff.contains(line), "the diff holds \(line)\n\(diff.joined(separator: "\n"))")
        }

        // --stat: the same without the Markdown.
        XCTAssertEqual(
            try history.taste("diff", "--stat").stdout,
            """
            Skills changed since the review of \(today)

              ! python-style       stale        stale: indentation (\(Self.staleReason))

            \(Self.markHint)

            """)

        // 4. Reviewed while stale; two years on, the new convention holds the weighted history too.
        XCTAssertEqual(try history.taste("diff", "--mark").status, 0)
        history.clock += 2 * 365 * 86_400
        var back: String?
        for _ in 1...8 where back == nil {
            let merge = try history.merge(indent: 2)
            try history.mine()
            if try history.taste("log", "python-style").stdout.hasPrefix("python-style@3 ") { back = merge }
        }
        let m = try XCTUnwrap(back, "python-style gets a third version within 8 merges two years on")
        XCTAssertEqual(
            try history.taste("diff", "--stat").stdout,
            """
            Skills changed since the review of \(today)

              ~ python-style       active again indentation: indent_size 4 → 2; indentation active again

            \(Self.markHint)

            """)

        // taste log: newest first, one line each.
        let log = try history.taste("log", "python-style")
        XCTAssertEqual(log.status, 0, log.stderr)
        XCTAssertEqual(
            log.stdout,
            """
            python-style@3  \(today)  \(m.prefix(10))  active   taste  indentation: indent_size 4 → 2; indentation active again
            python-style@2  \(today)  \(m6.prefix(10))  stale    taste  stale: indentation (\(Self.staleReason))
            python-style@1  \(today)  \(first.prefix(10))  active   taste  first version

            """)
        XCTAssertEqual(try history.taste("log", "commits").stdout, "commits@1  \(today)  \(first.prefix(10))  active   taste  first version\n")

        // taste show SKILL@N: the Markdown agents read then, byte for byte what export wrote then.
        XCTAssertEqual(try show(history, "python-style@1"), exportedAtFirst)
        let v3 = try show(history, "python-style@3")
        XCTAssertTrue(v3.contains("\n- Indent with 2 spaces, never tabs. Since "), v3)
        XCTAssertFalse(v3.contains("⚠"), v3)
        XCTAssertEqual(
            try show(history, "python-style"), v3,
            "the current skill is its last version")
        let missing = try history.taste("show", "python-style@99")
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stdout, "")
        XCTAssertEqual(missing.stderr, "taste: python-style has versions 1, 2, 3 only\n")
        let unknown = try history.taste("log", "nosuch")
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderr, "taste: no skill named 'nosuch': 'taste skills' lists them\n")
    }

    // MARK: taste diff between versions, revisions and dates

    func testDiffBetweenTwoVersionsTwoRevisionsAndSinceADate() throws {
        let (history, first) = try fourSpaceHistory()
        let merges = try switchToTwoSpaces(history)
        let m6 = merges[5], first7 = String(first.prefix(7))
        let summary = "  ! python-style       stale        stale: indentation (\(Self.staleReason))"
        let v1 = try show(history, "python-style@1"), v2 = try show(history, "python-style@2")

        // SKILL@1 SKILL@2
        let versions = try history.taste("diff", "python-style@1", "python-style@2")
        XCTAssertEqual(versions.status, 0, versions.stderr)
        let byVersion = try sections(versions.stdout)
        XCTAssertEqual(byVersion.heading, "python-style@1 → python-style@2")
        XCTAssertEqual(byVersion.summary, [summary])
        XCTAssertEqual(byVersion.diffs.count, 1)
        XCTAssertNoThrow(
            XCTAssertEqual(
                try UnifiedDiff.apply(
                    byVersion.diffs[0], to: v1, oldLabel: "python-style@1 (\(first7))",
                    newLabel: "python-style@2 (\(m6.prefix(7)))"), UnifiedDiff.lines(v2)))
        XCTAssertEqual(byVersion.tail, Self.markHint)
        let backwards = try sections(try history.taste("diff", "python-style@2", "python-style@1").stdout)
        XCTAssertEqual(backwards.heading, "python-style@2 → python-style@1")
        XCTAssertNoThrow(
            XCTAssertEqual(
                try UnifiedDiff.apply(
                    backwards.diffs[0], to: v2, oldLabel: "python-style@2 (\(m6.prefix(7)))",
                    newLabel: "python-style@1 (\(first7))"), UnifiedDiff.lines(v1)))

        // REV1 REV2: the skills as mined up to two commits, the same change.
        let revisions = try history.taste("diff", first, "HEAD")
        XCTAssertEqual(revisions.status, 0, revisions.stderr)
        let byRevision = try sections(revisions.stdout)
        XCTAssertEqual(byRevision.heading, "Skills as mined up to \(first7) and \(m6.prefix(7))")
        XCTAssertEqual(byRevision.summary, [summary])
        XCTAssertEqual(byRevision.diffs, byVersion.diffs)
        XCTAssertEqual(
            try history.taste("diff", "--stat", first, merges[4]).stdout,
            "Skills as mined up to \(first7) and \(merges[4].prefix(7)): none.\n",
            "up to the 5th merge nothing had changed")
        XCTAssertEqual(
            try history.taste("diff", "--stat", String(first.prefix(10)), "main").stdout,
            """
            Skills as mined up to \(first7) and \(m6.prefix(7))

            \(summary)

            \(Self.markHint)

            """, "revisions are anything git resolves")

        // --json
        let json = try history.taste("diff", "--json")
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["heading", "changes"])
        XCTAssertEqual(object["heading"] as? String, "Skills changed since the first mining (no review yet)")
        let changes = try XCTUnwrap(object["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.count, 2)
        XCTAssertEqual(changes.map { $0["skill"] as? String }, ["commits", "python-style"])
        XCTAssertEqual(changes.map { $0["change"] as? String }, ["added", "added"])
        XCTAssertEqual(changes.map { $0["from"] is NSNull }, [true, true])
        XCTAssertEqual(changes.map { $0["to"] as? Int }, [1, 2])
        XCTAssertEqual(changes.map { $0["summary"] as? String }, ["new: \(Self.commitsStatement)", "new: \(Self.pythonStatements)"])
        let versionsJSON = try XCTUnwrap(
            try JSONSerialization.jsonObject(
                with: Data(try history.taste("diff", "--json", "python-style@1", "python-style@2").stdout.utf8)) as? [String: Any])
        XCTAssertEqual(versionsJSON["heading"] as? String, "python-style@1 → python-style@2")
        let change = try XCTUnwrap((versionsJSON["changes"] as? [[String: Any]])?.first)
        XCTAssertEqual(change["skill"] as? String, "python-style")
        XCTAssertEqual(change["change"] as? String, "newly-stale")
        XCTAssertEqual(change["summary"] as? String, "stale: indentation (\(Self.staleReason))")
        XCTAssertEqual(change["from"] as? Int, 1)
        XCTAssertEqual(change["to"] as? Int, 2)

        // --since DATE
        XCTAssertEqual(
            try history.taste("diff", "--since", "2000-01-01", "--stat").stdout,
            """
            Skills changed since 2000-01-01

              + commits            v1           new: \(Self.commitsStatement)
              + python-style       v2           new: \(Self.pythonStatements)

            \(Self.markHint)

            """)
        XCTAssertEqual(try history.taste("diff", "--since", "2999-01-01").stdout, "Skills changed since 2999-01-01: none.\n")
    }

    func testDiffErrorsAreOneLine() throws {
        let (history, _) = try fourSpaceHistory()
        _ = try switchToTwoSpaces(history)
        for (arguments, message) in [
            (["diff", "commits@1", "python-style@2"], "taste: compare two versions of the same skill: commits and python-style differ"),
            (["diff", "python-style@1", "python-style@99"], "taste: python-style has versions 1, 2 only"),
            (["diff", "nosuch@1", "nosuch@2"], "taste: no skill named 'nosuch': 'taste skills' lists them"),
            (["diff", "--since", "notadate"], "taste: --since takes a date as YYYY-MM-DD, not 'notadate'"),
            (["diff", "--since", "2026-13-45"], "taste: --since takes a date as YYYY-MM-DD, not '2026-13-45'"),
            (["diff", "nope", "HEAD"], "taste: unknown revision 'nope': name a branch, tag or commit of this repository"),
        ] {
            let result = try history.taste(arguments)
            XCTAssertEqual(result.status, 1, "\(arguments)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
            XCTAssertEqual(result.stderr, message + "\n", "\(arguments)")
        }
        for (arguments, message) in [
            (["diff", "python-style@1"], "Error: give no target, or two (REV1 REV2, or SKILL@N SKILL@M)."),
            (["diff", "HEAD", "HEAD~1", "HEAD~2"], "Error: give no target, or two (REV1 REV2, or SKILL@N SKILL@M)."),
            (
                ["diff", "--since", "2000-01-01", "python-style@1", "python-style@2"],
                "Error: --since compares with the current skills: give no targets with it."
            ),
        ] {
            let result = try history.taste(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): a usage error")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
            XCTAssertEqual(result.stderr.components(separatedBy: "\n").first, message, "\(arguments)")
            XCTAssertTrue(result.stderr.contains("Usage: taste diff"), result.stderr)
        }
    }

    // MARK: Helpers

    /// `taste show NAME[@N]`, which must succeed.
    private func show(_ history: ReviewHistory, _ skill: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try history.taste("show", skill)
        XCTAssertEqual(result.status, 0, "taste show \(skill): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    struct Review {
        var heading: String
        var summary: [String]
        var diffs: [[String]]
        var tail: String
    }

    /// Splits `taste diff` output at its blank lines: the heading, the summary lines, each skill's diff (no
    /// diff line is blank: a blank Markdown line is a context line, " "), and the closing line.
    private func sections(_ output: String, file: StaticString = #filePath, line: UInt = #line) throws -> Review {
        XCTAssertTrue(output.hasSuffix("\n"), "ends with a newline", file: file, line: line)
        let groups = output.dropLast().components(separatedBy: "\n\n").map { $0.components(separatedBy: "\n") }
        guard groups.count >= 3, groups[0].count == 1, groups.last?.count == 1 else {
            XCTFail("not a review: \(output)", file: file, line: line)
            throw UnifiedDiff.Failure(description: "not a review")
        }
        let diffs = Array(groups.dropFirst(2).dropLast())
        for diff in diffs {
            XCTAssertTrue(diff.first?.hasPrefix("--- ") == true, "a diff starts with ---: \(diff.prefix(3))", file: file, line: line)
            XCTAssertFalse(diff.contains(""), "no blank line inside a diff", file: file, line: line)
        }
        return Review(heading: groups[0][0], summary: groups[1], diffs: diffs, tail: groups[groups.count - 1][0])
    }
}
