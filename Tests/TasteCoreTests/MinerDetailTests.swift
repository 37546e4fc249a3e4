import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Details of single miners that their examples do not pin down: parsing, thresholds, what is not counted.
final class MinerDetailTests: XCTestCase {
    func testConventionalSubjectParsing() {
        let cases: [(String, String?, String?)] = [
            ("feat: add x", "feat", nil),
            ("feat(parser): add x", "feat", "parser"),
            ("feat!: drop x", "feat", nil),
            ("refactor(core)!: split", "refactor", "core"),
            ("Feat: add x", nil, nil),
            ("feat:add x", nil, nil),
            ("feat(): add x", nil, nil),
            ("fix(a(b)): x", nil, nil),
            ("Add a parser", nil, nil),
            ("WIP: x", nil, nil),
            ("feat: ", nil, nil),
            ("averyveryverylongtype: x", nil, nil),
        ]
        for (subject, type, scope) in cases {
            let parsed = CommitMessageMiner.parseConventional(Substring(subject))
            XCTAssertEqual(parsed?.type, type, subject)
            XCTAssertEqual(parsed?.scope, scope, subject)
        }
    }

    /// bat's subjects, a fifth Conventional Commits: a mix is stated with its share, never as "not Conventional Commits".
    func testAMixOfConventionsIsStatedWithItsShare() throws {
        func statement(freeForm: Int, conventional: Int) throws -> String {
            var stats = ScopeTallies()
            stats.commits = freeForm + conventional
            stats.values["convention"] = [
                "free-form": TallyStat(weight: Double(freeForm), count: freeForm, commits: freeForm),
                "conventional": TallyStat(weight: Double(conventional), count: conventional, commits: conventional),
            ]
            stats.values["type"] = ["fix": TallyStat(weight: Double(conventional), count: conventional, commits: conventional)]
            var tallies = MinerTallies()
            tallies.scopes[""] = stats
            return try XCTUnwrap(CommitMessageMiner().rules(from: tallies).first).statement
        }
        XCTAssertTrue(
            try statement(freeForm: 95, conventional: 5).hasPrefix("Write commit subjects as free-form sentences (not Conventional Commits)"))
        let mixed = try statement(freeForm: 70, conventional: 30)
        XCTAssertTrue(mixed.hasPrefix("Write commit subjects as free-form sentences, as 70% of subjects are;"), mixed)
        XCTAssertFalse(mixed.contains("not Conventional Commits"), mixed)
        let adopting = try statement(freeForm: 35, conventional: 65)
        XCTAssertTrue(
            adopting.hasPrefix(
                "Write commit subjects as Conventional Commits, `type(scope): description` (65% of subjects are; the rest are free-form)"), adopting)
    }

    func testPullRequestSuffix() {
        XCTAssertTrue(CommitMessageMiner.hasPullRequestSuffix("fix: x (#12)"))
        XCTAssertFalse(CommitMessageMiner.hasPullRequestSuffix("fix: x (#)"))
        XCTAssertFalse(CommitMessageMiner.hasPullRequestSuffix("fix: x (#12a)"))
        XCTAssertFalse(CommitMessageMiner.hasPullRequestSuffix("fix: x (see notes)"))
        XCTAssertFalse(CommitMessageMiner.hasPullRequestSuffix("fix: x #12"))
    }

    func testMergesRevertsAndFixupsAreNotCounted() {
        let miner = CommitMessageMiner()
        var sink = ObservationSink(miner: miner.identifier, commit: "c")
        for message in [
            "Merge pull request #1 from a/b", "Merge branch 'x'", "Revert \"feat: x\"", "fixup! feat: x",
            "squash! fix: y", "   ", "",
        ] {
            miner.observe(CommitRecord(sha: "c", parents: ["p"], authorName: "", authorEmail: "", time: 0, message: message), into: &sink)
        }
        miner.observe(
            CommitRecord(sha: "m", parents: ["p", "q"], authorName: "", authorEmail: "", time: 0, message: "feat: merged"),
            into: &sink)
        XCTAssertTrue(sink.isEmpty, "\(sink.counts)")
    }

    func testSignOffIsFound() throws {
        let messages = (0..<6).map { "fix: thing \($0)\n\nSigned-off-by: Ada <ada@example.com>\n" }
        let facts = try MinerExampleTests.facts(CommitMessageMiner(), .shows("", "", messages: messages, expect: [:]), label: "sign-off")
        XCTAssertEqual(facts[.signOff], .bool(true))
    }

