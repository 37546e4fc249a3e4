/// Spaces or tabs at the end of a line, where the repository trims them. A multi-line string's line is its
/// content, not layout, and is left alone.
struct TrailingWhitespaceCheck: LintCheck {
    let fact = FactKey.trimTrailingWhitespace

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard rule.bool(.trimTrailingWhitespace) == true else { return [] }
        return file.checkedLines.compactMap { line in
            guard let last = line.bytes.last, last == 0x20 || last == 0x09, !line.lexed.flags.contains(.endsInString) else { return nil }
            let start = line.trailingBlanksStart
            return Breach(
                line: line.number, column: line.column(ofByte: start), problem: "trailing whitespace",
                fix: Fix("remove the trailing whitespace", replacement: String(decoding: line.bytes[..<start], as: UTF8.self)))
        }
    }
}
