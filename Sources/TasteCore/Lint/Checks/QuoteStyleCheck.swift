/// Strings in the other quotes than the repository's, where nothing forced them: the string holds no quote
/// character, is no JSX attribute (in JavaScript and TypeScript), and (in Ruby and PHP) needs no double quotes for escapes or interpolation.
struct QuoteStyleCheck: LintCheck {
    let fact = FactKey.quoteStyle

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard let style = rule.string(.quoteStyle), let wanted = Self.quote(style) else { return [] }
        // A file that keeps the other quotes, on strings free to take either, is left to them.
        let kept = file.lines.filter { $0.isTrusted && file.isOld($0.number) }.flatMap { line in
            line.strings.filter { $0.form == .plain && !$0.holdsQuote && !$0.attribute && ($0.quote == 0x27 || $0.quote == 0x22) }.map(\.quote)
        }
        guard !file.keepsOwnStyle(against: wanted, observed: kept) else { return [] }
        var found: [Breach] = []
        for line in file.checkedLines {
            for string in Self.tradeable(in: line, for: wanted, language: file.language) {
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

    /// The quote character a `quote_style` fact asks for.
    static func quote(_ style: String) -> UInt8? { style == "single" ? 0x27 : style == "double" ? 0x22 : nil }

    /// The plain strings of `line` in the other quote that can simply trade theirs for `wanted`: `taste fix`
    /// trades exactly these.
    static func tradeable(in line: SourceLine, for wanted: UInt8, language: Language) -> [StringLiteral] {
        guard line.isTrusted else { return [] }
        // In these, single quotes are raw and double quotes interpolate: `'\n'`, `'$x'` and `'#{x}'` mean
        // something else in double quotes.
        let quotesDiffer = language == .ruby || language == .php || language == .shell
        return line.strings.filter { string in
            // `name="x"` is a JSX attribute only in JSX's languages; in Python it is a keyword argument.
            let jsxAttribute = string.attribute && (language == .javascript || language == .typescript)
            guard string.form == .plain, !string.holdsQuote, !jsxAttribute, string.quote != wanted,
                string.quote == 0x27 || string.quote == 0x22, !(quotesDiffer && string.escapes && wanted == 0x27)
            else { return false }
            let content = line.bytes[Int(string.start + 1)..<Int(string.end)]
            if quotesDiffer, wanted == 0x22, content.contains(where: { $0 == 0x5C || $0 == 0x24 || $0 == 0x23 }) { return false }
            // Only strings whose content never holds the wanted quote, escaped or not, can simply trade quotes.
            return !content.contains(wanted)
        }
    }
}
