import XCTest

@testable import TasteCore

/// A language too thin for a rule of its own takes one where the repository shows what it would be: a habit every
/// other language keeps.
final class LentRuleTests: XCTestCase {
    private static func swiftFile(_ index: Int) -> String {
        (0..<6).map { "func f\(index)_\($0)() -> Int {\n    return \($0)\n}\n" }.joined()
    }

    func testAThinLanguageKeepsTheRepositorysFinalNewlineAndTrimmedLines() throws {
        let fixture = try GitFixture()
        for index in 0..<8 { try fixture.commit("Add f\(index)", files: ["Sources/F\(index).swift": Self.swiftFile(index)]) }
        try fixture.commit("Add the format script", files: ["Scripts/format.sh": "#!/bin/sh\nset -eu\nswift format --in-place Sources\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)

        let final = try rule("shell-style/final-newline", of: fixture.path, in: store)
        XCTAssertEqual(final.facts[.finalNewline], .bool(true))
        XCTAssertEqual(final.evidence.first?.path, "Scripts/format.sh", "the shell rule cites the shell file")
        XCTAssertTrue(final.statement.hasSuffix("1 of 1 Shell files counted do, and 8 of 8 Swift files."), final.statement)
        XCTAssertEqual(final.support.observations, 9)
        let trimmed = try rule("shell-style/trailing-whitespace", of: fixture.path, in: store)
        XCTAssertEqual(trimmed.facts[.trimTrailingWhitespace], .bool(true))
        XCTAssertTrue(trimmed.statement.contains("none of the 3 Shell lines counted has any"), trimmed.statement)
        XCTAssertEqual(try rule("shell-style/line-endings", of: fixture.path, in: store).facts[.lineEndings], .string("lf"))
    }

    func testAThinLanguageThatBreaksTheHabitGetsNoRule() throws {
        let fixture = try GitFixture()
        for index in 0..<8 { try fixture.commit("Add f\(index)", files: ["Sources/F\(index).swift": Self.swiftFile(index)]) }
        try fixture.commit("Add the format script", files: ["Scripts/format.sh": "#!/bin/sh\nset -eu  \nswift format --in-place Sources"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let ids = try skills(of: fixture.path, in: store).flatMap(\.rules).map(\.id)
        XCTAssertTrue(ids.contains("swift-style/final-newline"))
        XCTAssertFalse(ids.contains("shell-style/final-newline"), "its one file ends without a newline")
        XCTAssertFalse(ids.contains("shell-style/trailing-whitespace"), "one of its lines keeps trailing spaces")
    }
}
