import XCTest

@testable import TasteCore

/// A change made in one merge (a test-framework migration, a formatter run) shows in the files at the head before
/// the merged history moves.
final class HeadReplacementTests: XCTestCase {
    private func head(_ files: [String: Int], total: Int) -> ScopeTallies {
        var tallies = ScopeTallies(commits: total)
        for (framework, count) in files {
            tallies.values["framework", default: [:]][framework] = TallyStat(weight: Double(count), count: count, commits: count)
        }
        return tallies
    }

    private func replace(_ leading: [String], _ head: ScopeTallies, historyShare: Double = 1) -> HeadReplacement? {
        head.replacement(of: "framework", leading: leading, historyShare: historyShare, share: 0.8)
    }

    func testTheHeadReplacesAFrameworkNoTestFileKeeps() {
        XCTAssertEqual(replace(["jest"], head(["vitest": 12], total: 12))?.value, "vitest")
        XCTAssertEqual(replace(["jest"], head(["vitest": 12, "jest": 1], total: 12))?.filesKeepingLeft, 1)
        XCTAssertNil(
            replace(["jest"], head(["vitest": 9, "jest": 3], total: 12)),
            "a suite still keeping some of the old framework is left to the history")
        XCTAssertNil(replace(["vitest"], head(["vitest": 12], total: 12)), "the history states the head's framework clearly")
        XCTAssertEqual(
            replace(["vitest"], head(["vitest": 12], total: 12), historyShare: 0.55)?.left, nil,
            "the history leads with the head's framework, but not clearly: the head says it")
        XCTAssertEqual(
            replace(["vitest", "jest"], head(["vitest": 12], total: 12))?.left, "jest",
            "the history leads with Vitest, but the rule still states Jest")
        XCTAssertNil(replace(["jest"], head(["vitest": 2], total: 2)), "two files are not a suite")
    }

