/// One kind of repair `taste fix` makes, by the fact it puts right. Each computes its edits on the draft as
/// it stands (lexed afresh), and says what it may change, which is all the safety check lets it change.
enum Repair: CaseIterable {
    // In this order: line numbers hold until blank lines go, and the final newline is about the last line.
    case lineEndings, trailingWhitespace, indentation, quotes, semicolons, trailingCommas, importOrder, blankLines, finalNewline

    var fact: FactKey {
        switch self {
        case .lineEndings: .lineEndings
        case .trailingWhitespace: .trimTrailingWhitespace
        case .indentation: .indentStyle
        case .quotes: .quoteStyle
        case .semicolons: .semicolons
        case .trailingCommas: .trailingCommas
        case .importOrder: .importsSorted
        case .blankLines: .maxBlankLines
        case .finalNewline: .finalNewline
        }
    }

    /// Besides whitespace, which no token holds.
    var allowance: TokenStream.Allowance {
        switch self {
        case .quotes: .quotes
        case .semicolons: .semicolons
        case .trailingCommas: .trailingCommas
        case .importOrder: .importOrder
        default: []
        }
    }

    /// One change to the draft.
    struct Edit {
        enum Action {
            case replace(String)
            case lineEnding(crlf: Bool)
            case delete
            case finalNewline(Bool)
        }

        /// The line's index in the draft.
        var index: Int
        var action: Action
        /// What changed, in a few words.
        var summary: String
    }

    /// The edits that make `file` keep `rule`, on lines the fix may change and no `taste-ignore` silences.
    func edits(for rule: Rule, in file: LintedFile, draft: FixDraft) -> [Edit] {
        let allowed = { (number: Int) in file.isChecked(number) && !Linter.isSilenced(rule.id, at: number, in: file) }
        switch self {
        case .indentation:
            // A file lint leaves to its own style (or its folder's) is left to it here too.
            guard !IndentationCheck().breaches(of: rule, in: file).isEmpty else { return [] }
            return IndentationRepair(rule: rule)?.edits(in: file, where: allowed) ?? []
        case .quotes:
            guard let style = rule.string(.quoteStyle), let wanted = QuoteStyleCheck.quote(style) else { return [] }
            return file.lines.enumerated().compactMap { index, line in
                guard allowed(line.number) else { return nil }
                let strings = QuoteStyleCheck.tradeable(in: line, for: wanted, language: file.language)
                guard !strings.isEmpty else { return nil }
                var bytes = Array(line.bytes)
                for string in strings { (bytes[Int(string.start)], bytes[Int(string.end)]) = (wanted, wanted) }
                let count = strings.count == 1 ? "a string" : "\(strings.count) strings"
                return Edit(index: index, action: .replace(String(decoding: bytes, as: UTF8.self)), summary: "\(style) quotes for \(count)")
            }
        case .semicolons:
            return semicolonEdits(rule, file, allowed)
        case .blankLines:
            return blankLineEdits(rule, file, allowed)
        case .trailingCommas:
            return TrailingCommaCheck.edits(for: rule, in: file).compactMap { edit in
                guard allowed(edit.line), let index = draft.index(ofLine: edit.line) else { return nil }
                let added = edit.wanted == "multiline"
                return Edit(index: index, action: .replace(edit.replacement), summary: added ? "trailing comma added" : "trailing comma removed")
            }
        case .importOrder:
            return importOrderEdits(rule, file, allowed)
        case .trailingWhitespace, .lineEndings, .finalNewline:
            guard let check = LintChecks.all.first(where: { $0.fact == fact }) else { return [] }
            return check.breaches(of: rule, in: file).compactMap { breach in
                guard allowed(breach.line), let index = draft.index(ofLine: breach.line) else { return nil }
                // A line the lexer lost track on may end inside a string it did not see.
                if self == .trailingWhitespace, file.line(numbered: breach.line)?.isTrusted != true { return nil }
                switch self {
                case .trailingWhitespace:
                    guard let replacement = breach.fix?.replacement else { return nil }
                    return Edit(index: index, action: .replace(replacement), summary: "trailing whitespace removed")
                case .lineEndings:
                    let crlf = rule.string(.lineEndings) == "crlf"
                    return Edit(index: index, action: .lineEnding(crlf: crlf), summary: crlf ? "LF → CRLF" : "CRLF → LF")
                default:
                    let wanted = rule.bool(.finalNewline) ?? true
                    return Edit(index: index, action: .finalNewline(wanted), summary: wanted ? "final newline added" : "final newline removed")
                }
            }
        }
    }

