/// CRLF line endings in an LF repository, and the reverse.
struct LineEndingCheck: LintCheck {
    let fact = FactKey.lineEndings

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard let ending = rule.string(.lineEndings), ending == "lf" || ending == "crlf" else { return [] }
        let wantsCRLF = ending == "crlf"
        let last = file.change.lines.last?.number
        return file.checkedLines.compactMap { line in
            // The last line of a file without a final newline has no ending at all.
            guard line.crlf != wantsCRLF, !(line.number == last && file.change.finalNewline == false) else { return nil }
            return Breach(
                line: line.number, column: line.column(ofByte: line.bytes.count),
                problem: wantsCRLF ? "LF line ending" : "CRLF line ending", fix: Fix(wantsCRLF ? "end the line with CRLF" : "end the line with LF"))
        }
    }
}