    /// One commit is no convention: the thresholds keep thin evidence from becoming a rule.
    func testThinEvidenceGivesNoRules() {
        let file = MinerExampleTests.fileChange(Code.swiftType("A"), path: "A.swift", language: .swift)
        for miner in MinerCatalogue.all {
            var sink = ObservationSink(miner: miner.identifier, commit: "c")
            miner.observe(SourceFile(file), into: &sink)
            miner.observe(CommitRecord(sha: "c", parents: [], authorName: "", authorEmail: "", time: 0, message: "feat: a"), into: &sink)
            var tallies = MinerTallies()
            for (key, count) in sink.counts {
                tallies.scopes[key.scope, default: ScopeTallies()].values[key.key, default: [:]][key.value] =
                    TallyStat(weight: Double(count), count: count, commits: 1)
                tallies.scopes[key.scope, default: ScopeTallies()].commits = 1
            }
            XCTAssertEqual(miner.rules(from: tallies).count, 0, miner.identifier)
            XCTAssertEqual(miner.rules(from: MinerTallies()).count, 0, miner.identifier)
        }
    }

    func testIndentationIgnoresBlockCommentContinuationsAndBlankLines() {
        let file = MinerExampleTests.fileChange("/**\n * Doc.\n */\nfunc a() {\n\n    b()\n}\n", path: "a.swift", language: .swift)
        var sink = ObservationSink(miner: "indentation", commit: "c")
        IndentationMiner().observe(SourceFile(file), into: &sink)
        let counted = sink.counts.map { "\($0.key.key)=\($0.key.value):\($0.value)" }.sorted()
        XCTAssertEqual(
            counted, ["style=space:1", "width=0mod4:1"],
            "the blank line breaks the run, so no size step is counted; the one indented line's width is")
    }

    func testLinesNoFormatterBreaksAreNotCountedForLineLength() {
        XCTAssertTrue(LineLengthMiner.isUnbreakable(SourceFile(path: "a.swift", code: "    // see https://example.com/a/very/long/path").lines[0]))
        XCTAssertTrue(LineLengthMiner.isUnbreakable(SourceFile(path: "a.swift", code: "import Foundation").lines[0]))
        XCTAssertTrue(LineLengthMiner.isUnbreakable(SourceFile(path: "a.swift", code: "  | a | b | c |").lines[0]))
        XCTAssertTrue(
            LineLengthMiner.isUnbreakable(
                SourceFile(path: "a.swift", code: "let message = \"a long literal that is most of the line, no doubt\"").lines[0]))
        XCTAssertFalse(
            LineLengthMiner.isUnbreakable(SourceFile(path: "a.swift", code: "let total = items.map { $0.price * $0.count }.reduce(0, +)").lines[0]))
        XCTAssertEqual(SourceFile(path: "a.swift", code: "\tab").lines[0].width, 6, "a tab counts as 4 columns")
    }

    func testLineLengthTellsWhetherCommentsKeepTheLimitTheCodeKeeps() throws {
        let miner = LineLengthMiner()
        func facts(_ code: String) throws -> [String: FactValue] {
            try MinerExampleTests.facts(miner, MinerExample.shows("Sources/A.swift", code, expect: [:]), label: "comments")
        }
        // The miner's own example: code wrapped at 100, one in eight long comment lines past it (swift-nio).
        let loose = try facts(LineLengthExamples.wrappedAt(100, comments: 100, commentsOver: 12))
        XCTAssertEqual(loose[.commentsWithinLineLength], .bool(false))
        // Comments wrapped like the code (moshi, ripgrep): nothing more to say.
        let kept = try facts(LineLengthExamples.wrappedAt(100, comments: 100, commentsOver: 2))
        XCTAssertEqual(kept[.maxLineLength], .int(100))
        XCTAssertNil(kept[.commentsWithinLineLength])
        // Too few long comments to tell (80 over ten commits; requests has 16 near 88): held to the limit like code.
        let few = try facts(LineLengthExamples.wrappedAt(100, comments: 8, commentsOver: 4))
        XCTAssertEqual(few[.maxLineLength], .int(100))
        XCTAssertNil(few[.commentsWithinLineLength])
        // ktfmt and google-java-format wrap KDoc and Javadoc: moshi's long comments of 2025 were wrapped by them later.
        for path in ["src/Moshi.kt", "src/Moshi.java"] {
            let code = LineLengthExamples.wrappedAt(100, comments: 100, commentsOver: 12)
            let formatted = try MinerExampleTests.facts(miner, MinerExample.shows(path, code, expect: [:]), label: path)
            XCTAssertEqual(formatted[.maxLineLength], .int(100), path)
            XCTAssertNil(formatted[.commentsWithinLineLength], path)
        }
    }

