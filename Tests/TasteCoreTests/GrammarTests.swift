import XCTest

@testable import TasteCore

/// The declaration grammars, one language at a time: what each reads from a line, and what it must not read
/// (keywords in comments and strings, statements that look like declarations).
final class GrammarTests: XCTestCase {
    func testSwift() {
        XCTAssertEqual(
            read(
                """
                @available(macOS 13, *)
                public final class HTTPClient: Client {
                    private(set) var requestCount = 0
                    @MainActor public static let maxRetries = 3
                    class func make() -> HTTPClient { HTTPClient() }
                    public override func viewDidLoad() {}
                    func ==(lhs: Self, rhs: Self) -> Bool { true }
                    public init(session: URLSession) {}
                    subscript(index: Int) -> Int { 0 }
                    /* fileprivate */ internal let storage: Storage
                }
                enum Mode { case fast, slowAndSteady(Int) }
                """, "a.swift"),
            [
                "type HTTPClient public @available", "variable requestCount", "constant maxRetries public static @MainActor",
                "function make static", "function viewDidLoad public override", "function -", "initializer - public", "subscript -",
                "variable storage", "type Mode",
            ])
        XCTAssertEqual(
            read(
                """
                /*
                func notAFunction() {}
                */
                // class NotAType {}
                let text = \"\"\"
                    func insideAString() {}
                    \"\"\"
                switch mode {
                case .fast: break
                case let value: print(value)
                }
                """, "a.swift"), ["constant text"])
    }

    func testPython() {
        XCTAssertEqual(
            read(
                """
                MAX_SIZE = 10
                Headers = dict[str, str]
                __all__ = ["Session"]


                @dataclass(frozen=True)
                class Session(object):
                    retries: int = 3
                    def __init__(self, timeout=None):
                        self.timeout = timeout
                    async def _fetch(self):
                        pass
                """, "a.py"),
            [
                "constant MAX_SIZE public", "variable Headers public unclear", "variable __all__ imposed",
                "type Session public @dataclass", "variable retries public", "function __init__ imposed", "function _fetch",
            ])
        XCTAssertEqual(
            read(
                """
                def parse(text):
                    \"\"\"Parse text.

                    class of things: not a class
                    def neither(
                    \"\"\"
                    # def commented_out():
                    if text: return text
                """, "a.py"), ["function parse public"])
    }

    func testJavaScriptAndTypeScript() {
        XCTAssertEqual(
            read(
                """
                export const MAX_RETRIES = 3
                export default function createClient(options) {}
                export const Button = () => null
                export type {Options} from './options'
                export type RequestHook = (request: Request) => void
                export enum Method {
                  Get = 'GET',
                }
                exports.parse = parse
                module.exports = createApplication
                app.listen = function listen() {}
                it('parses empty input', () => {})
                const sql = `
                function notOne() {}
                `
                """, "a.ts"),
            [
                "constant MAX_RETRIES public", "function createClient public", "function Button public imposed",
                "type RequestHook public", "type Method public", "enumCase Get", "property parse public", "property - public",
                "property listen public", "test -", "constant sql",
            ])
    }

    func testGo() {
        XCTAssertEqual(
            read(
                """
                package server

                type (
                \tHandler struct {
                \t\tName string
                \t}
                )

                const DefaultPort = 8080

                // func commented() {}
                func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
                \trequestID, err := parse(r)
                \tif err := check(); err != nil {}
                \tquery := `
                func inRawString() {}
                `
                }
                """, "a.go"),
            [
                "type Handler public", "constant DefaultPort public", "function ServeHTTP public receiver", "variable requestID",
                "variable query",
            ])
    }

    func testRust() {
        XCTAssertEqual(
            read(
                """
                pub(crate) const MAX_DEPTH: usize = 8;
                pub enum Token {
                    OpenBrace,
                    Number(u64),
                }
                #[cfg(test)]
                mod tests {
                    #[tokio::test]
                    async fn fetches() { let mut depth = 0; }
                    #[test] fn inline() {}
                }
                const GLOB: &str = r#"
                fn in_raw_string() {}
                "#;
                /* fn commented() {} */
                """, "a.rs"),
            [
                "constant MAX_DEPTH", "type Token public", "enumCase OpenBrace", "enumCase Number", "module tests @cfg",
                "function fetches @test", "function inline @test", "constant GLOB",
            ])
    }

