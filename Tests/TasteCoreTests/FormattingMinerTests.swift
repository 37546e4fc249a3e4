import XCTest

@testable import TasteCore

/// The cases the formatting miners' examples do not pin down: comments, strings, JSX, template literals,
/// docstrings, blocks against literals, and thin evidence.
final class FormattingMinerTests: XCTestCase {
    /// What `miner` counts in `code`, as "key=value:count", sorted.
    private func counts(_ miner: any Miner, _ code: String, path: String) throws -> [String] {
        let language = try XCTUnwrap(Language(path: path))
        var sink = ObservationSink(miner: miner.identifier, commit: "c")
        miner.observe(SourceFile(MinerExampleTests.fileChange(code, path: path, language: language)), into: &sink)
        return sink.counts.map { "\($0.key.key)=\($0.key.value):\($0.value)" }.sorted()
    }

    // MARK: Quotes

    func testQuotesSkipCommentsTemplatesForcedStringsAndJSXAttributes() throws {
        let code = """
            // 'a' 'b' 'c' in a comment
            /* "block" 'comment'
               'still' */
            const a = 'one'
            const t = `template 'x' ${f('y')} "z"`
            const forced = "it's"
            const node = <div className="box">{label}</div>
            const re = /"'/
            """
        XCTAssertEqual(try counts(QuoteStyleMiner(), code, path: "a.jsx"), ["quote=single:1"])
    }

    func testQuotesStopAtProseInJSX() throws {
        // An apostrophe in JSX text is no string: the line is not trusted at all.
        XCTAssertEqual(
            try counts(QuoteStyleMiner(), "  <p>Don't do 'this'</p>\nimport x from 'x'\n", path: "a.tsx"),
            ["quote=single:1"])
    }

