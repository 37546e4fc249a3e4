import XCTest

@testable import TasteCore

/// The lint checks one by one on small files, and the patch reader on the diffs tools write: what each
/// reports, and what it must leave alone.
final class LintCheckTests: XCTestCase {
    private func rule(_ id: String, _ facts: [FactKey: FactValue], language: Language = .python) -> Rule {
        Rule(
            id: id, scope: RuleScope(language: language), facts: [String: FactValue](facts: facts), source: "mined", confidence: 0.97,
            support: Support(observations: 100, agreeing: 100, commits: 40), evidence: [], statement: "Sentence.", unit: "lines", share: 1)
    }

    /// Where `check` finds `rule` broken in `code` (every line added), as `line:column`.
    private func places(_ check: any LintCheck, _ rule: Rule, _ path: String, _ code: String) -> [String] {
        let change = ChangedFile(path: path, text: code, added: Set(1...max(1, code.utf8.filter { $0 == 0x0A }.count + 1)))
        let file = LintedFile(change, language: Language(path: path) ?? .python, allLines: false)
        return check.breaches(of: rule, in: file).map { "\($0.line):\($0.column)" }
    }

    func testIndentationReportsTabsAndBlockStepsButNotHangingIndents() {
        let spaces = rule("python-style/indentation", [.indentStyle: .string("space"), .indentSize: .int(4)])
        let code = """
            def f(x):
              return x
            def g(x):
            \treturn x
            y = call(a,
                     b)
            s = \"\"\"
            \ttext in a string
            \"\"\"
            if a or \\
               b:
                pass
            if (a and
                    b):
                pass

            """
        XCTAssertEqual(places(IndentationCheck(), spaces, "a.py", code), ["2:1", "4:1"])
        let tabs = rule("go-style/indentation", [.indentStyle: .string("tab")], language: .go)
        XCTAssertEqual(places(IndentationCheck(), tabs, "a.go", "func f() {\n    return\n\treturn\n}\n"), ["2:1"])
    }

    func testShellBlocksOpenedByThenAndDoShowTheFilesOwnStep() {
        let four = rule("shell-style/indentation", [.indentStyle: .string("space"), .indentSize: .int(4)], language: .shell)
        // swift-nio's install_swift_sdk.sh steps every block by 2: its own step, seen after `then` and `do`.
        let old = (1...3).map { "if [ -f x\($0) ]; then\n  echo a\nelse\n  echo c\nfi\n" }.joined() + "for f in *; do\n  echo \"$f\"\ndone\n"
        XCTAssertEqual(places(IndentationCheck(), four, "build.sh", old + "if true; then\n  echo b\nfi\n", added: [19, 20, 21]), [])
        let byFour = "if [ -f x ]; then\n    echo a\nelse\n    echo c\nfi\nwhile read -r l; do\n  echo \"$l\"\ndone\n"
        XCTAssertEqual(places(IndentationCheck(), four, "build.sh", byFour, added: [6, 7, 8]), ["7:1"])
    }

    func testQuotesLeaveStringsThatHoldTheOtherQuoteAndTemplates() {
        let double = rule("python-style/quotes", [.quoteStyle: .string("double")])
        XCTAssertEqual(places(QuoteStyleCheck(), double, "a.py", "a = 'x'\nb = 'say \"hi\"'\nc = \"y\"\nd = f'{a}'\n"), ["1:5", "4:6"])
        let single = rule("javascript-style/quotes", [.quoteStyle: .string("single")], language: .javascript)
        XCTAssertEqual(places(QuoteStyleCheck(), single, "a.js", "const a = \"x\"\nconst b = `t ${a}`\nconst c = \"it's\"\n"), ["1:11"])
    }

    func testLineLengthLeavesURLsAndLongStrings() {
        let limit = rule("python-style/line-length", [.maxLineLength: .int(20)])
        let code = """
            x = aaaaaaaaaaaaaaaaaaaaaaaaa
            # see https://example.com/a/very/long/address
            y = "a very long string literal that runs on"
            ü = ééééééééééééééééééééééé
            v = x.y  # type: ignore[attr-defined]
            w = x.y  # a remark that runs well over

            """
        XCTAssertEqual(places(LineLengthCheck(), limit, "a.py", code), ["1:21", "4:21", "6:21"])
        // A line long only by its trailing blanks is the trailing-whitespace check's, not a long line.
        let padded = "x = 1" + String(repeating: " ", count: 40) + "\nyy = 2222222222222222222\t \n"
        XCTAssertEqual(places(LineLengthCheck(), limit, "a.py", padded), ["2:21"])
    }

