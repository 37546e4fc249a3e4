/// Finds the case each kind of name is written in, per language, and how acronyms are spelled inside names.
///
/// Names are read from the file's ``SourceFile/declarations``, so each counts once where it is declared, never
/// where it is used. Names a language or framework imposes are left out where that is cheap to see: Python's
/// dunders, JavaScript components and constructors, test functions (the test-naming miner reads those).
public struct NamingMiner: Miner {
    public static let description = MinerDescription(
        identifier: "naming",
        version: 2,
        name: "Naming",
        summary:
            "The case of types, functions, methods, constants, variables and enum cases per language, and whether acronyms are capitals (URLSession) or words (UrlSession).",
        languages: [.swift, .python, .javascript, .typescript, .go, .rust, .c, .cpp, .java, .kotlin, .ruby, .csharp, .php, .scala],
        examples: [
            .shows(
                "Sources/Net/HTTPClient.swift",
                """
                public struct HTTPClient {
                    static let defaultTimeout = 30
                    let baseURL: URL
                    func send(_ request: URLRequest) async throws -> Response { try await transport.perform(request) }
                    func decodeJSON(_ data: Data) throws -> Response { try decoder.decode(Response.self, from: data) }
                    var requestCount = 0
                }
                enum RequestMethod { case get, headRequest }
                """,
                expect: [
                    .typeCase: .string("UpperCamelCase"), .functionCase: .string("lowerCamelCase"),
                    .variableCase: .string("lowerCamelCase"), .constantCase: .string("lowerCamelCase"),
                    .acronymStyle: .string("uppercase"),
                ]),
            .contradicts(
                "Sources/Net/HttpClient.swift",
                """
                struct HttpClient {
                    let baseUrl: String
                    var requestId = 0
                    func fetch_user() -> Int { 0 }
                    func decode_body(_ data: Data) -> String { "" }
                }
                """,
                expect: [
                    .typeCase: .string("UpperCamelCase"), .functionCase: .string("snake_case"),
                    .acronymStyle: .string("capitalized"),
                ]),
            .shows(
                "app/http_client.py",
                """
                DEFAULT_TIMEOUT = 30


                class HTTPAdapter(BaseAdapter):
                    def send_request(self, request):
                        retry_count = 0
                        return self.session.send(request)
                """,
                expect: [
                    .typeCase: .string("UpperCamelCase"), .functionCase: .string("snake_case"),
                    .constantCase: .string("SCREAMING_SNAKE_CASE"), .variableCase: .string("snake_case"),
                ]),
            .contradicts(
                "app/client.py",
                """
                defaultTimeout = 30


                class httpAdapter(object):
                    def sendRequest(self, request):
                        retryCount = 0
                """,
                expect: [
                    .typeCase: .string("lowerCamelCase"), .functionCase: .string("lowerCamelCase"),
                    .constantCase: .string("lowerCamelCase"),
                ]),
            .shows(
                "src/client.ts",
                """
                export const MAX_RETRIES = 3;
                export interface RequestOptions { retries: number }
                export function parseJSON(text: string): unknown { return JSON.parse(text); }
                const requestCount = counter();
                export enum HTTPMethod {
                  Get = 'GET',
                  PostForm = 'POST',
                }
                """,
                expect: [
                    .typeCase: .string("UpperCamelCase"), .functionCase: .string("lowerCamelCase"),
                    .constantCase: .string("SCREAMING_SNAKE_CASE"), .variableCase: .string("lowerCamelCase"),
                    .enumCaseCase: .string("UpperCamelCase"), .acronymStyle: .string("uppercase"),
                ]),
            .shows(
                "server/handler.go",
                """
                package server

                const maxBodyBytes = 1 << 20

                type RequestHandler struct{ userID string }

                func (h *RequestHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
                \trequestID := r.Header.Get("X-Request-Id")
                }

                func parseUserID(s string) string { return s }
                """,
                expect: [
                    .typeCase: .string(CaseVerdict.goMixedCaps), .functionCase: .string(CaseVerdict.goMixedCaps),
                    .acronymStyle: .string("uppercase"),
                ]),
            .contradicts(
                "server/handler.go",
                """
                package server

                const MAX_BODY_BYTES = 1 << 20
                const DEFAULT_PORT = 8080

                func parse_user_id(s string) string { return s }
                func read_request_body(r io.Reader) []byte { return nil }
                """, expect: [.constantCase: .string("SCREAMING_SNAKE_CASE"), .functionCase: .string("snake_case")]),
            .shows(
                "src/parser.rs",
                """
                pub const MAX_DEPTH: usize = 64;
                pub struct HttpParser { buffer_size: usize }
                pub enum TokenKind {
                    OpenBrace,
                    CloseBrace(u8),
                }
                pub fn parse_header(input: &str) -> Option<Header> {
                    let header_name = input.trim();
                    None
                }
                """,
                expect: [
                    .typeCase: .string("UpperCamelCase"), .functionCase: .string("snake_case"),
                    .constantCase: .string("SCREAMING_SNAKE_CASE"), .enumCaseCase: .string("UpperCamelCase"),
                    .acronymStyle: .string("capitalized"),
                ]),
            .shows(
                "src/main/java/com/example/UserService.java",
                """
                public class UserService {
                    private static final int MAX_USERS = 100;
                    public User findUserById(long userId) { return repository.find(userId); }
                    public List<User> listActiveUsers() { return repository.active(); }
                }
                """,
                expect: [
                    .typeCase: .string("UpperCamelCase"), .methodCase: .string("lowerCamelCase"),
                    .constantCase: .string("SCREAMING_SNAKE_CASE"), .acronymStyle: .string("capitalized"),
                ]),
            .shows(
                "src/Billing/InvoiceBuilder.cs",
                """
                namespace Billing;

                public sealed class InvoiceBuilder
                {
                    private const int MaxLineItems = 500;
                    public Invoice BuildInvoice(IReadOnlyList<LineItem> lineItems)
                    {
                        var totalAmount = lineItems.Sum(item => item.Amount);
                        return new Invoice(totalAmount);
                    }
                    public async Task<Invoice> LoadAsync(string invoiceId) => await store.FindAsync(invoiceId);
                }
                """,
                expect: [
                    .typeCase: .string("UpperCamelCase"), .methodCase: .string("UpperCamelCase"),
                    .constantCase: .string("UpperCamelCase"), .variableCase: .string("lowerCamelCase"),
                ]),
            .shows(
                "src/Billing/InvoiceBuilder.php",
                """
                <?php

                final class InvoiceBuilder
                {
                    public const MAX_LINE_ITEMS = 500;
                    public function buildInvoice(array $lineItems): Invoice
                    {
                        $totalAmount = array_sum($lineItems);
                        return new Invoice($totalAmount);
                    }
                }
                """,
                expect: [
                    .typeCase: .string("UpperCamelCase"), .methodCase: .string("lowerCamelCase"),
                    .constantCase: .string("SCREAMING_SNAKE_CASE"), .variableCase: .string("lowerCamelCase"),
                ]),
            .shows(
                "src/main/scala/billing/InvoiceBuilder.scala",
                """
                package billing

                object InvoiceBuilder {
                  val MaxLineItems = 500
                  def buildInvoice(lineItems: Seq[LineItem]): Invoice = {
                    val totalAmount = lineItems.map(_.amount).sum
                    Invoice(totalAmount)
                  }
                }
                """,
                expect: [
                    .typeCase: .string("UpperCamelCase"), .methodCase: .string("lowerCamelCase"),
                    .constantCase: .string("UpperCamelCase"), .variableCase: .string("lowerCamelCase"),
                ]),
            .shows(
                "lib/billing/invoice_builder.rb",
                """
                module Billing
                  class InvoiceBuilder
                    DEFAULT_CURRENCY = "EUR"
                    def build_invoice(line_items)
                      total_amount = line_items.sum(&:amount)
                    end
                  end
                end
                """,
                expect: [
                    .typeCase: .string("UpperCamelCase"), .functionCase: .string("snake_case"),
                    .constantCase: .string("SCREAMING_SNAKE_CASE"), .variableCase: .string("snake_case"),
                ]),
        ]
    )

