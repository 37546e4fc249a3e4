/// Finds how errors are made and passed on: Go's wrapping (`%w`, `errors.Wrap`, or a `%v` that does not wrap),
/// Rust's error library, Swift's typed throws, and whether Swift, Python and JS/TS code throws its own error
/// types or the built-in ones.
///
/// Throw sites are counted where they name what is thrown: a rethrow (`throw error`, `raise`) says nothing.
public struct ErrorHandlingMiner: Miner {
    public static let description = MinerDescription(
        identifier: "error-handling",
        version: 1,
        name: "Error handling",
        summary: "Go error wrapping, Rust error library, Swift typed throws, custom error types or built-in ones (Swift, Python, JS/TS).",
        languages: [.go, .swift, .rust, .python, .javascript, .typescript],
        examples: [
            .shows(
                "store/load.go",
                """
                func Load(path string) (*Config, error) {
                \tdata, err := os.ReadFile(path)
                \tif err != nil {
                \t\treturn nil, fmt.Errorf("read config %s: %w", path, err)
                \t}
                \treturn parse(data)
                }
                """, expect: [.errorWrapping: .string("fmt.Errorf-%w")]),
            .contradicts(
                "store/load.go",
                """
                func Load(path string) (*Config, error) {
                \tdata, err := os.ReadFile(path)
                \tif err != nil {
                \t\treturn nil, errors.Wrap(err, "read config")
                \t}
                \treturn parse(data)
                }
                """, expect: [.errorWrapping: .string("errors.Wrap")]),
            .shows(
                "Sources/Store/Loader.swift",
                """
                enum LoadError: Error {
                    case missing(String)
                }

                func load(_ path: String) throws(LoadError) -> Data {
                    guard let data = FileManager.default.contents(atPath: path) else { throw .missing(path) }
                    return data
                }
                """, expect: [.typedThrows: .bool(true), .customErrorTypes: .bool(true)]),
            .contradicts(
                "Sources/Store/Loader.swift",
                """
                func load(_ path: String) throws -> Data {
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw NSError(domain: "Store", code: 1)
                    }
                    return data
                }
                """, expect: [.typedThrows: .bool(false), .customErrorTypes: .bool(false)]),
            .shows(
                "src/store/errors.rs",
                """
                use thiserror::Error;

                #[derive(Debug, Error)]
                pub enum LoadError {
                    #[error("missing {0}")]
                    Missing(String),
                }
                """, expect: [.errorLibrary: .string("thiserror")]),
            .contradicts(
                "src/store/load.rs",
                "use anyhow::{Context, Result};\n\npub fn load(path: &str) -> Result<String> {\n    std::fs::read_to_string(path).context(\"read\")\n}\n",
                expect: [.errorLibrary: .string("anyhow")]),
            .shows(
                "shop/cart.py",
                """
                class CartError(Exception):
                    pass


                def add(cart, item):
                    if item is None:
                        raise CartError("no item")
                """, expect: [.customExceptions: .bool(true)]),
            .contradicts(
                "shop/cart.py", "def add(cart, item):\n    if item is None:\n        raise ValueError('no item')\n",
                expect: [.customExceptions: .bool(false)]),
            .shows(
                "src/http.ts",
                """
                export class HTTPError extends Error {}

                export function check(response: Response) {
                  if (!response.ok) throw new HTTPError(response.statusText)
                }
                """, expect: [.customErrorTypes: .bool(true)]),
            .contradicts(
                "src/http.ts", "export function check(response: Response) {\n  if (!response.ok) throw new Error(response.statusText)\n}\n",
                expect: [.customErrorTypes: .bool(false)]),
        ]
    )

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case wrapping
        case typed
        case declared
        case thrown
        case library
    }

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let language = file.language
        // Tests throw built-in errors to exercise handling: only the code under test shows the habit.
        guard file.role != .vendored, file.role != .test else { return }
        let scope = language.rawValue
        let path = file.path
        var libraries: [String: Int] = [:]
        let triggers = Self.triggers[language] ?? []
        for line in file.lines {
            guard !line.isBlank, !line.isCommentOrProse else { continue }
            // Masking a line costs two copies; most lines hold nothing any check below looks for.
            guard triggers.contains(where: { ByteSearch.contains(line.bytes, $0) }) else { continue }
            let code = CodeLine(line.maskedText)
            let number = line.number
            switch language {
            case .go:
                if let wrapping = Self.goWrapping(code, text: CodeLine(line.text)) {
                    sink.count(Counter.wrapping, wrapping, scope: scope, path: path, line: number)
                }
            case .swift:
                if code.contains(" throws"), !code.contains("rethrows"),
                    code.containsToken("func ") || code.containsToken("init(") || code.containsToken("init<")
                {
                    sink.count(Counter.typed, code.contains(" throws(") ? "true" : "false", scope: scope, path: path, line: number)
                }
                if code.contains("Error"), Self.declaresSwiftError(code) {
                    sink.count(Counter.declared, "true", scope: scope, path: path, line: number)
                }
                if code.contains("throw "), let thrown = Self.swiftThrown(code) {
                    sink.count(Counter.thrown, thrown, scope: scope, path: path, line: number)
                }
            case .python:
                if code.starts(with: "class "), Self.declaresPythonException(code) {
                    sink.count(Counter.declared, "true", scope: scope, path: path, line: number)
                }
                if code.contains("raise "), let name = code.word(after: "raise "), name.startsUppercase {
                    sink.count(Counter.thrown, Self.pythonBuiltins.contains(name) ? "builtin" : "custom", scope: scope, path: path, line: number)
                }
            case .javascript, .typescript:
                if code.contains("class "), code.contains(" extends "), let base = code.word(after: "extends "),
                    base.utf8.reversed().starts(with: "rorrE".utf8)
                {
                    sink.count(Counter.declared, "true", scope: scope, path: path, line: number)
                }
                if code.contains("throw new "), let name = code.word(after: "throw new ") {
                    sink.count(Counter.thrown, Self.scriptBuiltins.contains(name) ? "builtin" : "custom", scope: scope, path: path, line: number)
                }
            case .rust:
                for (library, needles) in Self.rustLibraries where libraries[library] == nil {
                    if needles.contains(where: { code.containsToken($0) }) { libraries[library] = number }
                }
            default:
                break
            }
        }
        // Rust: one vote per file and library, so one large module does not outweigh many.
        for (library, line) in libraries.sorted(by: { $0.key < $1.key }) {
            sink.count(Counter.library, library, scope: scope, path: path, line: line)
        }
    }

    /// Per language, words one of which every check below needs: masking only blanks bytes out, so a line whose
    /// text holds none of them holds none of the checks' needles once masked.
    static let triggers: [Language: [String]] = [
        .swift: ["throw", "Error"],
        .python: ["class", "raise"],
        .javascript: ["class", "throw"],
        .typescript: ["class", "throw"],
        .go: ["Errorf(", "errors."],
        .rust: ["rror", "anyhow", "eyre", "snafu"],
    ]

    /// `code` is the line with its strings masked (the call must be code); `text` the line itself (the verb is
    /// in the format string).
    static func goWrapping(_ code: CodeLine, text: CodeLine) -> String? {
        if code.contains("fmt.Errorf(") {
            if text.contains("%w") { return "fmt.Errorf-%w" }
            // Only an error formatted into the message is a wrapping that was not done.
            let formatsError = code.contains(", err)") || code.contains(", err,") || code.contains("err.Error()")
            return formatsError && (text.contains("%v") || text.contains("%s")) ? "fmt.Errorf-%v" : nil
        }
        if code.containsToken("errors.Wrap(") || code.containsToken("errors.Wrapf(") || code.containsToken("errors.WithMessage(")
            || code.containsToken("errors.WithMessagef(")
        {
            return "errors.Wrap"
        }
        return nil
    }

    static func declaresSwiftError(_ code: CodeLine) -> Bool {
        guard
            code.containsToken("enum ") || code.containsToken("struct ") || code.containsToken("class ")
                || code.containsToken("actor ") || code.containsToken("extension ")
        else { return false }
        return code.contains(": Error") || code.contains(", Error") || code.contains(": Swift.Error") || code.contains("LocalizedError")
            || code.contains("CustomNSError")
    }

    /// "custom" for a type or case of one's own, "builtin" for `NSError` and the standard library's; nil for a rethrow.
    static func swiftThrown(_ code: CodeLine) -> String? {
        if code.containsToken("throw .") { return "custom" }  // typed throws: `throw .missing`
        guard let name = code.word(after: "throw "), name.startsUppercase else { return nil }
        return ["NSError", "CancellationError", "POSIXError", "CocoaError", "URLError", "DecodingError", "EncodingError"].contains(name)
            ? "builtin" : "custom"
    }

    static func declaresPythonException(_ code: CodeLine) -> Bool {
        guard let open = code.body.utf8.firstIndex(of: UInt8(ascii: "(")) else { return false }
        return words(code.body[open...]).contains { base in
            base == "Exception" || base.utf8.reversed().starts(with: "rorrE".utf8) || base.utf8.reversed().starts(with: "noitpecxE".utf8)
                || base == "Warning"
        }
    }

    static let pythonBuiltins: Set<Substring> = [
        "Exception", "BaseException", "ValueError", "TypeError", "KeyError", "IndexError", "AttributeError",
        "RuntimeError", "NotImplementedError", "OSError", "IOError", "LookupError", "AssertionError", "StopIteration",
        "StopAsyncIteration", "ImportError", "ModuleNotFoundError", "FileNotFoundError", "FileExistsError", "PermissionError",
        "TimeoutError", "ConnectionError", "UnicodeError", "UnicodeDecodeError", "UnicodeEncodeError", "ZeroDivisionError",
        "OverflowError", "ArithmeticError", "RecursionError", "SystemExit", "KeyboardInterrupt", "NameError",
        "UnboundLocalError", "EOFError", "BufferError", "MemoryError", "IsADirectoryError", "NotADirectoryError",
        "BrokenPipeError", "InterruptedError", "ChildProcessError", "ProcessLookupError", "SyntaxError", "Warning",
        "DeprecationWarning", "UserWarning", "RuntimeWarning", "GeneratorExit",
    ]

    static let scriptBuiltins: Set<Substring> = [
        "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError",
        "DOMException",
    ]

    static let rustLibraries: [(String, [String])] = [
        ("thiserror", ["thiserror::", "#[error("]),
        ("anyhow", ["anyhow::", "anyhow!("]),
        ("eyre", ["eyre::", "eyre!("]),
        ("snafu", ["snafu::", "#[snafu("]),
        ("std", ["impl std::error::Error for", "impl error::Error for", "impl Error for", "impl StdError for"]),
    ]

    static let wrappingAdvice = [
        "fmt.Errorf-%w": "Wrap errors with context: `fmt.Errorf(\"doing x: %w\", err)`.",
        "errors.Wrap": "Wrap errors with `errors.Wrap(err, \"doing x\")` (github.com/pkg/errors).",
        "fmt.Errorf-%v":
            "Errors are annotated with `fmt.Errorf(\"doing x: %v\", err)`, which does not wrap them; keep to it or wrap with `%w` where callers inspect the cause.",
    ]

    static let libraryAdvice = [
        "thiserror": "Define error types with `thiserror` (`#[derive(Error)]`, `#[error(\"…\")]`).",
        "anyhow": "Return `anyhow::Result` and add context with `.context(…)`.",
        "eyre": "Return `eyre::Result` and add context with `.wrap_err(…)`.",
        "snafu": "Define error types with `snafu`.",
        "std": "Define error types by hand: an enum with `impl std::error::Error` and `Display`, no error crate.",
    ]

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), stats.commits >= MinimumEvidence.commits else { return nil }
            var rule = RuleComposer()
            if language == .go, let wrapping = stats.dominant(Counter.wrapping), wrapping.observations >= 10,
                wrapping.commits >= MinimumEvidence.commits
            {
                rule.categorical(
                    .errorWrapping, wrapping, threshold: 0.7, unit: "wrapped errors", key: Counter.wrapping.rawValue,
                    stated: {
                        (Self.wrappingAdvice[wrapping.value] ?? "")
                            + (wrapping.share >= 0.95 ? "" : " (\(percent(wrapping.share)) of wrapped errors)")
                    },
                    mixed: {
                        let ranked = stats.ranked(Counter.wrapping).map { "\($0.value) \(percent($0.share))" }.joined(separator: ", ")
                        return "Error wrapping is mixed (\(ranked)); prefer `%w` where callers inspect the cause."
                    })
            }
            if language == .rust, let library = stats.dominant(Counter.library), library.observations >= 5, library.commits >= MinimumEvidence.commits
            {
                // Crates of one workspace differ (anyhow in the binary, hand-written errors in the libraries): the
                // whole history must agree too, not only the latest merges.
                rule.categorical(
                    .errorLibrary, library, threshold: 0.7, clear: Double(library.agreeing) >= 0.6 * Double(library.observations),
                    unit: "files", key: Counter.library.rawValue,
                    stated: { Self.libraryAdvice[library.value] ?? "" },
                    mixed: {
                        let ranked = stats.ranked(Counter.library).filter { $0.share >= 0.15 }.map { "\($0.value) \(percent($0.share))" }
                        return "Error handling differs by crate (\(ranked.joined(separator: ", ")) of files): use what the crate you edit uses."
                    })
            }
            let typed = stats.share(of: "true", in: Counter.typed)
            if language == .swift, typed.observations >= 10, typed.commits >= MinimumEvidence.commits {
                rule.boolean(
                    .typedThrows, typed, high: 0.7, low: 0.2, unit: "throwing declarations", key: Counter.typed.rawValue,
                    whenTrue: "Declare typed throws: `throws(LoadError)` (\(percent(typed.share)) of throwing functions).",
                    whenFalse: "Declare plain `throws`; typed throws are not used.",
                    mixed: "Mixed: \(percent(typed.share)) of throwing functions use typed throws.")
            }
            if [.swift, .python, .javascript, .typescript].contains(language) {
                customErrors(stats, language: language, into: &rule)
            }
            return rule.draft(topic: "errors", language: language)
        }
    }

    func customErrors(_ stats: ScopeTallies, language: Language, into rule: inout RuleComposer) {
        let custom = stats.share(of: "custom", in: Counter.thrown)
        let declared = stats.share(of: "true", in: Counter.declared).agreeing
        guard custom.observations >= 10, custom.commits >= MinimumEvidence.commits else { return }
        let key: FactKey = language == .python ? .customExceptions : .customErrorTypes
        let support = Support(observations: custom.observations, agreeing: custom.agreeing, commits: custom.commits)
        let declaration =
            language == .python ? "`class XError(Exception)`" : language == .swift ? "`enum XError: Error`" : "`class XError extends Error`"
        let builtins = language == .python ? "`ValueError`, `TypeError`" : language == .swift ? "`NSError`" : "`Error`, `TypeError`"
        let raise = language == .python ? "Raise" : "Throw"
        if clearlyHigh(custom, 0.6), declared >= 1 {
            rule.state(
                key, .bool(true), share: custom.share, support: support, unit: "throw sites", evidence: (Counter.thrown.rawValue, "custom"),
                "\(raise) the project's own error types (\(declaration)): \(percent(custom.share)) of \(raise.lowercased())s do.")
        } else if clearlyLow(custom, 0.2) {
            rule.state(
                key, .bool(false), share: 1 - custom.share,
                support: Support(observations: custom.observations, agreeing: custom.observations - custom.agreeing, commits: custom.commits),
                unit: "throw sites", evidence: (Counter.thrown.rawValue, "builtin"),
                "\(raise) built-in errors (\(builtins)): \(percent(1 - custom.share)) of \(raise.lowercased())s do.")
        } else {
            rule.mixed(
                share: max(custom.share, 1 - custom.share), support: support, unit: "throw sites", evidence: (Counter.thrown.rawValue, "custom"),
                "Mixed: \(percent(custom.share)) of \(raise.lowercased())s use the project's own error types, the rest built-in ones (\(builtins)).")
        }
    }
}
