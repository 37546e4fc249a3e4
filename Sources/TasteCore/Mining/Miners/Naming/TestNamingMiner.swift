/// Finds how tests are named per language: `test_snake_case` functions, `testCamelCase` methods, Go's
/// `TestX` or `TestX_Y`, sentences in strings (`it('parses empty input')`, `@Test("…")`), Kotlin's backticks.
///
/// Reads test files only, one observation per test declared.
public struct TestNamingMiner: Miner {
    public static let description = MinerDescription(
        identifier: "test-naming",
        version: 1,
        name: "Test naming",
        summary: "How test functions are named per language: test_snake_case, testCamelCase, TestX_Y, descriptive strings, backticks.",
        languages: [.swift, .python, .javascript, .typescript, .go, .rust, .java, .kotlin, .ruby],
        examples: [
            .shows("tests/test_parser.py", """
            def test_parses_empty_input():
                assert parse("") == []

            def test_rejects_unclosed_brackets():
                with pytest.raises(ParseError):
                    parse("[")
            """, expect: ["test_naming": .string("test_snake_case")]),
            .contradicts("Tests/ParserTests/ParserTests.swift", """
            final class ParserTests: XCTestCase {
                func testParsesEmptyInput() { XCTAssertEqual(parse(""), []) }
                func testRejectsUnclosedBrackets() { XCTAssertThrowsError(try parse("[")) }
            }
            """, expect: ["test_naming": .string("testCamelCase")]),
            .shows("Tests/ParserTests/ParserTests.swift", """
            @Test("Parses empty input") func emptyInput() { #expect(parse("") == []) }
            @Test("Rejects unclosed brackets")
            func unclosed() { #expect(throws: ParseError.self) { try parse("[") } }
            """, expect: ["test_naming": .string("descriptive-strings")]),
            .shows("parser_test.go", """
            func TestParse_EmptyInput(t *testing.T) {}
            func TestParse_UnclosedBracket(t *testing.T) {}
            """, expect: ["test_naming": .string("TestX_Y")]),
            .contradicts("parser_test.go", """
            func TestParseEmptyInput(t *testing.T) {}
            func TestParseUnclosedBracket(t *testing.T) {}
            """, expect: ["test_naming": .string("TestCamelCase")]),
            .shows("src/parser.test.ts", """
            describe('parse', () => {
              it('parses empty input', () => { expect(parse('')).toEqual([]) })
              test("rejects unclosed brackets", () => { expect(() => parse('[')).toThrow() })
            })
            """, expect: ["test_naming": .string("descriptive-strings")]),
            .shows("src/test/kotlin/ParserTest.kt", """
            class ParserTest {
                @Test
                fun `parses empty input`() { assertEquals(emptyList(), parse("")) }
                @Test fun `rejects unclosed brackets`() { assertFails { parse("[") } }
            }
            """, expect: ["test_naming": .string("backticks")]),
            .shows("src/parser.rs", """
            #[cfg(test)]
            mod tests {
                #[test]
                fn parses_empty_input() { assert!(parse("").is_empty()); }
                #[test]
                fn rejects_unclosed_brackets() { assert!(parse("[").is_err()); }
            }
            """, expect: ["test_naming": .string("snake_case")]),
        ]
    )