    func testJava() {
        XCTAssertEqual(
            read(
                """
                public enum Color {
                    RED("r"), GREEN("g");
                    private final String code;
                }
                public @interface Qualifier {}
                class Repo {
                    private static final Map<String, Integer> LIMITS = new HashMap<>();
                    @Override public String toString() { return "class Fake {}"; }
                    <T> List<T> copy(List<T> list) { return list; }
                    public Repo(int size) {}
                    return build(name);
                }
                """, "A.java"),
            [
                "type Color public", "enumCase RED", "type Qualifier public", "type Repo", "constant LIMITS static",
                "method toString public @Override", "method copy", "initializer Repo public",
            ])
    }

    func testKotlin() {
        XCTAssertEqual(
            read(
                """
                const val MAX_SIZE = 10
                enum class Mode { FAST, SLOW }
                private data class User(val id: String)
                fun String.toSlug(): String = lowercase()
                internal val cache = mutableMapOf<String, User>()
                companion object {
                    val DEFAULT = User("x")
                }
                @Test fun `parses empty input`() {}
                """, "a.kt"),
            [
                "constant MAX_SIZE public", "type Mode public", "type User", "function toSlug public", "variable cache",
                "type - public", "constant DEFAULT public unclear", "function - public quoted @Test",
            ])
    }

    func testRubyAndC() {
        XCTAssertEqual(
            read(
                """
                module Billing::Invoices
                  class Builder < Base
                    TAX_RATE = 0.2
                    def self.build(items)
                      @line_items = items
                    end
                  end
                end
                it "parses empty input" do
                end
                """, "a.rb"), ["type Invoices", "type Builder", "constant TAX_RATE", "function build", "variable line_items", "test -"])
        XCTAssertEqual(
            read(
                """
                #define PARSER_H
                #define MAX_TOKENS 64
                typedef unsigned long word_t;
                enum token_kind { TOKEN_OPEN, TOKEN_CLOSE };
                static int parse_header(struct parser *p, const char *text);
                MODULE_INIT(parser);
                /* int commented(void); */
                const char *text = "int in_string(void);";
                """, "a.c"), ["constant MAX_TOKENS", "type word_t", "type token_kind", "function parse_header"])
    }

    func testCSharp() {
        XCTAssertEqual(
            read(
                """
                namespace Serilog.Core;
                using System.Text;
                public sealed record class LogEvent(string Text);
                internal enum Level
                {
                    Debug,
                    Warning = 3
                }
                public class Logger : ILogger
                {
                    private const int MaxDepth = 10;
                    private readonly ILogEventSink _sink;
                    public int Count { get; set; }
                    public Logger(ILogEventSink sink) { _sink = sink; }
                    public async Task<bool> WriteAsync(LogEvent logEvent)
                    {
                        var rendered = Render(logEvent);
                        await _sink.EmitAsync(rendered);
                        return new Result(rendered).Ok;
                    }
                    public static implicit operator string(Logger logger) => logger.ToString();
                    public delegate void Emitted(LogEvent e);
                }
                """, "src/Serilog/Logger.cs"),
            [
                "type LogEvent public", "type Level", "enumCase Debug", "enumCase Warning", "type Logger public",
                "constant MaxDepth", "initializer - public", "method WriteAsync public", "variable rendered", "type Emitted public",
            ])
    }

    /// C#'s attributes, on their own line or the declaration's; Scala's described tests.
    func testCSharpAttributesAndScalaTests() {
        XCTAssertEqual(
            read(
                """
                public class LoggerTests
                {
                    [Fact]
                    public void WritesEvents() { }
                    [Theory, InlineData(1)]
                    public void Counts(int n) { }
                    [Fact(Skip = "flaky")] public void Skipped() { }
                    var values = new[] { 1, 2 };
                    ["key"] = 3,
                }
                """, "test/LoggerTests.cs"),
            [
                "type LoggerTests public", "method WritesEvents public @Fact", "method Counts public @Theory @InlineData",
                "method Skipped public @Fact", "variable values",
            ])
        XCTAssertEqual(
            read(
                """
                object PathTests extends TestSuite {
                  val tests = Tests {
                    test("joins segments") {
                      assert(a / b == c)
                    }
                    test(name)
                  }
                }
                """, "os/test/src/PathTests.scala"),
            ["type PathTests public", "variable tests public", "test -"])
    }

