import XCTest

@testable import TasteCore

/// Blank-line runs are counted only where both ends are in view, and Python's top-level spacing apart.
final class BlankLinesMinerTests: XCTestCase {
    private func counts(_ lines: [(Int, String)], path: String = "a.py") -> [String] {
        let file = FileChange(
            path: path, status: .modified, language: Language(path: path) ?? .python,
            addedLines: lines.map { AddedLine(number: $0.0, text: $0.1) })
        var sink = ObservationSink(miner: "blank-lines", commit: "c")
        BlankLinesMiner().observe(SourceFile(file), into: &sink)
        return sink.counts.map { "\($0.key.key)=\($0.key.value):\($0.value)" }.sorted()
    }

    func testRunsAtTheEdgesOfAHunkOrAcrossAGapDoNotCount() {
        // Leading blanks (the run may go on above), a gap between 3 and 10, and trailing blanks say nothing.
        XCTAssertEqual(counts([(1, ""), (2, "x = 1"), (3, ""), (10, "y = 2"), (11, ""), (12, "")]), [])
        XCTAssertEqual(counts([(1, "x = 1"), (2, ""), (3, ""), (4, ""), (5, "y = 2")]), ["run=3+:1"])
    }

    func testPythonTopLevelDefinitionsAreCountedApart() {
        XCTAssertEqual(
            counts([(1, "import os"), (2, ""), (3, ""), (4, "@cache"), (5, "def f():"), (6, "    return 1")]),
            ["before_definition=2:1", "run=2:1"])
        XCTAssertEqual(counts([(1, "x = 1"), (2, ""), (3, "def f():")], path: "a.go"), ["run=1:1"], "only Python counts definitions")
        XCTAssertEqual(
            counts([(1, "x = 1"), (2, ""), (3, ""), (4, "@pytest.mark.parametrize("), (9, "def test_f(a):")]),
            ["before_definition=2:1", "run=2:1"], "a decorator starts a definition whose def lies beyond the hunk")
        XCTAssertEqual(
            counts([(1, "x = \"\"\""), (2, ""), (3, ""), (4, "def f(): in a string"), (5, "\"\"\"")]), [],
            "blank lines inside a string are its text, and the def in it no definition")
    }

    func testStrayDoubleBlankLinesDoNotMakeTheMaximumTwo() {
        var tallies = MinerTallies()
        tallies.scopes["go"] = ScopeTallies(
            values: [
                "run": [
                    "1": TallyStat(weight: 97, count: 97, commits: 20), "2": TallyStat(weight: 3, count: 3, commits: 3),
                ]
            ], commits: 20)
        let draft = BlankLinesMiner().rules(from: tallies).first
        XCTAssertEqual(draft?.facts[.maxBlankLines], .int(1))
        XCTAssertEqual(draft?.statement, "Separate blocks with a single blank line, never two.")
    }
}
