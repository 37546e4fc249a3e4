import XCTest

@testable import TasteCore

/// The bounds on partials that seven built-in template names cannot reach through `taste export`.
final class TemplateLimitsTests: XCTestCase {
    private func check(_ templates: [String: String]) throws {
        try TemplateLimits.check(templates, overridden: Set(templates.keys)) { "\($0).mustache" }
    }

    func testPartialsNestedDeeperThanTheLimitAreRefused() throws {
        let names = (0...TemplateLimits.maxPartialDepth + 1).map { "t\($0)" }
        var chain = Dictionary(uniqueKeysWithValues: zip(names, names.dropFirst().map { "{{> \($0)}}" } + ["end"]))
        XCTAssertThrowsError(try check(chain)) { error in
            XCTAssertEqual(
                (error as? LocalizedError)?.errorDescription,
                "export: template t0.mustache nests partials more than 8 deep: " + names.joined(separator: " → "))
        }
        chain["t0"] = nil
        XCTAssertNoThrow(try check(chain), "8 deep is allowed")
    }

    func testPartialsInsideSectionsAndUnderOtherDelimitersAreFound() throws {
        XCTAssertEqual(
            try PartialScanner.partials(in: "{{#a}}{{=<% %>=}}<%> b %><%/a%>{{> c}}{{! {{> no}} }}{{{d}}}{{<e}}{{/e}}"),
            ["b", "c", "e"])
    }

    /// Found by the fuzzer: a close delimiter that starts where the tag's sigil would be trapped on a reversed range.
    func testAnEmptyTagUnderOtherDelimitersNamesNothing() throws {
        XCTAssertEqual(try PartialScanner.partials(in: "{{=<% %>=}}<%%><%> b %>"), ["b"])
        XCTAssertEqual(try PartialScanner.partials(in: "{{}}{{> a}}"), ["a"])
    }
}