    static let minimumTests = 10

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        guard Self.description.languages.contains(file.language),
              TestFrameworkMiner.isTestFile(file.path, language: file.language) else { return }
        var reader = TestNameReader(language: file.language)
        let scope = file.language.rawValue
        for line in file.addedLines {
            if let style = reader.read(line) {
                sink.count("name", style, scope: scope, path: file.path, line: line.number)
            }
        }
    }

    static let advice: [String: String] = [
        "test_snake_case": "name test functions `test_` and what they check in snake_case (`test_parses_empty_input`)",
        "testCamelCase": "name test methods `test` and what they check in UpperCamelCase (`testParsesEmptyInput`)",
        "TestCamelCase": "name tests `TestXxx` in MixedCaps (`TestParseEmptyInput`)",
        "TestX_Y": "name tests `TestSubject_Case`, an underscore between what is tested and the case (`TestParse_EmptyInput`)",
        "backticks": "name tests with a sentence in backticks (`` fun `parses empty input`() ``)",
        "lowerCamelCase": "name test functions in lowerCamelCase for what they check, without a `test` prefix (`parsesEmptyInput`)",
        "snake_case": "name test functions in snake_case for what they check, without a `test_` prefix (`parses_empty_input`)",
        "underscored": "name tests with underscores between their parts (`parse_emptyInput_returnsNothing`)",
    ]

    static func descriptiveAdvice(_ language: Language) -> String {
        let example: String
        switch language {
        case .swift: example = "`@Test(\"Parses empty input\")`"
        case .ruby: example = "`it \"parses empty input\"`"
        case .java, .kotlin: example = "`@DisplayName(\"parses empty input\")`"
        default: example = "`it('parses empty input', …)`"
        }
        return "describe each test in a plain sentence (\(example))"
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), stats.commits >= 3 else { return nil }
            let ranked = stats.ranked("name")
            guard let top = ranked.first, top.stat.commits >= 3 else { return nil }
            let tests = ranked.reduce(0) { $0 + $1.stat.count }
            guard tests >= Self.minimumTests else { return nil }
            let advice = top.value == "descriptive-strings" ? Self.descriptiveAdvice(language) : Self.advice[top.value] ?? top.value
            var statement = "In \(language.displayName) tests, \(advice)."
            var facts: [String: FactValue] = ["test_naming": .string(top.share >= 0.6 ? top.value : "mixed")]
            if top.share < 0.8 {
                let others = ranked.dropFirst().filter { $0.share >= 0.05 }.map { "\(percent($0.share)) \($0.value)" }
                statement = "Test names are mixed in \(language.displayName): \(percent(top.share)) \(top.value)"
                    + (others.isEmpty ? "" : ", " + others.joined(separator: ", "))
                    + "; follow the names a test file already has, and in a new one \(advice)."
                facts["test_naming_styles"] = .strings(ranked.filter { $0.share >= 0.1 }.map(\.value))
            }
            return RuleDraft(
                topic: "test-naming", skill: .testing, language: language, facts: facts, share: top.share,
                support: Support(observations: tests, agreeing: top.stat.count, commits: stats.commits),
                statement: statement, unit: "tests", evidence: [(key: "name", value: top.value)])
        }
    }
}

/// Reads test declarations line by line: a test's name, or the string that describes it.
struct TestNameReader {
    let language: Language
    private var regions: CodeRegionTracker
    /// An attribute that makes the next function a test (`@Test`, `#[test]`) was seen.
    private var pendingTest = false
    /// The pending test was already counted by its description (`@Test("…")`, `@DisplayName("…")`).
    private var described = false

    init(language: Language) {
        self.language = language
        regions = CodeRegionTracker(language: language)
    }

    mutating func read(_ line: AddedLine) -> String? {
        withBytes(line.text) { bytes in read(bytes, number: line.number) }
    }

