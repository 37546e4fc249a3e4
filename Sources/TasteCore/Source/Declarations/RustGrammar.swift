/// Rust's declarations: `fn`, `struct`, `enum`, `trait`, `type`, `union`, `const`, `static`, `mod` and `let`,
/// after attributes (`#[test]`) and `pub`, `async`, `unsafe`, `extern "C"`, `default`.
struct RustGrammar: Grammar {
    static func mayStart(_ byte: UInt8) -> Bool { ByteCursor.isIdentifierStart(byte) || byte == UInt8(ascii: "#") }

    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        line.readRustAttributes()
        var modifiers: Declaration.Modifiers = []
        while let modifier = line.cursor.peekKeyword(RustWord.self), modifier.isModifier {
            _ = line.cursor.keyword(RustWord.self)
            if modifier == .pub {
                if line.cursor.peek == UInt8(ascii: "(") {  // pub(crate): seen in the crate only
                    line.cursor.skipGroup(UInt8(ascii: "("), UInt8(ascii: ")"))
                    line.cursor.skipSpaces()
                } else {
                    modifiers.insert(.public)
                }
            }
            if modifier == .extern, line.cursor.peek == UInt8(ascii: "\"") {  // extern "C"
                line.cursor.index += 1
                while let byte = line.cursor.peek, byte != UInt8(ascii: "\"") { line.cursor.index += 1 }
                line.cursor.index += 1
                line.cursor.skipSpaces()
            }
        }
        guard let keyword = line.cursor.keyword(RustWord.self) else { return nil }
        switch keyword {
        case .fn:
            return function(&line, modifiers)
        case .struct, .enum, .trait, .type, .union:
            var declaration = line.declaration(.type, line.cursor.identifier(), modifiers)
            declaration.opensEnum = keyword == .enum && declaration.name != nil
            return declaration
        case .const, .static:
            if line.cursor.take(RustWord.fn) { return function(&line, modifiers) }
            if line.cursor.take(RustWord.unsafe), line.cursor.take(RustWord.fn) { return function(&line, modifiers) }
            _ = line.cursor.take(RustWord.mut)
            guard let name = line.cursor.identifier(), line.cursor.peek == UInt8(ascii: ":") else {
                return line.declaration(.constant, nil, modifiers)  // `static ref NAME: T` (lazy_static)
            }
            return line.declaration(.constant, name, modifiers)
        case .let:
            _ = line.cursor.take(RustWord.mut)
            guard let name = line.cursor.identifier() else { return line.declaration(.variable, nil) }
            line.cursor.skipSpaces()
            // `let Some(x) = …` and `let Point { x, y } = …` destructure: no name is declared.
            switch line.cursor.peek {
            case UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: ";"): return line.declaration(.variable, name)
            default: return line.declaration(.variable, nil)
            }
        case .mod:
            return line.declaration(.module, line.cursor.identifier(), modifiers)
        default:
            return nil
        }
    }

    private func function(_ line: inout GrammarLine, _ modifiers: Declaration.Modifiers) -> Declaration {
        var name = line.cursor.identifier()
        if line.cursor.peek != UInt8(ascii: "("), line.cursor.peek != UInt8(ascii: "<") { name = nil }
        return line.declaration(.function, name, modifiers)
    }
}

enum RustWord: String, Keyword {
    // Modifiers.
    case pub, async, unsafe, extern, `default`
    // What a declaration declares.
    case fn, `struct`, `enum`, trait, type, union, const, `static`, `let`, mod
    case mut

    static let table = KeywordTable<RustWord>()

    var isModifier: Bool {
        switch self {
        case .pub, .async, .unsafe, .extern, .default: true
        default: false
        }
    }
}
