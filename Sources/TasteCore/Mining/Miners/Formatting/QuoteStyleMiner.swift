/// Finds whether strings are written in single or double quotes, where both make the same kind of string.
///
/// Only chosen quotes count: a string holding the other quote (or, in Ruby and PHP, an escape or an
/// interpolation that only double quotes allow) was forced. Comments, template literals, triple-quoted strings
/// (Python docstrings are nearly always `"""`) and JSX attributes (`className="x"`, double by convention
/// even where code uses single quotes) are not counted.
public struct QuoteStyleMiner: HeadReplacingMiner {
    public static let description = MinerDescription(
        identifier: "quote-style",
        version: 1,
        name: "Quote style",
        summary: "Single or double quotes for ordinary strings, ignoring strings whose quotes are forced.",
        languages: [.javascript, .typescript, .python, .ruby, .php],
        examples: [
            .shows("src/app.js", QuoteExamples.javascript(quote: "'"), expect: [.quoteStyle: .string("single")]),
            .shows("src/app.py", QuoteExamples.python(quote: "\""), expect: [.quoteStyle: .string("double")]),
            .contradicts("src/app.tsx", QuoteExamples.javascript(quote: "\""), expect: [.quoteStyle: .string("double")]),
            .contradicts("lib/app.rb", QuoteExamples.ruby(quote: "'"), expect: [.quoteStyle: .string("single")]),
        ]
    )

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case quote
    }

    /// What the files at the head keep (``HeadSnapshot``): a formatter run over the whole tree (h3's move to double
    /// quotes, 871 single to 3) shows there at once, where the merged history follows only as merges come in.
    var head: MinerTallies?
    /// The quote each language's rule last stated (``HeadReplacingMiner``).
    var statedValues: [Language: String] = [:]
    static let replaceable = (topic: "quotes", fact: FactKey.quoteStyle)

    public init() {}

    static let headBytes = 8 << 10

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let scope = file.language.rawValue
        let escapesForceDouble = file.language == .ruby || file.language == .php
        for line in file.lines {
            guard line.isTrusted else { continue }
            var single = 0
            var double = 0
            for string in line.strings where string.form == .plain && !string.holdsQuote && !string.attribute {
                if string.quote == 0x27 {
                    single += 1
                } else if !(escapesForceDouble && string.escapes) {
                    double += 1
                }
            }
            sink.count(Counter.quote, "single", scope: scope, by: single, path: file.path, line: line.number)
            sink.count(Counter.quote, "double", scope: scope, by: double, path: file.path, line: line.number)
        }
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), Self.description.languages.contains(language) else { return nil }
            let history = stats.commits >= MinimumEvidence.commits ? stats.dominant(Counter.quote).flatMap { $0.observations >= 30 ? $0 : nil } : nil
            if let now = headDraft(scope: scope, language: language, history: history) { return now }
            guard let quote = history, quote.commits >= MinimumEvidence.commits else { return nil }
            let name = quote.value
            let other = name == "single" ? "double" : "single"
            let statement: String
            if quote.share >= 0.9 {
                statement = "Use \(name) quotes for strings\(Self.forced(name, in: language))."
            } else if quote.share >= 0.8 {
                statement = "Prefer \(name) quotes for strings (\(percent(quote.share)) of them); some files use \(other) quotes."
            } else {
                statement =
                    "Mixed: \(percent(quote.share)) of strings use \(name) quotes, \(percent(1 - quote.share)) \(other); "
                    + "keep a file's own style."
            }
            return RuleDraft(
                topic: "quotes", skill: .style(language), language: language,
                facts: [.quoteStyle: .string(name)], share: quote.share,
                support: Support(observations: quote.observations, agreeing: quote.agreeing, commits: stats.commits),
                statement: statement, unit: "string literals", evidence: [(key: Counter.quote.rawValue, value: name)])
        }
    }

    /// Where the other quote is forced on a string.
    private static func forced(_ name: String, in language: Language) -> String {
        language == .ruby || language == .php
            ? (name == "single" ? "; double only for interpolation, escapes or a string holding `'`" : "")
            : (name == "single" ? " (double where the string holds a `'`)" : " (single where the string holds a `\"`)")
    }

    /// The quotes the head's strings keep, where they replace what the history states.
    private func headDraft(scope: String, language: Language, history: Dominant?) -> RuleDraft? {
        guard let now = replacement(from: head?.scopes[scope], language: language, key: Counter.quote.rawValue, history: history, share: 0.9),
            now.observations >= 30
        else { return nil }
        var statement =
            "Use \(now.value) quotes for strings\(Self.forced(now.value, in: language)). At the head, \(now.agreeing.formatted()) of"
            + " \(now.observations.formatted()) string literals in \(now.files.formatted()) files use them"
        if let left = now.left {
            statement +=
                left == history?.value ? "; merged changes mostly kept \(left) quotes." : "; \(left) quotes, which this rule stated, are gone."
        } else if let history, history.share < 0.9 {
            statement += "; merged changes are split (\(percent(history.share)) \(history.value))."
        } else {
            statement += "."
        }
        var draft = RuleDraft(
            topic: "quotes", skill: .style(language), language: language, facts: [.quoteStyle: .string(now.value)], share: now.share,
            support: Support(observations: now.observations, agreeing: now.agreeing, commits: now.files), statement: statement,
            unit: "string literals", evidence: [(key: Counter.quote.rawValue, value: now.value)])
        draft.countedAtHead = true
        return draft
    }
}

/// Example code for the quote-style miner: chosen quotes next to forced ones that must not count.
enum QuoteExamples {
    static func javascript(quote q: String) -> String {
        let other = q == "'" ? "\"" : "'"
        return (0..<12).map { index in
            """
            import { thing\(index) } from \(q)./thing\(index)\(q)
            // A comment with \(other)other\(other) quotes and \(other)more\(other) of them.
            const label\(index) = \(q)label \(index)\(q)
            const message\(index) = `template with \(other)quotes\(other) ${thing\(index)}`
            const forced\(index) = \(other)it\(q)s forced\(other)
            const node\(index) = <Item className="item" title="x\(index)">{label\(index)}</Item>
            """
        }.joined(separator: "\n") + "\n"
    }

    static func python(quote q: String) -> String {
        let other = q == "'" ? "\"" : "'"
        return (0..<12).map { index in
            """
            def handler\(index)(request):
                \(other)\(other)\(other)Handle \(other)request\(other) number \(index).\(other)\(other)\(other)
                # A comment with \(other)other\(other) quotes.
                name = request.get(\(q)name\(q), \(q)default\(q))
                return f\(q){name} \(index)\(q)
            """
        }.joined(separator: "\n") + "\n"
    }

    static func ruby(quote q: String) -> String {
        let other = q == "'" ? "\"" : "'"
        return (0..<12).map { index in
            """
            def handler\(index)(request)
              # A comment with \(other)other\(other) quotes.
              name = request.fetch(\(q)name\(q), \(q)default\(q))
              puts "Hello, #{name} \(index)"
              puts "tab\\tseparated"
            end
            """
        }.joined(separator: "\n") + "\n"
    }
}
