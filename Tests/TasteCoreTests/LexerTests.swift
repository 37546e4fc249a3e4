import XCTest

@testable import TasteCore

/// The one lexer: every string and comment form of every language, carried across lines and reset at hunk gaps.
final class LexerTests: XCTestCase {
    private func lines(_ path: String, _ code: String, numbers: [Int]? = nil) -> [SourceLine] {
        Array(SourceFile(path: path, code: code, numbers: numbers).lines)
    }

    /// The code bytes of each line (outside comments; strings kept as they are), for compact assertions.
    private func code(_ path: String, _ code: String) -> [String] {
        lines(path, code).map { line in
            guard let first = line.firstCode, let last = line.lastCode else { return "" }
            return String(decoding: line.bytes[first...last], as: UTF8.self)
        }
    }

    func testBlockCommentsAreCarriedAcrossLinesAndNestWhereTheLanguageSaysSo() {
        let swift = lines("a.swift", "/* one /* two */\nstill comment */ let x = 1\nlet y = 2\n")
        XCTAssertTrue(swift[0].isEmpty)
        XCTAssertTrue(swift[1].startsInComment)
        XCTAssertEqual(code("a.swift", "/* one /* two */\nstill comment */ let x = 1\n")[1], "let x = 1")
        let c = lines("a.c", "/* one /* two */\nint x = 1;\n")
        XCTAssertFalse(c[1].startedInside, "C comments do not nest")
    }

    func testGoRawStringsSpanLinesAndTakeNoEscapes() {
        let go = lines("a.go", "var s = `line \\\n\"quoted\" // not a comment\n` + x // comment\n")
        XCTAssertTrue(go[0].endsInside)
        XCTAssertTrue(go[1].startsInString)
        XCTAssertFalse(go[1].hasComment, "// inside a raw string is content")
        XCTAssertTrue(go[2].hasComment)
        XCTAssertEqual(code("a.go", "var s = `a\\`\nb := 1\n")[1], "b := 1", "a backslash does not escape in a raw string")
    }

    func testJavaTextBlocksAndKotlinRawStrings() {
        let java = lines("A.java", "String s = \"\"\"\n  \"quoted\" /* no */\n  \"\"\";\nint x = 1;\n")
        XCTAssertTrue(java[1].startsInString)
        XCTAssertFalse(java[1].hasComment)
        XCTAssertTrue(java[3].isTrusted)
        XCTAssertFalse(java[3].startedInside)
        let kotlin = lines("a.kt", "val s = \"\"\"a ${b + \"\"\"} c\"\"\"\nval y = 2\n")
        XCTAssertFalse(kotlin[1].startedInside)
    }

    func testRawStringsOfRustSwiftCSharpAndCpp() {
        XCTAssertEqual(code("a.rs", "let s = r#\"a \"quoted\" b\"#; // c\n"), ["let s = r#\"a \"quoted\" b\"#;"])
        XCTAssertEqual(code("a.swift", "let s = #\"a \"b\" \\(c)\"#\n"), ["let s = #\"a \"b\" \\(c)\"#"])
        XCTAssertEqual(code("a.cs", "var s = @\"C:\\dir\\\"\"x\"\"\"; // c\n"), ["var s = @\"C:\\dir\\\"\"x\"\"\";"])
        XCTAssertEqual(code("a.cpp", "auto s = R\"x(a \")\" b)x\"; // c\n"), ["auto s = R\"x(a \")\" b)x\";"])
        let rust = lines("a.rs", "let s = r\"\nmulti // line\n\";\n")
        XCTAssertTrue(rust[1].startsInString)
    }

    func testPHPHashCommentsButNotAttributes() {
        XCTAssertEqual(code("a.php", "$a = 1; # note\n#[Attribute]\n"), ["$a = 1;", "#[Attribute]"])
    }

    func testHeredocsOfRubyAndShell() {
        let ruby = lines("a.rb", "text = <<~EOS\n  it's # not a comment\nEOS\nx = 1 # comment\n")
        XCTAssertTrue(ruby[1].startsInString)
        XCTAssertTrue(ruby[1].isEmpty)
        XCTAssertTrue(ruby[3].hasComment)
        let shell = lines("a.sh", "cat <<EOF\nit's here\nEOF\necho 'a' # c\n")
        XCTAssertTrue(shell[1].isEmpty)
        XCTAssertTrue(shell[3].hasComment)
    }

    func testTemplatesInterpolateAndRegexLiteralsHoldSlashes() {
        XCTAssertEqual(code("a.ts", "const a = `x ${f(\"}\")} y` // c\n"), ["const a = `x ${f(\"}\")} y`"])
        XCTAssertEqual(code("a.js", "const re = /\\/\\/ not a comment/g; // c\n"), ["const re = /\\/\\/ not a comment/g;"])
    }

    func testStringsAreRecordedWithTheirForm() {
        let python = lines("a.py", "x = f'a' + \"b\" + '''c'''\n")[0]
        XCTAssertEqual(python.strings.map(\.form), [.plain, .plain, .triple])
        XCTAssertEqual(python.strings.map(\.quote), [0x27, 0x22, 0x27])
    }

    func testAHunkGapForgetsWhatEarlierLinesOpenedButKnowsACommentsMiddle() {
        let swift = lines("a.swift", "/*\nlet x = 1\n * still a comment */\nlet y = 2\n", numbers: [1, 2, 10, 11])
        XCTAssertTrue(swift[1].startsInComment)
        XCTAssertFalse(swift[2].followsPrevious)
        XCTAssertTrue(swift[2].startsInComment, "a line starting with `* ` is inside a block comment")
        XCTAssertFalse(swift[3].startedInside)
        let python = lines("a.py", "'''\nx = 1\ny = 2\n", numbers: [1, 2, 9])
        XCTAssertTrue(python[1].startsInString)
        XCTAssertFalse(python[2].startedInside)
    }

    func testApostrophesInJSXProseAreNotStrings() {
        let line = lines("a.jsx", "<p>Don't stop</p>\n")[0]
        XCTAssertFalse(line.isTrusted)
    }

    func testEveryLanguageHasATable() {
        for language in Language.allCases {
            let table = LexicalTable.of(language)
            XCTAssertTrue(table.slashComments || table.hashComments, "\(language) has comments")
        }
    }
}
