import XCTest

@testable import TasteCore

/// The naming miners' tricky cases: what a name's case is, which lines declare names, what is left out.
final class NamingMinerTests: XCTestCase {
    // MARK: Cases and acronyms

    func testCaseOfANameFromItsBytes() {
        let cases: [(String, IdentifierCase?)] = [
            ("FooBar", .upperCamel), ("Foo", .upperCamel), ("fooBar", .lowerCamel), ("foo_bar", .snake), ("FOO_BAR", .screaming),
            ("MAX", .screaming), ("run", .lowerWord), ("x", .lowerWord), ("_privateThing", .lowerCamel), ("type_", .lowerWord),
            ("__slots", .lowerWord), ("URL", nil), ("T", nil), ("parse_JSON", nil), ("Test_foo", nil), ("_", nil), ("sha256", .lowerWord),
            ("base64Encoded", .lowerCamel),
        ]
        for (name, expected) in cases {
            XCTAssertEqual(IdentifierCase.classify(name.utf8), expected, name)
        }
        XCTAssertEqual(IdentifierCase.classify("request-handler".utf8, allowHyphen: true), .kebab)
        XCTAssertNil(IdentifierCase.classify("request-handler".utf8), "a hyphen is no identifier")
        XCTAssertNil(IdentifierCase.classify("Request-Handler".utf8, allowHyphen: true))
    }

    func testAcronymStyleOfAName() {
        let cases: [(String, String?)] = [
            ("URLSession", "uppercase"), ("UrlSession", "capitalized"), ("userID", "uppercase"), ("userId", "capitalized"),
            ("parseJSON", "uppercase"), ("HTTPHeaders", "uppercase"), ("HttpHeaders", "capitalized"), ("userIDs", "uppercase"),
            ("userIds", "capitalized"), ("baseURLs", "uppercase"), ("Id", "capitalized"),
            // The first word of a lowerCamelCase name says nothing; neither do names without a known acronym.
            ("urlString", nil), ("idMap", nil), ("ByteBuffer", nil), ("Status", nil), ("isEmpty", nil),
            // Both spellings in one name decide nothing.
            ("XMLHttpRequest", nil),
        ]
        for (name, expected) in cases {
            let bytes = Array(name.utf8)
            guard let nameCase = IdentifierCase.classify(bytes) else { return XCTFail("\(name) has no case") }
            XCTAssertEqual(AcronymStyle.style(of: bytes, case: nameCase), expected, name)
        }
        XCTAssertNil(AcronymStyle.style(of: Array("parse_json".utf8), case: .snake))
    }

    // MARK: Declarations