    /// bat's Rust: wrapped at 100 for years, then a few months whose few long lines sit under 120. A stated 100
    /// stands on the years' cliff until the months show a wrap of their own; comments about a tenth past the limit
    /// are not said to run over and to keep it by turns.
    func testAStatedLimitAndItsCommentsHoldAgainstAFewRecentLines() {
        func widths(recentNear120: Int) -> [String: TallyStat] {
            var widths: [String: TallyStat] = ["short": TallyStat(weight: 3_000, recent: 1_200, count: 3_000, commits: 50)]
            for width in 61...95 { widths[String(width)] = TallyStat(weight: 20, recent: 8, count: 20, commits: 20) }
            for width in 96...100 { widths[String(width)] = TallyStat(weight: 60, recent: 0, count: 60, commits: 30) }
            for width in 116...120 {
                let lines = recentNear120 / 5
                widths[String(width)] = TallyStat(weight: Double(lines), recent: Double(lines), count: lines, commits: 3)
            }
            return widths
        }
        let few = widths(recentNear120: 15)
        XCTAssertEqual(LineLengthMiner.limit(in: few)?.limit, 120, "unheld, the last months decide")
        XCTAssertEqual(LineLengthMiner.limit(in: few, holding: .int(100), tolerance: 1.5)?.limit, 100, "15 lines are no new wrap")
        let many = widths(recentNear120: 50)
        XCTAssertEqual(LineLengthMiner.limit(in: many, holding: .int(100), tolerance: 1.5)?.limit, 120, "50 lines are")

        func comments(over share: Double) -> [String: TallyStat] {
            let over = Int(share * 200)
            return [
                "95": TallyStat(weight: Double(200 - over), count: 200 - over, commits: 20),
                "110": TallyStat(weight: Double(over), count: over, commits: 20),
            ]
        }
        XCTAssertFalse(LineLengthMiner.commentsKeep(100, comments(over: 0.12)))
        XCTAssertTrue(LineLengthMiner.commentsKeep(100, comments(over: 0.12), held: true, tolerance: 1.5), "kept, within the loosened cut")
        XCTAssertFalse(LineLengthMiner.commentsKeep(100, comments(over: 0.2), held: true, tolerance: 1.5))
        XCTAssertTrue(LineLengthMiner.commentsKeep(100, comments(over: 0.08)))
        XCTAssertFalse(LineLengthMiner.commentsKeep(100, comments(over: 0.08), held: false, tolerance: 1.5), "run over, past the tightened cut")
        XCTAssertTrue(LineLengthMiner.commentsKeep(100, comments(over: 0.05), held: false, tolerance: 1.5))
    }

