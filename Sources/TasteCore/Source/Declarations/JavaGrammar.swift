/// Java's declarations: `class`, `interface`, `enum`, `record` and `@interface`; `static final` constants;
/// methods, constructors and fields after annotations and modifiers.
struct JavaGrammar: Grammar {
    static var semicolonEndsEnumCases: Bool { true }

    /// A generic method may start with its type parameters: `<T> List<T> copy(…)`.
    static func mayStart(_ byte: UInt8) -> Bool {
        ByteCursor.isIdentifierStart(byte) || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "<")
    }

    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        var modifiers: Declaration.Modifiers = []
        var isFinal = false, hasModifier = false
        while true {
            // `@interface Name`: an annotation type, not an annotation.
            if line.cursor.peek == UInt8(ascii: "@"), JavaWord.table.match(line.cursor.bytes, at: line.cursor.index + 1)?.keyword == .interface {
                line.cursor.index += 1
                _ = line.cursor.keyword(JavaWord.self)
                return line.declaration(.type, line.cursor.identifier(), modifiers)
            }
            line.readAnnotations()
            guard let word = line.cursor.peekKeyword(JavaWord.self), word.isModifier else { break }
            _ = line.cursor.keyword(JavaWord.self)
            hasModifier = true
            switch word {
            case .public: modifiers.insert(.public)
            case .static: modifiers.insert(.static)
            case .final: isFinal = true
            default: break
            }
        }
        switch line.cursor.peekKeyword(JavaWord.self) {
        case .class?, .interface?, .enum?, .record?:
            let keyword = line.cursor.keyword(JavaWord.self)
            var declaration = line.declaration(.type, line.cursor.identifier(), modifiers)
            declaration.opensEnum = keyword == .enum && declaration.name != nil
            return declaration
        default:
            break
        }
        let cursor = line.cursor
        if modifiers.contains(.static), isFinal {
            // `static final Map<String, Integer> LIMITS = …;`: the name is the identifier before `=` or `;`.
            guard Self.declares(cursor) else { return nil }
            let end = cursor.assignment() ?? cursor.lastIndex(of: UInt8(ascii: ";"))
            return line.declaration(.constant, end.flatMap { cursor.identifier(endingBefore: $0) }, modifiers)
        }
        if let name = Signature.name(cursor, minimumWords: 2, style: .java) {
            return line.declaration(.method, name, modifiers)
        }
        guard hasModifier, Self.declares(cursor) else { return nil }
        if cursor.contains(UInt8(ascii: "(")) {
            // `public Parser(Reader reader)`: a constructor; otherwise a method whose signature was not read.
            var constructor = cursor
            if let name = constructor.identifier() {
                constructor.skipSpaces()
                if constructor.peek == UInt8(ascii: "(") { return line.declaration(.initializer, name, modifiers) }
            }
            return line.declaration(.method, nil, modifiers)
        }
        // A field: `private final String name;`, `public int count = 0;`.
        let end = cursor.assignment() ?? cursor.lastIndex(of: UInt8(ascii: ";"))
        return line.declaration(.variable, end.flatMap { cursor.identifier(endingBefore: $0) }, modifiers)
    }

    /// A declaration's line holds its parameters, its value or its end.
    private static func declares(_ cursor: ByteCursor) -> Bool {
        cursor.contains(UInt8(ascii: "(")) || cursor.contains(UInt8(ascii: "=")) || cursor.contains(UInt8(ascii: ";"))
    }
}

enum JavaWord: String, Keyword {
    // Modifiers.
    case `public`, `private`, protected, `static`, final, abstract, synchronized, native, `default`, strictfp, transient,
        volatile, sealed, nonSealed = "non-sealed"
    // What a declaration declares.
    case `class`, interface, `enum`, record

    static let table = KeywordTable<JavaWord>()

    var isModifier: Bool {
        switch self {
        case .class, .interface, .enum, .record: false
        default: true
        }
    }
}
