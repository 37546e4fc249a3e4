import TasteCore
import XCTest

final class GlobTests: XCTestCase {
    private func assertMatches(_ pattern: String, _ paths: [String], file: StaticString = #filePath, line: UInt = #line) {
        let glob = Glob(pattern)
        for path in paths { XCTAssertTrue(glob.matches(path), "\(pattern) should match \(path)", file: file, line: line) }
    }

    private func assertRejects(_ pattern: String, _ paths: [String], file: StaticString = #filePath, line: UInt = #line) {
        let glob = Glob(pattern)
        for path in paths { XCTAssertFalse(glob.matches(path), "\(pattern) should not match \(path)", file: file, line: line) }
    }

    func testStarStaysWithinOneFolder() {
        assertMatches("Sources/*.swift", ["Sources/App.swift", "Sources/.swift"])
        assertRejects("Sources/*.swift", ["Sources/App/Main.swift", "Other/App.swift", "Sources/App.swiftx"])
        assertMatches("a*b", ["ab", "axxb", "dir/ab"])
        assertRejects("a*b", ["a/b"])
    }

    func testDoubleStarCrossesFolders() {
        assertMatches("Sources/**/*.swift", ["Sources/App.swift", "Sources/App/Main.swift", "Sources/A/B/C/Main.swift"])
        assertRejects("Sources/**/*.swift", ["Tests/App.swift", "Sources/App/Main.py"])
        assertMatches("**/*.pb.go", ["api.pb.go", "proto/v1/api.pb.go"])
        assertMatches("Tests/Fixtures/**", ["Tests/Fixtures/a.swift", "Tests/Fixtures/deep/er/b.swift"])
        assertRejects("Tests/Fixtures/**", ["Tests/FixturesX/a.swift", "Tests/Unit/a.swift"])
        assertMatches("a/**/b", ["a/b", "a/x/b", "a/x/y/b", "a/x/b/c.swift"])
        assertRejects("a/**/b", ["a/xb", "b", "x/a/b"])
    }

    func testQuestionMarkIsOneCharacterButNeverASlash() {
        assertMatches("a?.swift", ["ab.swift", "dir/ax.swift"])
        assertRejects("a?.swift", ["a.swift", "abc.swift"])
        assertRejects("x/a?b", ["x/a/b"])
    }

    func testCharacterClasses() {
        assertMatches("[abc].swift", ["a.swift", "c.swift"])
        assertRejects("[abc].swift", ["d.swift", "ab.swift"])
        assertMatches("file[0-9].go", ["file0.go", "file7.go"])
        assertRejects("file[0-9].go", ["filex.go", "file10.go"])
        assertMatches("[!a].swift", ["b.swift"])
        assertRejects("[!a].swift", ["a.swift"])
        assertMatches("[^a].swift", ["z.swift"])
        assertRejects("[^a].swift", ["a.swift"])
        assertRejects("x[/]y", ["x/y"])
    }

    /// Found by fuzzing: `[z-a]` in a committed `.editorconfig` or `.taste.toml` trapped on building the range.
    func testAReversedRangeInAClassMatchesNothing() {
        assertRejects("file[9-0].go", ["file5.go", "file9.go", "file0.go"])
        assertMatches("file[9-0x].go", ["filex.go"])
        assertRejects("[!z-a].swift", ["/.swift"])
        assertMatches("[!z-a].swift", ["m.swift"])
    }

    func testEscapedCharactersAreLiteral() {
        assertMatches("a\\*b", ["a*b"])
        assertRejects("a\\*b", ["axb"])
    }

    func testPatternWithoutSlashMatchesANameAtAnyDepth() {
        assertMatches("*.min.js", ["app.min.js", "public/js/app.min.js"])
        assertMatches("generated", ["generated", "src/generated/a.swift", "generated/a.swift"])
        assertRejects("generated", ["src/generatedx/a.swift", "src/a_generated.swift"])
    }

    func testPatternWithInnerSlashIsAnchoredToTheRoot() {
        assertMatches("docs/old", ["docs/old", "docs/old/a.md"])
        assertRejects("docs/old", ["src/docs/old", "src/docs/old/a.md", "docs/older/a.md"])
    }

    /// Gitignore anchors a pattern that starts with `/` to the root; `Glob` documents that only a pattern
    /// without a `/` matches at any depth.
    func testLeadingSlashAnchorsToTheRoot() {
        assertMatches("/build", ["build", "build/a.swift"])
        assertRejects("/build", ["src/build", "src/build/a.swift"])
    }

    func testFolderPatternMatchesEverythingUnderTheFolderButNotAFile() {
        assertMatches("legacy/", ["legacy/a.swift", "legacy/deep/b.swift", "src/legacy/c.swift"])
        assertRejects("legacy/", ["legacy", "src/legacy", "legacy.swift", "legacyx/a.swift"])
        assertMatches("docs/old/", ["docs/old/a.md", "docs/old/x/y.md"])
        assertRejects("docs/old/", ["docs/old", "src/docs/old/a.md"])
        assertMatches("Tests/*/Fixtures/", ["Tests/App/Fixtures/a.json"])
        assertRejects("Tests/*/Fixtures/", ["Tests/App/Deep/Fixtures/a.json"])
    }

    func testDescriptionIsThePattern() {
        XCTAssertEqual(Glob("Sources/**").description, "Sources/**")
        XCTAssertEqual(Glob("legacy/").pattern, "legacy/")
    }

    /// Many `**` against a deep path: each is placed once, never retried in every combination (which took
    /// exponential time), and the parent folders are not matched one by one (which took quadratic time).
    func testManyDoubleStarsAgainstADeepPathFinish() {
        let deep = Array(repeating: "a", count: 2_000).joined(separator: "/")
        let pattern = Array(repeating: "**/a", count: 1_000).joined(separator: "/") + "/b"
        XCTAssertFalse(Glob(pattern).matches(deep))
        XCTAssertTrue(Glob(pattern).matches(deep + "/b"))
        XCTAssertTrue(Glob(pattern).matches(deep + "/b/c.swift"), "a parent folder matches")
        XCTAssertFalse(Glob(Array(repeating: "*a", count: 40).joined() + "b").matches(String(repeating: "a", count: 200)))
    }

    func testDoubleStarInsideANameIsAStar() {
        assertMatches("Sources/a**b.swift", ["Sources/ab.swift", "Sources/axyb.swift"])
        assertRejects("Sources/a**b.swift", ["Sources/a/b.swift"])
        assertMatches("**", ["a", "a/b/c.swift"])
        assertMatches("a/**", ["a/b", "a/b/c"])
        assertRejects("a/**", ["a", "b/a/c"])
    }
}
