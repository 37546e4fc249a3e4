import XCTest

@testable import TasteCore

/// Every miner's example code, put in a comment or in a string literal of its language, is no longer code:
/// a miner that still counts something there reads comments or strings as code.
final class MinerWrappedExampleTests: XCTestCase {
    /// Miners that read commit messages or touched paths, not code.
    static let readsNoCode: Set<String> = ["co-change", "commit-message"]

    /// Miners that count every line or file whatever it holds, with the reason.
    static let countsEveryLine: [String: String] = [
        "line-length": "a long comment or string is a long line",
        "trailing-whitespace": "whitespace after a comment or a string is still trailing",
        "final-newline": "every file ends with a newline or not",
        "line-endings": "every line ends in LF or CRLF",
        "file-naming": "a file's name is counted, not its contents",
        "test-layout": "a test file's path is counted (its inline-test marker, line 36, goes unchecked here)",
    ]

    /// Miners that legitimately count a wrapper of one kind.
    static let countsWrapper: [String: Set<Wrapper.Kind>] = [
        // Doc comments are comments: a comment that wraps documented code may read as its documentation.
        "doc-comments": [.blockComment, .lineComment],
        // The string that wraps the code is a string with quotes of its own.
        "quote-style": [.lineStrings],
    ]

    /// Not exemptions: miners this test caught counting code inside comments or strings, each to be moved onto
    /// the lexer's line state (`isCommentOrProse`, `startedInside`, `strings`). Remove an entry once fixed.
    static let knownBugs: [String: Set<Wrapper.Kind>] = [
        "logging": [.lineStrings],  // logger calls and `print(` inside a string literal (its needles include import strings)
        "test-framework": [.blockComment, .lineComment, .lineStrings, .multilineString],  // imports and markers in any text
    ]

    struct Wrapper {
        enum Kind: String { case blockComment, lineComment, lineStrings, multilineString }
        var kind: Kind
        var code: String
    }

    /// Each form the language has of putting `code` in a comment or a string.
    static func wrappers(of code: String, in language: Language) -> [Wrapper] {
        let table = LexicalTable.of(language)
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var wrappers: [Wrapper] = []
        if table.slashComments {
            var body = code.replacingOccurrences(of: "*/", with: "* /")
            if table.nestedComments { body = body.replacingOccurrences(of: "/*", with: "/ *") }
            wrappers.append(Wrapper(kind: .blockComment, code: "/*\n" + body + "\n*/\n"))
            wrappers.append(Wrapper(kind: .lineComment, code: lines.map { "// " + $0 }.joined(separator: "\n") + "\n"))
        } else if table.hashComments {
            wrappers.append(Wrapper(kind: .lineComment, code: lines.map { "# " + $0 }.joined(separator: "\n") + "\n"))
        }
        func escaped(_ text: String) -> String {
            var text = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            if table.interpolation == .hashBrace { text = text.replacingOccurrences(of: "#{", with: "#\\{") }
            if table.interpolation == .dollarBrace || language == .php { text = text.replacingOccurrences(of: "$", with: "\\$") }
            return text
        }
        wrappers.append(Wrapper(kind: .lineStrings, code: lines.map { "\"" + escaped($0) + "\"" }.joined(separator: "\n") + "\n"))
        if table.tripleQuotes {
            wrappers.append(Wrapper(kind: .multilineString, code: "\"\"\"\n" + escaped(code) + "\n\"\"\"\n"))
        }
        return wrappers
    }

    func testExamplesInCommentsAndStringsCountNothing() throws {
        for miner in MinerCatalogue.all {
            let description = type(of: miner).description
            guard !Self.readsNoCode.contains(description.identifier), Self.countsEveryLine[description.identifier] == nil else { continue }
            for (index, example) in description.examples.enumerated() where !example.code.isEmpty {
                let language = try XCTUnwrap(Language(path: example.path))
                for wrapper in Self.wrappers(of: example.code, in: language)
                where Self.countsWrapper[description.identifier]?.contains(wrapper.kind) != true
                    && Self.knownBugs[description.identifier]?.contains(wrapper.kind) != true
                {
                    let change = MinerExampleTests.fileChange(wrapper.code, path: example.path, language: language)
                    var sink = ObservationSink(miner: description.identifier, commit: String(repeating: "a", count: 40))
                    miner.observe(SourceFile(change), into: &sink)
                    let counted = sink.counts.filter { $0.key.scope == language.rawValue }
                        .map { "\($0.key.key)=\($0.key.value)×\($0.value)" }.sorted()
                    XCTAssertEqual(counted, [], "\(description.identifier) example \(index + 1) (\(example.path)) in a \(wrapper.kind.rawValue)")
                }
            }
        }
    }
}
