import XCTest

@testable import TasteCore

/// `taste fix`'s repairs one by one on small files: what each changes, that linting the result finds nothing
/// more for its rule, what it must leave alone, and the safety check that undoes a repair changing tokens.
final class FixTests: XCTestCase {
    private func rule(_ id: String, _ facts: [FactKey: FactValue], language: Language = .python) -> Rule {
        Rule(
            id: id, scope: RuleScope(language: language), facts: [String: FactValue](facts: facts), source: "mined", confidence: 0.97,
            support: Support(observations: 100, agreeing: 100, commits: 40), evidence: [], statement: "Sentence.", unit: "lines", share: 1)
    }

    private var pythonIndent: Rule { rule("python-style/indentation", [.indentStyle: .string("space"), .indentSize: .int(4)]) }

    /// `code` as `path` after the fix, every line added unless `added` says which.
    private func fix(
        _ path: String, _ code: String, _ rules: [Rule], added: Set<Int>? = nil
    ) -> (text: String, changes: [Fixer.Change], reverted: [Fixer.Note]) {
        let all = Set(1...max(1, code.utf8.filter { $0 == 0x0A }.count + 1))
        let change = ChangedFile(path: path, text: code, added: added ?? all)
        let outcome = Fixer().fix(change, language: Language(path: path) ?? .python, rules: rules)
        return (outcome.file?.fixedText ?? code, outcome.changes, outcome.reverted)
    }

    /// What the lint check of `rule` still finds in `code`, every line checked.
    private func breaches(_ path: String, _ code: String, _ rule: Rule) -> [Int] {
        let change = ChangedFile(path: path, text: code, added: Set(1...max(1, code.utf8.filter { $0 == 0x0A }.count + 1)))
        let file = LintedFile(change, language: Language(path: path) ?? .python, allLines: false)
        return LintChecks.all.filter { rule.facts[$0.fact] != nil }.flatMap { $0.breaches(of: rule, in: file).map(\.line) }
    }

    func testIndentationReleveledByNestingAndLintedCleanAfter() {
        let code = """
            def f(items):
              for item in items:
                  if item:
                      return item
              total = call(a,
                           b)
              return total

            """
        let result = fix("app/f.py", code, [pythonIndent])
        XCTAssertEqual(
            result.text,
            """
            def f(items):
                for item in items:
                    if item:
                        return item
                total = call(a,
                             b)
                return total

            """)
        XCTAssertEqual(result.reverted, [])
        XCTAssertEqual(result.changes.first?.change, "indentation 2 spaces → 4 spaces")
        XCTAssertEqual(breaches("app/f.py", result.text, pythonIndent), [], "fixing then linting reports nothing")
    }

    func testIndentationFollowsTheUnchangedLinesAroundAnAddedOne() {
        // An old file indented by 2: an added line keeps its neighbours' indentation, a new block steps by 4.
        let code = """
            def f(x):
              a = 1
              b = 2
              if b:
                c = 3

            """
        XCTAssertEqual(
            fix("app/f.py", code, [pythonIndent], added: [3, 4, 5]).text,
            """
            def f(x):
              a = 1
              b = 2
              if b:
                  c = 3

            """)
    }

    func testBraceLanguagesKeepClosersAndChainedCallsWithTheirStatement() {
        let rule = rule("javascript-style/indentation", [.indentStyle: .string("space"), .indentSize: .int(2)], language: .javascript)
        let code = """
            describe('x', function () {
                it('y', function () {
                    return items
                        .map(x => x)
                })
            })

            """
        let result = fix("test/x.js", code, [rule])
        // The chained call keeps its 4 columns past its statement: alignment the fix cannot read is kept.
        XCTAssertEqual(
            result.text,
            """
            describe('x', function () {
              it('y', function () {
                return items
                    .map(x => x)
              })
            })

            """)
        XCTAssertEqual(breaches("test/x.js", result.text, rule), [])
    }

    func testAClosureThatTakesParametersOpensABlock() {
        let spaces = rule("swift-style/indentation", [.indentStyle: .string("space"), .indentSize: .int(4)], language: .swift)
        let code = "let r = items.map { item in\n  item + 1\n}\nlet s = f(a,\n      b)\n"
        XCTAssertEqual(fix("A.swift", code, [spaces]).text, "let r = items.map { item in\n    item + 1\n}\nlet s = f(a,\n      b)\n")
    }

