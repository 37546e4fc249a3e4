/// More blank lines in a row than the repository ever leaves. Blank lines inside a multi-line string are its
/// content and do not count.
struct BlankLinesCheck: LintCheck {
    let fact = FactKey.maxBlankLines

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard let maximum = rule.int(.maxBlankLines), maximum >= 0 else { return [] }
        // Python: two blank lines before a top-level `def` or `class` are PEP 8's and every formatter's, not a
        // stray run; only a repository seen to keep one there is held to one.
        let definitions =
            file.language == .python && maximum < 2 && rule.int(.blankLinesBeforeDefinitions) != 1
            ? Set(BlankLinesMiner.topLevelDefinitions(file.source).map { file.lines[$0].number }) : []
        var found: [Breach] = []
        var run = 0
        var runIsChecked = false
        var reported = false
        var lastNumber = Int.min
        for line in file.lines {
            if definitions.contains(line.number), run == 2, reported, let last = found.last, last.line == line.number - 1 {
                found.removeLast()  // the run ends at a top-level definition: two is the layout asked for
            }
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
