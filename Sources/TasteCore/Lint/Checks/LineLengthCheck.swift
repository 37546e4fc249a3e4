/// Lines wider than the repository's limit that a person would break: the lexer trusts them, and they are not
/// mostly a long string, a URL or an import (what the line-length miner leaves out, the check leaves out).
struct LineLengthCheck: LintCheck {
    let fact = FactKey.maxLineLength

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard let limit = rule.int(.maxLineLength) else { return [] }
        return file.checkedLines.compactMap { line in
            guard line.width > limit, line.isTrusted, !line.startsInString, !LineLengthMiner.isUnbreakable(line) else { return nil }
            // The column where the line crosses the limit, a tab counted as 4 as the miner counts it.
            var width = 0
            var column = 0
            for byte in line.bytes where byte & 0xC0 != 0x80 {
                width += byte == 0x09 ? 4 : 1
                column += 1
                if width > limit { break }
            }
            return Breach(line: line.number, column: column, problem: "line is \(line.width) columns, over the limit of \(limit)", fix: nil)
        }
    }
}