    /// Names that decide a kind's case, at least; fewer say nothing.
    static let minimumNames = 10
    static let minimumAcronyms = 5
    /// Deciding names in a language, at least, before any of its kinds is stated.
    static let minimumInLanguage = 30
    /// The order kinds are cited in: the first cited places are what a reader sees.
    static let citationOrder: [DeclarationKind] = [.type, .function, .method, .constant, .enumCase, .variable]

    /// The counters this miner keeps; the raw values are stored, so they never change. Names are also counted
    /// under each `DeclarationKind`'s raw value, which is stored the same way.
    enum Counter: String {
        case acronym
    }

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        guard !Self.isToolConfiguration(file.path) else { return }
        let scope = file.language.rawValue
        let inTests = file.mayHoldTests
        let lines = file.addedLines
        for declaration in file.declarations {
            guard let kind = DeclarationKind(declaration, language: file.language), let name = declaration.name,
                var nameCase = IdentifierCase.classify(name)
            else { continue }
            if nameCase == .lowerCamel, kind == .constant || kind == .enumCase, IdentifierCase.isKPrefixed(name) { nameCase = .kPrefixed }
            if inTests, kind == .function || kind == .method, Self.isTestName(name) { continue }
            // PHPUnit also runs a method its docblock marks `@test` (or `#[Test]`), often named as a sentence
            // (`writing_a_file`): a PHP test file's methods are the test-naming miner's.
            if inTests, kind == .method, file.language == .php { continue }
            let line = lines[declaration.line].number
            sink.count(kind, nameCase.rawValue, scope: scope, path: file.path, line: line)
            if let style = AcronymStyle.style(of: name, case: nameCase == .kPrefixed ? .upperCamel : nameCase) {
                sink.count(Counter.acronym, style, scope: scope, path: file.path, line: line)
            }
        }
    }

    /// Files whose names a tool reads (Sphinx's `conf.py` with `html_theme = …`, `webpack.config.js`): their
    /// names are the tool's, not the project's.
    static func isToolConfiguration(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasPrefix(".") || name.contains(".config.") || name.hasSuffix("rc.js") { return true }
        return [
            "conf.py", "setup.py", "noxfile.py", "fabfile.py", "manage.py", "Gruntfile.js", "gulpfile.js", "Gemfile",
            "Rakefile", "Podfile", "Package.swift", "build.gradle.kts", "settings.gradle.kts",
        ].contains(name)
    }

    /// A test function's name follows its framework (`test_…`, `testX`, Go's `TestX`): the test-naming miner reads it.
    static func isTestName<Name: RandomAccessCollection>(_ name: Name) -> Bool where Name.Element == UInt8, Name.Index == Int {
        for prefix in ["test", "Test", "Benchmark", "Example", "Fuzz"] {
            let bytes = prefix.utf8
            guard name.starts(with: bytes) else { continue }
            guard name.count > bytes.count else { return true }
            let next = name[name.startIndex + bytes.count]
            if next == UInt8(ascii: "_") || (next >= 0x41 && next <= 0x5A) { return true }
        }
        return false
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), stats.commits >= MinimumEvidence.commits else { return nil }
            var verdicts: [(kind: DeclarationKind, verdict: CaseVerdict)] = []
            for kind in DeclarationKind.allCases {
                // A Go name's first letter exports it: only underscores and capitals say anything about style.
                if let verdict = CaseVerdict.decide(stats[kind], minimum: Self.minimumNames, goStyle: language == .go) {
                    verdicts.append((kind, verdict))
                }
            }
            let acronyms = Self.acronymVerdict(stats[Counter.acronym])
            guard !verdicts.isEmpty || acronyms != nil,
                verdicts.reduce(0, { $0 + $1.verdict.observations }) >= Self.minimumInLanguage
            else { return nil }

            var facts: [FactKey: FactValue] = [:]
            var factShares: [FactKey: Double] = [:]
            for (kind, verdict) in verdicts {
                facts[kind.fact] = .string(verdict.share >= 0.6 ? verdict.value : "mixed")
                factShares[kind.fact] = verdict.share
            }
            if let acronyms {
                facts[.acronymStyle] = .string(acronyms.share >= 0.6 ? acronyms.value : "mixed")
                factShares[.acronymStyle] = acronyms.share
            }
            let all = verdicts.map(\.verdict) + (acronyms.map { [$0] } ?? [])
            let observations = all.reduce(0) { $0 + $1.observations }
            let agreeing = all.reduce(0) { $0 + $1.agreeing }
            let share = all.reduce(0) { $0 + $1.share * Double($1.observations) } / Double(max(observations, 1))
            var evidence = verdicts.filter { $0.verdict.share >= 0.6 }
                .sorted { (Self.citationOrder.firstIndex(of: $0.kind) ?? 0) < (Self.citationOrder.firstIndex(of: $1.kind) ?? 0) }
                .map { (key: $0.kind.rawValue, value: $0.verdict.evidenceValue) }
            if let acronyms, acronyms.share >= 0.6 {
                evidence.insert((key: Counter.acronym.rawValue, value: acronyms.evidenceValue), at: min(2, evidence.count))
            }
            var draft = RuleDraft(
                topic: "naming", skill: .style(language), language: language, facts: facts, share: share,
                support: Support(observations: observations, agreeing: agreeing, commits: stats.commits),
                statement: Self.statement(verdicts, acronyms: acronyms, language: language),
                unit: "declarations", evidence: evidence)
            draft.factShares = factShares
            return draft
        }
    }

    static func acronymVerdict(_ stats: [String: TallyStat]) -> CaseVerdict? {
        let upper = stats[AcronymStyle.uppercase] ?? TallyStat(weight: 0, count: 0, commits: 0)
        let words = stats[AcronymStyle.capitalized] ?? TallyStat(weight: 0, count: 0, commits: 0)
        let total = upper.weight + words.weight
        guard upper.count + words.count >= minimumAcronyms, total > 0 else { return nil }
        let (top, topValue, other, otherValue) =
            upper.weight >= words.weight
            ? (upper, AcronymStyle.uppercase, words, AcronymStyle.capitalized) : (words, AcronymStyle.capitalized, upper, AcronymStyle.uppercase)
        guard top.commits >= MinimumEvidence.commits else { return nil }
        return CaseVerdict(
            value: topValue, share: top.weight / total, agreeing: top.count, observations: upper.count + words.count,
            evidenceValue: topValue, runnerUp: other.weight > 0 ? (otherValue, other.weight / total) : nil)
    }

    /// "Name types in UpperCamelCase, functions and variables in lowerCamelCase; spell acronyms in capitals (…)."
    static func statement(_ verdicts: [(kind: DeclarationKind, verdict: CaseVerdict)], acronyms: CaseVerdict?, language: Language) -> String {
        let settled = verdicts.filter { $0.verdict.share >= 0.8 }
        let split = verdicts.filter { $0.verdict.share < 0.8 }
        var clauses: [String] = []
        if language == .go {
            if !settled.isEmpty {
                clauses.append(
                    "Name \(proseList(settled.map(\.kind.plural))) in MixedCaps (`parseHeader`, capitalised when exported: `ParseHeader`), never with underscores or in ALL_CAPS"
                )
            }
        } else {
            // Kinds that share a case are named together, in the order the cases first appear.
            var order: [String] = []
            var kindsByValue: [String: [String]] = [:]
            for (kind, verdict) in settled {
                if kindsByValue[verdict.value] == nil { order.append(verdict.value) }
                kindsByValue[verdict.value, default: []].append(kind.plural)
            }
            let parts = order.map { "\(proseList(kindsByValue[$0] ?? [])) in \($0)" }
            if !parts.isEmpty { clauses.append("Name " + parts.joined(separator: ", ")) }
        }
        if let acronyms, acronyms.share >= 0.8 {
            clauses.append(acronymAdvice(acronyms.value, verdicts: verdicts))
        }
        var statement = clauses.isEmpty ? "" : capitalizedFirst(clauses.joined(separator: "; ")) + "."
        for (kind, verdict) in split {
            let other = verdict.runnerUp.map { ", \(percent($0.share)) \($0.value)" } ?? ""
            statement += " \(capitalizedFirst(kind.plural)) are mixed: \(percent(verdict.share)) \(verdict.value)\(other); keep a file's own style."
        }
        if let acronyms, acronyms.share < 0.8 {
            let other = acronyms.runnerUp.map { ", \(percent($0.share)) \($0.value)" } ?? ""
            statement += " Acronyms are mixed: \(percent(acronyms.share)) \(acronyms.value)\(other); follow the names around the change."
        }
        return statement.trimmingPrefixSpaces()
    }

    static func acronymAdvice(_ style: String, verdicts: [(kind: DeclarationKind, verdict: CaseVerdict)]) -> String {
        // Only camel-case names show acronyms: give a lowerCamelCase example only where such names are kept.
        let camelMembers = verdicts.contains {
            ($0.kind == .function || $0.kind == .method || $0.kind == .variable)
                && ($0.verdict.value == IdentifierCase.lowerCamel.rawValue || $0.verdict.value == CaseVerdict.goMixedCaps)
        }
        if style == AcronymStyle.uppercase {
            return "spell acronyms in capitals (" + (camelMembers ? "`URLSession`, `userID`" : "`HTTPAdapter`, `JSONDecoder`") + ")"
        }
        return "write acronyms as words (" + (camelMembers ? "`UrlSession`, `userId`" : "`HttpAdapter`, `JsonDecoder`") + ")"
    }

    static func capitalizedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}