    func testPHPAndScala() {
        XCTAssertEqual(
            read(
                """
                <?php
                namespace GuzzleHttp;

                const DEFAULT_TIMEOUT = 30;
                function describe_type($input): string { return gettype($input); }
                abstract class Client implements ClientInterface
                {
                    private const MAX_REDIRECTS = 5;
                    public function __construct(array $config = []) { $this->config = $config; }
                    public static function &sendAsync(RequestInterface $request) {
                        $retryCount = 0;
                        $handler == null;
                        return $this->transfer($request);
                    }
                }
                """, "src/Client.php"),
            [
                "constant DEFAULT_TIMEOUT", "function describe_type", "type Client", "constant MAX_REDIRECTS",
                "method __construct public imposed", "method sendAsync public static", "variable retryCount",
            ])
        XCTAssertEqual(
            read(
                """
                package os

                sealed trait PathChunk
                object Path {
                  private[os] val MaxSegments = 64
                  final case class Rel(segments: Seq[String]) extends PathChunk
                  def apply(s: String): Path = new Path(s)
                  lazy val root: Path = Path("/")
                  var current = root
                  type Segments = Seq[String]
                  x match {
                    case Some(v) => v
                  }
                  val Some(first) = segments.headOption
                }
                """, "os/src/Path.scala"),
            [
                "type PathChunk public", "type Path public", "constant MaxSegments", "type Rel public", "method apply public",
                "variable root public", "variable current public", "type Segments public",
            ])
    }

    /// Attributes wait for their declaration within a hunk; across a gap only inside their arguments, or into a
    /// hunk that a diff without context slid over a repeated attribute.
    func testAttributesAcrossHunks() {
        let slid = SourceFile(
            path: "src/a.rs", code: "    fn added() {\n    }\n\n    #[test]\n    fn other() {}\n",
            numbers: [10, 11, 12, 13, 40])
        XCTAssertEqual(describe(slid), ["function added @test", "function other"])
        let open = SourceFile(
            path: "Tests/A.swift", code: "    @Test(\n        .disabled(\"slow\")\n    func slow() {}\n",
            numbers: [5, 6, 9])
        XCTAssertEqual(describe(open), ["function slow @Test"])
        let closed = SourceFile(path: "Tests/A.swift", code: "    @Test\n    func slow() {}\n", numbers: [5, 9])
        XCTAssertEqual(describe(closed), ["function slow"], "the attribute belongs to a declaration in the unseen lines")
    }

    func testDeclarationsAreReadOnceAndOnlyWhenAsked() {
        let file = SourceFile(path: "a.swift", code: "struct A {}\n")
        XCTAssertNil(file.declarationCache)
        XCTAssertEqual(file.declarations.count, 1)
        XCTAssertNotNil(file.declarationCache)
    }

    func testKeywordsMatchWholeWords() {
        let bytes = Array("classy class".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            XCTAssertNil(SwiftWord.table.match(buffer, at: 0)?.keyword)
            XCTAssertEqual(SwiftWord.table.match(buffer, at: 7)?.keyword, .class)
        }
        Array("non-sealed class".utf8).withUnsafeBufferPointer { buffer in
            XCTAssertEqual(JavaWord.table.match(buffer, at: 0)?.keyword, .nonSealed)
        }
    }

    // MARK: Helpers

    private func read(_ code: String, _ path: String) -> [String] {
        describe(SourceFile(path: path, code: code))
    }

    /// "kind name modifiers @attributes" for each declaration.
    private func describe(_ file: SourceFile) -> [String] {
        file.declarations.map { declaration in
            var parts = ["\(declaration.kind)", declaration.nameText ?? "-"]
            let modifiers: [(Declaration.Modifiers, String)] = [
                (.public, "public"), (.static, "static"), (.override, "override"), (.receiver, "receiver"),
                (.imposedName, "imposed"), (.unclearKind, "unclear"), (.quotedName, "quoted"),
            ]
            parts += modifiers.filter { declaration.modifiers.contains($0.0) }.map(\.1)
            parts += declaration.attributes.map { "@" + String(decoding: $0.name, as: UTF8.self) }
            return parts.joined(separator: " ")
        }
    }
}