    func testEndToEndSpecsStandBesideTheUnitRunner() throws {
        let fixture = try GitFixture()
        for index in 0..<4 {
            try fixture.commit(
                "Add m\(index)",
                files: [
                    "src/m\(index).ts": "export const m\(index) = \(index)\n",
                    "src/m\(index).test.ts":
                        "import { expect, it } from 'vitest'\nimport { m\(index) } from './m\(index)'\n"
                        + "it('is \(index)', () => {\n  expect(m\(index)).toBe(\(index))\n})\n",
                    "e2e/page\(index).spec.ts":
                        "import { expect, test } from '@playwright/test'\ntest('page \(index)', async ({ page }) => {\n"
                        + "  await page.goto('/\(index)')\n  await expect(page).toHaveTitle('m')\n})\n",
                ])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        // Four Playwright specs drive the built pages; they do not split the unit tests' vote.
        let framework = try rule("testing/typescript-framework", of: fixture.path, in: store)
        XCTAssertEqual(framework.facts[.testFramework], .string("vitest"))
        XCTAssertEqual(framework.share, 1)
        XCTAssertTrue(framework.statement.hasSuffix("End-to-end tests run under Playwright (4 files at the head)."), framework.statement)
    }

    func testAMigrationInOneMergeIsStatedAtOnce() throws {
        let fixture = try GitFixture()
        func spec(_ index: Int, vitest: Bool) -> String {
            let runner = vitest ? "import { describe, it, expect, vi } from 'vitest'\n" : ""
            let mock = vitest ? "vi.fn()" : "jest.fn()"
            return runner + "describe('m\(index)', () => {\n  it('works', () => {\n    const f = \(mock)\n    expect(f).toBeDefined()\n  })\n})\n"
        }
        for index in 0..<8 {
            try fixture.commit(
                "Add m\(index)",
                files: ["src/m\(index).ts": "export const m\(index) = \(index)\n", "test/m\(index).test.ts": spec(index, vitest: false)])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("testing/typescript-framework", of: fixture.path, in: store).facts[.testFramework], .string("jest"))

        var migrated: [String: String] = [:]
        for index in 0..<8 { migrated["test/m\(index).test.ts"] = spec(index, vitest: true) }
        // The merged history's weights now lean to Vitest, but only just: the head says it clearly.
        try fixture.commit("Move the tests to Vitest", files: migrated)
        try mine(fixture.path, into: store)
        let framework = try rule("testing/typescript-framework", of: fixture.path, in: store)
        XCTAssertEqual(framework.facts[.testFramework], .string("vitest"))
        XCTAssertEqual(framework.support.counted, "test files in the files at the head")
        XCTAssertTrue(
            framework.statement.hasSuffix("At the head, 8 of 8 test files name it and 0 name Jest, which this rule stated."),
            framework.statement)
        XCTAssertNil(framework.stale)
    }

    func testAFormatterRunOverTheTreeIsStatedAtOnce() throws {
        let fixture = try GitFixture()
        func module(_ index: Int, quote: String) -> String {
            (0..<6).map { "export const label\(index)_\($0) = \(quote)label \($0)\(quote)\n" }.joined()
        }
        for index in 0..<10 { try fixture.commit("Add m\(index)", files: ["src/m\(index).js": module(index, quote: "'")]) }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("javascript-style/quotes", of: fixture.path, in: store).facts[.quoteStyle], .string("single"))

        var formatted: [String: String] = [:]
        for index in 0..<10 { formatted["src/m\(index).js"] = module(index, quote: "\"") }
        try fixture.commit("Format with double quotes", files: formatted)
        try mine(fixture.path, into: store)
        let quotes = try rule("javascript-style/quotes", of: fixture.path, in: store)
        XCTAssertEqual(quotes.facts[.quoteStyle], .string("double"))
        XCTAssertEqual(quotes.support.counted, "string literals in the files at the head")
        XCTAssertEqual(quotes.support.observations, 60)
        XCTAssertTrue(
            quotes.statement.hasPrefix("Use double quotes for strings (single where the string holds a `\"`). At the head, 60 of 60"),
            quotes.statement)
        XCTAssertNil(quotes.stale)

        // One file goes back: the head is no longer all one way, and the history's rule (its votes now mostly double) stands.
        try fixture.commit("Restore m0", files: ["src/m0.js": module(0, quote: "'")])
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("javascript-style/quotes", of: fixture.path, in: store).facts[.quoteStyle], .string("double"))
    }

    func testCommasAddedByAFormatterAreStatedFromTheHead() throws {
        let fixture = try GitFixture()
        func module(_ index: Int, comma: String) -> String {
            (0..<3).map { "export const list\(index)_\($0) = [\n  'a',\n  'b',\n  'c'\(comma)\n]\n" }.joined()
        }
        for index in 0..<8 { try fixture.commit("Add m\(index)", files: ["src/m\(index).js": module(index, comma: "")]) }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("javascript-style/trailing-commas", of: fixture.path, in: store).facts[.trailingCommas], .string("never"))

        // The formatter's merge adds a comma to each last element: the lists' other lines are not in its diff, so the
        // history cannot count them; the files can.
        var formatted: [String: String] = [:]
        for index in 0..<8 { formatted["src/m\(index).js"] = module(index, comma: ",") }
        try fixture.commit("Format with trailing commas", files: formatted)
        try mine(fixture.path, into: store)
        let commas = try rule("javascript-style/trailing-commas", of: fixture.path, in: store)
        XCTAssertEqual(commas.facts[.trailingCommas], .string("multiline"))
        XCTAssertEqual(commas.support.counted, "multi-line lists in the files at the head")
        XCTAssertTrue(
            commas.statement.hasSuffix(
                "At the head, 24 of 24 multi-line lists in 8 files end with one; merged changes mostly showed the other style."),
            commas.statement)
    }

    func testAFormatterFamilysListsStateWhatTooFewOfALanguagesOwnCanNot() throws {
        let fixture = try GitFixture()
        func lists(_ name: String, comma: String, count: Int = 2) -> String {
            (0..<count).map { "export const \(name)_\($0) = [\n  'a',\n  'b',\n  'c'\(comma)\n]\n" }.joined()
        }
        for index in 0..<8 { try fixture.commit("Add m\(index)", files: ["src/m\(index).js": lists("m\(index)", comma: "")]) }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("javascript-style/trailing-commas", of: fixture.path, in: store).facts[.trailingCommas], .string("never"))

        // Most of the code moves to TypeScript and a formatter runs over the rest (chalk's, 2021): two JavaScript files
        // are too few to replace the history alone, but the formatter keeps the TypeScript beside them alike.
        try fixture.commit("Add TypeScript", files: ["src/t0.ts": lists("t0", comma: ","), "src/t1.ts": lists("t1", comma: ",")])
        for index in 2..<8 { _ = try fixture.git("rm", "-q", "src/m\(index).js") }
        try fixture.commit("Remove and format", files: ["src/m0.js": lists("m0", comma: ","), "src/m1.js": lists("m1", comma: ",")])
        try mine(fixture.path, into: store)
        let javascript = try rule("javascript-style/trailing-commas", of: fixture.path, in: store)
        XCTAssertEqual(javascript.facts[.trailingCommas], .string("multiline"))
        XCTAssertEqual(javascript.support.counted, "multi-line lists in the files at the head")
        XCTAssertTrue(
            javascript.statement.hasSuffix(
                "At the head, 8 of 8 multi-line lists in 4 JavaScript and TypeScript files (4 in JavaScript) end with one; "
                    + "merged changes mostly showed the other style."),
            javascript.statement)
        let typescript = try rule("typescript-style/trailing-commas", of: fixture.path, in: store)
        XCTAssertEqual(typescript.facts[.trailingCommas], .string("multiline"))

        // A JavaScript list the formatter left bare: the language's own lists no longer all keep the family's style.
        try fixture.commit("Restore a list", files: ["src/m1.js": lists("m1", comma: ",") + lists("m1b", comma: "", count: 1)])
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("javascript-style/trailing-commas", of: fixture.path, in: store).facts[.trailingCommas], .string("never"))
    }

    func testCIncludesTooFewToReadAreReadWithTheCPlusPlusOnes() throws {
        let fixture = try GitFixture()
        func source(_ name: String, grouped: Bool) -> String {
            "#include <stdio.h>\n#include <stdlib.h>\n\(grouped ? "\n" : "")#include \"\(name).h\"\n#include \"util.h\"\n\n"
                + "int \(name)(void) { return 0; }\n"
        }
        for index in 0..<3 { try fixture.commit("Add a\(index)", files: ["src/a\(index).c": source("a\(index)", grouped: false)]) }
        for index in 0..<3 { try fixture.commit("Add b\(index)", files: ["src/b\(index).c": source("b\(index)", grouped: true)]) }
        for index in 0..<3 { _ = try fixture.git("rm", "-q", "src/a\(index).c") }
        try fixture.commit("Remove the old sources")
        var cpp: [String: String] = [:]
        for index in 0..<12 { cpp["src/c\(index).cc"] = source("c\(index)", grouped: true) }
        try fixture.commit("Add the C++ sources", files: cpp)
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let imports = try rule("c-style/imports", of: fixture.path, in: store)
        XCTAssertEqual(imports.facts[.importsGrouped], .bool(true))
        XCTAssertTrue(
            imports.statement.contains(
                "(15 of 15 blocks in the C and C++ files at the head do). C's own files hold too few to read alone (3 of 3 agree)"),
            imports.statement)
    }

    func testListsAndStringsFromTooFewCommitsAreStatedFromTheHead() throws {
        let fixture = try GitFixture()
        func module(_ index: Int) -> String {
            (0..<3).map { "export const list\(index)_\($0) = [\n  'a',\n  'b',\n  'c',\n]\n" }.joined()
        }
        // Two commits bring every literal and string; the later ones add calls alone. The history's literals are all
        // one way but rest on two commits, too few for a rule: the head's eight files state it.
        for batch in 0..<2 {
            var files: [String: String] = [:]
            for index in (batch * 4)..<(batch * 4 + 4) { files["src/m\(index).ts"] = module(index) }
            try fixture.commit("Add batch \(batch)", files: files)
        }
        for index in 0..<2 { try fixture.commit("Add n\(index)", files: ["src/n\(index).ts": "export const n\(index) = f(\n  \(index),\n  2,\n)\n"]) }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let commas = try rule("typescript-style/trailing-commas", of: fixture.path, in: store)
        XCTAssertEqual(commas.facts[.trailingCommas], .string("multiline"))
        XCTAssertEqual(commas.support.counted, "multi-line lists in the files at the head")
        XCTAssertTrue(commas.statement.hasSuffix("At the head, 24 of 24 multi-line lists in 8 files end with one."), commas.statement)
        let quotes = try rule("typescript-style/quotes", of: fixture.path, in: store)
        XCTAssertEqual(quotes.facts[.quoteStyle], .string("single"))
        XCTAssertTrue(quotes.statement.hasSuffix("At the head, 72 of 72 string literals in 8 files use them."), quotes.statement)
    }

    func testALanguageAddedInOneMergeIsIndentedAsItsFilesAre() throws {
        let fixture = try GitFixture()
        var declarations: [String: String] = [:]
        for index in 0..<4 {
            declarations["types/t\(index).d.ts"] = (0..<10).map { "export interface T\(index)_\($0) {\n    name: string\n}\n" }.joined()
        }
        try fixture.commit("Add the type declarations", files: declarations)
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let indentation = try rule("typescript-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(indentation.facts, ["indent_style": .string("space"), "indent_size": .int(4)])
        XCTAssertEqual(indentation.support.counted, "indented lines in the files at the head")
        XCTAssertTrue(
            indentation.statement.hasSuffix("At the head, 40 of 40 indented lines in 4 files use spaces; merged changes show too few to count."),
            indentation.statement)
    }

    /// A rule drawn from the files at the head cites them where no merge added a line that shows its value.
    func testTheHeadKeepsTheFirstPlacesByPathThatShowEachValue() throws {
        let fixture = try GitFixture()
        var files: [String: String] = [:]
        for name in ["d", "b", "a", "c"] { files["src/\(name).py"] = TrailingCommaExamples.python(trailing: true) }
        let head = try fixture.commit("Add modules", files: files)
        let classifier = PathClassifier()
        let differ = try CommitDiffer(
            repositoryPath: fixture.path,
            policy: DiffPolicy(
                classify: { classifier.decide($0) }, isGenerated: PathClassifier.isGenerated, isExcluded: { classifier.isExcluded($0) }))
        let snapshot = HeadSnapshot.read(of: [TrailingCommaMiner()], reading: differ, at: head)
        let miner = TrailingCommaMiner.description.identifier
        let places = snapshot.places(miner: miner, scope: "python", counters: [(key: "literal", value: "multiline")], limit: 3)
        XCTAssertEqual(places.map(\.path), ["src/a.py", "src/b.py", "src/c.py"])
        XCTAssertEqual(Set(places.map(\.commit)), [head])
        XCTAssertEqual(snapshot.places(miner: miner, scope: "python", counters: [(key: "literal", value: "never")], limit: 3), [])
    }

    func testATreeReindentedInOneMergeIsStatedAtOnce() throws {
        let fixture = try GitFixture()
        func module(_ index: Int, indent: String) -> String {
            (0..<4).map {
                "export function f\(index)_\($0)(a) {\n\(indent)if (a) {\n\(indent)\(indent)return a + \($0)\n\(indent)}\n\(indent)return 0\n}\n"
            }
            .joined()
        }
        for index in 0..<10 { try fixture.commit("Add m\(index)", files: ["src/m\(index).js": module(index, indent: "  ")]) }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(
            try rule("javascript-style/indentation", of: fixture.path, in: store).facts, ["indent_style": .string("space"), "indent_size": .int(2)])

        var tabbed: [String: String] = [:]
        for index in 0..<10 { tabbed["src/m\(index).js"] = module(index, indent: "\t") }
        try fixture.commit("Indent with tabs", files: tabbed)
        try mine(fixture.path, into: store)
        let indentation = try rule("javascript-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(indentation.facts, ["indent_style": .string("tab")])
        XCTAssertEqual(indentation.support.counted, "indented lines in the files at the head")
        XCTAssertTrue(indentation.statement.hasSuffix("At the head, 160 of 160 indented lines in 10 files use tabs."), indentation.statement)
    }

    func testALimitAFormatterAdoptedLateIsStatedFromTheHead() throws {
        let fixture = try GitFixture()
        for index in 0..<4 { try fixture.commit("Add m\(index)", files: ["src/m\(index).py": LineLengthExamples.unwrapped]) }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("python-style/line-length", of: fixture.path, in: store).facts[.maxLineLength], .null)

        // The formatter's merge wraps every file at 100; the years of longer lines stay in the history's counts.
        var formatted: [String: String] = [:]
        for index in 0..<4 { formatted["src/m\(index).py"] = LineLengthExamples.wrappedAt(100) }
        try fixture.commit("Format at 100 columns", files: formatted)
        try mine(fixture.path, into: store)
        let limit = try rule("python-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(limit.facts[.maxLineLength], .int(100))
        XCTAssertEqual(limit.support.counted, "lines in the files at the head")
        XCTAssertTrue(limit.statement.contains("lines in 4 files fit; merged changes show no clear limit"), limit.statement)
    }

    func testALimitAFormatterTightenedIsStatedFromTheHeadWhereNoLinePassesIt() throws {
        let fixture = try GitFixture()
        let day: Int64 = 86_400
        let start: Int64 = 1_600_000_000
        // Two years of files wrapped at 120; then one merge reformats them all at 100, and six months of merges keep it.
        for index in 0..<12 {
            try fixture.commit("Add m\(index)", files: ["src/m\(index).py": LineLengthExamples.wrappedAt(120)], at: start + Int64(index) * 60 * day)
        }
        var formatted: [String: String] = [:]
        for index in 0..<12 { formatted["src/m\(index).py"] = LineLengthExamples.wrappedAt(100) }
        let reformat = start + 12 * 60 * day
        try fixture.commit("Format at 100 columns", files: formatted, at: reformat)
        for index in 0..<3 {
            try fixture.commit(
                "Add n\(index)", files: ["src/n\(index).py": LineLengthExamples.wrappedAt(100)], at: reformat + Int64(index + 1) * 60 * day)
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let limit = try rule("python-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(limit.facts[.maxLineLength], .int(100))
        XCTAssertEqual(limit.support.counted, "lines in the files at the head")
        XCTAssertTrue(limit.statement.contains("in 15 files fit; merged changes kept 120 columns, older lines running past 100."), limit.statement)

        // One file at the head still wrapped at 120: the head does not keep 100 as a formatter would.
        try fixture.commit("Add w", files: ["src/w.py": LineLengthExamples.wrappedAt(120)], at: reformat + 200 * day)
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("python-style/line-length", of: fixture.path, in: store).facts[.maxLineLength], .int(120))
    }
}