    func testDeclarationsPerLanguage() {
        XCTAssertEqual(
            declared(
                """
                public final class HTTPClient: Client {
                    private(set) var requestCount = 0
                    @MainActor static let maxRetries = 3
                    class func make() -> HTTPClient { HTTPClient() }
                    override func viewDidLoad() {}
                    func ==(lhs: Self, rhs: Self) -> Bool { true }
                    init(session: URLSession) {}
                }
                enum Mode { case fast, slowAndSteady(Int) }
                """, "a.swift"),
            [
                "type HTTPClient", "variable requestCount", "constant maxRetries", "function make", "function viewDidLoad",
                "type Mode",
            ])
        XCTAssertEqual(
            declared(
                """
                MAX_SIZE = 10
                _private_default = "x"
                _slash_escape = '\\/' not in dumps('/')
                Headers = dict[str, str]
                logger = get_logger(__name__)
                __all__ = ["Session"]


                class Session(object):
                    retries: int = 3
                    def __init__(self, timeout=None):
                        self.timeout = timeout
                        response = self.send(
                            timeout=timeout,
                        )
                        if response == None: pass
                    async def fetch_all(self):
                        pass
                """, "a.py"),
            [
                "constant MAX_SIZE", "constant _private_default", "variable _slash_escape", "variable logger", "type Session", "variable retries",
                "variable response", "function fetch_all",
            ])
        XCTAssertEqual(
            declared(
                """
                export const MAX_RETRIES = 3
                export default function createClient(options) {}
                export const Button = () => null
                const parseBody = async (response) => response.json()
                const toJSON = value => JSON.stringify(value)
                let { a, b } = pair
                const ids = items.map(item => item.id)
                export type RequestHook = (request: Request) => void
                """, "a.ts"),
            [
                "constant MAX_RETRIES", "function createClient", "function parseBody", "function toJSON", "variable ids",
                "type RequestHook",
            ])
        XCTAssertEqual(
            declared(
                """
                package server

                type (
                \tHandler struct {
                \t\tName string
                \t}
                \tmiddleware func(Handler) Handler
                )

                const (
                \tDefaultPort = 8080
                \t_ = iota
                )

                func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
                \trequestID, err := parse(r)
                \tif err := check(); err != nil {}
                }
                """, "a.go"), ["type Handler", "type middleware", "constant DefaultPort", "function ServeHTTP", "variable requestID"])
        XCTAssertEqual(
            declared(
                """
                pub(crate) const MAX_DEPTH: usize = 8;
                pub enum Token {
                    #[default]
                    OpenBrace,
                    Literal { value: String },
                    Number(u64),
                }
                impl Token {
                    pub const fn is_open(&self) -> bool { let Some(x) = y else { return }; let mut depth = 0; true }
                }
                """, "a.rs"),
            [
                "constant MAX_DEPTH", "type Token", "enum_case OpenBrace", "enum_case Literal", "enum_case Number",
                "function is_open",
            ])
        XCTAssertEqual(
            declared(
                """
                public enum Color {
                    RED("r"), GREEN("g");
                    private final String code;
                    Color(String code) { this.code = code; }
                }
                class Repo {
                    private static final Map<String, Integer> LIMITS = new HashMap<>();
                    @Override
                    public <T> List<T> findAll(Class<T> type) throws IOException {
                        String name = format(type);
                        return list(name);
                    }
                    public Repo(int size) {}
                }
                """, "A.java"), ["type Color", "enum_case RED", "type Repo", "constant LIMITS", "method findAll"])
        XCTAssertEqual(
            declared(
                """
                const val MAX_SIZE = 10
                enum class Mode { FAST, SLOW }
                data class User(val id: String)
                fun String.toSlug(): String = lowercase()
                private val cache = mutableMapOf<String, User>()
                """, "a.kt"), ["constant MAX_SIZE", "type Mode", "type User", "function toSlug", "variable cache"])
        XCTAssertEqual(
            declared(
                """
                module Billing::Invoices
                  class Builder < Base
                    TAX_RATE = 0.2
                    Line = Struct.new(:amount)
                    def self.build(items)
                      @line_items = items
                    end
                    def valid?; end
                  end
                end
                """, "a.rb"), ["type Invoices", "type Builder", "constant TAX_RATE", "function build", "variable line_items", "function valid"])
        XCTAssertEqual(
            declared(
                """
                #ifndef PARSER_H
                #define PARSER_H
                #define MAX_TOKENS 64
                #define min(a, b) ((a) < (b) ? (a) : (b))
                typedef unsigned long word_t;
                struct parser {
                static int parse_header(struct parser *p, const char *text);
                int count = parse_all(p);
                MODULE_INIT(parser);
                enum token_kind { TOKEN_OPEN, TOKEN_CLOSE };
                void Parser::runAll(int n) {
                """, "a.c"), ["constant MAX_TOKENS", "type word_t", "type parser", "function parse_header", "type token_kind", "function runAll"])
    }

    func testCommentsAndStringsDeclareNothing() {
        XCTAssertEqual(
            declared(
                """
                /*
                func notAFunction() {}
                class NotAType {}
                */
                // func alsoNot() {}
                let text = \"\"\"
                    func insideAString() {}
                    \"\"\"
                let glob = "**/*.swift"
                func realOne() {}
                """, "a.swift"), ["constant text", "constant glob", "function realOne"])
        XCTAssertEqual(
            declared(
                """
                def parse(text):
                    \"\"\"Parse text.

                    class of things: not a class
                    def neither(
                    \"\"\"
                    # def commented_out():
                    return text
                """, "a.py"), ["function parse"])
        XCTAssertEqual(
            declared(
                """
                const sql = `
                function notOne() {}
                `
                function realOne() {}
                """, "a.js"), ["constant sql", "function realOne"])
    }