    func testTrailingWhitespaceFinalNewlineLineEndingsAndBlankLines() {
        let trims = rule("python-style/trailing-whitespace", [.trimTrailingWhitespace: .bool(true)])
        XCTAssertEqual(places(TrailingWhitespaceCheck(), trims, "a.py", "a = 1 \nb = \"\"\"x  \ny\"\"\"\n   \n"), ["1:6", "4:1"])
        let ends = rule("python-style/final-newline", [.finalNewline: .bool(true)])
        XCTAssertEqual(places(FinalNewlineCheck(), ends, "a.py", "a = 1\nb = 2"), ["2:6"])
        XCTAssertEqual(places(FinalNewlineCheck(), ends, "a.py", "a = 1\n"), [])
        let lf = rule("python-style/line-endings", [.lineEndings: .string("lf")])
        XCTAssertEqual(places(LineEndingCheck(), lf, "a.py", "a = 1\r\nb = 2\n"), ["1:6"])
        let blank = rule("python-style/blank-lines", [.maxBlankLines: .int(2)])
        XCTAssertEqual(places(BlankLinesCheck(), blank, "a.py", "a = 1\n\n\n\n\nb = 2\n\n\nc = 3\n"), ["4:1"])
    }

    func testSemicolonsFollowTheMinersStatements() {
        let always = rule("javascript-style/semicolons", [.semicolons: .bool(true)], language: .javascript)
        let code = """
            const a = 1
            const b = call(a,
              2);
            let c = {
              key: 1
            }
            doIt()

            """
        XCTAssertEqual(places(SemicolonCheck(), always, "a.js", code), ["1:12", "7:7"])
        // A comment line between two lines of one expression does not end it (ky's is-network-error.ts).
        let interrupted = """
            function f(stack, error) {
            \treturn stack === undefined
            \t\t// Sentry adds its own stack trace
            \t\t|| '__sentry_captured__' in error;
            \tconst done = true
            \t// the end
            }

            """
        XCTAssertEqual(places(SemicolonCheck(), always, "a.js", interrupted), ["5:19"])
    }

    func testSemicolonsInSwiftAndGoAreReportedWhereTheRuleSaysNever() {
        let never = rule("swift-style/semicolons", [.semicolons: .bool(false)], language: .swift)
        let code = """
            let a = 1;
            let b = f(a,
                      2);
            print("x;")

            """
        XCTAssertEqual(places(SemicolonCheck(), never, "a.swift", code), ["1:10", "3:13"])
        let go = rule("go-style/semicolons", [.semicolons: .bool(false)], language: .go)
        XCTAssertEqual(places(SemicolonCheck(), go, "a.go", "func f() {\n\tx := 1;\n\tfor i := 0; i < x; i++ {\n\t}\n}\n"), ["2:8"])
        let rust = rule("rust-style/semicolons", [.semicolons: .bool(false)], language: .rust)
        XCTAssertEqual(places(SemicolonCheck(), rust, "a.rs", "let a = 1;\n"), [], "a Rust semicolon is syntax")
    }

    /// Where `check` finds `rule` broken in `code` when only the lines numbered `added` are the change's.
    private func places(_ check: any LintCheck, _ rule: Rule, _ path: String, _ code: String, added: Set<Int>) -> [String] {
        let file = LintedFile(ChangedFile(path: path, text: code, added: added), language: Language(path: path) ?? .python, allLines: false)
        return check.breaches(of: rule, in: file).map { "\($0.line):\($0.column)" }
    }