    func testTabsInASpaceRepositoryAndSpacesInATabOne() {
        let spaces = rule("swift-style/indentation", [.indentStyle: .string("space"), .indentSize: .int(4)], language: .swift)
        XCTAssertEqual(fix("A.swift", "func f() {\n\tlet x = 1\n}\n", [spaces]).text, "func f() {\n    let x = 1\n}\n")
        let tabs = rule("go-style/indentation", [.indentStyle: .string("tab"), .indentSize: .int(4)], language: .go)
        let go = fix("a.go", "func f() {\n    x := 1\n    if x > 0 {\n        x++\n    }\n}\n", [tabs])
        XCTAssertEqual(go.text, "func f() {\n\tx := 1\n\tif x > 0 {\n\t\tx++\n\t}\n}\n")
        XCTAssertEqual(breaches("a.go", go.text, tabs), [])
    }

    func testMultiLineStringsAndHeredocsAreNeverReindented() {
        let python = "def f():\n  s = \"\"\"\n\tkept\n  kept too\n\"\"\"\n  return s\n"
        XCTAssertEqual(fix("app/s.py", python, [pythonIndent]).text, "def f():\n    s = \"\"\"\n\tkept\n  kept too\n\"\"\"\n    return s\n")
        let ruby = rule("ruby-style/indentation", [.indentStyle: .string("space"), .indentSize: .int(2)], language: .ruby)
        let heredoc = "def f\n\ttext = <<~EOS\n\t\tbody\n\tEOS\nend\n"
        XCTAssertEqual(fix("lib/f.rb", heredoc, [ruby]).text, "def f\n  text = <<~EOS\n\t\tbody\n\tEOS\nend\n")
    }

    func testTrailingWhitespaceFinalNewlineAndLineEndings() {
        let rules = [
            rule("python-style/trailing-whitespace", [.trimTrailingWhitespace: .bool(true)]),
            rule("python-style/final-newline", [.finalNewline: .bool(true)]),
            rule("python-style/line-endings", [.lineEndings: .string("lf")]),
        ]
        let code = "x = 1  \r\ns = \"\"\"a  \nb\"\"\"\ny = 2\t"
        let result = fix("app/w.py", code, rules)
        XCTAssertEqual(result.text, "x = 1\ns = \"\"\"a  \nb\"\"\"\ny = 2\n", "spaces inside a string are its content")
        for rule in rules { XCTAssertEqual(breaches("app/w.py", result.text, rule), [], rule.id) }
        let crlf = rule("python-style/line-endings", [.lineEndings: .string("crlf")])
        XCTAssertEqual(fix("app/w.py", "a = 1\nb = 2\n", [crlf]).text, "a = 1\r\nb = 2\r\n")
    }

    func testQuotesTradedOnlyWhereTheContentAllows() {
        let double = rule("python-style/quotes", [.quoteStyle: .string("double")])
        let code = "a = ['x', 'say \"hi\"', f'{v}', r'\\d', '''doc''']\n"
        let result = fix("app/q.py", code, [double])
        // A raw string reads the same in either quote; one holding the other quote, or a triple-quoted one, does not trade.
        XCTAssertEqual(result.text, "a = [\"x\", 'say \"hi\"', f\"{v}\", r\"\\d\", '''doc''']\n")
        XCTAssertEqual(result.changes.map(\.change), ["double quotes for 3 strings"])
        XCTAssertEqual(breaches("app/q.py", result.text, double), [])

        // Ruby's single quotes are raw: `'\n'` and `'#{x}'` would mean something else in double quotes.
        let ruby = rule("ruby-style/quotes", [.quoteStyle: .string("double")], language: .ruby)
        XCTAssertEqual(fix("lib/q.rb", "a = ['x', 'a\\n', '#{x}']\n", [ruby]).text, "a = [\"x\", 'a\\n', '#{x}']\n")
    }

