import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Facts every formatter states, mined end to end from generated histories: semicolons where they are
/// optional, and C include order.
final class FormatterFactsTests: XCTestCase {
    func testSwiftWithoutSemicolonsGivesARuleToLeaveThemOut() throws {
        let fixture = try makeSwiftRepository(commits: 8)
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rule = try rule("swift-style/semicolons", of: fixture.path, in: store)
        XCTAssertEqual(rule.facts, ["semicolons": .bool(false)])
        XCTAssertEqual(rule.statement, "Don't end statements with a semicolon: a line break ends them.")
    }

    func testCIncludesSortedWithinBlocksGiveSortedAndGroupedRules() throws {
        let fixture = try GitFixture()
        for index in 0..<10 {
            let source = """
                #include "src/mod\(index).h"

                #include <stdio.h>
                #include <stdlib.h>
                #include <string.h>

                #include "src/util.h"
                #include "src/vec.h"

                int mod\(index)(void) {
                    return \(index);
                }
                """
            try fixture.commit("Add mod\(index)", files: ["src/mod\(index).c": source + "\n"])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rule = try rule("c-style/imports", of: fixture.path, in: store)
        XCTAssertEqual(rule.facts, ["imports_sorted": .bool(true), "imports_grouped": .bool(true)])
    }
}
