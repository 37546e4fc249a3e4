/// Python's declarations: `class`, `def` (and `async def`), decorators, and assignments at a line's start,
/// which declare a variable, or a constant when the name is in capitals or a module-level name holds a literal.
struct PythonGrammar: Grammar {
    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        if line.cursor.peek == UInt8(ascii: "@") {
            line.readAnnotations()
            return nil
        }
        _ = line.cursor.take(PythonWord.async)
        switch line.cursor.peekKeyword(PythonWord.self) {
        case .class?:
            _ = line.cursor.keyword(PythonWord.self)
            guard let name = line.cursor.identifier() else { return nil }
            let named = line.cursor.peek == UInt8(ascii: "(") || line.cursor.peek == UInt8(ascii: ":")
            return line.declaration(.type, named ? name : nil, Self.visibility(name))
        case .def?:
            _ = line.cursor.keyword(PythonWord.self)
            guard let name = line.cursor.identifier() else { return nil }
            var modifiers = Self.visibility(name)
            if Self.isDunder(name) { modifiers.insert(.imposedName) }
            return line.declaration(.function, line.cursor.peek == UInt8(ascii: "(") ? name : nil, modifiers)
        case _?:
            return nil  // a statement: `if`, `return`, `print`, …
        case nil:
            return assignment(&line)
        }
    }

    /// `NAME = value`, `name: Type = value` at a line's start.
    private func assignment(_ line: inout GrammarLine) -> Declaration? {
        guard let name = line.cursor.identifier() else { return nil }
        let cursor = line.cursor
        let nameEnd = cursor.index
        var value: Int?
        if cursor.peek == UInt8(ascii: ":") {
            // `name: Type` or `name: Type = value`, not `else:` (a keyword) or a slice.
            guard nameEnd + 2 < cursor.bytes.count, cursor.bytes[nameEnd + 1] == 0x20,
                ByteCursor.isIdentifierStart(cursor.bytes[nameEnd + 2])
            else { return nil }
            value = cursor.assignment(from: nameEnd)
        } else {
            // ` = ` right after the name: black and PEP 8 space an assignment, never a keyword argument.
            guard let at = cursor.assignment(from: nameEnd), at == nameEnd + 1 else { return nil }
            value = at
        }
        var modifiers = Self.visibility(name)
        if Self.isDunder(name) { modifiers.insert(.imposedName) }  // `__all__`, `__version__`
        let nameCase = IdentifierCase.classify(name)
        if nameCase == .screaming || (line.indent == 0 && value.map { cursor.literal(after: $0 + 1) } == true) {
            return line.declaration(.constant, name, modifiers)
        }
        if nameCase == .upperCamel { modifiers.insert(.unclearKind) }  // a type alias (`Headers = dict[str, str]`)
        return line.declaration(.variable, name, modifiers)
    }

    /// A leading underscore keeps a name private to its module or class.
    private static func visibility(_ name: UnsafeBufferPointer<UInt8>) -> Declaration.Modifiers {
        name.first == UInt8(ascii: "_") ? [] : .public
    }

    private static func isDunder(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        name.count > 4 && name[0] == 0x5F && name[1] == 0x5F && name[name.count - 2] == 0x5F && name[name.count - 1] == 0x5F
    }
}

enum PythonWord: String, Keyword {
    case `class`, def, async
    // Statements: a name at a line's start that declares nothing.
    case `if`, elif, `else`, `for`, `while`, `return`, with, `import`, from, print, assert, del, global, nonlocal, pass, raise,
        yield, `try`, except, finally, lambda, not, and, or, `in`, `is`, await, match, `case`, type

    static let table = KeywordTable<PythonWord>()
}
