import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// `skill_diff` shows what changed between two versions of a skill as a unified diff.
final class LineDiffTests: XCTestCase {
    func testIdenticalTextsGiveNoDiff() {
        XCTAssertEqual(LineDiff.unified("", "", oldLabel: "a", newLabel: "b"), "")
        XCTAssertEqual(LineDiff.unified("one\ntwo\n", "one\ntwo\n", oldLabel: "a", newLabel: "b"), "")
        XCTAssertEqual(LineDiff.unified("no final newline", "no final newline", oldLabel: "a", newLabel: "b"), "")
    }

    func testOneChangedLine() {
        let diff = LineDiff.unified("a\nb\nc", "a\nB\nc", oldLabel: "skill@1", newLabel: "skill@2")
        XCTAssertEqual(
            diff,
            """
            --- skill@1
            +++ skill@2
            @@ -1,3 +1,3 @@
             a
            -b
            +B
             c

            """)
    }

    func testHunkHeadersCountFromTheHunksFirstLine() {
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n")
        var lines = (1...20).map { "line \($0)" }
        lines[9] = "line ten"  // line 10 changes
        lines.insert("inserted", at: 15)  // a line after line 15
        let diff = LineDiff.unified(old, lines.joined(separator: "\n"), oldLabel: "a", newLabel: "b", context: 1)
        XCTAssertEqual(
            diff,
            """
            --- a
            +++ b
            @@ -9,3 +9,3 @@
             line 9
            -line 10
            +line ten
             line 11
            @@ -15,2 +15,3 @@
             line 15
            +inserted
             line 16

            """)
    }

    func testAddedAndRemovedLinesAtTheEdges() {
        XCTAssertEqual(LineDiff.unified("b\nc", "a\nb\nc", oldLabel: "a", newLabel: "b"), "--- a\n+++ b\n@@ -1,2 +1,3 @@\n+a\n b\n c\n")
        XCTAssertEqual(LineDiff.unified("a\nb\nc", "a\nb", oldLabel: "a", newLabel: "b"), "--- a\n+++ b\n@@ -1,3 +1,2 @@\n a\n b\n-c\n")
    }

    /// Skills end with a newline: their diff is the one `diff -u` gives (no phantom empty last line), and a
    /// strict tool (`git apply`, which allows no fuzz) applies it.
    func testTextsEndingWithANewlineDiffLikeDiffU() throws {
        let old = "---\nname: swift-style\n---\n# Swift style\n\n- Indent with 4 spaces.\n- End every file with a newline.\n"
        let new = "---\nname: swift-style\n---\n# Swift style\n\n- Indent with 2 spaces.\n- End every file with a newline.\n"
        let diff = LineDiff.unified(old, new, oldLabel: "a/skill.md", newLabel: "b/skill.md")
        XCTAssertEqual(
            diff,
            """
            --- a/skill.md
            +++ b/skill.md
            @@ -3,5 +3,5 @@
             ---
             # Swift style
             
            -- Indent with 4 spaces.
            +- Indent with 2 spaces.
             - End every file with a newline.

            """)

        let folder = try temporaryFolder()
        try Data(old.utf8).write(to: URL(fileURLWithPath: folder + "/skill.md"))
        try Data(diff.utf8).write(to: URL(fileURLWithPath: folder + "/change.diff"))
        do {
            try runGit(["apply", "change.diff"], in: folder)
            XCTAssertEqual(fileText(folder + "/skill.md"), new)
        } catch {
            XCTFail("git apply refuses the diff: \(error)")
        }
    }
}
