/// More blank lines in a row than the repository ever leaves. Blank lines inside a multi-line string are its
/// content and do not count.
struct BlankLinesCheck: LintCheck {
    let fact = FactKey.maxBlankLines

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard let maximum = rule.int(.maxBlankLines), maximum >= 0 else { return [] }
        var found: [Breach] = []
        var run = 0
        var runIsChecked = false
        var reported = false
        var lastNumber = Int.min
        for line in file.lines {
            let blank = line.isBlank && !line.startsInString
            if blank, line.number == lastNumber + 1, run > 0 {
                run += 1
            } else {
                (run, runIsChecked, reported) = (blank ? 1 : 0, false, false)
            }
            lastNumber = line.number
            guard blank else { continue }
            runIsChecked = runIsChecked || file.isChecked(line.number)
            // One finding per run the change made too long, at its first line too many.
            if run > maximum, runIsChecked, !reported {
                reported = true
                found.append(
                    Breach(
                        line: line.number, column: 1, problem: "more than \(maximum) blank line\(maximum == 1 ? "" : "s") in a row",
                        fix: Fix("remove the extra blank lines")))
            }
        }
        return found
    }
}