    func testPythonDocstringsAndPrefixesAreNotMistakenForStrings() throws {
        let code = #"""
            def f(x):
                """Docstring with 'quotes'."""
                '''
                A long 'one'.
                '''
                return rb"bytes" + f"{x}" + 'single'  # 'comment'
            """#
        XCTAssertEqual(try counts(QuoteStyleMiner(), code, path: "a.py"), ["quote=double:2", "quote=single:1"])
    }

    func testRubyInterpolationAndEscapesForceDoubleQuotes() throws {
        let code = #"""
            puts "Hello, #{name}"
            puts "tab\tseparated"
            puts "plain"
            puts 'plain'
            text = <<~TEXT
              'heredoc' "content"
            TEXT
            """#
        XCTAssertEqual(try counts(QuoteStyleMiner(), code, path: "a.rb"), ["quote=double:1", "quote=single:1"])
    }

    func testMixedQuotesAreSaidToBeMixed() throws {
        let code = (0..<40).map { $0 % 3 == 0 ? "a\($0) = \"x\"" : "a\($0) = 'x'" }.joined(separator: "\n")
        let draft = try XCTUnwrap(rules(QuoteStyleMiner(), code, path: "a.py").first)
        XCTAssertEqual(draft.facts[.quoteStyle], .string("single"))
        XCTAssertTrue(draft.statement.hasPrefix("Mixed:"), draft.statement)
    }

    // MARK: Semicolons

    func testSemicolonsCountOnlyLinesThatEndSimpleStatements() throws {
        let code = """
            import a from 'a'
            const o = {
              key: value
            }
            function f() {
              return g()
                .then(h)
            }
            const s = `multi
            line`
            if (x) y()
            x = 1;
            @decorator()
            class A {}
            """
        XCTAssertEqual(try counts(SemicolonMiner(), code, path: "a.ts"), ["statement_end=none:2", "statement_end=semicolon:1"])
    }

    func testAStatementContinuedOnTheNextLineIsCountedWhereItEnds() throws {
        let code = """
            const label = n > 1
              ? 'many'
              : 'one'

            const total = items
              .map(f)
              .reduce(add, 0);
            """
        XCTAssertEqual(try counts(SemicolonMiner(), code, path: "a.js"), ["statement_end=none:1", "statement_end=semicolon:1"])
    }

    /// Tests that keep another habit than the code they test are counted apart (express: `lib/` ends statements with
    /// semicolons, its tests mostly not): the code's statements decide, and the tests' habit is said beside them.
    func testTheCodesSemicolonsDecideAndTheTestsHabitIsStatedApart() throws {
        let library = SemicolonExamples.code(semicolons: true), tests = SemicolonExamples.code(semicolons: false)
        XCTAssertEqual(try counts(SemicolonMiner(), "const a = 1;\n", path: "test/app.test.js"), ["test_statement_end=semicolon:1"])
        var tallies = MinerTallies()
        for (path, code, commits) in [("lib/app.js", library, 6), ("test/app.test.js", tests, 20)] {
            var sink = ObservationSink(miner: SemicolonMiner.description.identifier, commit: "c")
            SemicolonMiner().observe(SourceFile(MinerExampleTests.fileChange(code, path: path, language: .javascript)), into: &sink)
            for (key, count) in sink.counts {
                tallies.scopes[key.scope, default: ScopeTallies()].values[key.key, default: [:]][key.value] =
                    TallyStat(weight: Double(count * commits), count: count * commits, commits: commits)
            }
        }
        tallies.scopes["javascript"]?.commits = 26
        let rule = try XCTUnwrap(SemicolonMiner().rules(from: tallies).first)
        XCTAssertEqual(rule.facts, [FactKey.semicolons.rawValue: .bool(true)], "the tests outnumber the code, which decides")
        XCTAssertEqual(rule.unit, "statements outside test files")
        XCTAssertTrue(rule.statement.hasPrefix("End statements with a semicolon. Test files mostly leave it off (100% of "), rule.statement)
        XCTAssertEqual(rule.evidence.map(\.key), ["statement_end", "test_statement_end"])

        // A language whose statements are nearly all in its tests is read from all of them.
        tallies.scopes["javascript"]?.values["statement_end"] = ["semicolon": TallyStat(weight: 2, count: 2, commits: 1)]
        let thin = try XCTUnwrap(SemicolonMiner().rules(from: tallies).first)
        XCTAssertEqual(thin.facts, [FactKey.semicolons.rawValue: .bool(false)])
        XCTAssertEqual(thin.unit, "statements")
        XCTAssertFalse(thin.statement.contains("Test files"), thin.statement)
    }

    func testALineWhoseNextLineIsNotAddedSaysNothing() throws {
        // In a modified file, the line after the last added one is unknown: it may continue the statement.
        let file = FileChange(
            path: "a.js", status: .modified, language: .javascript,
            addedLines: [AddedLine(number: 10, text: "const a = b"), AddedLine(number: 20, text: "const c = d;")])
        var sink = ObservationSink(miner: "semicolons", commit: "c")
        SemicolonMiner().observe(SourceFile(file), into: &sink)
        XCTAssertTrue(sink.isEmpty, "\(sink.counts)")
    }

    func testSwiftSemicolonsCountStatementsNotArgumentsBlocksOrStrings() throws {
        let code = """
            import Foundation;
            @MainActor
            final class Cart {
                var items = [Int]()
                func add(_ item: Int) {
                    items.append(item);
                    let total = items.reduce(
                        0, +)
                    let name = value!
                    print("a; b")
                    for i in 0..<3 { print(i) }
                    #if DEBUG
                    let sum = a +
                        b
                }
            }
            """
        // Semicolons: the import and the append. Without: items, total (where its brackets close), name, print
        // (the string's `;` is content) and sum (where it ends); blocks, attributes and directives say nothing.
        XCTAssertEqual(try counts(SemicolonMiner(), code, path: "a.swift"), ["statement_end=none:5", "statement_end=semicolon:2"])
    }

    func testPythonGoKotlinAndRubySemicolonsAreCountedAtLineEnds() throws {
        let python = """
            import os
            def f(x):
                y = g(x,
                      1);
                return y;
            """
        XCTAssertEqual(try counts(SemicolonMiner(), python, path: "a.py"), ["statement_end=none:1", "statement_end=semicolon:2"])
        let go = """
            import (
            \t"fmt"
            )

            func f() {
            \tfor i := 0; i < 3; i++ {
            \t\tfmt.Println(i)
            \t}
            \tx++
            }
            """
        XCTAssertEqual(try counts(SemicolonMiner(), go, path: "a.go"), ["statement_end=none:3"])
        let kotlin = "val a = listOf(1)\nval b = a!!\nprintln(b);\n"
        XCTAssertEqual(try counts(SemicolonMiner(), kotlin, path: "a.kt"), ["statement_end=none:2", "statement_end=semicolon:1"])
        let ruby = "items.each do |item|\n  puts item\nend\nx = 1;\n"
        XCTAssertEqual(try counts(SemicolonMiner(), ruby, path: "a.rb"), ["statement_end=none:1", "statement_end=semicolon:1"])
    }

    func testLanguagesWhereTheSemicolonIsSyntaxAreNotCounted() throws {
        for path in ["a.rs", "a.c", "a.java", "a.cs"] {
            XCTAssertEqual(try counts(SemicolonMiner(), "let a = b;\nf(a);\n", path: path), [], path)
        }
    }

    // MARK: Trailing commas

    func testBlocksAndHuggedListsSayNothingAboutTrailingCommas() throws {
        let code = """
            function f() {
              a(),
              b()
            }
            call(
              first, second
            )
            raise(
              "one argument"
            )
            """
        XCTAssertEqual(try counts(TrailingCommaMiner(), code, path: "a.js"), [])
    }

    func testTrailingCommasInLiteralsAndArgumentsAreCountedApart() throws {
        let code = """
            const a = [
              1,
              2,
            ]
            call(
              a,
              b
            )
            const o = {
              x: 1, // a comment
              y: 2,
            }
            """
        XCTAssertEqual(try counts(TrailingCommaMiner(), code, path: "a.ts"), ["arguments=never:1", "literal=multiline:2"])
    }

    func testSwiftArgumentListsAreNotCounted() throws {
        let code = """
            let a = [
                1,
                2,
            ]
            call(
                a: 1,
                b: 2
            )
            """
        XCTAssertEqual(try counts(TrailingCommaMiner(), code, path: "a.swift"), ["literal=multiline:1"])
    }

    func testRustLifetimesAndCharsDoNotOpenStrings() throws {
        let code = """
            fn f<'a>(x: &'a str) -> [char; 2] {
                [
                    '(',
                    ')',
                ]
            }
            """
        XCTAssertEqual(try counts(TrailingCommaMiner(), code, path: "a.rs"), ["literal=multiline:1"])
    }

    func testRustMacroArgumentsAndBlockMatchArmsAreNotCounted() throws {
        let code = """
            assert_eq!(
                a,
                vec![
                    1,
                    2
                ]
            );
            match x {
                A => 1,
                B => {
                    run();
                }
            }
            let p = Point {
                x: 1,
                y: 2,
            };
            """
        XCTAssertEqual(try counts(TrailingCommaMiner(), code, path: "a.rs"), ["literal=multiline:1"])
    }

    // MARK: Braces

    func testBracePlacementCountsHeadersNotLiteralsOrClosures() throws {
        let code = """
            class A
            {
                void f(int x)
                {
                    int[] xs = { 1, 2 };
                    var o = new Options
                    {
                        Port = 1
                    };
                    if (x > 0) {
                        g();
                    }
                    Action a = () =>
                    {
                        h();
                    };
                }
            }
            """
        XCTAssertEqual(
            try counts(BraceStyleMiner(), code, path: "a.cs"),
            ["control=same-line:1", "declaration=next-line:2"])
    }

    func testABraceInsideAnOpenCallOrArrayIsAnElement() throws {
        let code = [
            "export default defineConfig([", "\t{", "\t\tname: 'recommended',", "\t},", "])",
            "export function f(", "\t{ a, b },", ") {", "\treturn a", "}",
            "function g() {", "}",
        ].joined(separator: "\n")
        XCTAssertEqual(try counts(BraceStyleMiner(), code, path: "eslint.config.mjs"), ["declaration=same-line:1"])
    }

    func testAnAnonymousFunctionIsNoDeclaration() throws {
        let code = """
            <?php
            class Client
            {
                public function send($request)
                {
                    return array_map(
                        function ($item) use ($request) {
                            return $item;
                        },
                        $request->items()
                    );
                }
            }
            static function ($x) {
            }
            function functions()
            {
            }
            """
        XCTAssertEqual(try counts(BraceStyleMiner(), code, path: "src/Client.php"), ["declaration=next-line:3"])
    }

    func testKernelStyleIsDescribedBothWays() throws {
        let code = (0..<12).map { index in
            "int f\(index)(int x)\n{\n\tif (x) {\n\t\treturn 1;\n\t}\n\treturn 0;\n}\n"
        }.joined()
        let draft = try XCTUnwrap(rules(BraceStyleMiner(), code, path: "a.c").first)
        XCTAssertTrue(draft.statement.contains("type or function on a line of its own"), draft.statement)
        XCTAssertEqual(draft.facts[.braceStyle], .string("next-line-for-declarations"), "the fact says the split, not the larger side")
        XCTAssertEqual(draft.support.observations, 240)
        XCTAssertEqual(draft.support.agreeing, 240)
    }

    // MARK: Line endings

    func testAFewCRLFLinesDoNotMakeCRLFTheRule() throws {
        let code = (0..<40).map { "x\($0) = 1" + ($0 % 4 == 0 ? "\r" : "") }.joined(separator: "\n")
        let draft = try XCTUnwrap(rules(LineEndingMiner(), code, path: "a.py").first)
        XCTAssertEqual(draft.facts[.lineEndings], .string("lf"))
        XCTAssertTrue(draft.statement.contains("keep a file's own line endings"), draft.statement)
    }

    // MARK: Thresholds

    func testThinEvidenceGivesNoRule() throws {
        let miners: [(any Miner, String, String)] = [
            (QuoteStyleMiner(), "a = 'x'\n", "a.py"),
            (SemicolonMiner(), "const a = 1;\n", "a.js"),
            (TrailingCommaMiner(), "a = [\n    1,\n    2,\n]\n", "a.py"),
            (BraceStyleMiner(), "if (x) {\n}\n", "a.c"),
        ]
        for (miner, code, path) in miners {
            XCTAssertTrue(try rules(miner, code, path: path).isEmpty, miner.identifier)
        }
    }

    /// The rules `miner` draws when ten commits each add `code`.
    private func rules(_ miner: any Miner, _ code: String, path: String) throws -> [RuleDraft] {
        let language = try XCTUnwrap(Language(path: path))
        let file = MinerExampleTests.fileChange(code, path: path, language: language)
        var tallies = MinerTallies()
        var sink = ObservationSink(miner: miner.identifier, commit: "c")
        miner.observe(SourceFile(file), into: &sink)
        for (key, count) in sink.counts {
            tallies.scopes[key.scope, default: ScopeTallies()].values[key.key, default: [:]][key.value] =
                TallyStat(weight: Double(count * 10), count: count * 10, commits: 10)
            tallies.scopes[key.scope, default: ScopeTallies()].commits = 10
        }
        return miner.rules(from: tallies)
    }

    /// "No limit" is shown by the widest lines: the rule cites them.
    func testNoLineLimitCitesTheWidestLines() throws {
        let fixture = try GitFixture()
        for index in 0..<10 {
            let lines = (0..<30).map { step -> String in
                let width = 60 + ((index * 30 + step) * 7) % 140
                var line = "total_\(index)_\(step) = alpha"
                while line.count + 8 <= width { line += " + alpha" }
                return line
            }
            try fixture.commit("Add m\(index)", files: ["app/m\(index).py": lines.joined(separator: "\n") + "\n"])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rule = try rule("python-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(rule.facts[.maxLineLength], .null, rule.statement)
        XCTAssertFalse(rule.evidence.isEmpty, "the widest lines are cited")
        XCTAssertTrue(rule.evidence.allSatisfy { $0.path?.hasPrefix("app/m") == true && $0.line != nil }, "\(rule.evidence)")
        XCTAssertNil(rule.unconfirmed)
    }

}