    func testSemicolonsAddedAndRemovedOnlyWhereSafe() {
        let with = rule("javascript-style/semicolons", [.semicolons: .bool(true)], language: .javascript)
        let code = "const a = 1\nlet b = call()\n  .then(x)\nif (a) {\n  b = 2\n}\n"
        let result = fix("src/a.js", code, [with])
        XCTAssertEqual(result.text, "const a = 1;\nlet b = call()\n  .then(x);\nif (a) {\n  b = 2;\n}\n")
        XCTAssertEqual(breaches("src/a.js", result.text, with), [])

        let without = rule("javascript-style/semicolons", [.semicolons: .bool(false)], language: .javascript)
        // The `;` before a line starting with `(` stays: without it the two lines would be one call.
        let removed = fix("src/b.js", "const a = 1;\nconst b = f();\n(function () {})()\n", [without])
        XCTAssertEqual(removed.text, "const a = 1\nconst b = f();\n(function () {})()\n")
    }

    func testBlankLineRunsShortenedToTheLimitButNotInsideStrings() {
        let blank = rule("python-style/blank-lines", [.maxBlankLines: .int(2)])
        let code = "a = 1\n\n\n\n\nb = \"\"\"x\n\n\n\ny\"\"\"\n"
        let result = fix("app/b.py", code, [blank])
        XCTAssertEqual(result.text, "a = 1\n\n\nb = \"\"\"x\n\n\n\ny\"\"\"\n")
        XCTAssertEqual(breaches("app/b.py", result.text, blank), [])
        // Only added blank lines go: an old run stays as long as it was.
        XCTAssertEqual(fix("app/b.py", "a = 1\n\n\n\nb = 2\n", [blank], added: [5]).text, "a = 1\n\n\n\nb = 2\n")
    }

    func testIgnoreCommentsSilenceARepair() {
        let double = rule("python-style/quotes", [.quoteStyle: .string("double")])
        XCTAssertEqual(fix("app/i.py", "a = 'x'  # taste-ignore\nb = 'y'\n", [double]).text, "a = 'x'  # taste-ignore\nb = \"y\"\n")
    }

    /// A shell heredoc ends at a line that reads its word exactly: `EOF  ` is a line of its body. Trimming it
    /// would end the heredoc there and make the lines below it code; the token compare sees the line change
    /// and undoes that edit alone, while the other line is trimmed.
    func testARepairThatChangesTokensIsReverted() {
        let trim = rule("shell-style/trailing-whitespace", [.trimTrailingWhitespace: .bool(true)], language: .shell)
        let code = "cat <<EOF\nbody\nEOF  \necho done  \n"
        let result = fix("run.sh", code, [trim])
        XCTAssertEqual(result.text, "cat <<EOF\nbody\nEOF  \necho done\n")
        XCTAssertEqual(result.changes.map(\.line), [4])
        XCTAssertEqual(
            result.reverted, [Fixer.Note(path: "run.sh", rule: "shell-style/trailing-whitespace", reason: "1 line would read as other tokens")])
    }

    /// Python refuses indentation whose structure depends on a tab's width (TabError); such a file is read as the
    /// repository's editors show it, a tab as its indent size, and re-indented to that structure.
    func testPythonThatMixesTabsIsReadAtTheRepositoryWidth() {
        let code = "class A:\n    def f(self):\n\t\tif x:\n\t\t\treturn 1\n        return 2\n"
        XCTAssertEqual(
            fix("app/t.py", code, [pythonIndent], added: [3, 4]).text,
            "class A:\n    def f(self):\n        if x:\n            return 1\n        return 2\n")
    }

