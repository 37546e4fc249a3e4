/// Lines wider than the repository's limit that a person would break: the lexer trusts them, and they are not
/// mostly a long string, a URL or an import (what the line-length miner leaves out, the check leaves out), nor
/// code that fits followed by a tool's pragma comment (`# type: ignore[…]`, `// eslint-disable-line …`), which
/// formatters and linters let run over. Comment lines are left alone where the repository's comments run past
/// the code's limit (the rule says so): most formatters wrap code, not comments.
struct LineLengthCheck: LintCheck {
    let fact = FactKey.maxLineLength

    /// Languages whose formatter never wraps a line.
    static let unwrapped: Set<Language> = [.go, .shell]
    /// The share of merged lines within a mined limit below which nothing is taken to enforce it.
    static let enforcedShare = 0.99

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard let mined = rule.int(.maxLineLength) else { return [] }
        // A formatter or linter the repository configures lets lines through up to its own limit; a line it
        // accepts is no breach, whatever narrower width most merged lines happen to keep.
        let declared = (rule.declared ?? []).filter { $0.key == .maxLineLength && ($0.tool == .formatter || $0.tool == .linter) }
        // gofmt and shfmt never wrap a line: in Go and shell a width no linter states (golangci's `lll`) is a habit
        // of the merged code, which nothing holds a change to (cobra's Go tests run past its usual 120).
        if Self.unwrapped.contains(file.language), declared.isEmpty { return [] }
        // A width the merged lines break more than once in a hundred is a habit, not a limit anything enforces:
        // held to it, new code would be flagged as often (serilog's C#, 98% within 120 with no formatter, drew 31
        // findings in 200 merges). A formatter keeps well over 99%; a tool that declares the width holds it anyway.
        if declared.isEmpty, rule.share < Self.enforcedShare { return [] }
        let limit = declared.reduce(mined) { limit, declaration in
            if case .int(let width) = declaration.value { return max(limit, width) }
            return limit
        }
        // A tab counts as the rule counted it when it found the limit: the formatter's width, 4 where tabs are rare.
        let tab = rule.int(.tabWidth) ?? 4
        let commentsExempt = rule.bool(.commentsWithinLineLength) == false
        return file.checkedLines.compactMap { line in
            // Trailing blanks are the trailing-whitespace check's: a line long only by them is not a long line
            // (swift-nio's FreeBSD shim padded its include guards to 211 columns with spaces).
            let lineWidth = line.width(tab: tab, upTo: line.trailingBlanksStart)
            guard lineWidth > limit, !(commentsExempt && line.isCommentOnly), line.isTrusted, !line.startsInString,
                !LineLengthMiner.isUnbreakable(line), !endsInPragma(line, limit, tab: tab)
            else { return nil }
            // The column where the line crosses the limit.
            var width = 0
            var column = 0
            for byte in line.bytes where byte & 0xC0 != 0x80 {
                width += byte == 0x09 ? tab : 1
                column += 1
                if width > limit { break }
            }
            let counted = line.hasTab ? " (a tab counted as \(tab))" : ""
            return Breach(
                line: line.number, column: column, problem: "line is \(lineWidth) columns\(counted), over the limit of \(limit)", fix: nil)
        }
    }

    /// Words that mark a comment as addressed to a tool, not to a reader.
    private static let pragmas = [
        "noqa", "type:", "pyright:", "pylint:", "mypy:", "eslint-disable", "prettier-ignore", "NOLINT", "nolint:", "fmt:",
        "taste-ignore",
    ]

    /// The line's code fits within `limit` and a pragma comment follows it.
    private func endsInPragma(_ line: SourceLine, _ limit: Int, tab: Int) -> Bool {
        guard line.hasComment, let last = line.lastCode, last + 1 < line.bytes.count else { return false }
        guard line.width(tab: tab, upTo: last + 1) <= limit else { return false }
        let comment = String(decoding: line.bytes[(last + 1)...], as: UTF8.self)
        return Self.pragmas.contains { comment.contains($0) }
    }
}
