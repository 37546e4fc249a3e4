import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Facts every formatter states, mined end to end from generated histories: semicolons where they are optional.
final class FormatterFactsTests: XCTestCase {
    func testSwiftWithoutSemicolonsGivesARuleToLeaveThemOut() throws {
        let fixture = try makeSwiftRepository(commits: 8)
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rule = try rule("swift-style/semicolons", of: fixture.path, in: store)
        XCTAssertEqual(rule.facts, ["semicolons": .bool(false)])
        XCTAssertEqual(rule.statement, "Don't end statements with a semicolon: a line break ends them.")
    }
}