    /// octochangelog's last ten merges: 2,000 TypeScript lines, too few near Prettier's 80 and too unevenly spread
    /// over commits to pile up under it, 14 code lines and 14 comment lines past it. The stated limit stands: lines
    /// beyond it contradict it, lines that do not reach it do not.
    func testAStatedLimitStandsWhereTooFewLinesShowACliffAndFewRunPastIt() throws {
        func window(codePast: Int, commentsPast: Int) -> MinerTallies {
            var stats = ScopeTallies(commits: 10)
            var widths: [String: TallyStat] = ["short": TallyStat(weight: 9, count: 2_000, commits: 10)]
            for width in 60...80 { widths[String(width)] = TallyStat(weight: width % 3 == 0 ? 0.4 : 0.05, count: 3, commits: 2) }
            widths["95"] = TallyStat(weight: 0.6, count: codePast + commentsPast, commits: 3)
            stats.values[LineLengthMiner.Counter.width.rawValue] = widths
            stats.values[LineLengthMiner.Counter.commentWidth.rawValue] = ["95": TallyStat(weight: 0.5, count: commentsPast, commits: 2)]
            var tallies = MinerTallies()
            tallies.scopes[Language.typescript.rawValue] = stats
            return tallies
        }
        func limit(_ miner: any Miner, _ tallies: MinerTallies) -> FactValue? {
            miner.rules(from: tallies).first { $0.language == .typescript }?.facts[.maxLineLength]
        }
        let id = "typescript-style/line-length"
        func judge(_ stated: [String: FactValue]) throws -> any Miner {
            try XCTUnwrap(LineLengthMiner().holding([id: stated], policy: .standard) as? LineLengthMiner).judgingLatestMerges()
        }
        let runOver = try judge(["max_line_length": .int(80), "comments_within_line_length": .bool(false)])
        let keptByComments = try judge(["max_line_length": .int(80)])
        let few = window(codePast: 14, commentsPast: 14)
        XCTAssertEqual(limit(LineLengthMiner(), few), .null, "unheld, no cliff is no limit")
        XCTAssertEqual(
            limit(LineLengthMiner().holding([id: ["max_line_length": .int(80)]], policy: .standard), few), .null,
            "the whole history's cliff gone, its limit goes")
        XCTAssertEqual(limit(runOver, few), .int(80))
        XCTAssertEqual(limit(keptByComments, few), .int(80), "28 of 2,063 lines")
        let longComments = window(codePast: 14, commentsPast: 90)
        XCTAssertEqual(limit(runOver, longComments), .int(80), "comments may run over")
        XCTAssertEqual(limit(keptByComments, longComments), .null, "comments keep the limit, and 104 lines run past it")
        XCTAssertEqual(limit(runOver, window(codePast: 120, commentsPast: 0)), .null, "120 code lines past it contradict it")
    }

    func testTestFrameworkNeedsGoTestFilesAndSeesTestify() {
        var sink = ObservationSink(miner: "test-framework", commit: "c")
        let miner = TestFrameworkMiner()
        miner.observe(SourceFile(MinerExampleTests.fileChange("import \"testing\"\n", path: "helpers.go", language: .go)), into: &sink)
        XCTAssertTrue(sink.isEmpty, "a non-test Go file importing testing is no test file")
        let test = "import (\n\t\"testing\"\n\t\"github.com/stretchr/testify/require\"\n)\n"
        miner.observe(SourceFile(MinerExampleTests.fileChange(test, path: "a_test.go", language: .go)), into: &sink)
        XCTAssertEqual(sink.counts.count, 2)
        XCTAssertEqual(sink.counts.keys.map(\.value).sorted(), ["go-testing", "testify"])
    }

    func testConfidenceGrowsWithEvidenceAndStaysWithinTheShare() {
        for share in [0.5, 0.9, 1.0] {
            var previous = -1.0
            for commits in [1, 3, 10, 100, 1000] {
                let value = confidence(share: share, commits: commits)
                XCTAssertTrue((0...1).contains(value))
                XCTAssertLessThanOrEqual(value, share)
                XCTAssertGreaterThanOrEqual(value, previous, "share \(share), \(commits) commits")
                previous = value
            }
        }
        XCTAssertLessThan(confidence(share: 1, commits: 1), 0.5, "one commit is never a confident rule")
    }