    /// The safety check itself: naive repairs that would change the program read as other tokens.
    func testTokenStreamSeesWhatNaiveRepairsWouldChange() {
        func tokens(_ path: String, _ code: String, _ allowance: TokenStream.Allowance = []) -> TokenStream {
            TokenStream(SourceFile(path: path, code: code), allowing: allowance)
        }
        // Whitespace outside strings is no token; inside a multi-line string it is content.
        XCTAssertEqual(tokens("a.js", "if (a) {\n\tb()  \n}\n"), tokens("a.js", "if (a) {\n  b()\n}\n"))
        XCTAssertNotEqual(tokens("a.js", "s = `\n\tb\n`\n"), tokens("a.js", "s = `\n  b\n`\n"))
        XCTAssertNotEqual(tokens("a.rb", "t = <<~EOS\n\tb\nEOS\n"), tokens("a.rb", "t = <<~EOS\n  b\nEOS\n"))
        // Trading quotes is allowed; a string holding the other quote would end early and is not.
        XCTAssertEqual(tokens("a.py", "a = 'x'\n", .quotes), tokens("a.py", "a = \"x\"\n", .quotes))
        XCTAssertNotEqual(tokens("a.py", "a = 'x'\n"), tokens("a.py", "a = \"x\"\n"))
        XCTAssertNotEqual(tokens("a.py", "a = 'say \"hi\"'\n", .quotes), tokens("a.py", "a = \"say \"hi\"\"\n", .quotes))
        // `;` may come and go under the semicolon allowance only.
        XCTAssertEqual(tokens("a.js", "a()\n", .semicolons), tokens("a.js", "a();\n", .semicolons))
        XCTAssertNotEqual(tokens("a.js", "a()\n"), tokens("a.js", "a();\n"))
        // Python's structure is in its indentation.
        XCTAssertEqual(tokens("a.py", "if x:\n  y\nz\n"), tokens("a.py", "if x:\n    y\nz\n"))
        XCTAssertNotEqual(tokens("a.py", "if x:\n    y\n    z\n"), tokens("a.py", "if x:\n    y\nz\n"))
        // A line break is a token: two lines joined would read differently.
        XCTAssertNotEqual(tokens("a.js", "a\n(b)\n"), tokens("a.js", "a (b)\n"))
    }

    func testTrailingCommasAddedAndRemovedInEachLanguage() {
        func commas(_ value: String, _ language: Language) -> Rule {
            rule("\(language.rawValue)-style/trailing-commas", [.trailingCommas: .string(value)], language: language)
        }
        let js = fix("src/a.js", "const a = {\n  name: 'x',\n  port: 1 // the default\n}\nrun(\n  a,\n  b\n)\n", [commas("multiline", .javascript)])
        XCTAssertEqual(js.text, "const a = {\n  name: 'x',\n  port: 1, // the default\n}\nrun(\n  a,\n  b,\n)\n")
        XCTAssertEqual(js.changes.map(\.change), ["trailing comma added", "trailing comma added"])
        XCTAssertEqual(js.reverted, [])
        XCTAssertEqual(breaches("src/a.js", js.text, commas("multiline", .javascript)), [])

        let ts = fix("src/a.ts", "function f(\n  a: string,\n  ...rest: string[]\n) {}\nconst t = [\n  1,\n  2,\n]\n", [commas("never", .typescript)])
        XCTAssertEqual(ts.text, "function f(\n  a: string,\n  ...rest: string[]\n) {}\nconst t = [\n  1,\n  2\n]\n", "a rest parameter takes none")

        let python = "CONFIG = dict(\n    name=\"x\",\n    port=1\n)\nPAIR = (\n    1,\n)\n"
        XCTAssertEqual(
            fix("app/c.py", python, [commas("multiline", .python)]).text, "CONFIG = dict(\n    name=\"x\",\n    port=1,\n)\nPAIR = (\n    1,\n)\n")
        // A one-element tuple keeps its comma: without it, it would be a number.
        XCTAssertEqual(fix("app/c.py", "PAIR = (\n    1,\n)\n", [commas("never", .python)]).text, "PAIR = (\n    1,\n)\n")

        let rust = "let v = vec![\n    1,\n    2\n];\nlet c = Config {\n    name: \"x\",\n    port: 1\n};\n"
        XCTAssertEqual(
            fix("src/main.rs", rust, [commas("multiline", .rust)]).text,
            "let v = vec![\n    1,\n    2\n];\nlet c = Config {\n    name: \"x\",\n    port: 1,\n};\n", "a macro's arguments are left as written")
        XCTAssertEqual(
            fix("src/A.kt", "val xs = listOf(\n    1,\n    2,\n)\n", [commas("never", .kotlin)]).text, "val xs = listOf(\n    1,\n    2\n)\n")
        // Swift only took trailing commas in argument lists from 6.1: only literals are mended.
        let swift = fix("A.swift", "let a = [\n    1,\n    2\n]\nf(\n    a,\n    b\n)\n", [commas("multiline", .swift)])
        XCTAssertEqual(swift.text, "let a = [\n    1,\n    2,\n]\nf(\n    a,\n    b\n)\n")
    }

