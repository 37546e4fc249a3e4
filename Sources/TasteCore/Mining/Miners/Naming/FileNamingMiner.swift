/// Finds the case source files are named in, per language: `HTTPClient.swift`, `http_client.py`, `http-client.ts`.
///
/// Counted once per file, when a commit adds it. A rule of its own (topic `file-naming`) rather than a fact of
/// the naming rule: it counts files, not declarations, so its support and its drift are judged on files.
/// Names a tool imposes (`index.js`, `mod.rs`, `__init__.py`, `Package.swift`) and the parts a test runner
/// requires (`test_…`, `…_test`, `.spec`) are not counted.
public struct FileNamingMiner: Miner {
    public static let description = MinerDescription(
        identifier: "file-naming",
        version: 2,
        name: "File naming",
        summary: "The case of new source files' names per language: UpperCamelCase, snake_case, kebab-case or lowerCamelCase.",
        languages: NamingMiner.description.languages,
        examples: [
            .shows("Sources/Net/RequestHandler.swift", "struct RequestHandler {}\n", expect: [.fileNaming: .string("UpperCamelCase")]),
            .contradicts("Sources/Net/request_handler.swift", "struct RequestHandler {}\n", expect: [.fileNaming: .string("snake_case")]),
            .shows("src/request-handler.ts", "export class RequestHandler {}\n", expect: [.fileNaming: .string("kebab-case")]),
            .contradicts("src/requestHandler.ts", "export class RequestHandler {}\n", expect: [.fileNaming: .string("lowerCamelCase")]),
            .shows("tests/test_request_handler.py", "def test_handles(): pass\n", expect: [.fileNaming: .string("snake_case")]),
        ]
    )

    static let minimumFiles = 5
    /// Stems a tool or a language imposes.
    static let imposed: Set<String> = [
        "index", "main", "mod", "lib", "build", "__init__", "__main__", "setup", "conftest",
        "package", "makefile", "gemfile", "rakefile", "podfile", "dangerfile", "cmakelists",
    ]

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case file
    }

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        guard file.status == .added,
            let stem = Self.stem(of: file.path, language: file.language),
            let nameCase = IdentifierCase.classify(stem.utf8, allowHyphen: true)
        else { return }
        // The path is the evidence: its first line says nothing about its name.
        sink.count(Counter.file, nameCase.rawValue, scope: file.language.rawValue, path: file.path)
    }

    /// The part of a file's name its author chose: before the first dot, without a test runner's prefix or suffix.
    static func stem(of path: String, language: Language) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard var stem = name.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init), !stem.isEmpty else { return nil }
        if imposed.contains(stem.lowercased()) { return nil }
        if language == .swift, let plus = stem.firstIndex(of: "+") { stem = String(stem[..<plus]) }  // `String+Escaping`
        for suffix in ["_test", "_spec", "_tests"] where stem.hasSuffix(suffix) && stem.count > suffix.count {
            stem.removeLast(suffix.count)
        }
        if language == .python, stem.hasPrefix("test_") { stem.removeFirst(5) }
        return stem.isEmpty ? nil : stem
    }

    static let exampleNames: [String: String] = [
        IdentifierCase.upperCamel.rawValue: "RequestHandler", IdentifierCase.lowerCamel.rawValue: "requestHandler",
        IdentifierCase.snake.rawValue: "request_handler", IdentifierCase.kebab.rawValue: "request-handler",
        IdentifierCase.screaming.rawValue: "REQUEST_HANDLER",
    ]

    static let extensions: [Language: String] = [
        .swift: "swift", .python: "py", .javascript: "js", .typescript: "ts", .go: "go", .rust: "rs", .c: "c", .cpp: "cpp",
        .java: "java", .kotlin: "kt", .ruby: "rb", .csharp: "cs", .php: "php", .scala: "scala", .shell: "sh",
    ]

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), stats.commits >= MinimumEvidence.commits,
                let verdict = CaseVerdict.decide(stats[Counter.file], minimum: Self.minimumFiles)
            else { return nil }
            let example = "`\(Self.exampleNames[verdict.value] ?? "name").\(Self.extensions[language] ?? language.rawValue)`"
            var statement = "Name new \(language.displayName) files in \(verdict.value) (\(example))"
            if [.swift, .java, .kotlin].contains(language), verdict.value == IdentifierCase.upperCamel.rawValue {
                statement += ", after the main type they hold"
            }
            statement += "."
            if verdict.share < 0.8 {
                let other = verdict.runnerUp.map { ", \(percent($0.share)) \($0.value)" } ?? ""
                statement =
                    "File names are mixed in \(language.displayName): \(percent(verdict.share)) \(verdict.value)\(other); "
                    + "name a new file like its neighbours in the same folder."
            }
            return RuleDraft(
                topic: "file-naming", skill: .style(language), language: language,
                facts: [.fileNaming: .string(verdict.share >= 0.6 ? verdict.value : "mixed")], share: verdict.share,
                support: Support(observations: verdict.observations, agreeing: verdict.agreeing, commits: stats.commits),
                statement: statement, unit: "new files", evidence: [(key: Counter.file.rawValue, value: verdict.evidenceValue)])
        }
    }
}