    func testYAMLQuotingEscapesEverythingThatCouldEndTheScalar() {
        XCTAssertEqual(yamlQuoted("plain"), "\"plain\"")
        XCTAssertEqual(yamlQuoted("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"")
        XCTAssertEqual(yamlQuoted("line\nnext\tx\r"), "\"line\\nnext\\tx\\r\"")
        XCTAssertEqual(yamlQuoted("bell\u{07}"), "\"bell\\x07\"")
    }

    /// C#, PHP and Scala test files name their framework by its namespace, attributes or base class.
    func testCSharpPHPAndScalaTestFilesNameTheirFramework() {
        let cases: [(path: String, language: Language, text: String, framework: String)] = [
            (
                "test/Serilog.Tests/LoggerTests.cs", .csharp,
                "using Xunit;\n\npublic class LoggerTests\n{\n    [Fact]\n    public void Logs() { }\n}\n", "xunit"
            ),
            (
                "tests/Core.Tests/ParserTests.cs", .csharp,
                "using NUnit.Framework;\n\n[TestFixture]\npublic class ParserTests { [Test] public void Parses() { } }\n", "nunit"
            ),
            (
                "tests/ClientTest.php", .php,
                "<?php\nnamespace GuzzleHttp\\Tests;\n\nuse PHPUnit\\Framework\\TestCase;\n\nclass ClientTest extends TestCase\n{\n}\n", "phpunit"
            ),
            ("tests/Feature/ExampleTest.php", .php, "<?php\n\nit('adds', function () {\n    expect(add(1, 2))->toBe(3);\n});\n", "pest"),
            (
                "os/test/src/PathTests.scala", .scala,
                "package test.os\n\nimport utest._\n\nobject PathTests extends TestSuite {\n  val tests = Tests {}\n}\n", "utest"
            ),
            (
                "src/test/scala/ParserSpec.scala", .scala, "import org.scalatest.funsuite.AnyFunSuite\n\nclass ParserSpec extends AnyFunSuite\n",
                "scalatest"
            ),
        ]
        let miner = TestFrameworkMiner()
        for (path, language, text, framework) in cases {
            var sink = ObservationSink(miner: "test-framework", commit: "c")
            miner.observe(SourceFile(MinerExampleTests.fileChange(text, path: path, language: language)), into: &sink)
            XCTAssertEqual(sink.counts.keys.map(\.value), [framework], path)
        }
        var library = ObservationSink(miner: "test-framework", commit: "c")
        miner.observe(
            SourceFile(MinerExampleTests.fileChange("using Xunit;\n", path: "src/Serilog/Sinks.cs", language: .csharp)), into: &library)
        XCTAssertTrue(library.isEmpty, "a library file that names xUnit is no test file")
    }

    func testFrameworkMarkersOutsideTestFilesAreMentionsNotTests() {
        let miner = TestFrameworkMiner()
        var sink = ObservationSink(miner: "test-framework", commit: "c")
        miner.observe(
            SourceFile(
                MinerExampleTests.fileChange(
                    "import XCTest\nlet x = XCTestCase.self\n", path: "Sources/App/Docs.swift",
                    language: .swift)), into: &sink)
        miner.observe(SourceFile(MinerExampleTests.fileChange("import pytest\n", path: "app/plugin.py", language: .python)), into: &sink)
        XCTAssertTrue(sink.isEmpty, "\(sink.counts)")
        miner.observe(SourceFile(MinerExampleTests.fileChange("import XCTest\n", path: "Sources/App/AppTests.swift", language: .swift)), into: &sink)
        XCTAssertEqual(sink.counts.keys.map(\.value), ["xctest"])
    }

    /// Jest and Vitest share `expect(…).toBe(…)`: only the runner's name or API tells them apart. Mocha's
    /// globals come with other assertions.
    func testJestVitestAndMochaAreToldApartByWhatNamesTheirRunner() {
        let miner = TestFrameworkMiner()
        var shared = ObservationSink(miner: "test-framework", commit: "c")
        miner.observe(
            SourceFile(
                MinerExampleTests.fileChange(
                    "it('adds', () => {\n  expect(add(1, 2)).toBe(3)\n})\n",
                    path: "src/add.test.js", language: .javascript)), into: &shared)
        XCTAssertTrue(shared.isEmpty, "\(shared.counts)")
        var jest = ObservationSink(miner: "test-framework", commit: "c")
        miner.observe(
            SourceFile(
                MinerExampleTests.fileChange(
                    "it('calls', () => {\n  const f = jest.fn()\n  f()\n  expect(f).toHaveBeenCalled()\n})\n",
                    path: "src/add.test.js", language: .javascript)), into: &jest)
        XCTAssertEqual(jest.counts.keys.map(\.value), ["jest"])
        var vitest = ObservationSink(miner: "test-framework", commit: "c")
        miner.observe(
            SourceFile(
                MinerExampleTests.fileChange(
                    "import { it, expect } from 'vitest'\nimport { assert } from 'chai'\nit('adds', () => {\n  expect(add(1, 2)).toBe(3)\n})\n",
                    path: "src/add.test.ts", language: .typescript)), into: &vitest)
        XCTAssertEqual(vitest.counts.keys.map(\.value), ["vitest"], "chai beside a named runner is only its assertions")
        var mocha = ObservationSink(miner: "test-framework", commit: "c")
        miner.observe(
            SourceFile(
                MinerExampleTests.fileChange(
                    "describe('add', () => {\n  it('adds', () => {\n    assert.equal(add(1, 2), 3)\n  })\n})\n",
                    path: "test/add.js", language: .javascript)), into: &mocha)
        XCTAssertEqual(mocha.counts.keys.map(\.value), ["mocha"])
    }

    /// A one-line edit to a Vitest file adds only a shared matcher: the file as the merge left it names Vitest.
    func testAModifiedTestFileIsReadWholeNotFromTheLinesItAdded() {
        let whole = SourceFile(
            path: "test/add.test.ts",
            code:
                "import { describe, expect, it } from 'vitest'\n\ndescribe('add', () => {\n  it('adds', () => {\n    expect(add(1, 2)).toBe(3)\n  })\n})\n"
        ).change.addedLines
        var change = FileChange(
            path: "test/add.test.ts", status: .modified, language: .typescript, addedLines: [whole[4]], wholeLines: whole)
        var sink = ObservationSink(miner: "test-framework", commit: "c")
        TestFrameworkMiner().observe(SourceFile(change), into: &sink)
        XCTAssertEqual(sink.counts.keys.map(\.value), ["vitest"])
        XCTAssertEqual(sink.evidence.values.first?.line, 1, "it cites the line that names the runner")
        change.wholeLines = nil
        var added = ObservationSink(miner: "test-framework", commit: "c")
        TestFrameworkMiner().observe(SourceFile(change), into: &added)
        XCTAssertTrue(added.isEmpty, "\(added.counts)")
        XCTAssertTrue(TestFrameworkMiner.readsWhole("test/add.test.ts", .typescript))
        XCTAssertFalse(TestFrameworkMiner.readsWhole("src/add.ts", .typescript))
        XCTAssertFalse(TestFrameworkMiner.readsWhole("src/lib.rs", .rust))
    }

    func testLinesTextFindsTheFirstLineThatHoldsANeedle() {
        let text = LinesText([
            AddedLine(number: 3, text: "import x"), AddedLine(number: 7, text: "vi.fn()"), AddedLine(number: 9, text: "jest.fn() vi.fn("),
        ])
        XCTAssertEqual(text.firstLine(holdingAny: ["jest.fn(", "vi.fn("]), 7)
        XCTAssertEqual(text.firstLine(holdingAny: ["jest.fn("]), 9)
        XCTAssertEqual(text.firstLine(holdingAny: ["import"]), 3)
        XCTAssertNil(text.firstLine(holdingAny: ["mocha"]))
        XCTAssertNil(LinesText([]).firstLine(holdingAny: ["vi"]))
    }

    func testMinifiedLooksAreEnormousLines() {
        let minified = MinerExampleTests.fileChange(String(repeating: "a=1;", count: 600) + "\n", path: "x.js", language: .javascript)
        XCTAssertTrue(PathClassifier.looksMinified(minified))
        let code = MinerExampleTests.fileChange(Code.swiftType("A"), path: "a.swift", language: .swift)
        XCTAssertFalse(PathClassifier.looksMinified(code))
        XCTAssertFalse(PathClassifier.looksMinified(FileChange(path: "e.js", status: .added, language: .javascript, addedLines: [])))
    }
}

final class CommitSubjectTests: XCTestCase {
    func testMoodOfTheFirstWord() {
        let cases: [(String, CommitMessageMiner.Mood?)] = [
            ("Add a parser", .imperative), ("Fix crash", .imperative), ("Don't crash", .imperative),
            ("Added a parser", .past), ("Fixed crash", .past), ("Updated README", .past), ("Dropped support", .past),
            ("Made it faster", .past), ("Fixes #12", .thirdPerson), ("Adds a flag", .thirdPerson), ("Simplifies it", .thirdPerson),
            ("Adding a parser", .gerund), ("Making it faster", .gerund), ("Running tests", .gerund),
            ("README tweaks", nil), ("Release 1.2.3", nil), ("Tests for the parser", nil), ("v2", nil), ("", nil),
            ("[docs] Fix typo", .imperative),
        ]
        for (subject, mood) in cases {
            XCTAssertEqual(CommitMessageMiner.mood(of: Substring(subject)), mood, subject)
        }
        XCTAssertEqual(CommitMessageMiner.afterPrefix("feat(parser): accept commas"), "accept commas")
        XCTAssertEqual(CommitMessageMiner.afterPrefix("net/http: fix leak"), "fix leak")
    }

    private func stats(_ lengths: [Int: Int]) -> ScopeTallies {
        var stats = ScopeTallies()
        for (length, count) in lengths {
            stats.values["subject_length", default: [:]][String(length)] = TallyStat(weight: Double(count), count: count, commits: count)
        }
        return stats
    }

    func testSubjectLengthIsTheNinetyFifthPercentileRoundedToACommonLimit() {
        XCTAssertEqual(CommitMessageMiner.subjectLengthRule(stats([30: 40, 48: 10]))?.limit, 50)
        XCTAssertEqual(CommitMessageMiner.subjectLengthRule(stats([40: 80, 65: 20]))?.limit, 72, "20% above 50: 72")
        XCTAssertEqual(CommitMessageMiner.subjectLengthRule(stats([40: 97, 90: 3]))?.limit, 50, "a few long outliers do not move it")
        XCTAssertNil(CommitMessageMiner.subjectLengthRule(stats([40: 50, 140: 50])), "no limit kept")
        XCTAssertNil(CommitMessageMiner.subjectLengthRule(stats([40: 4])), "too few subjects")
    }

    /// cobra's subjects sit at the 72-column cut: 94 to 96 in 100 within it as merges come in. A stated limit
    /// stands within the band either side of the 95th percentile, so it stops moving 72 → 100 → 72.
    func testAStatedSubjectLimitStandsWhileThePercentileHoversAtItsCut() {
        let band = SkillPolicy.standard.holdPercentileBand
        let justOver = stats([60: 94, 90: 6])
        XCTAssertEqual(CommitMessageMiner.subjectLengthRule(justOver)?.limit, 100, "unheld, 94% within 72 is 100")
        XCTAssertEqual(CommitMessageMiner.subjectLengthRule(justOver, holding: 72, band: band)?.limit, 72, "72 stated: it stands")
        XCTAssertEqual(
            CommitMessageMiner.subjectLengthRule(stats([60: 90, 90: 10]), holding: 72, band: band)?.limit, 100, "90% within 72: 100")
        let justUnder = stats([60: 96, 90: 4])
        XCTAssertEqual(CommitMessageMiner.subjectLengthRule(justUnder)?.limit, 72)
        XCTAssertEqual(CommitMessageMiner.subjectLengthRule(justUnder, holding: 100, band: band)?.limit, 100, "100 stated: it stands")
        XCTAssertEqual(
            CommitMessageMiner.subjectLengthRule(stats([60: 99, 90: 1]), holding: 100, band: band)?.limit, 72, "99% within 72: 72")
        XCTAssertNil(CommitMessageMiner.subjectLengthRule(stats([60: 50, 140: 50]), holding: 100, band: band), "no limit kept")
    }

    /// Lines wrapped at 80, with `over` lines spread from 90 to 115 columns past it.
    private func widths(over: Int) -> [String: TallyStat] {
        var widths: [String: TallyStat] = [:]
        for width in 20...80 { widths[String(width)] = TallyStat(weight: width > 75 ? 30 : 10, count: width > 75 ? 30 : 10, commits: 5) }
        for width in 90..<(90 + over) { widths[String(width)] = TallyStat(weight: 1, count: 1, commits: 1) }
        return widths
    }

    /// express and moshi at their threshold: lines past the limit near 3% of all make a limit that comes and goes.
    /// A stated limit stands while its cliff passes the test loosened; no limit stands until a cliff passes it tightened.
    func testAStatedLineLimitAndAStatedAbsenceStandAtTheCliffsThresholds() {
        let tolerance = SkillPolicy.standard.holdCliffTolerance
        let loose = widths(over: 26)  // 3.5% past 80
        XCTAssertNil(LineLengthMiner.limit(in: loose), "unheld: too many lines past 80")
        XCTAssertEqual(LineLengthMiner.limit(in: loose, holding: .int(80), tolerance: tolerance)?.limit, 80, "80 stated: it stands")
        XCTAssertNil(LineLengthMiner.limit(in: widths(over: 60), holding: .int(80), tolerance: tolerance), "8% past 80: no limit")
        let tight = widths(over: 18)  // 2.5% past 80
        XCTAssertEqual(LineLengthMiner.limit(in: tight)?.limit, 80)
        XCTAssertNil(LineLengthMiner.limit(in: tight, holding: .null, tolerance: tolerance), "no limit stated: it stands")
        XCTAssertEqual(LineLengthMiner.limit(in: widths(over: 5), holding: .null, tolerance: tolerance)?.limit, 80, "a clear cliff")
    }

    /// jotai's TypeScript at HEAD (Prettier, `printWidth` 80), lines by width: a pile under 80, and the few lines
    /// Prettier leaves past it thinning out by 88 with nothing beyond. The sharpest edge was 88's (nothing past it);
    /// the limit is the one the lines pile up under.
    func testTheLimitIsTheCliffLinesPileUnderNotTheEmptiestEdge() {
        let counts = [
            70: 93, 71: 54, 72: 47, 73: 34, 74: 60, 75: 28, 76: 40, 77: 43, 78: 38, 79: 32, 80: 22, 81: 3, 82: 3, 83: 2,
            84: 2, 85: 3, 86: 3, 87: 2, 88: 6, 89: 1, 90: 2, 91: 2, 92: 3, 94: 2, 98: 1, 99: 1,
        ]
        var widths = ["short": TallyStat(weight: 3_000, count: 3_000, commits: 50)]
        for (width, count) in counts { widths[String(width)] = TallyStat(weight: Double(count), count: count, commits: 5) }
        XCTAssertEqual(LineLengthMiner.limit(in: widths)?.limit, 80)
        // Its last three months: 79 and 80 both pass, and 79 has a line more under it. Their piles overlap, so they
        // are one cliff, and the emptier columns past 80 place it.
        let recent = [
            70: 27, 71: 12, 72: 12, 73: 5, 74: 19, 75: 5, 76: 10, 77: 10, 78: 12, 79: 8, 80: 3, 81: 2, 84: 1, 85: 1, 86: 1,
            87: 2, 88: 2, 92: 1,
        ]
        widths = ["short": TallyStat(weight: 1_500, count: 1_500, commits: 30)]
        for (width, count) in recent { widths[String(width)] = TallyStat(weight: Double(count), count: count, commits: 3) }
        XCTAssertEqual(LineLengthMiner.limit(in: widths)?.limit, 80)
    }

    /// Young code under no formatter's limit (ky's TypeScript in 2019, xo keeping none): lines thin out towards 90
    /// columns and one runs past. Weighted by age, the three lines at 86 to 90 made the share a common limit needs, and
    /// 90 was stated, until ten merges at 100 and more flagged it. Ten lines at least must sit under a limit.
    func testThreeLinesUnderACommonWidthAreNoLimit() {
        let counts = [70: 4, 72: 4, 74: 3, 76: 3, 78: 2, 80: 2, 82: 2, 84: 2, 86: 1, 89: 1, 90: 1, 101: 1]
        func widths(times factor: Int) -> [String: TallyStat] {
            var widths = ["short": TallyStat(weight: Double(240 * factor), count: 240 * factor, commits: 14)]
            for (width, count) in counts {
                widths[String(width)] = TallyStat(weight: Double(count * factor), count: count * factor, commits: 2)
            }
            return widths
        }
        XCTAssertNil(LineLengthMiner.limit(in: widths(times: 1)))
        XCTAssertEqual(LineLengthMiner.limit(in: widths(times: 10))?.limit, 90, "the same shape with ten times the lines is a cliff")
    }

    func testMixedMoodIsSaidAsItIs() throws {
        var stats = ScopeTallies()
        stats.values["mood"] = ["imperative": TallyStat(weight: 6, count: 6, commits: 6), "past": TallyStat(weight: 4, count: 4, commits: 4)]
        let mixed = try XCTUnwrap(CommitMessageMiner.moodRule(stats))
        XCTAssertTrue(mixed.imperative)
        XCTAssertTrue(mixed.line.hasPrefix("Mostly imperative subjects (60%"), mixed.line)
        stats.values["mood"] = ["imperative": TallyStat(weight: 2, count: 2, commits: 2), "past": TallyStat(weight: 8, count: 8, commits: 8)]
        let past = try XCTUnwrap(CommitMessageMiner.moodRule(stats))
        XCTAssertFalse(past.imperative)
        XCTAssertTrue(past.line.contains("past-tense"), past.line)
    }
}
