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
        var found: [Breach] = []
        for line in file.lines where line.isTrusted && !line.startedInside && !line.isBlank && file.isChecked(line.number) {
            let indent = line.bytes[0..<line.indent]
            let content = String(decoding: line.bytes[line.indent...], as: UTF8.self)
            if style == "space", let tab = indent.firstIndex(of: 0x09) {
                let width = indent.reduce(0) { $0 + ($1 == 0x09 ? (size ?? 4) : 1) }
                found.append(
                    Breach(
                        line: line.number, column: tab + 1, problem: "tab in the indentation",
                        fix: Fix("indent with spaces", replacement: String(repeating: " ", count: width) + content)))
            } else if style == "tab", indent.first == 0x20, indent.prefix(while: { $0 == 0x20 }).count >= 2 {
                let spaces = indent.prefix { $0 == 0x20 }.count
                let tabs = String(repeating: "\t", count: max(1, spaces / (size ?? 4)))
                found.append(
                    Breach(
                        line: line.number, column: 1, problem: "spaces in the indentation",
                        fix: Fix("indent with tabs", replacement: tabs + String(decoding: indent.dropFirst(spaces), as: UTF8.self) + content)))
            }
        }
        if style == "space", let size { found += stepBreaches(in: file, size: size, rule: rule) }
        return found.sorted { $0.line < $1.line }
    }

    /// Blocks stepped in by another width than `size`. Judged once the file's own steps are known: a file that
    /// keeps others may go on with them, and a step that is neither the repository's, nor one of the file's (or,
    /// for a file with too few old lines to tell, its folder's), nor declared is reported.
    private func stepBreaches(in file: LintedFile, size: Int, rule: Rule) -> [Breach] {
        let all = blockSteps(in: file)
        let steps = all.filter { file.isChecked($0.line.number) && !$0.line.bytes[0..<$0.line.indent].contains(0x09) }
        guard steps.contains(where: { $0.step != size }) else { return [] }
        let oldSteps = all.filter { file.isOld($0.line.number) }.map(\.step)
        var own = file.keepsOwnStyle(against: size, observed: oldSteps) ? Set(oldSteps) : []
        if oldSteps.count < LintedFile.ownStyleMinimum {
            let folderSteps = file.neighbours.flatMap { blockSteps(in: $0).map(\.step) }
            if file.keepsOwnStyle(against: size, observed: folderSteps) { own.formUnion(folderSteps) }
        }
        // A size the repository's configuration declares (`.editorconfig` gives it to every new line) is kept too.
        for declared in rule.declared ?? [] where declared.key == .indentSize {
            if case .int(let width) = declared.value { own.insert(width) }
        }
        return steps.filter { $0.step != size && !own.contains($0.step) }.map { line, step, indent in
            Breach(
                line: line.number, column: 1, problem: "block indented by \(step) spaces, not \(size)",
                fix: Fix(
                    "indent by \(size)",
                    replacement: String(repeating: " ", count: indent + size) + String(decoding: line.bytes[line.indent...], as: UTF8.self)))
        }
    }

    /// Each line that steps into a block opened by the statement right above it, with its step and the opener's
    /// indent. A continuation line's indent is alignment, not a block's: only an opener that starts its
    /// statement (no bracket open, no `\` before it) counts.
    private func blockSteps(in file: LintedFile) -> [(line: SourceLine, step: Int, indent: Int)] {
        var steps: [(line: SourceLine, step: Int, indent: Int)] = []
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
            guard line.isTrusted, !line.startedInside, !line.isBlank, let previous, previous.startsStatement,
                let step = blockStep(line, after: previous.line, in: file.language)
            else { continue }
            steps.append((line, step, previous.line.indent))
        }
        return steps
    }

    /// How far a line steps in from a line that opens a block (ends with `{` or `:`, leaves a closure's `{` open,
    /// or in shell and Ruby ends with `then`, `do` or `else`) just above it; nil when the line above opens nothing, is not right above, or the
    /// line does not step in.
    private func blockStep(_ line: SourceLine, after previous: SourceLine, in language: Language) -> Int? {
        guard previous.number == line.number - 1, let last = previous.lastCode, !previous.bytes.contains(0x09),
            previous.bytes[last] == 0x7B || previous.bytes[last] == 0x3A || previous.leavesBraceOpen
                || opensWordBlock(previous, endingAt: last, in: language),
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