    func testImportGroupsSortedWithoutCrossingBlankLinesCommentsOrSideEffects() {
        let sorted = rule("python-style/imports", [.importsSorted: .bool(true)])
        let python = """
            from __future__ import annotations
            import sys
            import os  # the platform's
            from json import (
                dumps,
                loads,
            )
            from collections import OrderedDict

            # pinned under its comment
            import zlib
            import abc

            """
        let fixed = fix("app/a.py", python, [sorted])
        XCTAssertEqual(
            fixed.text,
            """
            from __future__ import annotations
            import os  # the platform's
            import sys
            from collections import OrderedDict
            from json import (
                dumps,
                loads,
            )

            # pinned under its comment
            import zlib
            import abc

            """)
        XCTAssertEqual(fixed.reverted, [])
        XCTAssertEqual(Set(fixed.changes.map(\.change)), ["imports sorted"])

        let js = rule("javascript-style/imports", [.importsSorted: .bool(true)], language: .javascript)
        let code = "import z from 'z'\nimport a from 'a'\nimport './polyfill'\nimport y from 'y'\nimport b from 'b'\n"
        XCTAssertEqual(
            fix("src/a.js", code, [js]).text, "import a from 'a'\nimport z from 'z'\nimport './polyfill'\nimport b from 'b'\nimport y from 'y'\n")

        let rust = rule("rust-style/imports", [.importsSorted: .bool(true)], language: .rust)
        let attribute = "#[cfg(unix)]\nuse std::os::unix;\nuse std::fs;\nuse std::io;\nuse crate::b;\nuse crate::a;\n"
        XCTAssertEqual(
            fix("src/lib.rs", attribute, [rust]).text, "#[cfg(unix)]\nuse std::os::unix;\nuse std::fs;\nuse std::io;\nuse crate::a;\nuse crate::b;\n",
            "the attribute keeps its statement")

        let go = rule("go-style/imports", [.importsSorted: .bool(true)], language: .go)
        XCTAssertEqual(
            fix("a.go", "import (\n\t\"os\"\n\t\"fmt\"\n)\n", [go]).text, "import (\n\t\"fmt\"\n\t\"os\"\n)\n")
        let swift = rule("swift-style/imports", [.importsSorted: .bool(true)], language: .swift)
        XCTAssertEqual(fix("A.swift", "import XCTest\nimport Foundation\n", [swift]).text, "import Foundation\nimport XCTest\n")
    }

    func testAnAddedImportIsPutInPlaceAmongOldOnesInAWholeFileOnly() throws {
        let sorted = rule("python-style/imports", [.importsSorted: .bool(true)])
        // The old lines keep their text and their order; the added one goes between them.
        let whole = fix("app/a.py", "import os\nimport sys\nimport json\n", [sorted], added: [3])
        XCTAssertEqual(whole.text, "import json\nimport os\nimport sys\n")
        XCTAssertEqual(whole.changes.map(\.line), [1, 2, 3])
        // Old lines out of order are the file's own: an added line among them is left where it is.
        XCTAssertEqual(fix("app/a.py", "import sys\nimport os\nimport json\n", [sorted], added: [3]).text, "import sys\nimport os\nimport json\n")
        // A patch's context lines are not the fix's to rewrite: there only added lines trade places.
        let patch = """
            diff --git a/app/a.py b/app/a.py
            --- a/app/a.py
            +++ b/app/a.py
            @@ -1,2 +1,5 @@
             import os
             import sys
            +import zlib
            +import tarfile
            +import json

            """
        let change = try XCTUnwrap(try PatchReader.files(in: patch).first)
        let outcome = Fixer().fix(change, language: .python, rules: [sorted])
        XCTAssertNil(outcome.file, "json belongs above the context lines")
        let added = try XCTUnwrap(try PatchReader.files(in: patch.replacingOccurrences(of: "+import json\n", with: "")).first)
        let fixed = try XCTUnwrap(Fixer().fix(added, language: .python, rules: [sorted]).file)
        XCTAssertEqual(
            PatchRewriter.rewrite(patch.replacingOccurrences(of: "+import json\n", with: ""), with: [fixed]),
            patch.replacingOccurrences(of: "+import json\n", with: "").replacingOccurrences(
                of: "+import zlib\n+import tarfile", with: "+import tarfile\n+import zlib"))
    }