    func testGoogleStyleConstantsAndCMirrorsAreToldApart() {
        let cpp = "constexpr int kMaxLevels = 7;\nenum CompressionType {\n  kNoCompression = 0x0,\n  kSnappyCompression = 0x1,\n};\n"
        XCTAssertEqual(observe(NamingMiner(), cpp, "db/options.cc"), ["enum_case=kUpperCamelCase", "type=UpperCamelCase"])
        let swift = "enum Epoll {\n    static let EPOLLIN: CUnsignedInt = 1\n    static let maxEvents: Int = 64\n}\n"
        XCTAssertEqual(
            observe(NamingMiner(), swift, "Sources/Linux.swift"), ["constant=lowerCamelCase", "type=UpperCamelCase"],
            "a constant typed in C's types mirrors C's name")
    }

    func testSwitchCasesAreNotEnumCases() {
        XCTAssertEqual(
            declared(
                """
                switch mode {
                case .fast: break
                case let value: print(value)
                case slow(let speed): print(speed)
                case someConstant: break
                default: break
                }
                """, "a.swift"), [])
    }

    /// After a gap in the added lines, what the skipped lines opened is unknown: state starts afresh.
    func testStateResetsWhereAddedLinesSkip() {
        let rust = SourceFile(path: "src/a.rs", code: "enum Mode {\n    Fast,\n    helper,\n", numbers: [1, 2, 40])
        XCTAssertEqual(rust.declarations.map(\.kind), [.type, .enumCase], "no longer known to be inside the enum")
        let swift = SourceFile(path: "a.swift", code: "/* start\nfunc visible() {}\n", numbers: [1, 9])
        XCTAssertEqual(swift.declarations.map(\.kind), [.function])
    }

    // MARK: Rules

    func testOneWordNamesDoNotDecideBetweenLowercaseConventions() throws {
        let code = (0..<20).map { "def run\($0 % 2 == 0 ? "" : "s")(): pass" }.joined(separator: "\n") + "\n"
        let rules = mine(NamingMiner(), [(code, "lib/a.py")])
        XCTAssertNil(rules.first?.facts[.functionCase], "\(rules.map(\.facts))")
        // Against an uppercase convention they count: `class thing` is no UpperCamelCase.
        let types = (0..<6).map { "class Foo\($0)(Base): pass\nclass Bar\($0)(Base): pass\nclass thing\($0)(Base): pass" }.joined(separator: "\n")
        let rule = try XCTUnwrap(mine(NamingMiner(), [(types, "lib/b.py")]).first)
        XCTAssertEqual(rule.facts[.typeCase], .string("UpperCamelCase"))
        XCTAssertEqual(rule.statement, "Types are mixed: 67% UpperCamelCase, 33% lowercase; keep a file's own style.")
        // Where they outnumber the capitalised names, lowercase wins but which lowercase is unknown: nothing is stated.
        let lower = (0..<6).map { "class Foo\($0)(Base): pass\nclass thing\($0)(Base): pass\nclass other\($0)(Base): pass" }.joined(separator: "\n")
        XCTAssertNil(mine(NamingMiner(), [(lower, "lib/c.py")]).first?.facts[.typeCase])
    }

    func testSplitConventionsAreStatedWithFigures() throws {
        let code = """
            MAX_SIZE = 1
            MIN_SIZE = 2
            default_size = 3
            def parse_body(): pass
            def read_all(): pass
            def write_all(): pass
            """
        let rule = try XCTUnwrap(mine(NamingMiner(), [(code, "lib/a.py")]).first)
        XCTAssertEqual(rule.facts[.constantCase], .string("SCREAMING_SNAKE_CASE"))
        XCTAssertEqual(rule.facts[.functionCase], .string("snake_case"))
        XCTAssertEqual(
            rule.statement, "Name functions in snake_case. Constants are mixed: 67% SCREAMING_SNAKE_CASE, 33% snake_case; keep a file's own style.")
    }

    func testGoNamesAreMixedCapsWhateverTheirExport() throws {
        let code = """
            package a

            type Server struct{}
            type handler struct{}
            func NewServer() *Server { return nil }
            func parseHeader() {}
            """
        let rule = try XCTUnwrap(mine(NamingMiner(), [(code, "a.go")]).first)
        XCTAssertEqual(rule.facts[.typeCase], .string(CaseVerdict.goMixedCaps))
        XCTAssertEqual(rule.facts[.functionCase], .string(CaseVerdict.goMixedCaps))
        XCTAssertTrue(rule.statement.hasPrefix("Name types and functions in MixedCaps"), rule.statement)
    }

