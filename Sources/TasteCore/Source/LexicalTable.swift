/// How one language writes comments, strings and identifiers: the data the one ``Lexer`` reads.
///
/// Every lexical form a language has is here, so that no miner guesses where a comment or a string starts:
/// Go raw strings, Java and Kotlin text blocks, Rust and Swift raw strings, C# verbatim strings, C++ raw
/// strings, Ruby, PHP and shell heredocs, JavaScript templates and regular expressions.
public struct LexicalTable: Sendable {
    /// What an interpolation inside a string looks like; its contents are skipped as a balanced group.
    public enum Interpolation: Sendable, Equatable {
        /// Swift's `\(…)`.
        case backslashParen
        /// Kotlin's and JavaScript templates' `${…}`.
        case dollarBrace
        /// Ruby's `#{…}`.
        case hashBrace
    }

    /// `//` line comments and `/* */` block comments.
    public var slashComments = false
    /// Block comments nest (`/* /* */ */` is one comment): Swift, Rust, Kotlin, Scala.
    public var nestedComments = false
    /// `#` line comments.
    public var hashComments = false
    /// `'` delimits strings; otherwise it starts a character literal, or a lifetime (Rust) when unclosed.
    public var singleQuoteStrings = false
    /// Single-quoted strings take no escapes (shell).
    public var singleQuotesRaw = false
    /// `"""` opens a string that may span lines (Python, Swift, Kotlin, Scala, Java text blocks, C# raw strings).
    public var tripleQuotes = false
    /// Backtick template literals with `${}` (JavaScript, TypeScript).
    public var templates = false
    /// Backtick raw strings that may span lines and take no escapes (Go).
    public var rawBackticks = false
    /// `#"…"#` raw strings (Swift).
    public var hashRawStrings = false
    /// `r"…"`, `r#"…"#`, `br"…"` raw strings (Rust).
    public var rustRawStrings = false
    /// `@"…"` verbatim strings where `""` is a quote (C#).
    public var verbatimStrings = false
    /// `R"delim(…)delim"` raw strings (C++).
    public var cppRawStrings = false
    /// `/re/` literals after an operator or at the start of an expression (JavaScript, TypeScript).
    public var regexLiterals = false
    /// Ordinary strings may span lines (Ruby, PHP, shell).
    public var multilineStrings = false
    /// `<<~ID` (Ruby), `<<<ID` (PHP) and `<<ID` (shell) heredocs: the following lines up to `ID` are string content.
    public var heredocs = false
    /// `#[…]` is an attribute, not a comment (PHP 8).
    public var hashBracketAttributes = false
    /// A quote right after a word other than these keywords is prose (JSX text), not a string.
    public var keywordsBeforeStrings: Set<String>?
    public var interpolation: Interpolation?
    /// Identifier letters that may prefix a string (Python's r, b, f, u).
    public var stringPrefixes: Set<UInt8>?
    /// `$` is an identifier letter (JavaScript, TypeScript, Java, PHP variables, Swift's `$0`).
    public var dollarIdentifiers = false

    /// The table of each language, built once.
    public static func of(_ language: Language) -> LexicalTable { tables[language.index] }

    private static let tables: [LexicalTable] = Language.allCases.map(build)

    private static func build(_ language: Language) -> LexicalTable {
        var table = LexicalTable()
        switch language {
        case .javascript, .typescript:
            table.slashComments = true
            table.singleQuoteStrings = true
            table.templates = true
            table.regexLiterals = true
            table.dollarIdentifiers = true
            table.interpolation = .dollarBrace
            table.keywordsBeforeStrings = [
                "return", "case", "from", "import", "export", "in", "of", "typeof", "else", "throw", "yield", "await", "void",
                "default", "delete", "instanceof", "as", "satisfies", "extends", "keyof", "is", "require", "declare", "module",
            ]
        case .python:
            table.hashComments = true
            table.singleQuoteStrings = true
            table.tripleQuotes = true
            table.stringPrefixes = Set("rRbBfFuU".utf8)
        case .ruby:
            table.hashComments = true
            table.singleQuoteStrings = true
            table.multilineStrings = true
            table.heredocs = true
            table.interpolation = .hashBrace
        case .php:
            table.slashComments = true
            table.hashComments = true
            table.hashBracketAttributes = true
            table.singleQuoteStrings = true
            table.multilineStrings = true
            table.heredocs = true
            table.dollarIdentifiers = true
        case .swift:
            table.slashComments = true
            table.nestedComments = true
            table.tripleQuotes = true
            table.hashRawStrings = true
            table.dollarIdentifiers = true
            table.interpolation = .backslashParen
        case .kotlin:
            table.slashComments = true
            table.nestedComments = true
            table.tripleQuotes = true
            table.interpolation = .dollarBrace
        case .scala:
            table.slashComments = true
            table.nestedComments = true
            table.tripleQuotes = true
        case .java:
            table.slashComments = true
            table.tripleQuotes = true
            table.dollarIdentifiers = true
        case .csharp:
            table.slashComments = true
            table.tripleQuotes = true
            table.verbatimStrings = true
        case .go:
            table.slashComments = true
            table.rawBackticks = true
        case .rust:
            table.slashComments = true
            table.nestedComments = true
            table.rustRawStrings = true
            table.multilineStrings = true  // a "…" string runs over lines as it is, or continued with `\`
        case .c:
            table.slashComments = true
        case .cpp:
            table.slashComments = true
            table.cppRawStrings = true
        case .shell:
            table.hashComments = true
            table.singleQuoteStrings = true
            table.singleQuotesRaw = true
            table.multilineStrings = true
            table.heredocs = true
        }
        return table
    }

    /// A byte of an identifier or a number: ASCII letters and digits, `_`, any byte of a non-ASCII scalar, and `$`
    /// where the language allows it.
    @inline(__always)
    public func isIdentifierByte(_ byte: UInt8) -> Bool {
        Self.isWordByte(byte) || (byte == 0x24 && dollarIdentifiers)
    }

    /// Letters, digits, `_` and non-ASCII bytes: what every language's words are made of.
    @inline(__always)
    public static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
            || byte >= 0x80
    }
}
