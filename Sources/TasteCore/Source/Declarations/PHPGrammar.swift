/// PHP's declarations: `class`, `interface`, `trait` and `enum`; `function`s, methods (a function after a
/// visibility or other modifier), `const` constants, and variables assigned where a statement starts
/// (`$retryCount = 0;`, never `$this->count = 0;`).
struct PHPGrammar: Grammar {
    static func mayStart(_ byte: UInt8) -> Bool { ByteCursor.isIdentifierStart(byte) }

    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        if line.cursor.peek == UInt8(ascii: "$") { return variable(&line) }
        var modifiers: Declaration.Modifiers = []
        var hasModifier = false
        while let word = line.cursor.peekKeyword(PHPWord.self), word.isModifier {
            _ = line.cursor.keyword(PHPWord.self)
            hasModifier = true
            if word == .public { modifiers.insert(.public) }
            if word == .static { modifiers.insert(.static) }
        }
        switch line.cursor.keyword(PHPWord.self) {
        case .class?, .interface?, .trait?, .enum?:
            return line.declaration(.type, line.cursor.identifier(), modifiers)
        case .function?:
            // `function &getReference()` returns by reference.
            if line.cursor.peek == UInt8(ascii: "&") { line.cursor.index += 1 }
            let name = line.cursor.identifier()
            guard line.cursor.peek == UInt8(ascii: "(") else { return nil }
            // A function with a modifier is a class's method; PHP's magic methods (`__construct`) are imposed.
            if let name, name.count > 2, name[0] == UInt8(ascii: "_"), name[1] == UInt8(ascii: "_") {
                modifiers.insert(.imposedName)
            }
            return line.declaration(hasModifier ? .method : .function, name, modifiers)
        case .const?:
            // `const MAX_RETRIES = 3;`, `public const int LIMIT = 10;` (typed, PHP 8.3).
            guard let end = line.cursor.assignment() else { return nil }
            return line.declaration(.constant, line.cursor.identifier(endingBefore: end), modifiers)
        default:
            return nil
        }
    }

    /// `$name = …` at a statement's start: the name after `$`, where an assignment (not `==`, `=>`) follows it.
    private func variable(_ line: inout GrammarLine) -> Declaration? {
        line.cursor.index += 1
        guard let name = line.cursor.identifier(), !(name.count == 4 && name.elementsEqual("this".utf8)) else { return nil }
        line.cursor.skipSpaces()
        let bytes = line.cursor.bytes, index = line.cursor.index
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "="), bytes[index + 1] != UInt8(ascii: "="),
            bytes[index + 1] != UInt8(ascii: ">")
        else { return nil }
        return line.declaration(.variable, name)
    }
}

enum PHPWord: String, Keyword {
    // Modifiers.
    case `public`, `private`, protected, `static`, abstract, final, readonly
    // What a declaration declares.
    case `class`, interface, trait, `enum`, function, const

    static let table = KeywordTable<PHPWord>()

    var isModifier: Bool {
        switch self {
        case .class, .interface, .trait, .enum, .function, .const: false
        default: true
        }
    }
}