    func testTestFunctionsAndToolConfigurationAreLeftToOthers() {
        let tests = "final class ParserTests: XCTestCase {\n    func test_parses_empty() {}\n    func testParses() {}\n}\n"
        let counted = observe(NamingMiner(), tests, "Tests/ParserTests.swift").filter { $0.hasPrefix("function") }
        XCTAssertEqual(counted, [], "test methods are the test-naming miner's")
        let phpunit = "<?php\nclass FilesystemTest extends TestCase\n{\n    /** @test */\n    public function writing_a_file(): void {}\n}\n"
        XCTAssertEqual(
            observe(NamingMiner(), phpunit, "src/FilesystemTest.php"), ["type=UpperCamelCase"],
            "PHPUnit runs a method marked @test whatever its name")
        XCTAssertEqual(observe(NamingMiner(), "project = \"Flask\"\nhtml_theme = \"flask\"\n", "docs/conf.py"), [])
    }

    func testFileNamesCountOnceWhenAdded() {
        func stem(_ path: String, _ language: Language) -> String? { FileNamingMiner.stem(of: path, language: language) }
        XCTAssertEqual(stem("server/request_handler_test.go", .go), "request_handler")
        XCTAssertEqual(stem("tests/test_http_client.py", .python), "http_client")
        XCTAssertEqual(stem("Sources/String+Escaping.swift", .swift), "String")
        XCTAssertEqual(stem("src/http-client.test.ts", .typescript), "http-client")
        XCTAssertNil(stem("src/index.ts", .typescript))
        XCTAssertNil(stem("pkg/__init__.py", .python))
        XCTAssertNil(stem("src/mod.rs", .rust))
        var sink = ObservationSink(miner: "file-naming", commit: "c")
        FileNamingMiner().observe(
            SourceFile(
                FileChange(
                    path: "src/http_client.py", status: .modified, language: .python,
                    addedLines: [AddedLine(number: 1, text: "x = 1")])), into: &sink)
        XCTAssertTrue(sink.isEmpty, "an edited file's name was chosen before")
    }

    func testTestNamesFromAnnotationsAndDescriptions() {
        XCTAssertEqual(
            testNames(
                """
                class ParserTest {
                    @Test
                    @DisplayName("parses empty input")
                    void parsesEmpty() {}
                    @Test void rejects_unclosed_bracket() {}
                    @Test
                    public void testTrims() {}
                    void helperMethod() {}
                }
                """, "src/test/java/ParserTest.java"), ["descriptive-strings", "snake_case", "testCamelCase"])
        XCTAssertEqual(
            testNames(
                """
                @Test("Parses empty input")
                func emptyInput() {}
                @Test func rejectsUnclosedBracket() {}
                func testLegacyBehaviour() {}
                func makeParser() -> Parser { Parser() }
                """, "Tests/ParserTests.swift"), ["descriptive-strings", "lowerCamelCase", "testCamelCase"])
        XCTAssertEqual(
            testNames(
                """
                fn helper_without_attribute() {}
                #[test]
                #[should_panic]
                fn test_rejects_unclosed() {}
                #[tokio::test]
                async fn fetches_remote() {}
                """, "src/lib.rs"), ["test_snake_case", "snake_case"])
        XCTAssertEqual(
            testNames("func TestParse_Empty(t *testing.T) {}\nfunc Testable() {}\nfunc TestParse(t *testing.T) {}\n", "a_test.go"),
            ["TestX_Y", "TestCamelCase"])
        XCTAssertEqual(
            testNames("it 'parses empty input' do\nend\ndef test_trims\nend\n", "spec/parser_spec.rb"),
            ["descriptive-strings", "test_snake_case"])
        XCTAssertEqual(testNames("def test_parses(): pass\n", "src/parser.py"), [], "not a test file")
        XCTAssertEqual(
            testNames(
                """
                public class ParserTests
                {
                    [Fact]
                    public void ParsesEmptyInput() { }
                    [Theory]
                    public void Rejects_UnclosedBracket(string text) { }
                    public void Helper() { }
                }
                """, "test/Parser.Tests/ParserTests.cs"), ["UpperCamelCase", "underscored"])
        XCTAssertEqual(
            testNames(
                "<?php\nclass ParserTest extends TestCase\n{\n    public function testParsesEmptyInput(): void {}\n    public function test_trims(): void {}\n    private function helper() {}\n}\n",
                "tests/ParserTest.php"), ["testCamelCase", "test_snake_case"])
        XCTAssertEqual(
            testNames(
                "object ParserTests extends TestSuite {\n  val tests = Tests {\n    test(\"parses empty input\") {}\n  }\n}\n",
                "test/src/ParserTests.scala"),
            ["descriptive-strings"])
    }