    func testAnOldFileWrittenInItsOwnStyleIsLeftToIt() {
        // express: a repository-wide "no semicolons", and an old test file that ends every statement with one.
        let never = rule("javascript-style/semicolons", [.semicolons: .bool(false)], language: .javascript)
        let semicolons = (1...6).map { "call\($0)();" }.joined(separator: "\n") + "\ncall(7);\ncall(8)\n"
        XCTAssertEqual(places(SemicolonCheck(), never, "t.js", semicolons, added: [7, 8]), [])
        // A half-converted file (four of six old statements the other way) is its own too.
        let half = "a();\nb();\nc();\nd();\ne()\nf()\ng();\n"
        XCTAssertEqual(places(SemicolonCheck(), never, "t.js", half, added: [7]), [])
        // A new file, or too few old statements, say nothing of a style of its own: the repository's rule holds.
        XCTAssertEqual(places(SemicolonCheck(), never, "t.js", semicolons, added: Set(1...8)), (1...7).map { "\($0):8" })
        XCTAssertEqual(places(SemicolonCheck(), never, "t.js", "a();\nb();\nc();\n", added: [3]), ["3:4"])

        let single = rule("javascript-style/quotes", [.quoteStyle: .string("single")], language: .javascript)
        let doubles = (1...5).map { "const a\($0) = \"x\"" }.joined(separator: "\n") + "\nconst b = \"y\"\n"
        XCTAssertEqual(places(QuoteStyleCheck(), single, "q.js", doubles, added: [6]), [])
        XCTAssertEqual(places(QuoteStyleCheck(), single, "q.js", doubles, added: Set(1...6)).count, 6)

        // A vendored-in C file indented by 2 in a repository that indents by 4: its 2 stays, a 3 is reported.
        let four = rule("c-style/indentation", [.indentStyle: .string("space"), .indentSize: .int(4)], language: .c)
        let twoSpaced =
            (1...5).map { "void f\($0)(void) {\n  g();\n}" }.joined(separator: "\n") + "\nvoid h(void) {\n  g();\n}\nvoid k(void) {\n   g();\n}\n"
        XCTAssertEqual(places(IndentationCheck(), four, "v.c", twoSpaced, added: Set(16...21)), ["20:1"])
        XCTAssertEqual(places(IndentationCheck(), four, "v.c", twoSpaced, added: Set(1...21)).count, 7)
        let spaces = rule("python-style/indentation", [.indentStyle: .string("space"), .indentSize: .int(4)])
        let tabbed = (1...5).map { "def f\($0)():\n\treturn 1" }.joined(separator: "\n") + "\ndef g():\n\treturn 2\n"
        XCTAssertEqual(places(IndentationCheck(), spaces, "t.py", tabbed, added: Set(11...12)), [])
        XCTAssertEqual(places(IndentationCheck(), spaces, "t.py", tabbed, added: Set(1...12)).count, 6)
    }

    func testABlockStepTheConfigurationDeclaresIsKept() {
        // swift-nio's C rule says 2 (learned from vendored llhttp) while `.editorconfig` gives new lines 4.
        var two = rule("c-style/indentation", [.indentStyle: .string("space"), .indentSize: .int(2)], language: .c)
        two.declared = [
            ConfigDeclaration(fact: .indentSize, value: .int(4), file: ".editorconfig", line: 5, setting: "indent_size", tool: .editor, agrees: false)
        ]
        XCTAssertEqual(places(IndentationCheck(), two, "s.c", "void f(void) {\n    g();\n}\nvoid h(void) {\n   g();\n}\n"), ["5:1"])
    }

    /// A Go rule whose width golangci's `lll` states: gofmt wraps nothing, so only a linter's width is held.
    private func lll(_ facts: [FactKey: FactValue], width: Int) -> Rule {
        var limit = rule("go-style/line-length", facts, language: .go)
        limit.declared = [
            ConfigDeclaration(
                fact: .maxLineLength, value: .int(width), file: ".golangci.yml", line: 9, setting: "lll line-length", tool: .linter, agrees: true)
        ]
        return limit
    }

    /// A limit 2% of merged lines run past is a habit: held to it, new code is flagged as often.
    func testLineLengthHoldsNoLimitTheMergedLinesOftenBreak() {
        var habit = rule("swift-style/line-length", [.maxLineLength: .int(20)], language: .swift)
        let code = "let x = compute(first, second)\n"
        XCTAssertEqual(places(LineLengthCheck(), habit, "A.swift", code), ["1:21"])
        habit.share = 0.98
        XCTAssertEqual(places(LineLengthCheck(), habit, "A.swift", code), [])
        habit.declared = [
            ConfigDeclaration(
                fact: .maxLineLength, value: .int(20), file: ".editorconfig", line: 3, setting: "max_line_length", tool: .editor, agrees: true)
        ]
        XCTAssertEqual(places(LineLengthCheck(), habit, "A.swift", code), [], "an editor setting enforces nothing")
        habit.declared = [
            ConfigDeclaration(
                fact: .maxLineLength, value: .int(20), file: ".swift-format", line: 3, setting: "lineLength", tool: .formatter, agrees: true)
        ]
        XCTAssertEqual(places(LineLengthCheck(), habit, "A.swift", code), ["1:21"], "a formatter that declares it holds it")
    }

