/// Finds how tests are named per language: `test_snake_case` functions, `testCamelCase` methods, Go's
/// `TestX` or `TestX_Y`, sentences in strings (`it('parses empty input')`, `@Test("…")`, Scala's `test("…")`),
/// Kotlin's backticks, C#'s `[Fact]` methods.
///
/// Reads test files only, one observation per test declared.
public struct TestNamingMiner: Miner {
    public static let description = MinerDescription(
        identifier: "test-naming",
        version: 2,
        name: "Test naming",
        summary: "How test functions are named per language: test_snake_case, testCamelCase, TestX_Y, descriptive strings, backticks.",
        languages: [.swift, .python, .javascript, .typescript, .go, .rust, .java, .kotlin, .ruby, .csharp, .php, .scala],
        examples: [
            .shows(
                "tests/test_parser.py",
                """
                def test_parses_empty_input():
                    assert parse("") == []

                def test_rejects_unclosed_brackets():
                    with pytest.raises(ParseError):
                        parse("[")
                """, expect: [.testNaming: .string("test_snake_case")]),
            .contradicts(
                "Tests/ParserTests/ParserTests.swift",
                """
                final class ParserTests: XCTestCase {
                    func testParsesEmptyInput() { XCTAssertEqual(parse(""), []) }
                    func testRejectsUnclosedBrackets() { XCTAssertThrowsError(try parse("[")) }
                }
                """, expect: [.testNaming: .string("testCamelCase")]),
            .shows(
                "Tests/ParserTests/ParserTests.swift",
                """
                @Test("Parses empty input") func emptyInput() { #expect(parse("") == []) }
                @Test("Rejects unclosed brackets")
                func unclosed() { #expect(throws: ParseError.self) { try parse("[") } }
                """, expect: [.testNaming: .string("descriptive-strings")]),
            .shows(
                "parser_test.go",
                """
                func TestParse_EmptyInput(t *testing.T) {}
                func TestParse_UnclosedBracket(t *testing.T) {}
                """, expect: [.testNaming: .string("TestX_Y")]),
            .contradicts(
                "parser_test.go",
                """
                func TestParseEmptyInput(t *testing.T) {}
                func TestParseUnclosedBracket(t *testing.T) {}
                """, expect: [.testNaming: .string("TestCamelCase")]),
            .shows(
                "src/parser.test.ts",
                """
                describe('parse', () => {
                  it('parses empty input', () => { expect(parse('')).toEqual([]) })
                  test("rejects unclosed brackets", () => { expect(() => parse('[')).toThrow() })
                })
                """, expect: [.testNaming: .string("descriptive-strings")]),
            .shows(
                "src/test/kotlin/ParserTest.kt",
                """
                class ParserTest {
                    @Test
                    fun `parses empty input`() { assertEquals(emptyList(), parse("")) }
                    @Test fun `rejects unclosed brackets`() { assertFails { parse("[") } }
                }
                """, expect: [.testNaming: .string("backticks")]),
            .shows(
                "src/parser.rs",
                """
                #[cfg(test)]
                mod tests {
                    #[test]
                    fn parses_empty_input() { assert!(parse("").is_empty()); }
                    #[test]
                    fn rejects_unclosed_brackets() { assert!(parse("[").is_err()); }
                }
                """, expect: [.testNaming: .string("snake_case")]),
        ]
    )

