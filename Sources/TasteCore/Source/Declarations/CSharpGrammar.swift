/// C#'s declarations: `class`, `struct`, `interface`, `enum`, `record` and `delegate`; `const` constants; methods
/// and constructors after an access or other modifier; locals declared with `var`; the attributes before them
/// (`[Fact]`, on their own line or the declaration's). A property or a field says little (PascalCase properties beside `_camelCase` fields are one
/// convention), so neither is read.
struct CSharpGrammar: Grammar {
    /// Attributes open with `[`: `[Fact]`, `[Theory, InlineData(1)]`.
    static func mayStart(_ byte: UInt8) -> Bool { ByteCursor.isIdentifierStart(byte) || byte == UInt8(ascii: "[") }

    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        line.readBracketedAttributes()
        var modifiers: Declaration.Modifiers = []
        var isConst = false, hasModifier = false
        while let word = line.cursor.peekKeyword(CSharpWord.self), word.isModifier {
            _ = line.cursor.keyword(CSharpWord.self)
            hasModifier = true
            switch word {
            case .public: modifiers.insert(.public)
            case .static: modifiers.insert(.static)
            case .override: modifiers.insert(.override)
            case .const: isConst = true
            default: break
            }
        }
        let keyword = line.cursor.keyword(CSharpWord.self)
        switch keyword {
        case .class?, .struct?, .interface?, .enum?, .record?:
            // `record struct Point`, `record class Person`.
            if keyword == .record, let next = line.cursor.peekKeyword(CSharpWord.self), next == .struct || next == .class {
                _ = line.cursor.keyword(CSharpWord.self)
            }
            var declaration = line.declaration(.type, line.cursor.identifier(), modifiers)
            declaration.opensEnum = keyword == .enum && declaration.name != nil
            return declaration
        case .delegate?:
            return line.declaration(.type, Signature.name(line.cursor, minimumWords: 2, style: .java), modifiers)
        case .var?:
            // `var count = 0;`: a local; `var (a, b) = …` names none.
            let name = line.cursor.identifier()
            line.cursor.skipSpaces()
            return line.cursor.peek == UInt8(ascii: "=") ? line.declaration(.variable, name, modifiers) : nil
        case .some:  // `namespace`, `using`, or a modifier the loop above left
            return nil
        case nil:
            break
        }
        let cursor = line.cursor
        if isConst {
            // `const int MaxRetries = 3;`: the name is the identifier before `=`.
            guard let end = cursor.assignment() else { return nil }
            return line.declaration(.constant, cursor.identifier(endingBefore: end), modifiers)
        }
        // Statements never start with a modifier: without one, `await client.SendAsync(…)` would read as a method.
        guard hasModifier, cursor.contains(UInt8(ascii: "(")) else { return nil }
        if let name = Signature.name(cursor, minimumWords: 2, style: .java) {
            return line.declaration(.method, name, modifiers)
        }
        // `public Parser(TextReader reader)`: a constructor.
        var constructor = cursor
        if constructor.identifier() != nil, constructor.peek == UInt8(ascii: "(") { return line.declaration(.initializer, nil, modifiers) }
        return nil
    }
}

enum CSharpWord: String, Keyword {
    // Modifiers.
    case `public`, `private`, protected, `internal`, `static`, readonly, const, abstract, virtual, `override`, sealed, async,
        extern, unsafe, partial, volatile, required, implicit, explicit
    // What a declaration declares.
    case `class`, `struct`, interface, `enum`, record, delegate, `var`, namespace, using

    static let table = KeywordTable<CSharpWord>()

    var isModifier: Bool {
        switch self {
        case .class, .struct, .interface, .enum, .record, .delegate, .var, .namespace, .using: false
        default: true
        }
    }
}