    func testLineLengthHoldsGoOnlyToALimitALinterStates() {
        // cobra: most merged Go lines keep 120, but gofmt wraps nothing and its golangci config leaves lll off.
        let habit = rule("go-style/line-length", [.maxLineLength: .int(120)], language: .go)
        let code = "\t\t\ttype Helper = func(cmd *Command, args []string, toComplete string) ([]string, ShellCompDirective, error, error)\n"
        XCTAssertEqual(places(LineLengthCheck(), habit, "completions_test.go", code), [])
        XCTAssertEqual(places(LineLengthCheck(), lll([.maxLineLength: .int(120)], width: 120), "completions_test.go", code), ["1:112"])
    }

    func testLineLengthCountsATabAsTheRuleCountedIt() {
        let code = "\t\t" + String(repeating: "a", count: 30) + "\n"  // 34 columns at 2, 38 at 4, 46 at 8
        let eight = lll([.maxLineLength: .int(40), .tabWidth: .int(8)], width: 40)
        XCTAssertEqual(places(LineLengthCheck(), eight, "a.go", code), ["1:27"])
        let breach = LineLengthCheck().breaches(
            of: eight, in: LintedFile(ChangedFile(path: "a.go", text: code, added: [1]), language: .go, allLines: false))
        XCTAssertEqual(breach.map(\.problem), ["line is 46 columns (a tab counted as 8), over the limit of 40"])
        let unstated = lll([.maxLineLength: .int(40)], width: 40)
        XCTAssertEqual(places(LineLengthCheck(), unstated, "a.go", code), [], "a tab counts as 4 where the rule says nothing")
    }

    func testLineLengthAllowsWhatTheConfiguredFormatterAllows() {
        // swift-nio: merged lines mostly keep 100 columns, but `.swift-format` lets them run to 120.
        var limit = rule("swift-style/line-length", [.maxLineLength: .int(100)], language: .swift)
        limit.declared = [
            ConfigDeclaration(
                fact: .maxLineLength, value: .int(120), file: ".swift-format", line: 17, setting: "lineLength", tool: .formatter, agrees: false)
        ]
        let code = "let a = " + String(repeating: "b", count: 102) + "\nlet c = " + String(repeating: "d", count: 120) + "\n"
        XCTAssertEqual(places(LineLengthCheck(), limit, "a.swift", code), ["2:121"])
        // An editor's setting only shapes new lines: the mined limit stands.
        limit.declared = [
            ConfigDeclaration(
                fact: .maxLineLength, value: .int(120), file: ".editorconfig", line: 3, setting: "max_line_length", tool: .editor, agrees: false)
        ]
        XCTAssertEqual(places(LineLengthCheck(), limit, "a.swift", code), ["1:101", "2:101"])
    }

    func testLineLengthLeavesCommentLinesWhereTheRepositorysCommentsRunOver() {
        // swift-nio: swift-format holds code to 120 and never wraps a comment; a quarter of the comment lines
        // that come near 120 run past it, so a long comment line breaks nothing the repository keeps.
        var limit = rule("swift-style/line-length", [.maxLineLength: .int(20)], language: .swift)
        let code = """
            /// A doc comment that runs well past the limit.
            // A line comment that runs well past the limit.
            /* A block comment that runs well past the limit,
               and its second line, as long as the first one */
            let value = compute(first, second, third)
            let other = 1  // a trailing comment past the limit

            """
        XCTAssertEqual(places(LineLengthCheck(), limit, "a.swift", code), ["1:21", "2:21", "3:21", "4:21", "5:21", "6:21"])
        limit.facts[FactKey.commentsWithinLineLength.rawValue] = .bool(false)
        XCTAssertEqual(places(LineLengthCheck(), limit, "a.swift", code), ["5:21", "6:21"])
    }

