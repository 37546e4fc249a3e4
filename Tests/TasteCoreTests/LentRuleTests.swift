import XCTest

@testable import TasteCore

/// A language too thin for a rule of its own takes one where the repository shows what it would be: a habit every
/// other language keeps, or the runner its sibling language's tests use. One whose tests are gone loses its rule.
final class LentRuleTests: XCTestCase {
    private static func swiftFile(_ index: Int) -> String {
        (0..<6).map { "func f\(index)_\($0)() -> Int {\n    return \($0)\n}\n" }.joined()
    }

    /// A Swift package of eight files, each added by a merge of its own: the languages a thin one borrows from.
    private static func swiftPackage() throws -> GitFixture {
        let fixture = try GitFixture()
        for index in 0..<8 { try fixture.commit("Add f\(index)", files: ["Sources/F\(index).swift": swiftFile(index)]) }
        return fixture
    }

    func testAThinLanguageKeepsTheRepositorysFinalNewlineAndTrimmedLines() throws {
        let fixture = try Self.swiftPackage()
        try fixture.commit("Add the format script", files: ["Scripts/format.sh": "#!/bin/sh\nset -eu\nswift format --in-place Sources\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)

        let final = try rule("shell-style/final-newline", of: fixture.path, in: store)
        XCTAssertEqual(final.facts[.finalNewline], .bool(true))
        XCTAssertEqual(final.evidence.first?.path, "Scripts/format.sh", "the shell rule cites the shell file")
        XCTAssertEqual(
            final.statement,
            "End every file with a single newline, as the other languages here do: the one Shell file at the head does, and 8 of 8 Swift files.")
        XCTAssertEqual(final.support.observations, 9)
        let trimmed = try rule("shell-style/trailing-whitespace", of: fixture.path, in: store)
        XCTAssertEqual(trimmed.facts[.trimTrailingWhitespace], .bool(true))
        XCTAssertTrue(trimmed.statement.contains("all 3 Shell lines counted are clean, and 144 of 144 Swift lines are."), trimmed.statement)
        XCTAssertEqual(try rule("shell-style/line-endings", of: fixture.path, in: store).facts[.lineEndings], .string("lf"))
    }

    /// Whether the lenders keep a final newline is asked of their files at the head too: files merged without one and
    /// mended since leave the history's share under the bar, not the habit.
    func testALenderWhoseFilesAllEndWithANewlineNowLendsTheHabit() throws {
        let fixture = try Self.swiftPackage()
        for index in 8..<12 { try fixture.commit("Add f\(index)", files: ["Sources/F\(index).swift": "let f\(index) = \(index)"]) }
        for index in 8..<12 { try fixture.commit("End f\(index)", files: ["Sources/F\(index).swift": "let f\(index) = \(index)\n"]) }
        try fixture.commit("Add the format script", files: ["Scripts/format.sh": "#!/bin/sh\nswift format --in-place Sources\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let swift = try rule("swift-style/final-newline", of: fixture.path, in: store)
        XCTAssertLessThan(swift.share, 0.9, "4 of 16 files were merged without one")
        let lent = try rule("shell-style/final-newline", of: fixture.path, in: store)
        XCTAssertEqual(lent.facts[.finalNewline], .bool(true))
    }

    func testAThinLanguageIsJudgedByItsFilesAtTheHead() throws {
        let fixture = try Self.swiftPackage()
        try fixture.commit("Add the environment script", files: ["Scripts/environment.sh": "#!/bin/sh\nswift --version"])
        try fixture.commit("End the environment script with a newline", files: ["Scripts/environment.sh": "#!/bin/sh\nswift --version\n"])
        try fixture.commit("Add the format script", files: ["Scripts/format.sh": "#!/bin/sh\nswift format --in-place Sources\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)

        let final = try rule("shell-style/final-newline", of: fixture.path, in: store)
        XCTAssertEqual(final.facts[.finalNewline], .bool(true), "the first script lacked one; both scripts at the head end with one")
        XCTAssertEqual(
            final.statement,
            "End every file with a single newline, as the other languages here do: both Shell files at the head do, and 8 of 8 Swift files.")
    }

    func testPaddedLinesInOneFileAreASlipPaddedFilesAHabit() throws {
        func clean(_ index: Int) -> String { (0..<12).map { "echo \(index) \($0)" }.joined(separator: "\n") + "\n" }
        let padded = (0..<40).map { "echo pasted \($0)  " }.joined(separator: "\n") + "\n"
        let slip = try GitFixture()
        for index in 0..<12 { try slip.commit("Add script \(index)", files: ["scripts/s\(index).sh": clean(index)]) }
        try slip.commit("Add a pasted script", files: ["scripts/pasted.sh": padded])
        let store = try makeStore()
        try mine(slip.path, into: store)
        let trimmed = try rule("shell-style/trailing-whitespace", of: slip.path, in: store)
        XCTAssertEqual(trimmed.facts[.trimTrailingWhitespace], .bool(true), "40 of 184 lines are padded, all in one of 13 files")
        XCTAssertEqual(
            trimmed.statement,
            "Leave no trailing whitespace; the 40 padded lines merged sit in 1 of 13 files, slips rather than a habit.")
        XCTAssertEqual(trimmed.support.observations, 184)

        let habit = try GitFixture()
        for index in 0..<12 {
            try habit.commit("Add script \(index)", files: ["scripts/s\(index).sh": index % 3 == 0 ? padded : clean(index)])
        }
        try mine(habit.path, into: store)
        let ids = try ruleIDs(of: habit, in: store)
        XCTAssertFalse(ids.contains("shell-style/trailing-whitespace"), "padded lines in 4 of 12 files are no slip: \(ids)")
    }

    func testAThinLanguageThatBreaksTheHabitGetsNoRule() throws {
        let fixture = try Self.swiftPackage()
        try fixture.commit("Add the format script", files: ["Scripts/format.sh": "#!/bin/sh\nset -eu  \nswift format --in-place Sources"])
        try fixture.commit("Add a highlighting sample", files: ["Tests/Samples/sample.rb": "puts 'hi'\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let ids = try ruleIDs(of: fixture, in: store)
        XCTAssertTrue(ids.contains("swift-style/final-newline"))
        XCTAssertFalse(ids.contains("shell-style/final-newline"), "its one file ends without a newline")
        XCTAssertFalse(ids.contains("shell-style/trailing-whitespace"), "one of its lines keeps trailing spaces")
        XCTAssertFalse(ids.contains("ruby-style/final-newline"), "Ruby is only test data here: \(ids)")
    }

    func testALentRuleThatNoLongerHoldsIsRetiredNotFlagged() throws {
        let fixture = try Self.swiftPackage()
        try fixture.commit("Add the format script", files: ["Scripts/format.sh": "#!/bin/sh\nswift format --in-place Sources\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("shell-style/final-newline", of: fixture.path, in: store).lent, true)

        try fixture.commit("Add the lint script", files: ["Scripts/lint.sh": "#!/bin/sh\nswift format lint Sources"])
        try mine(fixture.path, into: store)
        let rules = try skills(of: fixture.path, in: store).flatMap(\.rules)
        XCTAssertNil(rules.first { $0.id == "shell-style/final-newline" }, "two shell files disagree: nothing to flag, nothing to lend")
        XCTAssertNil(try rule("swift-style/final-newline", of: fixture.path, in: store).lent)
    }

    func testALentRuleTheConfigurationAgreesWithIsRetiredWithItsLanguage() throws {
        let fixture = try Self.swiftPackage()
        try fixture.commit("Add the editor settings", files: [".editorconfig": "root = true\n\n[*]\ninsert_final_newline = true\n"])
        try fixture.commit("Add the deploy script", files: ["deploy.sh": "#!/bin/sh\n./gradlew publish\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let lent = try rule("shell-style/final-newline", of: fixture.path, in: store)
        XCTAssertEqual(lent.lent, true)
        XCTAssertEqual(lent.source, "both", "the configuration agrees")

        try fixture.git("rm", "-q", "deploy.sh")
        try fixture.git("commit", "-q", "-m", "Deploy from CI instead")
        try mine(fixture.path, into: store)
        let rules = try skills(of: fixture.path, in: store).flatMap(\.rules)
        XCTAssertNil(rules.first { $0.id == "shell-style/final-newline" }, "no shell left: retired, not kept as split")
        XCTAssertEqual(rules.filter { $0.stale != nil }.map(\.id), [])
    }

    /// Fifty lines of a Python module indented by 4 and wrapped at 88, as Black leaves them.
    private static func pythonModule(_ index: Int) -> String {
        "def f\(index)():\n"
            + (0..<50).map { line in
                let width = line % 4 == 0 ? 88 - line % 7 : 20 + (line * 7) % 50
                return "    x = " + String(repeating: "a", count: width - 8)
            }.joined(separator: "\n") + "\n"
    }

    func testAThinLanguageTakesTheRepositorysIndentAndLineLimitButGoNeither() throws {
        let fixture = try GitFixture()
        // C that left the head long ago, tab-indented: it says nothing of how scripts are indented now.
        let c = "int f(void) {\n" + String(repeating: "\tint x = 1;\n", count: 8) + "}\n"
        for index in 0..<6 { try fixture.commit("Add c\(index)", files: ["src/c\(index).c": c]) }
        _ = try fixture.git("rm", "-q", "-r", "src")
        try fixture.commit("Drop the C speedups")
        for index in 0..<8 { try fixture.commit("Add f\(index)", files: ["pkg/f\(index).py": Self.pythonModule(index)]) }
        try fixture.commit(
            "Add the scripts",
            files: [
                "scripts/check.sh": "#!/bin/sh\nif [ -n \"$1\" ]; then\n    echo \"$1\"\nfi\n",
                "scripts/flat.rb": "puts 'hi'\n", "tools/gen.go": "package tools\n",
            ])
        let store = try makeStore()
        try mine(fixture.path, into: store)

        let indent = try rule("shell-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(indent.facts[.indentStyle], .string("space"))
        XCTAssertEqual(indent.facts[.indentSize], .int(4))
        XCTAssertEqual(indent.lent, true)
        XCTAssertTrue(
            indent.statement.hasPrefix("Indent with 4 spaces, as the other languages here do: the one Shell indented line counted keeps it, and "),
            indent.statement)
        XCTAssertFalse(indent.statement.contains("C"), "C is gone from the head: \(indent.statement)")
        let flat = try rule("ruby-style/indentation", of: fixture.path, in: store)
        XCTAssertTrue(flat.statement.contains("no Ruby line merged is indented yet"), flat.statement)
        XCTAssertFalse(flat.evidence.isEmpty, "a language with no case of its own cites the others'")

        let limit = try rule("shell-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(limit.facts[.maxLineLength], .int(88))
        XCTAssertEqual(limit.lent, true)
        XCTAssertTrue(limit.statement.contains("all 4 Shell lines at the head fit (none reaches 60 columns)"), limit.statement)
        XCTAssertTrue(limit.evidence.allSatisfy { $0.path?.hasSuffix(".py") == true }, "\(limit.evidence)")
        XCTAssertFalse(limit.evidence.isEmpty)

        let ids = try ruleIDs(of: fixture, in: store)
        XCTAssertFalse(ids.contains("go-style/indentation"), "gofmt indents Go with tabs: \(ids)")
        XCTAssertFalse(ids.contains("go-style/line-length"), "gofmt keeps no limit: \(ids)")
        XCTAssertFalse(ids.contains("c-style/indentation"), "\(ids)")
    }

    /// A few files of another language indented their own way (werkzeug's JavaScript, by 2 beside 100,000 Python
    /// lines by 4) leave the habit the larger language's; as many as the Python's unmake it.
    func testAFewFilesIndentedTheirOwnWayLeaveTheHabitTheLargerLanguages() throws {
        func script(_ index: Int, lines: Int) -> String {
            "function s\(index)() {\n" + (0..<lines).map { "  call(\($0));" }.joined(separator: "\n") + "\n}\n"
        }
        for (lines, lent) in [(10, true), (150, false)] {
            let fixture = try GitFixture()
            for index in 0..<8 { try fixture.commit("Add f\(index)", files: ["pkg/f\(index).py": Self.pythonModule(index)]) }
            for index in 0..<3 { try fixture.commit("Add script \(index)", files: ["static/s\(index).js": script(index, lines: lines)]) }
            try fixture.commit("Add the release script", files: ["scripts/release.sh": "#!/bin/sh\nset -eu\npython -m build\n"])
            let store = try makeStore()
            try mine(fixture.path, into: store)

            XCTAssertEqual(try rule("javascript-style/indentation", of: fixture.path, in: store).facts[.indentSize], .int(2))
            let ids = try ruleIDs(of: fixture, in: store)
            XCTAssertEqual(ids.contains("shell-style/indentation"), lent, "\(3 * lines) JavaScript lines beside 400 Python: \(ids)")
            guard lent else { continue }
            let indent = try rule("shell-style/indentation", of: fixture.path, in: store)
            XCTAssertEqual(indent.facts[.indentSize], .int(4))
            XCTAssertEqual(
                indent.statement,
                "Indent with 4 spaces, as most of the code here does (JavaScript keeps its own): no Shell line merged is indented yet, "
                    + "and 400 of 400 Python indented lines do.")
        }
    }

    /// markupsafe: Python indented by 4 beside a C extension indented with tabs, a fifth of the lines; its one shell
    /// script indents as the Python does, and is told so. A script indenting another way, or none, is told nothing.
    func testAHabitMostOfTheCodeKeepsIsLentWhereTheLanguagesOwnLinesKeepIt() throws {
        let c = (0..<35).map { "\tcall(\($0));" }.joined(separator: "\n")
        for (script, lent) in [("if x; then\n    echo a\n    echo b\nfi\n", true), ("if x; then\n  echo a\nfi\n", false), ("echo a\n", false)] {
            let fixture = try GitFixture()
            for index in 0..<8 { try fixture.commit("Add f\(index)", files: ["pkg/f\(index).py": Self.pythonModule(index)]) }
            for index in 0..<3 { try fixture.commit("Add c\(index)", files: ["src/c\(index).c": "void f\(index)(void) {\n\(c)\n}\n"]) }
            try fixture.commit("Add the script", files: ["scripts/setup.sh": "#!/bin/sh\n" + script])
            let store = try makeStore()
            try mine(fixture.path, into: store)

            XCTAssertEqual(try rule("c-style/indentation", of: fixture.path, in: store).facts[.indentStyle], .string("tab"))
            let ids = try ruleIDs(of: fixture, in: store)
            XCTAssertEqual(ids.contains("shell-style/indentation"), lent, "\(script): \(ids)")
            guard lent else { continue }
            let indent = try rule("shell-style/indentation", of: fixture.path, in: store)
            XCTAssertEqual(indent.facts[.indentSize], .int(4))
            XCTAssertEqual(
                indent.statement,
                "Indent with 4 spaces, as most of the code here does (C keeps its own): both Shell indented lines counted keep it, "
                    + "and 400 of 400 Python indented lines do.")
        }
    }

    /// A thin language is judged by its lines at the head: ofetch's JavaScript merged lines past 80 in 2021, and its
    /// examples keep within 80 now.
    func testAThinLanguageWhoseOldLinesRanPastTheLimitIsJudgedAtTheHead() throws {
        let fixture = try GitFixture()
        for index in 0..<8 { try fixture.commit("Add f\(index)", files: ["pkg/f\(index).py": Self.pythonModule(index)]) }
        let long = "echo " + String(repeating: "b", count: 100)
        try fixture.commit("Add the script", files: ["scripts/check.sh": "#!/bin/sh\n\(long)\n"])
        try fixture.commit("Shorten the script", files: ["scripts/check.sh": "#!/bin/sh\necho short\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let limit = try rule("shell-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(limit.facts[.maxLineLength], .int(88))
        XCTAssertTrue(limit.statement.contains("both Shell lines at the head fit (none reaches 60 columns)"), limit.statement)

        // A long comment among 40 lines at the head is one of the few a limit lets run past.
        let script = "#!/bin/sh\n# " + String(repeating: "c", count: 100) + "\n" + (0..<39).map { "echo \($0)" }.joined(separator: "\n") + "\n"
        try fixture.commit("Document the script", files: ["scripts/check.sh": script])
        try mine(fixture.path, into: store)
        let commented = try rule("shell-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(commented.facts[.maxLineLength], .int(88))
        XCTAssertTrue(commented.statement.contains("40 of 41 Shell lines at the head fit (the widest is 102 columns)"), commented.statement)
    }

    /// A line limit is each formatter's own: beside Python at 88, a little JavaScript at 80 leaves no limit to lend,
    /// however few its lines (an indent would be lent by most of the code).
    func testALineLimitIsLentOnlyWhereEveryLanguagesLimitAgrees() throws {
        let fixture = try GitFixture()
        for batch in 0..<8 {
            let modules = (0..<5).map { batch * 5 + $0 }
            try fixture.commit(
                "Add batch \(batch)", files: Dictionary(uniqueKeysWithValues: modules.map { ("pkg/f\($0).py", Self.pythonModule($0)) }))
        }
        let wrapped = LineLengthExamples.wrappedAt(80).components(separatedBy: "\n")
        for index in 0..<3 {
            try fixture.commit(
                "Add script \(index)", files: ["static/s\(index).js": wrapped[(index * 70)..<(index * 70 + 70)].joined(separator: "\n") + "\n"])
        }
        try fixture.commit("Add the release script", files: ["scripts/release.sh": "#!/bin/sh\nset -eu\npython -m build\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("python-style/line-length", of: fixture.path, in: store).facts[.maxLineLength], .int(88))
        XCTAssertEqual(try rule("javascript-style/line-length", of: fixture.path, in: store).facts[.maxLineLength], .int(80))
        let ids = try ruleIDs(of: fixture, in: store)
        XCTAssertFalse(ids.contains("shell-style/line-length"), "\(ids)")
        XCTAssertTrue(ids.contains("shell-style/indentation"), "\(ids)")
    }

    /// One formatter counts tabs alike in every file: a thin language indented with tabs is lent the lenders' width
    /// with their limit (octochangelog's JavaScript beside its TypeScript, Prettier counting a tab as 2).
    func testALimitCountedAtATabWidthIsLentWithItWhereTheLinesHoldTabs() throws {
        let fixture = try GitFixture()
        for index in 0..<4 {
            try fixture.commit("Add m\(index)", files: ["src/m\(index).ts": LineLengthExamples.tabbed(wrappedAt: 80, tab: 2) + "\n"])
        }
        let config = (0..<6).map { "\t\tconst value\($0) = compute(" + String(repeating: "a", count: 48) + ")" }.joined(separator: "\n")
        try fixture.commit("Add the config", files: ["config.js": "export default {\n\(config)\n}\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(
            try rule("typescript-style/line-length", of: fixture.path, in: store).facts, ["max_line_length": .int(80), "tab_width": .int(2)])
        let lent = try rule("javascript-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(lent.facts, ["max_line_length": .int(80), "tab_width": .int(2)])
        XCTAssertTrue(lent.statement.hasPrefix("Keep lines within 80 columns, a tab counted as 2 columns, as the other languages"), lent.statement)
    }

    /// Where the lenders' comments run past their limit, the lent rule lets the thin language's run past it too.
    func testALimitWhoseCommentsRunOverIsLentWithThem() throws {
        let fixture = try GitFixture()
        let code = LineLengthExamples.wrappedAt(100, comments: 100, commentsOver: 12)
        for index in 0..<4 { try fixture.commit("Add m\(index)", files: ["src/m\(index).ts": code + "\n"]) }
        try fixture.commit("Add the release script", files: ["scripts/release.sh": "#!/bin/sh\nset -eu\nnpm publish\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(
            try rule("typescript-style/line-length", of: fixture.path, in: store).facts,
            ["max_line_length": .int(100), "comments_within_line_length": .bool(false)])
        let lent = try rule("shell-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(lent.facts, ["max_line_length": .int(100), "comments_within_line_length": .bool(false)])
        XCTAssertTrue(lent.statement.hasPrefix("Keep code within 100 columns (comments may run over), as the other languages"), lent.statement)
    }

    func testAThinLanguageWhoseLinesBreakTheIndentOrLimitTakesNeither() throws {
        let fixture = try GitFixture()
        for index in 0..<8 { try fixture.commit("Add f\(index)", files: ["pkg/f\(index).py": Self.pythonModule(index)]) }
        let long = "echo " + String(repeating: "b", count: 100)
        try fixture.commit("Add the script", files: ["scripts/check.sh": "#!/bin/sh\nif true; then\n\techo hi\nfi\n\(long)\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let ids = try ruleIDs(of: fixture, in: store)
        XCTAssertTrue(ids.contains("python-style/line-length"), "\(ids)")
        XCTAssertFalse(ids.contains("shell-style/indentation"), "its one indented line uses a tab: \(ids)")
        XCTAssertFalse(ids.contains("shell-style/line-length"), "one of its lines runs past 88: \(ids)")
    }

    /// Scripts with enough lines for a rule of their own whose code piles up under no limit, beside four times as many
    /// lines of a package, as pinia's configuration scripts beside its TypeScript: lines that never reach the limit do
    /// not contradict it, a few past it are what a limit allows, and a cliff their comments alone make (at 80 here) is
    /// not one the code keeps.
    func testLinesThatPileUnderNoLimitButFitTheRepositorysTakeIt() throws {
        let fixture = try GitFixture()
        for index in 0..<8 { try fixture.commit("Add f\(index)", files: ["pkg/f\(index).py": Self.pythonModule(index)]) }
        for index in 0..<4 {
            let code = (0..<60).map { line -> String in
                let width = line == 7 && index < 2 ? 100 : line % 9 == 0 ? 70 + (line + index) % 5 : 20 + (line * 11 + index) % 45
                return "const v\(line) = " + String(repeating: "b", count: width - 11 - String(line).count)
            }
            let comments = [78, 79, 80].map { "// " + String(repeating: "c", count: $0 - 3) }
            try fixture.commit("Add script \(index)", files: ["scripts/s\(index).js": (comments + code).joined(separator: "\n") + "\n"])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let own = try rule("javascript-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(own.facts[.maxLineLength], .null, "as many lines as the package's: a habit of their own")
        for index in 8..<20 { try fixture.commit("Add f\(index)", files: ["pkg/f\(index).py": Self.pythonModule(index)]) }
        try mine(fixture.path, into: store)
        let limit = try rule("javascript-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(limit.facts[.maxLineLength], .int(88))
        XCTAssertEqual(limit.lent, true)
        XCTAssertTrue(limit.statement.contains("250 of 252 JavaScript lines counted fit (the widest is 99 columns)"), limit.statement)
        XCTAssertTrue(limit.evidence.allSatisfy { $0.path?.hasSuffix(".py") == true }, "\(limit.evidence)")
    }

    private static func vitestSpec(_ index: Int) -> String {
        "import { describe, it, expect } from 'vitest'\ndescribe('m\(index)', () => {\n  it('works', () => {\n    expect(\(index)).toBe(\(index))\n  })\n})\n"
    }

    func testJavaScriptWithoutTestsTakesTheRunnerOfTheTypeScriptTests() throws {
        let fixture = try GitFixture()
        for index in 0..<6 {
            try fixture.commit(
                "Add m\(index)",
                files: ["src/m\(index).ts": "export const m\(index) = \(index)\n", "tests/m\(index).test.ts": Self.vitestSpec(index)])
        }
        try fixture.commit("Add the build script", files: ["scripts/build.js": "export default { entry: 'src/index.ts' }\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let lent = try rule("testing/javascript-framework", of: fixture.path, in: store)
        XCTAssertEqual(lent.facts, [FactKey.testFramework.rawValue: .string("vitest")])
        XCTAssertTrue(lent.evidence.allSatisfy { $0.path?.hasSuffix(".test.ts") == true }, "\(lent.evidence)")
        XCTAssertFalse(lent.evidence.isEmpty)
        XCTAssertEqual(
            lent.statement,
            "Write JavaScript tests with Vitest, as the TypeScript tests are: the head holds no JavaScript test file, and 6 of 6 "
                + "TypeScript test files name Vitest.")
        XCTAssertEqual(lent.unit, "TypeScript test files")
    }

    func testTypeScriptTestsThatNameNoRunnerTakeTheJavaScriptTestsRunner() throws {
        let fixture = try GitFixture()
        for index in 0..<6 {
            try fixture.commit(
                "Add m\(index)",
                files: [
                    "src/m\(index).js": "export const m\(index) = \(index)\n", "__tests__/m\(index).test.js": Self.vitestSpec(index),
                    "src/t\(index).ts": "export type T\(index) = number\n",
                    "__tests__/types\(index).ts": "test('types \(index)', () => {\n  expect(\(index)).toBe(\(index))\n})\n",
                ])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let lent = try rule("testing/typescript-framework", of: fixture.path, in: store)
        XCTAssertEqual(lent.facts[.testFramework], .string("vitest"))
        XCTAssertTrue(lent.statement.contains("the 6 TypeScript test files at the head name no runner"), lent.statement)
    }

    func testALanguageHeldOnlyAsTestDataIsLentNoRunner() throws {
        let fixture = try GitFixture()
        for index in 0..<6 {
            try fixture.commit(
                "Add m\(index)",
                files: [
                    "src/m\(index).js": "export const m\(index) = \(index)\n", "tests/m\(index).test.js": Self.vitestSpec(index),
                    "tests/fixtures/f\(index).d.ts": "export declare const f\(index): number\n",
                ])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let ids = try ruleIDs(of: fixture, in: store)
        XCTAssertTrue(ids.contains("testing/javascript-framework"))
        XCTAssertFalse(ids.contains("testing/typescript-framework"), "\(ids)")
    }

    func testTestsRewrittenInAnotherLanguageTakeItsRunnerAndTestsRemovedRetireTheRule() throws {
        let fixture = try GitFixture()
        let mocha = "const { expect } = require('chai')\ndescribe('m', () => {\n  it('works', () => {\n    expect(1).to.equal(1)\n  })\n})\n"
        for index in 0..<6 {
            try fixture.commit(
                "Add m\(index)", files: ["src/m\(index).js": "exports.m\(index) = \(index)\n", "test/m\(index).test.js": mocha])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("testing/javascript-framework", of: fixture.path, in: store).facts[.testFramework], .string("mocha"))

        // The tests are rewritten in TypeScript under Vitest, one by one; JavaScript code stays.
        for index in 0..<6 {
            _ = try fixture.git("rm", "-q", "test/m\(index).test.js")
            try fixture.commit("Rewrite the m\(index) test in TypeScript", files: ["tests/m\(index).test.ts": Self.vitestSpec(index)])
        }
        try mine(fixture.path, into: store)
        let javascript = try rule("testing/javascript-framework", of: fixture.path, in: store)
        XCTAssertEqual(javascript.facts[.testFramework], .string("vitest"))
        XCTAssertNil(javascript.stale)

        // Then every test goes: no rule speaks for tests that are not there, and none is left flagged as split.
        _ = try fixture.git("rm", "-q", "-r", "tests")
        try fixture.commit("Drop the tests")
        try mine(fixture.path, into: store)
        let ids = try ruleIDs(of: fixture, in: store)
        XCTAssertFalse(ids.contains("testing/javascript-framework"), "\(ids)")
        XCTAssertFalse(ids.contains("testing/typescript-framework"), "\(ids)")
    }

    /// The ids of every rule mined from `fixture`.
    private func ruleIDs(of fixture: GitFixture, in store: Store) throws -> [String] {
        try skills(of: fixture.path, in: store).flatMap(\.rules).map(\.id)
    }
}