    private mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) -> String? {
        guard regions.startsInCode(bytes, number: number) else { return nil }
        var cursor = ByteCursor(bytes)
        cursor.skipSpaces()
        guard let first = cursor.peek else { return nil }
        switch language {
        case .python:
            if first == UInt8(ascii: "#") { return nil }
            _ = cursor.word(Array("async".utf8))
            guard cursor.word(Array("def".utf8)), let name = cursor.identifier(), Self.hasTestPrefix(name) else { return nil }
            return Self.style(name)
        case .ruby:
            if cursor.word(Array("def".utf8)) {
                guard let name = cursor.identifier(), Self.hasTestPrefix(name) else { return nil }
                return Self.style(name)
            }
            guard cursor.anyWord([Array("it".utf8), Array("specify".utf8), Array("test".utf8), Array("scenario".utf8)]) != nil else { return nil }
            if cursor.peek == UInt8(ascii: "(") { cursor.index += 1 }
            return cursor.peek == UInt8(ascii: "\"") || cursor.peek == UInt8(ascii: "'") ? "descriptive-strings" : nil
        case .javascript, .typescript:
            guard cursor.anyWord([Array("it".utf8), Array("test".utf8)]) != nil else { return nil }
            // `it.each(…)`, `test.only(`, `it.skip(`.
            if cursor.peek == UInt8(ascii: ".") {
                cursor.index += 1
                guard cursor.identifier() != nil else { return nil }
            }
            guard cursor.peek == UInt8(ascii: "(") else { return nil }
            cursor.index += 1
            guard let quote = cursor.peek, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "`") else { return nil }
            return "descriptive-strings"
        case .go:
            guard cursor.word(Array("func".utf8)), let name = cursor.identifier(), cursor.peek == UInt8(ascii: "("),
                  name.starts(with: Array("Test".utf8)), name.count > 4 else { return nil }
            let next = name[4]
            guard next == UInt8(ascii: "_") || (next >= 0x41 && next <= 0x5A) else { return nil }  // `Testable` is no test
            return name.contains(UInt8(ascii: "_")) ? "TestX_Y" : "TestCamelCase"
        case .rust:
            if first == UInt8(ascii: "#") {
                if Self.contains(bytes, "test]") || Self.contains(bytes, "::test") { pendingTest = true }
                return nil
            }
            guard pendingTest else { return nil }
            while cursor.anyWord([Array("pub".utf8), Array("async".utf8), Array("unsafe".utf8)]) != nil {}
            guard cursor.word(Array("fn".utf8)) else { return nil }
            pendingTest = false
            guard let name = cursor.identifier() else { return nil }
            return Self.style(name)
        case .swift, .java, .kotlin:
            return readAnnotated(&cursor, bytes)
        default:
            return nil
        }
    }

    /// Swift, Java and Kotlin: `@Test` before the function, a description in `@Test("…")` or `@DisplayName("…")`,
    /// XCTest's `test` prefix, Kotlin's backticks.
    private mutating func readAnnotated(_ cursor: inout ByteCursor, _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var style: String?
        while cursor.peek == UInt8(ascii: "@") {
            cursor.index += 1
            guard let annotation = cursor.identifier() else { return nil }
            let described = cursor.peek == UInt8(ascii: "("), quoted = described && cursor.index + 1 < bytes.count && bytes[cursor.index + 1] == UInt8(ascii: "\"")
            switch String(decoding: annotation, as: UTF8.self) {
            case "Test", "ParameterizedTest", "RepeatedTest", "TestFactory":
                pendingTest = true
                if language == .swift, quoted, !self.described { style = "descriptive-strings"; self.described = true }
            case "DisplayName":
                if quoted, !self.described { style = "descriptive-strings"; self.described = true }
            default:
                break
            }
            cursor.skipGroup(UInt8(ascii: "("), UInt8(ascii: ")"))
            cursor.skipSpaces()
        }
        guard !cursor.atEnd else { return style }
        let isFunction: Bool
        switch language {
        case .swift:
            while cursor.anyWord(DeclarationReader.swiftModifiers) != nil {}
            isFunction = cursor.word(Array("func".utf8))
        case .kotlin:
            while cursor.anyWord(DeclarationReader.kotlinModifiers) != nil {}
            isFunction = cursor.word(Array("fun".utf8))
        default:
            isFunction = DeclarationReader.methodName(cursor, minimumTokens: 2, allowed: Set("<>,?[]. ".utf8)) != nil
        }
        guard isFunction else { return style }
        defer { pendingTest = false; described = false }
        if style != nil || described { return style }
        if language == .kotlin, cursor.peek == UInt8(ascii: "`") { return "backticks" }
        let name: [UInt8]?
        if language == .java {
            var end = cursor.index
            while end < bytes.count, bytes[end] != UInt8(ascii: "(") { end += 1 }
            name = DeclarationReader.identifier(endingBefore: end, in: bytes)
        } else {
            name = cursor.identifier()
        }
        guard let name else { return nil }
        // XCTest and JUnit 3 find tests by their `test` prefix; otherwise only an annotation makes a test.
        if Self.hasTestPrefix(name) { return Self.style(name) }
        return pendingTest ? Self.style(name) : nil
    }

    static func hasTestPrefix(_ name: [UInt8]) -> Bool {
        guard name.count > 4, name.starts(with: Array("test".utf8)) else { return false }
        let next = name[4]
        return next == UInt8(ascii: "_") || (next >= 0x41 && next <= 0x5A)
    }

    /// The naming style of a test function's name.
    static func style(_ name: [UInt8]) -> String? {
        if hasTestPrefix(name) {
            let rest = name[5...]
            if name[4] == UInt8(ascii: "_") {
                let restCase = IdentifierCase.classify(rest)
                return restCase == .snake || restCase == .lowerWord ? "test_snake_case" : "underscored"
            }
            return name.contains(UInt8(ascii: "_")) ? "underscored" : "testCamelCase"
        }
        switch IdentifierCase.classify(name) {
        case .lowerCamel: return "lowerCamelCase"
        case .snake: return "snake_case"
        case nil: return name.contains(UInt8(ascii: "_")) ? "underscored" : nil
        default: return nil  // one word (`parses`) fits any style
        }
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard pattern.count <= bytes.count else { return false }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] {
            if (0..<pattern.count).allSatisfy({ bytes[start + $0] == pattern[$0] }) { return true }
        }
        return false
    }
}
