import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// `taste declared`: the declarations at HEAD as lines and as JSON.
final class DeclarationListingTests: XCTestCase {
    func testLinesAndJSONOfARealRepository() throws {
        let fixture = try GitFixture()
        try fixture.commit(
            "chore: configure",
            files: [
                ".editorconfig": "root = true\n[*.py]\nindent_style = space\nindent_size = 4\n",
                ".commitlintrc.json": #"{"extends": ["@commitlint/config-conventional"]}"# + "\n",
            ])
        let listing = try DeclarationListing(repositoryAt: fixture.path)
        let lines = listing.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(
            lines.first, "commits: commit_convention = conventional (.commitlintrc.json: commitlint)", "repository-wide facts are 'commits'")
        XCTAssertTrue(lines.contains("python: indent_size = 4 (.editorconfig: [*.py] indent_size, line 4)"), listing.text)

        let json = try listing.json()
        XCTAssertFalse(json.contains("\n"), "one line")
        XCTAssertTrue(
            json.hasPrefix(
                #"[{"fact":"commit_convention","file":".commitlintrc.json","language":null,"setting":"commitlint","tool":"hook","value":"conventional"},"#
            ),
            json)
        XCTAssertTrue(
            json.contains(
                #"{"fact":"indent_size","file":".editorconfig","language":"python","line":4,"setting":"[*.py] indent_size","tool":"editor","value":4}"#
            ),
            json)
    }

    func testNothingDeclared() throws {
        let fixture = try GitFixture()
        try fixture.commit("feat: one", files: ["a.txt": "a\n"])
        let listing = try DeclarationListing(repositoryAt: fixture.path)
        XCTAssertEqual(listing.text, "No style configuration declares anything here.")
        XCTAssertEqual(try listing.json(), "[]")
    }

    func testEveryKindOfValue() throws {
        func entry(_ value: FactValue) -> DeclarationListing.Entry {
            DeclarationListing.Entry(
                language: "go", declaration: ConfigDeclaration(fact: .maxLineLength, value: value, file: "x", line: nil, setting: "s", tool: .linter))
        }
        let listing = DeclarationListing(entries: [entry(.bool(true)), entry(.strings(["a/b", "c"])), entry(.null)])
        XCTAssertEqual(
            try listing.json(),
            #"[{"fact":"max_line_length","file":"x","language":"go","setting":"s","tool":"linter","value":true},"#
                + #"{"fact":"max_line_length","file":"x","language":"go","setting":"s","tool":"linter","value":["a\/b","c"]},"#
                + #"{"fact":"max_line_length","file":"x","language":"go","setting":"s","tool":"linter","value":null}]"#)
        XCTAssertEqual(
            listing.text.split(separator: "\n"),
            ["go: max_line_length = true (x: s)", "go: max_line_length = a/b, c (x: s)", "go: max_line_length = none (x: s)"])
    }
}
