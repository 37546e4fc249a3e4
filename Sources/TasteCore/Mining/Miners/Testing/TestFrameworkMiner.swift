/// Finds the test frameworks in use per language, from what test code imports and calls.
/// One observation per test file a merge touched, so a large suite does not outweigh many small ones. A test
/// file's framework is read from the whole file as the merge left it (its imports, the runner it names), never
/// from the lines the merge happened to add: a one-line edit to a Vitest file is still a Vitest file.
public struct TestFrameworkMiner: HeadReplacingMiner, CensusReadingMiner {
    public static let description = MinerDescription(
        identifier: "test-framework",
        version: 7,
        name: "Test framework",
        summary:
            "The test framework per language (XCTest or Swift Testing, pytest or unittest, Jest, Vitest or Mocha, Go's testing, Rust's built-in tests, JUnit, RSpec, xUnit.net or NUnit, PHPUnit or Pest, ScalaTest, MUnit or uTest), dominant first.",
        languages: [.swift, .python, .javascript, .typescript, .go, .rust, .java, .kotlin, .ruby, .csharp, .php, .scala],
        examples: [
            .shows(
                "Tests/AppTests/GreeterTests.swift",
                """
                import Testing
                @testable import App

                @Test func greets() {
                    #expect(Greeter().greet("Ada") == "Hello, Ada")
                }
                """, expect: [.testFramework: .string("swift-testing")]),
            .contradicts(
                "Tests/AppTests/GreeterTests.swift",
                """
                import XCTest
                @testable import App

                final class GreeterTests: XCTestCase {
                    func testGreets() { XCTAssertEqual(Greeter().greet("Ada"), "Hello, Ada") }
                }
                """, expect: [.testFramework: .string("xctest")]),
            .shows(
                "tests/test_greet.py", "from app import greet\n\ndef test_greet():\n    assert greet('Ada') == 'Hello, Ada'\n",
                expect: [.testFramework: .string("pytest")]),
            .contradicts(
                "tests/test_greet.py",
                "import unittest\n\nclass GreetTest(unittest.TestCase):\n    def test_greet(self):\n        self.assertEqual(greet('Ada'), 'Hello, Ada')\n",
                expect: [.testFramework: .string("unittest")]),
            .shows(
                "src/greet.test.ts",
                "import { describe, it, expect, vi } from 'vitest'\nit('greets', () => { expect(greet('Ada')).toBe('Hello, Ada') })\n",
                expect: [.testFramework: .string("vitest")]),
            .shows(
                "greet_test.go",
                "package greet\n\nimport \"testing\"\n\nfunc TestGreet(t *testing.T) {\n\tif Greet(\"Ada\") != \"Hello, Ada\" {\n\t\tt.Fatal(\"bad\")\n\t}\n}\n",
                expect: [.testFramework: .string("go-testing")]),
            .shows(
                "src/lib.rs", "#[cfg(test)]\nmod tests {\n    #[test]\n    fn greets() { assert_eq!(greet(\"Ada\"), \"Hello, Ada\"); }\n}\n",
                expect: [.testFramework: .string("rust-builtin")]),
        ]
    )

    /// A framework is recognised by any of its markers in a test file.
    struct Marker {
        let framework: String
        let needles: [String]
    }

