/// Strings in the other quotes than the repository's, where nothing forced them: the string holds no quote
/// character, is no JSX attribute, and (in Ruby and PHP) needs no double quotes for escapes or interpolation.
struct QuoteStyleCheck: LintCheck {
    let fact = FactKey.quoteStyle

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard let style = rule.string(.quoteStyle), style == "single" || style == "double" else { return [] }
        let wanted: UInt8 = style == "single" ? 0x27 : 0x22
        // A file that keeps the other quotes, on strings free to take either, is left to them.
        let kept = file.lines.filter { $0.isTrusted && file.isOld($0.number) }.flatMap { line in
            line.strings.filter { $0.form == .plain && !$0.holdsQuote && !$0.attribute && ($0.quote == 0x27 || $0.quote == 0x22) }.map(\.quote)
        }
        guard !file.keepsOwnStyle(against: wanted, observed: kept) else { return [] }
        let escapesForceDouble = file.language == .ruby || file.language == .php
        var found: [Breach] = []
        for line in file.checkedLines where line.isTrusted {
            for string in line.strings where string.form == .plain && !string.holdsQuote && !string.attribute && string.quote != wanted {
                guard string.quote == 0x27 || string.quote == 0x22 else { continue }
                if escapesForceDouble, string.escapes, wanted == 0x27 { continue }
                // Only strings whose content never holds the wanted quote, escaped or not, can simply trade quotes.
                let content = line.bytes[Int(string.start + 1)..<Int(string.end)]
                guard !content.contains(wanted) else { continue }
                var fixed = Array(line.bytes)
                fixed[Int(string.start)] = wanted
                fixed[Int(string.end)] = wanted
                found.append(
                    Breach(
                        line: line.number, column: line.column(ofByte: Int(string.start)),
                        problem: "\(style == "single" ? "double" : "single")-quoted string",
                        fix: Fix("use \(style) quotes", replacement: String(decoding: fixed, as: UTF8.self))))
            }
        }
        return found
    }
}