    /// The statements the semicolon check reports, mended where nothing can read differently: a `;` is added
    /// only where the statement reader saw the next line start a new statement, and removed only where the
    /// next line does not start with a token that would continue the statement without it (`(`, `[`, `` ` ``, an operator).
    private func semicolonEdits(_ rule: Rule, _ file: LintedFile, _ allowed: (Int) -> Bool) -> [Edit] {
        guard let wanted = rule.bool(.semicolons), file.language == .javascript || file.language == .typescript else { return [] }
        var edits: [Edit] = []
        let lines = file.lines
        SemicolonMiner.statementEnds(in: file.source) { number, semicolon in
            guard semicolon != wanted, allowed(number), let index = lines.firstIndex(where: { $0.number == number }),
                let last = lines[index].lastCode
            else { return }
            let line = lines[index]
            if wanted {
                guard line.bytes[last] != 0x7B else { return }
                let text =
                    String(decoding: line.bytes[...last], as: UTF8.self) + ";" + String(decoding: line.bytes[(last + 1)...], as: UTF8.self)
                edits.append(Edit(index: index, action: .replace(text), summary: "semicolon added"))
            } else {
                // The next line of code, if it follows: with ASI, `(`, `[` or an operator there would join the two.
                if let next = lines[(index + 1)...].first(where: { !$0.isEmpty || $0.startedInside }) {
                    guard next.isTrusted, !next.startedInside, let first = next.firstCode, !SemicolonMiner.continues(next, at: first) else {
                        return
                    }
                }
                var bytes = Array(line.bytes)
                bytes.remove(at: last)
                edits.append(Edit(index: index, action: .replace(String(decoding: bytes, as: UTF8.self)), summary: "semicolon removed"))
            }
        }
        return edits
    }

    /// Each import group the check reports, sorted: its statements (with their comments on the same line)
    /// trade places, whole. An old statement keeps its text and its order among the old ones (they were sorted,
    /// or the group would keep its own order), so an added import is put in its place between them; that moves
    /// old lines down, which only a whole file can show: in a patch's hunks (context lines are not the fix's to
    /// rewrite) a group is sorted only where every line it rewrites is one the change added.
    private func importOrderEdits(_ rule: Rule, _ file: LintedFile, _ allowed: (Int) -> Bool) -> [Edit] {
        guard rule.bool(.importsSorted) == true else { return [] }
        var edits: [Edit] = []
        for group in ImportGroup.groups(in: file.source) {
            guard let order = group.sortedOrder(language: file.language, before: { ImportOrderCheck.before($0, in: file) }) else { continue }
            let texts = order.flatMap { member in group.members[member].lines.map { file.lines[$0].text } }
            let changed = zip(group.lineIndices, texts).filter { file.lines[$0].text != $1 }
            guard changed.contains(where: { allowed(file.lines[$0.0].number) }),
                changed.allSatisfy({ movable(file.lines[$0.0].number, rule, file, allowed) })
            else { continue }
            edits += changed.map { Edit(index: $0, action: .replace($1), summary: "imports sorted") }
        }
        return edits
    }

    /// Whether the import repair may rewrite line `number`: one the fix may change, or in a whole file an old line
    /// no `taste-ignore` holds in place.
    private func movable(_ number: Int, _ rule: Rule, _ file: LintedFile, _ allowed: (Int) -> Bool) -> Bool {
        allowed(number) || (file.change.isWhole && !Linter.isSilenced(rule.id, at: number, in: file))
    }

    /// Runs of blank lines longer than the rule allows lose their changeable blank lines, down to the limit.
    /// A blank line inside a multi-line string is its content, not layout.
    private func blankLineEdits(_ rule: Rule, _ file: LintedFile, _ allowed: (Int) -> Bool) -> [Edit] {
        guard let maximum = rule.int(.maxBlankLines), maximum >= 0 else { return [] }
        var edits: [Edit] = []
        var run: [(index: Int, number: Int)] = []
        func close() {
            defer { run.removeAll() }
            guard run.count > maximum else { return }
            var extra = run.count - maximum
            for blank in run.reversed() where extra > 0 && allowed(blank.number) {
                edits.append(Edit(index: blank.index, action: .delete, summary: "extra blank line removed"))
                extra -= 1
            }
        }
        for (index, line) in file.lines.enumerated() {
            let blank = line.isBlank && !line.startsInString
            if !blank || !line.followsPrevious { close() }
            if blank { run.append((index, line.number)) }
        }
        close()
        return edits.sorted { $0.index < $1.index }
    }
}