    static let markers: [Language: [Marker]] = [
        .swift: [
            Marker(framework: "swift-testing", needles: ["import Testing", "@Test", "@Suite", "#expect(", "#require("]),
            Marker(framework: "xctest", needles: ["import XCTest", "XCTestCase", "XCTAssert"]),
            Marker(framework: "quick", needles: ["import Quick", "QuickSpec"]),
        ],
        .python: [
            Marker(framework: "pytest", needles: ["import pytest", "from pytest", "@pytest.", "pytest.raises"]),
            Marker(
                framework: "unittest",
                needles: ["unittest.TestCase", "(TestCase)", "self.assertEqual(", "self.assertTrue(", "self.assertRaises(", "unittest.main("]),
        ],
        .javascript: jsMarkers,
        .typescript: jsMarkers,
        .go: [
            Marker(framework: "go-testing", needles: ["*testing.T", "*testing.B", "\"testing\""])
        ],
        .rust: [
            Marker(framework: "rust-builtin", needles: ["#[test]", "#[cfg(test)]", "#[tokio::test"])
        ],
        .java: jvmMarkers,
        .kotlin: jvmMarkers + [
            Marker(framework: "kotest", needles: ["io.kotest"]),
            Marker(framework: "kotlin-test", needles: ["import kotlin.test"]),
        ],
        .ruby: [
            Marker(
                framework: "rspec",
                needles: ["RSpec.describe", "require 'rspec'", "require \"rspec\"", "require 'spec_helper'", "require \"spec_helper\""]),
            Marker(framework: "minitest", needles: ["Minitest::Test", "require 'minitest", "require \"minitest"]),
            Marker(framework: "test-unit", needles: ["Test::Unit::TestCase"]),
        ],
        .csharp: [
            Marker(framework: "xunit", needles: ["using Xunit;", "[Fact]", "[Theory]", "[Fact("]),
            Marker(framework: "nunit", needles: ["using NUnit.Framework;", "[TestFixture]", "[TestCase(", "[Test]"]),
            Marker(framework: "mstest", needles: ["Microsoft.VisualStudio.TestTools.UnitTesting", "[TestMethod]", "[TestClass]"]),
        ],
        .php: [
            Marker(framework: "phpunit", needles: ["PHPUnit\\Framework\\TestCase", "PHPUnit_Framework_TestCase", "extends TestCase"]),
            // Pest's tests are bare `it(…)`/`test(…)` calls: its expectation chain and its `uses()` name it.
            Marker(framework: "pest", needles: ["uses(", "pest()->", "->toBe(", "->toEqual(", "->toBeTrue("]),
        ],
        .scala: [
            Marker(framework: "scalatest", needles: ["org.scalatest"]),
            Marker(framework: "munit", needles: ["import munit", "munit.FunSuite", "extends munit."]),
            Marker(framework: "utest", needles: ["import utest", "utest.framework", "extends TestSuite"]),
            Marker(framework: "specs2", needles: ["org.specs2"]),
        ],
    ]

    /// JavaScript runners, each named by its import or its own API (`vi.fn`, `jest.fn`).
    static let jsMarkers = [
        Marker(framework: "vitest", needles: ["from 'vitest'", "from \"vitest\"", "vi.fn(", "vi.mock(", "vi.spyOn(", "vi.useFakeTimers("]),
        Marker(framework: "jest", needles: ["jest.fn(", "jest.mock(", "jest.spyOn(", "@jest/globals", "jest.useFakeTimers("]),
        Marker(framework: "mocha", needles: ["from 'mocha'", "require('mocha')", "from \"mocha\""]),
        Marker(framework: "node-test", needles: ["from 'node:test'", "require('node:test')", "from \"node:test\""]),
        Marker(framework: "playwright", needles: ["@playwright/test"]),
        Marker(framework: "ava", needles: ["from 'ava'", "require('ava')", "from \"ava\""]),
        Marker(framework: "uvu", needles: ["from 'uvu'", "require('uvu')", "from \"uvu\""]),
        Marker(framework: "jasmine", needles: ["jasmine.createSpy", "jasmine.any("]),
    ]

    /// Chai is an assertion library, not a runner: it says Mocha only where no runner is named.
    static let chai = Marker(framework: "mocha", needles: ["from 'chai'", "require('chai')", "from \"chai\"", "require(\"chai\")"])

