/// Multi-line lists whose last element ends otherwise than the repository's: read by the same list reader the
/// trailing-comma miner counts with (one element per line, closed on the next line), so a list the miner would
/// not count is never reported.
struct TrailingCommaCheck: LintCheck {
    let fact = FactKey.trailingCommas

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        var found: [Breach] = []
        for edit in Self.edits(for: rule, in: file) {
            guard let line = file.line(numbered: edit.line) else { continue }
            let adding = edit.wanted == "multiline"
            found.append(
                Breach(
                    line: edit.line, column: line.column(ofByte: edit.offset),
                    problem: adding ? "multi-line list without a trailing comma" : "trailing comma after the last element",
                    fix: Fix(adding ? "add a trailing comma" : "remove the trailing comma", replacement: edit.replacement)))
        }
        return found
    }

    /// One last element to mend: its line, where the comma goes or goes away, and the line as it should read.
    struct Edit {
        var line: Int
        var offset: Int
        var wanted: String
        var replacement: String
    }

    /// The last elements that break `rule` on checked lines: `taste fix` makes exactly these edits.
    static func edits(for rule: Rule, in file: LintedFile) -> [Edit] {
        guard let wanted = rule.string(.trailingCommas), wanted == "multiline" || wanted == "never",
            TrailingCommaMiner.description.languages.contains(file.language)
        else { return [] }
        // A rule that says "but not the last argument" (prettier's "es5") holds only literals to its value.
        let holdsArguments = !rule.statement.contains("argument or parameter")
        var ends: [TrailingCommaMiner.ListEnd] = []
        TrailingCommaMiner.listEnds(in: file.source) { end in
            if end.style != nil, end.closer != 0x29 || holdsArguments { ends.append(end) }
        }
        // A file that keeps the other habit is left to it.
        guard !file.keepsOwnStyle(against: wanted, observed: ends.filter { file.isOld($0.line) }.compactMap(\.style)) else { return [] }
        return ends.compactMap { end in
            guard end.style != wanted, file.isChecked(end.line), let line = file.line(numbered: end.line), line.isTrusted,
                let first = line.firstCode, let last = line.lastCode
            else { return nil }
            // `*args` and `**kwargs` took no trailing comma before Python 3.6: never add one there.
            if file.language == .python, line.bytes[first] == 0x2A { return nil }
            var bytes = Array(line.bytes)
            if wanted == "multiline" {
                bytes.insert(0x2C, at: last + 1)
                return Edit(line: end.line, offset: last + 1, wanted: wanted, replacement: String(decoding: bytes, as: UTF8.self))
            }
            guard bytes[last] == 0x2C else { return nil }
            bytes.remove(at: last)
            return Edit(line: end.line, offset: last, wanted: wanted, replacement: String(decoding: bytes, as: UTF8.self))
        }
    }
}
