/// JavaScript's and TypeScript's declarations: `class`, `interface`, `type`, `enum`, `function`, `const`, `let`
/// and `var` after `export` and the other modifiers; CommonJS exports (`exports.x = …`, `module.exports = …`,
/// `app.listen = function …`); and tests declared by a described call (`it('parses', …)`, `test("…", …)`).
struct ScriptGrammar: Grammar {
    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        let start = line.cursor.index
        switch line.cursor.keyword(ScriptWord.self) {
        case .exports?:
            var name: UnsafeBufferPointer<UInt8>?
            if line.cursor.peek == UInt8(ascii: ".") {
                line.cursor.index += 1
                name = line.cursor.identifier()
            }
            return line.declaration(.property, name, .public)
        case .module?:
            if line.cursor.peek == UInt8(ascii: ".") {
                line.cursor.index += 1
                line.cursor.skipSpaces()
                if line.cursor.take(ScriptWord.exports) { return line.declaration(.property, nil, .public) }
            }
        case .it?, .test?:
            if Self.isTestCall(&line.cursor) { return line.declaration(.test, nil) }
        default:
            break
        }
        line.cursor.index = start
        if let property = Self.assignedFunction(&line) { return property }
        line.cursor.index = start

        var modifiers: Declaration.Modifiers = []
        while true {
            line.readAnnotations()
            guard let word = line.cursor.peekKeyword(ScriptWord.self), word.isModifier else { break }
            _ = line.cursor.keyword(ScriptWord.self)
            if word == .export { modifiers.insert(.public) }
        }
        guard let keyword = line.cursor.keyword(ScriptWord.self) else { return nil }
        switch keyword {
        case .class, .interface:
            guard line.cursor.peekKeyword(ScriptWord.self) != .extends, let name = line.cursor.identifier(),
                line.cursor.peek != UInt8(ascii: "(")
            else { return line.declaration(.type, nil, modifiers) }
            return line.declaration(.type, name, modifiers)
        case .type:
            // `export type { A } from './a'` declares nothing.
            guard let name = line.cursor.identifier() else { return nil }
            line.cursor.skipSpaces()
            let named = line.cursor.peek == UInt8(ascii: "=") || line.cursor.peek == UInt8(ascii: "<")
            return line.declaration(.type, named ? name : nil, modifiers)
        case .enum:
            return enumeration(&line, modifiers)
        case .function:
            if line.cursor.peek == UInt8(ascii: "*") {
                line.cursor.index += 1
                line.cursor.skipSpaces()
            }
            guard let name = line.cursor.identifier(), line.cursor.peek == UInt8(ascii: "(") || line.cursor.peek == UInt8(ascii: "<") else {
                return line.declaration(.function, nil, modifiers)
            }
            // `function Button()` is a component or a constructor: its capital is imposed, not chosen.
            if IdentifierCase.classify(name) == .upperCamel { modifiers.insert(.imposedName) }
            return line.declaration(.function, name, modifiers)
        case .const, .let, .var:
            return binding(keyword, &line, modifiers)
        default:
            return nil
        }
    }

    private func enumeration(_ line: inout GrammarLine, _ modifiers: Declaration.Modifiers) -> Declaration {
        guard let name = line.cursor.identifier() else { return line.declaration(.type, nil, modifiers) }
        var declaration = line.declaration(.type, name, modifiers)
        declaration.opensEnum = true
        return declaration
    }

    private func binding(_ keyword: ScriptWord, _ line: inout GrammarLine, _ modifiers: Declaration.Modifiers) -> Declaration {
        var modifiers = modifiers
        if keyword == .const, line.cursor.take(ScriptWord.enum) { return enumeration(&line, modifiers) }
        guard let name = line.cursor.identifier() else { return line.declaration(.variable, nil, modifiers) }  // `const { a } = b`
        let nameEnd = line.cursor.index
        line.cursor.skipSpaces()
        switch line.cursor.peek {
        case nil, UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "!"): break
        default: return line.declaration(.variable, nil, modifiers)
        }
        let nameCase = IdentifierCase.classify(name)
        if let value = line.cursor.assignment(from: nameEnd - 1) {
            var rhs = ByteCursor(line.cursor.bytes, at: value + 1)
            rhs.skipSpaces()
            if Self.isFunctionValue(&rhs) {
                if nameCase == .upperCamel { modifiers.insert(.imposedName) }
                return line.declaration(.function, name, modifiers)
            }
            if keyword == .const, line.indent == 0 || modifiers.contains(.public), line.cursor.literal(after: value + 1) {
                return line.declaration(.constant, name, modifiers)
            }
        }
        if keyword == .const, nameCase == .screaming { return line.declaration(.constant, name, modifiers) }
        if nameCase == .upperCamel { modifiers.insert(.unclearKind) }  // a component, a class expression, a namespace import
        return line.declaration(.variable, name, modifiers)
    }

    /// `it('…'`, `test("…"`, `test.only('…'`: a test and the sentence that describes it.
    private static func isTestCall(_ cursor: inout ByteCursor) -> Bool {
        if cursor.peek == UInt8(ascii: ".") {
            cursor.index += 1
            guard cursor.identifier() != nil else { return false }
        }
        guard cursor.peek == UInt8(ascii: "(") else { return false }
        cursor.index += 1
        guard let quote = cursor.peek else { return false }
        return quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "`")
    }

    /// `app.listen = function listen(…)`: a method set on an object, public unless its name starts with `_`.
    private static func assignedFunction(_ line: inout GrammarLine) -> Declaration? {
        guard line.cursor.identifier() != nil else { return nil }
        line.cursor.skipSpaces()
        guard line.cursor.peek == UInt8(ascii: ".") else { return nil }
        line.cursor.index += 1
        line.cursor.skipSpaces()
        guard let name = line.cursor.identifier() else { return nil }
        line.cursor.skipSpaces()
        guard line.cursor.peek == UInt8(ascii: "=") else { return nil }
        line.cursor.index += 1
        line.cursor.skipSpaces()
        guard line.cursor.take(ScriptWord.function) else { return nil }
        return line.declaration(.property, name, name.first == UInt8(ascii: "_") ? [] : .public)
    }

    /// `function …`, `async …`, `(a) => …`, `a => …`.
    private static func isFunctionValue(_ rhs: inout ByteCursor) -> Bool {
        let start = rhs.index
        if rhs.take(ScriptWord.function) || rhs.take(ScriptWord.async) { return true }
        if rhs.peek == UInt8(ascii: "(") {
            rhs.skipGroup(UInt8(ascii: "("), UInt8(ascii: ")"))
            rhs.skipSpaces()
            if rhs.peek == UInt8(ascii: ":") { return rhs.bytes.count > rhs.index + 1 && containsArrow(rhs) }  // `(a): T => …`
            return startsWithArrow(rhs)
        }
        rhs.index = start
        if rhs.identifier() != nil {
            rhs.skipSpaces()
            return startsWithArrow(rhs)
        }
        return false
    }

    private static func startsWithArrow(_ cursor: ByteCursor) -> Bool {
        cursor.index + 1 < cursor.bytes.count && cursor.bytes[cursor.index] == UInt8(ascii: "=")
            && cursor.bytes[cursor.index + 1] == UInt8(ascii: ">")
    }

    private static func containsArrow(_ cursor: ByteCursor) -> Bool {
        var index = cursor.index
        while index + 1 < cursor.bytes.count {
            if cursor.bytes[index] == UInt8(ascii: "="), cursor.bytes[index + 1] == UInt8(ascii: ">") { return true }
            index += 1
        }
        return false
    }
}

enum ScriptWord: String, Keyword {
    // Modifiers.
    case export, `default`, declare, abstract, async, `public`, `private`, protected, `static`, readonly, override, accessor
    // What a declaration declares.
    case `class`, interface, type, `enum`, function, const, `let`, `var`
    case extends
    // CommonJS exports and test calls.
    case exports, module, it, test

    static let table = KeywordTable<ScriptWord>()

    var isModifier: Bool {
        switch self {
        case .export, .default, .declare, .abstract, .async, .public, .private, .protected, .static, .readonly, .override, .accessor: true
        default: false
        }
    }
}