/// What a declaration names, as the naming miner counts it.
enum DeclarationKind: String, CaseIterable {
    case type, function, method, constant, variable
    case enumCase = "enum_case"

    /// The counted kind of a declaration, or nil where its name's case says nothing about a convention: an
    /// imposed name, a name whose kind is unclear, a quoted sentence, and kinds with no name of their own.
    init?(_ declaration: Declaration, language: Language) {
        guard declaration.modifiers.isDisjoint(with: [.imposedName, .unclearKind, .quotedName]) else { return nil }
        switch declaration.kind {
        case .type: self = .type
        case .function: self = .function
        case .method: self = .method
        case .constant: self = .constant
        // Java's grammar reads fields only where a modifier starts the line, never locals: too partial a sample.
        case .variable where language == .java: return nil
        case .variable: self = .variable
        case .enumCase: self = .enumCase
        case .initializer, .subscript, .macro, .module, .property, .test: return nil
        }
    }

    /// The fact that states this kind's case.
    var fact: FactKey {
        switch self {
        case .type: .typeCase
        case .function: .functionCase
        case .method: .methodCase
        case .constant: .constantCase
        case .variable: .variableCase
        case .enumCase: .enumCaseCase
        }
    }

    var plural: String {
        switch self {
        case .type: "types"
        case .function: "functions"
        case .method: "methods"
        case .constant: "constants"
        case .variable: "variables"
        case .enumCase: "enum cases"
        }
    }
}

private extension String {
    func trimmingPrefixSpaces() -> String {
        String(drop { $0 == " " })
    }
}
