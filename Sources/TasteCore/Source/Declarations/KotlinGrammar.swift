/// Kotlin's declarations: `class`, `interface`, `object`, `typealias`, `fun` (and `fun interface`), `val` and
/// `var`, after annotations and modifiers. Declarations are public unless `private`, `internal` or `protected`.
struct KotlinGrammar: Grammar {
    static var semicolonEndsEnumCases: Bool { true }

    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        var modifiers: Declaration.Modifiers = .public
        var isConst = false, isEnum = false
        while true {
            line.readAnnotations()
            guard let word = line.cursor.peekKeyword(KotlinWord.self), word.isModifier else { break }
            _ = line.cursor.keyword(KotlinWord.self)
            switch word {
            case .private, .internal, .protected: modifiers.remove(.public)
            case .public: modifiers.insert(.writtenPublic)
            case .override: modifiers.insert(.override)
            case .const: isConst = true
            case .enum: isEnum = true
            default: break
            }
        }
        guard let keyword = line.cursor.keyword(KotlinWord.self) else { return nil }
        switch keyword {
        case .class, .interface, .object, .typealias:
            var declaration = line.declaration(.type, line.cursor.identifier(), modifiers)  // `companion object {` has no name
            declaration.opensEnum = isEnum && declaration.name != nil
            return declaration
        case .fun:
            if line.cursor.take(KotlinWord.interface) { return line.declaration(.type, line.cursor.identifier(), modifiers) }
            return function(&line, modifiers)
        case .val, .var:
            return property(keyword, &line, modifiers, isConst: isConst)
        default:
            return nil
        }
    }

    /// `fun name(`, `fun <T> name(`, `fun Receiver.name(`, `fun List<T>.name(`: the last name before the parenthesis.
    private func function(_ line: inout GrammarLine, _ modifiers: Declaration.Modifiers) -> Declaration {
        if line.cursor.peek == UInt8(ascii: "<") {
            line.cursor.skipGroup(UInt8(ascii: "<"), UInt8(ascii: ">"))
            line.cursor.skipSpaces()
        }
        if line.cursor.peek == UInt8(ascii: "`") { return line.declaration(.function, nil, modifiers.union(.quotedName)) }
        var name = line.cursor.identifier()
        while name != nil {
            if line.cursor.peek == UInt8(ascii: "<") { line.cursor.skipGroup(UInt8(ascii: "<"), UInt8(ascii: ">")) }
            if line.cursor.peek == UInt8(ascii: "?") { line.cursor.index += 1 }
            guard line.cursor.peek == UInt8(ascii: ".") else { break }
            line.cursor.index += 1
            name = line.cursor.identifier()
        }
        return line.declaration(.function, line.cursor.peek == UInt8(ascii: "(") ? name : nil, modifiers)
    }

    private func property(_ keyword: KotlinWord, _ line: inout GrammarLine, _ modifiers: Declaration.Modifiers, isConst: Bool) -> Declaration {
        guard let name = line.cursor.identifier() else { return line.declaration(.variable, nil, modifiers) }  // `val (a, b) = pair`
        let nameEnd = line.cursor.index
        line.cursor.skipSpaces()
        switch line.cursor.peek {
        case nil, UInt8(ascii: ":"), UInt8(ascii: "="): break
        default: return line.declaration(.variable, nil, modifiers)
        }
        if isConst { return line.declaration(.constant, name, modifiers) }
        if line.indent == 0, let value = line.cursor.assignment(from: nameEnd - 1), line.cursor.literal(after: value + 1) {
            return line.declaration(.constant, name, modifiers)
        }
        // A companion object's `val DEFAULT = …` is a constant by its author's word, with no literal to compare.
        if IdentifierCase.classify(name) == .screaming {
            return line.declaration(keyword == .val ? .constant : .variable, name, modifiers.union(.unclearKind))
        }
        return line.declaration(.variable, name, modifiers)
    }
}

enum KotlinWord: String, Keyword {
    // Modifiers.
    case `public`, `private`, protected, `internal`, open, final, abstract, override, data, sealed, inline, value, annotation,
        inner, companion, lateinit, suspend, `operator`, infix, tailrec, external, expect, actual, const, `enum`
    // What a declaration declares.
    case `class`, interface, object, `typealias`, fun, val, `var`

    static let table = KeywordTable<KotlinWord>()

    var isModifier: Bool {
        switch self {
        case .class, .interface, .object, .typealias, .fun, .val, .var: false
        default: true
        }
    }
}
