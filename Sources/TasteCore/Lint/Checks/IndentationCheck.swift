/// Tabs in a repository that indents with spaces (and the reverse), and a block indented by another step
/// than the repository's size. The step is judged only after a block opener that starts its statement: a
/// continuation line's indent is alignment, not a block's.
struct IndentationCheck: LintCheck {
    let fact = FactKey.indentStyle

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard let style = rule.string(.indentStyle) else { return [] }
        // How the file's old lines indent: with tabs or spaces, and by which step.
        let oldIndents = file.lines.filter { $0.isTrusted && !$0.startedInside && !$0.isBlank && $0.indent > 0 && file.isOld($0.number) }
        // A file that indents with the other character is left to it.
        guard !file.keepsOwnStyle(against: style, observed: oldIndents.map { $0.bytes[0] == 0x09 ? "tab" : "space" }) else { return [] }
        let size = rule.int(.indentSize)
        var oldSteps: [Int] = []
        var steps: [(line: SourceLine, step: Int, indent: Int, content: String)] = []
        var found: [Breach] = []
        /// The last code line, and whether a statement starts on it (no bracket open, no `\` before it).
        var previous: (line: SourceLine, startsStatement: Bool)?
        var depth = 0
        var continued = false
        for line in file.lines {
            let startsStatement = depth == 0 && !continued
            defer {
                if !line.followsPrevious || !line.isTrusted { (depth, continued) = (0, false) }
                if !line.isEmpty, !line.startedInside {
                    for bracket in line.brackets {
                        depth = max(0, depth + (bracket.byte == 0x28 || bracket.byte == 0x5B || bracket.byte == 0x7B ? 1 : -1))
                    }
                    continued = line.lastCode.map { line.bytes[$0] == 0x5C } ?? false
                    previous = (line, startsStatement)
                }
            }
            guard line.isTrusted, !line.startedInside, !line.isBlank else { continue }
            if file.isOld(line.number), let previous, previous.startsStatement, let step = blockStep(line, after: previous.line, in: file.language) {
                oldSteps.append(step)
            }
            guard file.isChecked(line.number) else { continue }
            let indent = line.bytes[0..<line.indent]
            let content = String(decoding: line.bytes[line.indent...], as: UTF8.self)
            if style == "space" {
                if let tab = indent.firstIndex(of: 0x09) {
                    let width = indent.reduce(0) { $0 + ($1 == 0x09 ? (size ?? 4) : 1) }
                    found.append(
                        Breach(
                            line: line.number, column: tab + 1, problem: "tab in the indentation",
                            fix: Fix("indent with spaces", replacement: String(repeating: " ", count: width) + content)))
                } else if let previous, previous.startsStatement, let step = blockStep(line, after: previous.line, in: file.language) {
                    steps.append((line, step, previous.line.indent, content))
                }
            } else if style == "tab", indent.first == 0x20, indent.prefix(while: { $0 == 0x20 }).count >= 2 {
                let spaces = indent.prefix { $0 == 0x20 }.count
                let tabs = String(repeating: "\t", count: max(1, spaces / (size ?? 4)))
                found.append(
                    Breach(
                        line: line.number, column: 1, problem: "spaces in the indentation",
                        fix: Fix("indent with tabs", replacement: tabs + String(decoding: indent.dropFirst(spaces), as: UTF8.self) + content)))
            }
        }
        // A block's step is judged once the file's own steps are known: a file that keeps others may go on with
        // them, and a step that is neither the repository's, nor one of the file's, nor declared is reported.
        if let size {
            var own = file.keepsOwnStyle(against: size, observed: oldSteps) ? Set(oldSteps) : []
            // A size the repository's configuration declares (`.editorconfig` gives it to every new line) is kept too.
            for declared in rule.declared ?? [] where declared.key == .indentSize {
                if case .int(let width) = declared.value { own.insert(width) }
            }
            for (line, step, indent, content) in steps where step != size && !own.contains(step) {
                found.append(
                    Breach(
                        line: line.number, column: 1, problem: "block indented by \(step) spaces, not \(size)",
                        fix: Fix("indent by \(size)", replacement: String(repeating: " ", count: indent + size) + content)))
            }
            found.sort { $0.line < $1.line }
        }
        return found
    }

    /// How far a line steps in from a line that opens a block (ends with `{` or `:`, or in shell and Ruby with
    /// `then`, `do` or `else`) just above it; nil when the line above opens nothing, is not right above, or the
    /// line does not step in.
    private func blockStep(_ line: SourceLine, after previous: SourceLine, in language: Language) -> Int? {
        guard previous.number == line.number - 1, let last = previous.lastCode, !previous.bytes.contains(0x09),
            previous.bytes[last] == 0x7B || previous.bytes[last] == 0x3A || opensWordBlock(previous, endingAt: last, in: language),
            line.indent > previous.indent
        else { return nil }
        return line.indent - previous.indent
    }

    private static let blockWords: [[UInt8]] = ["then", "do", "else"].map { Array($0.utf8) }

    /// A shell or Ruby line whose last word opens a block: `if [ -f x ]; then`, `for f in *; do`, `else`.
    private func opensWordBlock(_ line: SourceLine, endingAt last: Int, in language: Language) -> Bool {
        guard language == .shell || language == .ruby else { return false }
        var start = last
        while start > 0, line.isIdentifierByte(line.bytes[start - 1]) { start -= 1 }
        guard start == line.indent || [0x20, 0x3B].contains(line.bytes[start - 1]) else { return false }
        return Self.blockWords.contains { $0.elementsEqual(line.bytes[start...last]) }
    }
}
