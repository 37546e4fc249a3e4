/// A file the change leaves without a final newline (or with one, where the repository's files end without).
/// Only when the change wrote the file's last line: an old file's ending is not the change's doing.
struct FinalNewlineCheck: LintCheck {
    let fact = FactKey.finalNewline

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard let wanted = rule.bool(.finalNewline), let ends = file.change.finalNewline, ends != wanted,
            let last = file.change.lines.last, file.isChecked(last.number), file.change.isWhole || !ends
        else { return [] }
        let column = last.text.unicodeScalars.count + 1
        return [
            wanted
                ? Breach(line: last.number, column: column, problem: "no newline at the end of the file", fix: Fix("end the file with a newline"))
                : Breach(line: last.number, column: column, problem: "a newline at the end of the file", fix: Fix("remove the final newline"))
        ]
    }
}
