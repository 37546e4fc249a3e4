import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// What `taste skills` lists and prints.
final class SkillListingTests: XCTestCase {
    func testListingNamesEachSkillAndRule() throws {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        let head = try XCTUnwrap(try mine(fixture.path, into: store).head)
        let mined = try MinedRepository.load(store: store, repositoryPath: fixture.path)

        XCTAssertEqual(mined.skills(matchingPath: nil, language: nil), mined.skills)
        let listing = mined.listing(mined.skills, filtered: false).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(listing.first.map(String.init), "\(fixture.path) @ \(head.prefix(10))")
        XCTAssertEqual(listing[1], "")
        XCTAssertEqual(listing[2], "swift-style v1 [active]: Swift style")
        XCTAssertTrue(listing[3].hasPrefix("  - Indent with 4 spaces, never tabs. (confidence 0."), String(listing[3]))

        let python = mined.skills(matchingPath: nil, language: .python)
        XCTAssertFalse(python.contains { $0.name == "swift-style" }, "\(python.map(\.name))")
        XCTAssertEqual(mined.listing([], filtered: true), "\(fixture.path): no skills apply.")
        XCTAssertEqual(mined.listing([], filtered: false), "\(fixture.path): no skills yet (too little history to support a rule).")
    }
}