    static let minimumTests = 10

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case name
    }

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        guard file.mayHoldTests else { return }
        let scope = file.language.rawValue
        let lines = file.addedLines
        for declaration in file.declarations {
            if let (style, line) = Self.style(of: declaration, language: file.language) {
                sink.count(Counter.name, style, scope: scope, path: file.path, line: lines[line].number)
            }
        }
    }

    /// How a declared test is named, and the line that says so; nil for a declaration that is no test or whose
    /// name fits any style.
    static func style(of declaration: Declaration, language: Language) -> (style: String, line: Int)? {
        let line = declaration.line
        switch (language, declaration.kind) {
        case (.javascript, .test), (.typescript, .test), (.ruby, .test), (.scala, .test):
            return ("descriptive-strings", line)
        case (.python, .function), (.ruby, .function), (.php, .method):
            guard let name = declaration.name, hasTestPrefix(name) else { return nil }
            return style(name).map { ($0, line) }
        case (.go, .function):
            // `func TestX(t *testing.T)`; `Testable` is no test, and neither is a method.
            guard !declaration.modifiers.contains(.receiver), let name = declaration.name, name.count > 4,
                name.starts(with: "Test".utf8)
            else { return nil }
            let next = name[4]
            guard next == UInt8(ascii: "_") || (next >= 0x41 && next <= 0x5A) else { return nil }
            return (name.contains(UInt8(ascii: "_")) ? "TestX_Y" : "TestCamelCase", line)
        case (.rust, .function):
            // `#[test]`, `#[tokio::test]`, `#[rstest]`.
            guard declaration.attributes.contains(where: { $0.name.reversed().starts(with: "test".utf8.reversed()) }),
                let name = declaration.name
            else { return nil }
            return style(name).map { ($0, line) }
        case (.swift, .function), (.java, .method), (.kotlin, .function), (.csharp, .method):
            return annotatedStyle(declaration, language: language)
        default:
            return nil
        }
    }

    /// Swift, Java and Kotlin: `@Test` before the function, a description in `@Test("…")` (Swift) or
    /// `@DisplayName("…")`, XCTest's and JUnit 3's `test` prefix, Kotlin's backticks.
    private static func annotatedStyle(_ declaration: Declaration, language: Language) -> (style: String, line: Int)? {
        var marked = false
        for attribute in declaration.attributes {
            switch TestAttribute.table.match(attribute.name) {
            case .test?:
                marked = true
                if language == .swift, attribute.describes { return ("descriptive-strings", attribute.line) }
            case .parameterizedTest?, .repeatedTest?, .testFactory?, .fact?, .theory?, .testMethod?, .testCase?:
                marked = true
            case .displayName?:
                if attribute.describes { return ("descriptive-strings", attribute.line) }
            case nil:
                break
            }
        }
        if declaration.modifiers.contains(.quotedName) { return ("backticks", declaration.line) }
        // XCTest and JUnit 3 find tests by their `test` prefix; otherwise only an annotation makes a test.
        guard let name = declaration.name, marked || hasTestPrefix(name) else { return nil }
        return style(name).map { ($0, declaration.line) }
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
        "UpperCamelCase": "name test methods in UpperCamelCase for what they check (`ParsesEmptyInput`)",
    ]

    static func descriptiveAdvice(_ language: Language) -> String {
        let example: String
        switch language {
        case .swift: example = "`@Test(\"Parses empty input\")`"
        case .ruby: example = "`it \"parses empty input\"`"
        case .java, .kotlin: example = "`@DisplayName(\"parses empty input\")`"
        case .scala: example = "`test(\"parses empty input\")`"
        default: example = "`it('parses empty input', …)`"
        }
        return "describe each test in a plain sentence (\(example))"
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), stats.commits >= MinimumEvidence.commits else { return nil }
            let ranked = stats.ranked(Counter.name)
            guard let top = ranked.first, top.stat.commits >= MinimumEvidence.commits else { return nil }
            let tests = ranked.reduce(0) { $0 + $1.stat.count }
            guard tests >= Self.minimumTests else { return nil }
            let advice = top.value == "descriptive-strings" ? Self.descriptiveAdvice(language) : Self.advice[top.value] ?? top.value
            var statement = "In \(language.displayName) tests, \(advice)."
            var facts: [FactKey: FactValue] = [.testNaming: .string(top.share >= 0.6 ? top.value : "mixed")]
            if top.share < 0.8 {
                let others = ranked.dropFirst().filter { $0.share >= 0.05 }.map { "\(percent($0.share)) \($0.value)" }
                statement =
                    "Test names are mixed in \(language.displayName): \(percent(top.share)) \(top.value)"
                    + (others.isEmpty ? "" : ", " + others.joined(separator: ", "))
                    + "; follow the names a test file already has, and in a new one \(advice)."
                facts[.testNamingStyles] = .strings(ranked.filter { $0.share >= 0.1 }.map(\.value))
            }
            return RuleDraft(
                topic: "test-naming", skill: .testing, language: language, facts: facts, share: top.share,
                support: Support(observations: tests, agreeing: top.stat.count, commits: stats.commits),
                statement: statement, unit: "tests", evidence: [(key: Counter.name.rawValue, value: top.value)])
        }
    }
}

/// Annotations that make a function a test, or describe one.
enum TestAttribute: String, Keyword {
    case test = "Test", parameterizedTest = "ParameterizedTest", repeatedTest = "RepeatedTest", testFactory = "TestFactory"
    case displayName = "DisplayName"
    // xUnit.net, MSTest and NUnit.
    case fact = "Fact", theory = "Theory", testMethod = "TestMethod", testCase = "TestCase"

    static let table = KeywordTable<TestAttribute>()
}

extension TestNamingMiner {
    static func hasTestPrefix<Name: RandomAccessCollection>(_ name: Name) -> Bool where Name.Element == UInt8, Name.Index == Int {
        guard name.count > 4, name.starts(with: "test".utf8) else { return false }
        let next = name[4]
        return next == UInt8(ascii: "_") || (next >= 0x41 && next <= 0x5A)
    }

    /// The naming style of a test function's name.
    static func style<Name: RandomAccessCollection>(_ name: Name) -> String? where Name.Element == UInt8, Name.Index == Int {
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
        case .upperCamel: return "UpperCamelCase"  // C#'s `[Fact] public void ParsesEmptyInput()`
        case .snake: return "snake_case"
        case nil: return name.contains(UInt8(ascii: "_")) ? "underscored" : nil
        default: return nil  // one word (`parses`) fits any style
        }
    }
}
