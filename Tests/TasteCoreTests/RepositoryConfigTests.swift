import TasteCore
import XCTest

final class RepositoryConfigTests: XCTestCase {
    func testEmptyFileGivesDefaults() throws {
        let config = try RepositoryConfig(toml: "")
        XCTAssertEqual(config, RepositoryConfig())
        XCTAssertEqual(config.exclude, [])
        XCTAssertEqual(config.maxBlobBytes, 1 << 20)
        XCTAssertNil(config.exportDirectory)
    }

    func testValidFileWithCommentsAndBothTables() throws {
        let config = try RepositoryConfig(
            toml: """
                # Taste settings for this repository
                [mine]
                exclude = ["Tests/Fixtures/**", 'legacy/']   # left out of mining
                max_blob_bytes = 1_048_576

                [export]
                out = ".claude/skills#not-a-comment"   # the quoted '#' is kept
                """)
        XCTAssertEqual(config.exclude, ["Tests/Fixtures/**", "legacy/"])
        XCTAssertEqual(config.maxBlobBytes, 1_048_576)
        XCTAssertEqual(config.exportDirectory, ".claude/skills#not-a-comment")
    }

    func testMultiLineArrayWithCommentsAndTrailingComma() throws {
        let config = try RepositoryConfig(
            toml: """
                [mine]
                exclude = [
                    "Generated/**",   # protobuf output
                    # a whole-line comment inside the array
                    'third/#party/',
                    "docs/",
                ]
                max_blob_bytes = 1000
                """)
        XCTAssertEqual(config.exclude, ["Generated/**", "third/#party/", "docs/"])
        XCTAssertEqual(config.maxBlobBytes, 1000)
    }

    func testEmptyArray() throws {
        XCTAssertEqual(try RepositoryConfig(toml: "[mine]\nexclude = []\n").exclude, [])
    }

    func testUnknownKeysAreConfigErrors() {
        assertConfigError("[mine]\nexclude_paths = [\"a\"]\n", mentioning: "mine.exclude_paths")
        assertConfigError("max_blob_bytes = 10\n", mentioning: "max_blob_bytes")
        assertConfigError("[export]\ndirectory = \"x\"\n", mentioning: "export.directory")
        assertConfigError("[minee]\nexclude = []\n", mentioning: "minee.exclude")
    }

    func testBadValuesAreConfigErrors() {
        assertConfigError("[mine]\nmax_blob_bytes = \"big\"\n", mentioning: "max_blob_bytes")
        assertConfigError("[mine]\nmax_blob_bytes = 0\n", mentioning: "max_blob_bytes")
        assertConfigError("[mine]\nmax_blob_bytes = -5\n", mentioning: "max_blob_bytes")
        assertConfigError("[mine]\nexclude = \"legacy/\"\n", mentioning: "exclude")
        assertConfigError("[mine]\nexclude = [1, 2]\n", mentioning: "line 2")
        assertConfigError("[mine]\nexclude = [\"a\",\n\"b\"\n", mentioning: "unterminated")
        assertConfigError("[export]\nout = unquoted\n", mentioning: "line 2")
        assertConfigError("[export]\nout = true\n", mentioning: "export.out")
        assertConfigError("[mine]\njust some words\n", mentioning: "line 2")
    }

    private func assertConfigError(_ text: String, mentioning fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try RepositoryConfig(toml: text), "accepted: \(text)", file: file, line: line) { error in
            guard case .config(let message)? = error as? TasteError else {
                return XCTFail("expected TasteError.config, got \(error)", file: file, line: line)
            }
            XCTAssertTrue(message.contains(fragment), "'\(message)' does not mention \(fragment)", file: file, line: line)
            XCTAssertFalse(message.contains("\n"), "message is not one line: \(message)", file: file, line: line)
        }
    }
}

/// `[lint.ignore]`: rule ids as quoted keys, path globs as values; mining reads the same file and must accept it.
final class LintIgnoreConfigTests: XCTestCase {
    func testRulesAreIgnoredByPathGlobs() throws {
        let config = try RepositoryConfig(
            toml: """
                [mine]
                exclude = ["vendor/"]

                [lint.ignore]
                "python-style/quotes" = ["tests/**", "docs/conf.py"]
                'go-style/line-length' = ["**/*_gen.go"]
                """)
        XCTAssertEqual(config.exclude, ["vendor/"])
        XCTAssertEqual(config.lintIgnores, ["python-style/quotes": ["tests/**", "docs/conf.py"], "go-style/line-length": ["**/*_gen.go"]])
    }

    func testAnIgnoreThatIsNoGlobListIsAnError() {
        XCTAssertThrowsError(try RepositoryConfig(toml: "[lint.ignore]\n\"python-style/quotes\" = true\n")) { error in
            XCTAssertEqual(
                (error as? TasteError)?.errorDescription, "config: .taste.toml: unknown or mistyped setting 'lint.ignore.\"python-style/quotes\"'")
        }
        XCTAssertThrowsError(try RepositoryConfig(toml: "[lint]\nignore = [\"a\"]\n"))
    }

    func testReportPathMustStayInsideTheWorkTree() throws {
        XCTAssertEqual(try RepositoryConfig(toml: "[report]\nout = \"docs/report.html\"\n").checkedReportPath(), "docs/report.html")
        XCTAssertNil(try RepositoryConfig(toml: "").checkedReportPath())
        for path in ["../out.html", "/tmp/out.html", "~/out.html", "docs/", ""] {
            XCTAssertThrowsError(try RepositoryConfig(toml: "[report]\nout = \"\(path)\"\n").checkedReportPath(), path) { error in
                XCTAssertEqual(
                    (error as? TasteError)?.errorDescription, "config: .taste.toml: report.out must be a file inside the work tree, not '\(path)'")
            }
        }
    }
}