    func testPythonsTwoBlankLinesBeforeATopLevelDefinitionAreNoStrayRun() {
        // requests: a "never two" rule mined where most runs are one, while ruff puts two before every `def`.
        let one = rule("python-style/blank-lines", [.maxBlankLines: .int(1)])
        let code = "import os\n\n\ndef f():\n    pass\n\n\nx = 1\n\n\n\nclass A:\n    pass\n\n\n@wraps\ndef g():\n    pass\n"
        XCTAssertEqual(places(BlankLinesCheck(), one, "a.py", code), ["7:1", "10:1"])
        var kept = one
        kept.facts[FactKey.blankLinesBeforeDefinitions.rawValue] = .int(1)
        XCTAssertEqual(places(BlankLinesCheck(), kept, "a.py", code), ["3:1", "7:1", "10:1", "15:1"])
    }

    func testLineLengthLeavesGoCodeThatFitsBeforeANolintComment() {
        let limit = lll([.maxLineLength: .int(20)], width: 20)
        XCTAssertEqual(places(LineLengthCheck(), limit, "a.go", "var _ = userComp //nolint:staticcheck // why\n"), [])
        XCTAssertEqual(places(LineLengthCheck(), limit, "a.go", "var _ = userCompletionHelper(one, two)\n"), ["1:21"])
    }

    func testLineLengthLeavesTheLinesOfARustStringContinuedWithBackslashes() {
        let limit = rule("rust-style/line-length", [.maxLineLength: .int(20)], language: .rust)
        let code = """
            fn f() {
                let s = "\\
            Start \\n   \\
            YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY\\n   \\
            end";
            }

            """
        XCTAssertEqual(places(LineLengthCheck(), limit, "a.rs", code), [])
    }

    func testPatchReaderReadsQuotedPathsCRLFAndTheMissingFinalNewline() throws {
        let patch = """
            diff --git "a/we ird\\n\\303\\274.py" "b/we ird\\n\\303\\274.py"
            new file mode 100644
            --- /dev/null
            +++ "b/we ird\\n\\303\\274.py"
            @@ -0,0 +1,2 @@
            +a = 1\r
            +b = 2
            \\ No newline at end of file
            diff --git a/gone.py b/gone.py
            deleted file mode 100644
            --- a/gone.py
            +++ /dev/null
            @@ -1 +0,0 @@
            -x = 1
            diff --git a/link.py b/link.py
            new file mode 120000
            index 0000000..1111111
            --- /dev/null
            +++ b/link.py
            @@ -0,0 +1 @@
            +target.py
            \\ No newline at end of file
            --- old.py\t2024-01-01 00:00:00
            +++ new.py\t2024-01-02 00:00:00
            @@ -3 +3,2 @@ def f():
            --- a comment that starts with dashes
            +x = 2
             y = 3
            """
        let files = try PatchReader.files(in: patch)
        XCTAssertEqual(files.map(\.path), ["we ird\nü.py", "new.py"])
        XCTAssertEqual(files[0].added, [1, 2])
        XCTAssertEqual(files[0].lines.map(\.crlf), [true, false])
        XCTAssertEqual(files[0].finalNewline, false)
        XCTAssertEqual(files[1].added, [3])
        XCTAssertEqual(files[1].lines.map(\.number), [3, 4])
        XCTAssertEqual(files[1].finalNewline, nil)
        XCTAssertThrowsError(try PatchReader.files(in: "+++ b/a.py\n@@ -1 +1 @@\n?x\n"))
    }
    func testTrailingCommasReportedOnlyInListsTheMinerCounts() {
        let multiline = rule("javascript-style/trailing-commas", [.trailingCommas: .string("multiline")], language: .javascript)
        let code = """
            const a = {
              name: 'x',
              port: 1
            }
            function f(...args) {
              start(args)
              return 1
            }
            const b = [
              1,
              ...rest
            ]
            const c = [
              only
            ]
            call(
              first,
              second
            )

            """
        // The object and the call; not the function body, the spread, nor a one-element list.
        XCTAssertEqual(places(TrailingCommaCheck(), multiline, "src/a.js", code), ["3:10", "18:9"])
        // A rule that holds literals but not arguments (prettier's "es5") leaves calls alone.
        var es5 = multiline
        es5.statement = "End the last element of multi-line array and object literals with a trailing comma, but not the last argument or parameter."
        XCTAssertEqual(places(TrailingCommaCheck(), es5, "src/a.js", code), ["3:10"])
        // A function type's parameters in a type alias (ky's hooks.ts); a value's parameters are held.
        let typescript = rule("typescript-style/trailing-commas", [.trailingCommas: .string("multiline")], language: .typescript)
        let types = """
            export type AfterResponseHook = (
            \trequest: KyRequest,
            \tresponse: KyResponse
            ) => Response | void;
            const hook = (
            \trequest: KyRequest,
            \tresponse: KyResponse
            ) => response;

            """
        XCTAssertEqual(places(TrailingCommaCheck(), typescript, "source/types/hooks.ts", types), ["7:22"])

        let never = rule("python-style/trailing-commas", [.trailingCommas: .string("never")])
        XCTAssertEqual(places(TrailingCommaCheck(), never, "app/s.py", "SETTINGS = {\n    \"a\": 1,\n    \"b\": 2,\n}\n"), ["3:11"])
        // `**kwargs` takes no comma before Python 3.6: never asked for one.
        let python = rule("python-style/trailing-commas", [.trailingCommas: .string("multiline")])
        XCTAssertEqual(places(TrailingCommaCheck(), python, "app/f.py", "def f(\n    a,\n    **kwargs\n):\n    pass\n"), [])
        // Go's commas are syntax, not a habit: no rule, and the check reads no Go.
        let go = rule("go-style/trailing-commas", [.trailingCommas: .string("never")], language: .go)
        XCTAssertEqual(places(TrailingCommaCheck(), go, "a.go", "x := []int{\n\t1,\n\t2,\n}\n"), [])
    }