    static let jvmMarkers = [
        Marker(framework: "junit5", needles: ["org.junit.jupiter"]),
        Marker(framework: "junit4", needles: ["import org.junit.Test", "import org.junit.Assert", "import static org.junit.Assert"]),
        Marker(framework: "testng", needles: ["org.testng"]),
    ]

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case framework
        case assertions
    }

    /// What the test files at the head name (``HeadSnapshot``): where every one of them has left the framework
    /// the merged history mostly kept, the head says what tests are written with now.
    var head: MinerTallies?
    /// The framework each language's rule last stated (``HeadReplacingMiner``).
    var statedValues: [Language: String] = [:]
    /// What the head holds (its test files per language); nil where the head was not read.
    var census: TreeCensus?
    static let replaceable = (topic: "framework", fact: FactKey.testFramework)
    static func skill(of language: Language) -> SkillKind { .testing }

    public init() {}

    /// Runners are named by the imports at the top of a test file.
    static let headBytes = 8 << 10

    /// Test files are read whole when a merge modifies them (``DiffPolicy/readsWhole``): only the test files a
    /// commit touches, so the cost follows the size of the change, not of the suite. Rust's tests live in any
    /// file and show in the lines that add them.
    static func readsWhole(_ path: String, _ language: Language) -> Bool {
        language != .rust && markers[language] != nil && FileRole(path: path, language: language) == .test
    }

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        guard let markers = Self.markers[file.language], file.mayHoldTests else { return }
        // A modified file read whole is searched as its bytes; its lines are made only where a check needs them.
        let whole = file.status == .added ? nil : file.change.wholeText
        let text = whole.map(LinesText.init(bytes:)) ?? LinesText(file.addedLines)
        var lines: [AddedLine] { whole == nil ? file.addedLines : file.wholeLines ?? file.addedLines }
        var found: [String: Int] = [:]
        for marker in markers {
            if let line = text.firstLine(holdingAny: marker.needles) { found[marker.framework] = line }
        }
        // Plain pytest needs no import: a test module whose test functions use bare asserts.
        if file.language == .python, found.isEmpty, file.role == .test,
            let line = lines.first(where: { $0.text.hasPrefix("def test") || $0.text.containsBytes("    assert ") })
        {
            found["pytest"] = line.number
        }
        // Jest and Vitest share their globals and matchers (`expect(…).toBe(…)`): a file that names neither runner
        // counts for neither. Mocha's globals come with chai's or node's assertions instead.
        if file.language == .javascript || file.language == .typescript, found.isEmpty, file.role == .test {
            if let line = text.firstLine(holdingAny: Self.chai.needles) {
                found["mocha"] = line
            } else if let line = text.firstLine(holdingAny: ["assert.", ".should.", ").to."]),
                text.firstLine(holdingAny: ["describe(", "it("]) != nil, text.firstLine(holdingAny: [").toBe(", ").toEqual("]) == nil
            {
                found["mocha"] = line
            }
        }
        if file.language == .go, !file.path.hasSuffix("_test.go") { found.removeValue(forKey: "go-testing") }
        let scope = file.language.rawValue
        for (framework, line) in found.sorted(by: { $0.key < $1.key }) {
            sink.count(Counter.framework, framework, scope: scope, path: file.path, line: line)
        }
        // testify shows in its import, or in calls like `assert.Equal(t, …)` / `require.NoError(t, …)`.
        if file.language == .go, file.path.hasSuffix("_test.go"),
            let line = lines.first(where: { Self.usesTestify($0.text) })
        {
            sink.count(Counter.assertions, "testify", scope: scope, path: file.path, line: line.number)
        }
    }

    static func usesTestify(_ text: String) -> Bool {
        if text.containsBytes("github.com/stretchr/testify") { return true }
        return (text.containsBytes("assert.") || text.containsBytes("require.")) && text.containsBytes("(t, ")
    }

    static let displayNames = [
        "swift-testing": "Swift Testing", "xctest": "XCTest", "quick": "Quick", "pytest": "pytest",
        "unittest": "unittest", "vitest": "Vitest", "jest": "Jest", "mocha": "Mocha", "node-test": "node:test",
        "playwright": "Playwright", "ava": "AVA", "uvu": "uvu", "jasmine": "Jasmine", "go-testing": "Go's testing package",
        "rust-builtin": "Rust's built-in #[test]",
        "junit5": "JUnit 5", "junit4": "JUnit 4", "testng": "TestNG", "kotest": "Kotest", "kotlin-test": "kotlin.test",
        "rspec": "RSpec", "minitest": "Minitest", "test-unit": "test-unit", "xunit": "xUnit.net", "nunit": "NUnit",
        "mstest": "MSTest", "phpunit": "PHPUnit", "pest": "Pest", "scalatest": "ScalaTest", "munit": "MUnit", "utest": "uTest",
        "specs2": "specs2",
    ]

    static let idioms = [
        "swift-testing": "`@Test func …` with `#expect`", "xctest": "`final class FooTests: XCTestCase` with `XCTAssert…`",
        "pytest": "plain `def test_…` functions with `assert`", "unittest": "`unittest.TestCase` classes with `self.assert…`",
        "go-testing": "`func TestX(t *testing.T)` in `_test.go` files", "rust-builtin": "`#[test]` functions in a `#[cfg(test)] mod tests`",
        "xunit": "`[Fact]` and `[Theory]` methods with `Assert.…`", "nunit": "`[Test]` methods in `[TestFixture]` classes",
        "phpunit": "classes that extend `TestCase`, with `$this->assert…`", "utest": "`object FooTests extends TestSuite` with `test(\"…\")` blocks",
    ]

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        let drafts: [RuleDraft] = tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), !testsLeft(language) else { return nil }
            return draft(for: language, scope: scope, stats)
        }
        return drafts + lent(by: drafts)
    }

    /// Whether the head was read and holds no test file of `language`: the history's framework describes tests that
    /// are gone (reselect's Mocha files, rewritten in TypeScript). Rust's tests live in any file.
    func testsLeft(_ language: Language) -> Bool {
        language != .rust && census.map { $0.testFiles[language, default: 0] == 0 } == true
    }

    /// JavaScript and TypeScript run under one runner, from one `package.json`: where the head holds code of one but
    /// no test file of it that names a runner, the other's runner is the one its tests use or a new test would
    /// (zustand's JavaScript, whose tests are all TypeScript under Vitest; immer's TypeScript tests, which call
    /// Vitest's globals beside JavaScript tests that import it). The rule cites the lender's test files and says whose.
    func lent(by drafts: [RuleDraft]) -> [RuleDraft] {
        guard let census else { return [] }
        let pairs: [(language: Language, lender: Language)] = [(.javascript, .typescript), (.typescript, .javascript)]
        return pairs.compactMap { language, lender in
            let tests = census.testFiles[language, default: 0]
            // A language the head holds only as tests (espree's TypeScript declaration fixtures) has no code to test.
            guard census.holdsCode(language), census.testFiles[lender, default: 0] > 0,
                tests == 0 || head?.scopes[language.rawValue]?[Counter.framework].isEmpty ?? true,
                !drafts.contains(where: { $0.language == language }), let lent = drafts.first(where: { $0.language == lender }),
                case .string(let framework)? = lent.facts[FactKey.testFramework.rawValue]
            else { return nil }
            let name = Self.displayNames[framework] ?? framework
            var draft = lent
            draft.language = language
            draft.facts = [FactKey.testFramework.rawValue: .string(framework)]
            draft.unit = "\(lender.displayName) test files"
            draft.citedScope = lender.rawValue
            draft.lent = true
            let own =
                tests == 0
                ? "the head holds no \(language.displayName) test file"
                : tests == 1
                    ? "the one \(language.displayName) test file at the head names no runner"
                    : "the \(tests.formatted()) \(language.displayName) test files at the head name no runner"
            draft.statement =
                "Write \(language.displayName) tests with \(name), as the \(lender.displayName) tests are: \(own), and "
                + "\(lent.support.agreeing.formatted()) of \(lent.support.observations.formatted()) \(lender.displayName) test files name \(name)."
            return draft
        }
    }

    /// Runners that drive the built application in a browser, beside a unit runner rather than instead of it:
    /// octochangelog keeps four Playwright specs in `e2e/` and five Vitest files, and the two split its vote.
    static let endToEnd: Set<String> = ["playwright"]

    /// `tallies` without the end-to-end runners' files, where a unit runner is named too (in the history or at the
    /// head), and those files at the head by runner; unchanged where the end-to-end runner is the only one.
    func unitRunners(
        _ tallies: ScopeTallies, headTallies: ScopeTallies?
    ) -> (tallies: ScopeTallies, head: ScopeTallies?, endToEnd: [String: Int]) {
        let named = Set(tallies[Counter.framework].keys).union(headTallies.map { Array($0[Counter.framework].keys) } ?? [])
        guard named.contains(where: Self.endToEnd.contains), named.contains(where: { !Self.endToEnd.contains($0) }) else {
            return (tallies, headTallies, [:])
        }
        func unit(_ tallies: ScopeTallies) -> ScopeTallies {
            var kept = tallies
            kept.values[Counter.framework.rawValue] = tallies[Counter.framework].filter { !Self.endToEnd.contains($0.key) }
            return kept
        }
        let endToEnd = (headTallies?[Counter.framework] ?? [:]).filter { Self.endToEnd.contains($0.key) }.mapValues(\.count)
        return (unit(tallies), headTallies.map(unit), endToEnd)
    }

    private func draft(for language: Language, scope: String, _ counted: ScopeTallies) -> RuleDraft? {
        let (stats, headStats, endToEnd) = unitRunners(counted, headTallies: head?.scopes[scope])
        let besides = endToEnd.sorted { $0.key < $1.key }.map { framework, files in
            " End-to-end tests run under \(Self.displayNames[framework] ?? framework) (\(files.formatted()) files at the head)."
        }.joined()
        let ranked = stats.ranked(Counter.framework)
        guard let top = ranked.first else { return nil }
        let files = ranked.reduce(0) { $0 + $1.stat.count }
        guard files >= 3 else { return nil }
        // A migration finished in one merge (h3's and pinia's to Vitest) is read from the test files at the head.
        if let now = replacement(
            from: headStats, language: language, key: Counter.framework.rawValue, leading: top.value, historyShare: top.share, share: 0.8)
        {
            let name = Self.displayNames[now.value] ?? now.value
            // The test files that name a runner, the end-to-end ones left out.
            let named = max(now.files, (headStats?.commits ?? now.files) - endToEnd.values.reduce(0, +))
            var statement = "Write \(language.displayName) tests with \(name)"
            if let idiom = Self.idioms[now.value] { statement += ": \(idiom)" }
            statement += ". At the head, \(now.files.formatted()) of \(named.formatted()) test files name it"
            if let left = now.left {
                statement += " and \(now.filesKeepingLeft.formatted()) name \(Self.displayNames[left] ?? left)"
                statement += left == top.value ? ", which the merged history mostly used." : ", which this rule stated."
            } else {
                statement += "; merged changes are split (\(percent(top.share)))."
            }
            statement += besides
            var draft = RuleDraft(
                topic: "framework", skill: .testing, language: language, facts: [.testFramework: .string(now.value)],
                share: Double(now.files) / Double(max(named, 1)),
                support: Support(observations: named, agreeing: now.files, commits: now.files), statement: statement,
                unit: "test files", evidence: [(key: Counter.framework.rawValue, value: now.value)])
            draft.countedAtHead = true
            return draft
        }
        let inUse = ranked.filter { $0.share >= 0.1 }
        let name = Self.displayNames[top.value] ?? top.value
        var facts: [FactKey: FactValue] = [.testFramework: .string(top.value)]
        var statement = "Write \(language.displayName) tests with \(name)"
        if let idiom = Self.idioms[top.value] { statement += ": \(idiom)" }
        statement += "."
        if inUse.count > 1 {
            facts[.testFrameworks] = .strings(inUse.map(\.value))
            let others = inUse.dropFirst().map { "\(Self.displayNames[$0.value] ?? $0.value) (\(percent($0.share)))" }
            statement += " Also in use: \(others.joined(separator: ", ")); recent merges favour \(name) (\(percent(top.share)))."
        }
        if let testify = stats.dominant(Counter.assertions), testify.observations * 3 >= files {
            facts[.assertionLibrary] = .string("testify")
            statement += " Assert with testify (`assert`/`require`)."
        }
        statement += besides
        return RuleDraft(
            topic: "framework", skill: .testing, language: language, facts: facts, share: top.share,
            support: Support(observations: files, agreeing: top.stat.count, commits: stats.commits),
            statement: statement, unit: "test files", evidence: [(key: Counter.framework.rawValue, value: top.value)])
    }
}

/// A file's lines as one buffer, a newline after each: a needle (never holding a newline) is one search over the
/// file rather than one per line, which made a long test file the costliest thing a pass read.
struct LinesText {
    private var bytes: [UInt8] = []
    /// Where each line starts and its number; nil for a whole file, whose lines run from 1.
    private var starts: [Int] = []
    private let numbers: [Int]?

    init(_ lines: [AddedLine]) {
        numbers = lines.map(\.number)
        starts.reserveCapacity(lines.count)
        for line in lines {
            starts.append(bytes.count)
            bytes.append(contentsOf: line.text.utf8)
            bytes.append(0x0A)
        }
    }

    /// A whole file's bytes, searched as they are.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        numbers = nil
    }

    /// The number of the first line that holds one of `needles`.
    func firstLine(holdingAny needles: [String]) -> Int? {
        let offsets = bytes.withUnsafeBufferPointer { buffer in needles.compactMap { ByteSearch.firstOffset(of: $0, in: buffer) } }
        guard let offset = offsets.min() else { return nil }
        guard let numbers else { return 1 + bytes[..<offset].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } }
        // The last line that starts at or before the offset.
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return numbers[low]
    }
}