    func testTestNamingStatesMixedStylesWithFigures() throws {
        var code = ""
        for index in 0..<7 { code += "func TestParse\(index)(t *testing.T) {}\n" }
        for index in 0..<3 { code += "func TestParse_Case\(index)(t *testing.T) {}\n" }
        let rule = try XCTUnwrap(mine(TestNamingMiner(), [(code, "a_test.go")]).first)
        XCTAssertEqual(rule.facts[.testNaming], .string("TestCamelCase"))
        XCTAssertEqual(rule.facts[.testNamingStyles], .strings(["TestCamelCase", "TestX_Y"]))
        XCTAssertTrue(rule.statement.hasPrefix("Test names are mixed in Go: 70% TestCamelCase, 30% TestX_Y"), rule.statement)
    }

    // MARK: Helpers

    /// "kind name" for each declaration in `code` whose name the naming miner counts.
    private func declared(_ code: String, _ path: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        guard let language = Language(path: path) else {
            XCTFail("no language for \(path)", file: file, line: line)
            return []
        }
        let source = SourceFile(MinerExampleTests.fileChange(code, path: path, language: language))
        return source.declarations.compactMap { declaration in
            guard let kind = DeclarationKind(declaration, language: language), let name = declaration.nameText else { return nil }
            return "\(kind.rawValue) \(name)"
        }
    }

    private func testNames(_ code: String, _ path: String) -> [String] {
        guard let language = Language(path: path) else { return [] }
        var sink = ObservationSink(miner: "test-naming", commit: "c")
        TestNamingMiner().observe(SourceFile(MinerExampleTests.fileChange(code, path: path, language: language)), into: &sink)
        // In line order, one per test.
        return sink.counts.keys.flatMap { key in Array(repeating: key, count: sink.counts[key] ?? 0) }
            .sorted { (sink.evidence[$0]?.line ?? 0) < (sink.evidence[$1]?.line ?? 0) }.map(\.value)
    }

    /// "key=value" for what a miner counts in one file.
    private func observe(_ miner: any Miner, _ code: String, _ path: String) -> [String] {
        guard let language = Language(path: path) else { return [] }
        var sink = ObservationSink(miner: miner.identifier, commit: "c")
        miner.observe(SourceFile(MinerExampleTests.fileChange(code, path: path, language: language)), into: &sink)
        return sink.counts.keys.map { "\($0.key)=\($0.value)" }.sorted()
    }

    /// The rules a miner drafts when ten commits each added these files.
    private func mine(_ miner: any Miner, _ files: [(code: String, path: String)]) -> [RuleDraft] {
        var tallies = MinerTallies()
        var commits: [TallyKey: Int] = [:], counts: [TallyKey: Int] = [:]
        for commit in 0..<10 {
            var sink = ObservationSink(miner: miner.identifier, commit: "c\(commit)")
            for (code, path) in files {
                guard let language = Language(path: path) else { continue }
                miner.observe(SourceFile(MinerExampleTests.fileChange(code, path: path, language: language)), into: &sink)
            }
            for (key, count) in sink.counts {
                counts[key, default: 0] += count
                commits[key, default: 0] += 1
            }
        }
        for (key, count) in counts {
            tallies.scopes[key.scope, default: ScopeTallies()].values[key.key, default: [:]][key.value] =
                TallyStat(weight: Double(count), count: count, commits: commits[key] ?? 0)
            tallies.scopes[key.scope, default: ScopeTallies()].commits = 10
        }
        return miner.rules(from: tallies)
    }
}