    func testImportOrderReportedWithinGroupsOnly() {
        let sorted = rule("python-style/imports", [.importsSorted: .bool(true)])
        // Each blank-line group is sorted; `import` and `from` are ordered among their own.
        let clean = "from __future__ import annotations\n\nimport os\nimport sys\nfrom json import dumps\n\nimport requests\n"
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "app/a.py", clean), [])
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "app/a.py", "import sys\nimport os\n\nimport a\n"), ["1:1"])
        // A comment or code between two imports parts them: nothing to sort.
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "app/a.py", "import sys\n# the platform's\nimport os\n"), [])
        // JavaScript side-effect imports run where they stand and part the imports around them.
        let js = rule("javascript-style/imports", [.importsSorted: .bool(true)], language: .javascript)
        XCTAssertEqual(places(ImportOrderCheck(), js, "src/a.js", "import b from 'b'\nimport './setup'\nimport a from 'a'\n"), [])
        XCTAssertEqual(places(ImportOrderCheck(), js, "src/a.js", "import b from 'b'\nimport a from 'a'\n"), ["1:1"])
    }

    func testRelativeImportsMayComeFurthestOrClosestFirst() {
        // isort's and ruff's default puts the parent package first; both can be told the reverse, and flask's
        // code has both (`from .blueprints` above `from ..testing` under `if TYPE_CHECKING:`).
        let sorted = rule("python-style/imports", [.importsSorted: .bool(true)])
        let furthestFirst = "from .. import typing as ft\nfrom ..config import Config\nfrom . import cli\nfrom .scaffold import Scaffold\n"
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "src/flask/sansio/app.py", furthestFirst), [])
        let closestFirst = "from . import cli\nfrom .blueprints import Blueprint\nfrom ..testing import FlaskClient\n"
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "src/flask/sansio/app.py", closestFirst), [])
        // Within one depth the order holds.
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "src/flask/sansio/app.py", "from .views import v\nfrom .app import a\n"), ["1:1"])
        let js = rule("javascript-style/imports", [.importsSorted: .bool(true)], language: .javascript)
        XCTAssertEqual(places(ImportOrderCheck(), js, "src/a.js", "import b from './b'\nimport a from '../a'\n"), [])
    }

    func testRustPathRootsComeInRustfmtsOrder() {
        // ripgrep's crates/regex/src/strip.rs: rustfmt puts `self`, `super` and `crate` first, in that order.
        let sorted = rule("rust-style/imports", [.importsSorted: .bool(true)], language: .rust)
        let code = "mod tests {\n    use super::{LineTerminator, strip_from_match};\n    use crate::error::Error;\n    use crate::Regex;\n}\n"
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "src/strip.rs", code), [])
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "src/strip.rs", "use crate::error::Error;\nuse crate::config::Config;\n"), ["1:1"])
    }

    func testCSystemHeadersMayComeBeforeCppOnes() {
        // fmt's format-test.cc under clang-format's Google style: `<stdint.h>` before `<climits>` in one block.
        let sorted = rule("cpp-style/imports", [.importsSorted: .bool(true)], language: .cpp)
        let google = "#include <stdint.h>\n#include <climits>\n#include <cmath>\n#include <list>\n"
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "test/format-test.cc", google), [])
        let bytes = "#include <climits>\n#include <cmath>\n#include <stdint.h>\n"
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "test/format-test.cc", bytes), [])
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "test/ranges-test.cc", "#include <map>\n#include <vector>\n#include <stack>\n"), ["2:1"])
    }

    func testAnIncludeThatLeadsApartIsInNoOrder() {
        // As the miner reads them: memtable.cc opens with its own header; leveldb's tests with gtest, the rest sorted.
        let sorted = rule("cpp-style/imports", [.importsSorted: .bool(true)], language: .cpp)
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "db/memtable.cc", "#include \"db/memtable.h\"\n#include \"db/dbformat.h\"\n"), [])
        let test = "#include \"gtest/gtest.h\"\n#include \"db/db_impl.h\"\n#include \"util/logging.h\"\n"
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "db/db_test.cc", test), [])
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "db/db_impl.cc", test), ["1:1"], "not a test file: gtest is one header among the rest")
        XCTAssertEqual(
            places(ImportOrderCheck(), sorted, "db/db_test.cc", "#include \"db/dbformat.h\"\n#include \"db/db_impl.h\"\n"), ["1:1"])
    }

    func testKotlinPlatformImportsMayFollowTheRest() {
        // ktlint's default layout, aliases last, as moshi's KotlinReflectTypesTest.kt keeps it; its `ascii` layout sorts them in.
        let sorted = rule("kotlin-style/imports", [.importsSorted: .bool(true)], language: .kotlin)
        let intellij = """
            import assertk.assertThat
            import com.squareup.moshi.rawType
            import org.junit.Test
            import java.lang.reflect.Type
            import kotlin.reflect.KType
            import com.squareup.moshi.internal.javaType as moshiJavaType
            import kotlin.reflect.javaType as kotlinJavaType

            """
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "a/T.kt", intellij), [])
        let ascii = "import assertk.assertThat\nimport java.lang.reflect.Type\nimport kotlin.reflect.KType\nimport org.junit.Test\n"
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "a/T.kt", ascii), [])
        XCTAssertEqual(places(ImportOrderCheck(), sorted, "a/T.kt", "import org.junit.Test\nimport assertk.assertThat\n"), ["1:1"])
    }

    func testImportOrderOfAnOldUnsortedGroupIsTheFilesOwn() {
        let sorted = rule("python-style/imports", [.importsSorted: .bool(true)])
        let code = "import sys\nimport os\nimport json\n"
        let change = ChangedFile(path: "app/a.py", text: code, added: [3])
        let file = LintedFile(change, language: .python, allLines: false)
        XCTAssertEqual(ImportOrderCheck().breaches(of: sorted, in: file).count, 0)
        let sortedOld = ChangedFile(path: "app/a.py", text: "import json\nimport sys\nimport os\n", added: [3])
        XCTAssertEqual(ImportOrderCheck().breaches(of: sorted, in: LintedFile(sortedOld, language: .python, allLines: false)).map(\.line), [3])
    }

    func testAnImportChangedInPlaceIsJudgedAsItWas() throws {
        // express's lib/view.js: `require('path')` became `require('node:path')` where the file had kept `path`
        // before `fs` all along; the change moved nothing.
        let sorted = rule("javascript-style/imports", [.importsSorted: .bool(true)], language: .javascript)
        func breaches(_ old: String, _ new: String) throws -> [Int] {
            let patch = """
                diff --git a/lib/view.js b/lib/view.js
                --- a/lib/view.js
                +++ b/lib/view.js
                @@ -1,3 +1,3 @@
                 var debug = require('debug')
                -\(old)
                +\(new)
                 var fs = require('fs')

                """
            let change = try XCTUnwrap(try PatchReader.files(in: patch).first)
            XCTAssertEqual(change.replaced, [2: old])
            return ImportOrderCheck().breaches(of: sorted, in: LintedFile(change, language: .javascript, allLines: false)).map(\.line)
        }
        XCTAssertEqual(try breaches("var path = require('path')", "var path = require('node:path')"), [])
        // Where the group was in order before, a statement rewritten out of it is the change's.
        XCTAssertEqual(try breaches("var esc = require('escape-html')", "var zlib = require('zlib')"), [2])
    }
}