    func testTokenStreamAllowsOnlyATrailingCommaAndWholeImportsMoving() {
        func tokens(_ path: String, _ code: String, _ allowance: TokenStream.Allowance = []) -> TokenStream {
            TokenStream(SourceFile(path: path, code: code), allowing: allowance)
        }
        XCTAssertEqual(tokens("a.js", "f(\n  a,\n  b,\n)\n", .trailingCommas), tokens("a.js", "f(\n  a,\n  b\n)\n", .trailingCommas))
        XCTAssertEqual(
            tokens("a.js", "f(\n  a,\n  b, // last\n)\n", .trailingCommas), tokens("a.js", "f(\n  a,\n  b // last\n)\n", .trailingCommas))
        XCTAssertNotEqual(tokens("a.js", "f(\n  a,\n  b,\n)\n"), tokens("a.js", "f(\n  a,\n  b\n)\n"))
        // A comma between two elements is no trailing comma.
        XCTAssertNotEqual(tokens("a.js", "f(\n  a,\n  b\n)\n", .trailingCommas), tokens("a.js", "f(\n  a\n  b\n)\n", .trailingCommas))
        XCTAssertNotEqual(tokens("a.py", "x = ('a,',\n)\n", .trailingCommas), tokens("a.py", "x = ('a',\n)\n", .trailingCommas))

        XCTAssertEqual(tokens("a.py", "import b\nimport a\n", .importOrder), tokens("a.py", "import a\nimport b\n", .importOrder))
        XCTAssertNotEqual(tokens("a.py", "import b\nimport a\n"), tokens("a.py", "import a\nimport b\n"))
        // Not across a blank line, nor past a side-effect import, nor with a statement changed.
        XCTAssertNotEqual(tokens("a.py", "import b\n\nimport a\n", .importOrder), tokens("a.py", "import a\n\nimport b\n", .importOrder))
        XCTAssertNotEqual(
            tokens("a.js", "import b from 'b'\nimport './x'\nimport a from 'a'\n", .importOrder),
            tokens("a.js", "import a from 'a'\nimport './x'\nimport b from 'b'\n", .importOrder))
        XCTAssertNotEqual(tokens("a.py", "import b\nimport a\n", .importOrder), tokens("a.py", "import a\nimport c\n", .importOrder))
    }

    func testUntouchableFilesAreNamed() {
        XCTAssertEqual(
            Fixer.untouchable(ChangedFile(path: "vendor/github.com/x/a.go", text: "x\n", added: [1]), language: .go),
            "vendored, minified or test data")
        XCTAssertEqual(
            Fixer.untouchable(ChangedFile(path: "a.go", text: "// Code generated by x. DO NOT EDIT.\n", added: [1]), language: .go), "generated")
        XCTAssertEqual(Fixer.untouchable(ChangedFile(path: "a.py", text: "x = '\u{FFFD}'\n", added: [1]), language: .python), "not valid UTF-8")
        XCTAssertNil(Fixer.untouchable(ChangedFile(path: "a.py", text: "x = 1\n", added: [1]), language: .python))
    }

    func testDiffAndRewrittenPatchCarryTheRepair() throws {
        let double = rule("python-style/quotes", [.quoteStyle: .string("double")])
        let blank = rule("python-style/blank-lines", [.maxBlankLines: .int(1)])
        let final = rule("python-style/final-newline", [.finalNewline: .bool(true)])
        let patch = """
            diff --git a/app/p.py b/app/p.py
            --- a/app/p.py
            +++ b/app/p.py
            @@ -1,2 +1,6 @@ def top():
             a = 1
            +b = 'x'
            +
            +
            +c = 'y'
             d = 2
            @@ -10,1 +14,2 @@
             e = 3
            +f = 'z'
            \\ No newline at end of file

            """
        let change = try XCTUnwrap(try PatchReader.files(in: patch).first)
        let outcome = Fixer().fix(change, language: .python, rules: [double, blank, final])
        let file = try XCTUnwrap(outcome.file)
        XCTAssertEqual(
            PatchRewriter.rewrite(patch, with: [file]),
            """
            diff --git a/app/p.py b/app/p.py
            --- a/app/p.py
            +++ b/app/p.py
            @@ -1,2 +1,5 @@ def top():
             a = 1
            +b = "x"
            +
            +c = "y"
             d = 2
            @@ -10,1 +13,2 @@
             e = 3
            +f = "z"

            """)
    }
}
