extension StyleConfigReaders {
    // MARK: Scala, PHP

    /// scalafmt's `.scalafmt.conf` (HOCON, read as `key = value` lines): `maxColumn` (80 by default) and
    /// `indent.main` (2). scalafmt always indents with spaces. Before 3.0 a file need not name its version (scopt's).
    static func scalafmt(_ files: Files) -> [DeclaredFact] {
        let file = ".scalafmt.conf"
        guard let text = files(file) else { return [] }
        let entries = ConfigText.toml(text)
        var out = Collector(file: file, tool: .formatter, languages: [.scala])
        out.int(.maxLineLength, entries, "maxColumn", setting: "maxColumn", default: 80)
        out.add(.indentStyle, .string("space"), line: nil, setting: "scalafmt (default)")
        out.int(.indentSize, entries, "indent.main", setting: "indent.main", default: 2)
        return out.facts
    }

    static let phpCSFixerFiles = [".php-cs-fixer.dist.php", ".php-cs-fixer.php", ".php_cs.dist", ".php_cs"]

    /// PHP-CS-Fixer's configuration (PHP code): every rule set from PSR-2 on indents with four spaces, ends lines
    /// with LF and files with one newline, and trims trailing spaces (`setIndent`, `setLineEnding` override);
    /// Symfony's sets add single quotes. Each puts a class's or function's opening brace on a line of its own and a
    /// control statement's at the end of its line, unless the configuration sets the brace rule's options itself.
    static func phpCSFixer(_ files: Files) -> [DeclaredFact] {
        guard let file = phpCSFixerFiles.first(where: { files($0) != nil }), let text = files(file) else { return [] }
        let lines = ConfigText.lines(text)
        func line(holding needles: [String]) -> (number: Int, text: String)? {
            lines.first { line in needles.contains { line.text.contains($0) } }
        }
        func ruleSet(_ names: [String]) -> (number: Int, text: String)? {
            line(holding: names.flatMap { ["'\($0)' => true", "\"\($0)\" => true", "'\($0)'=>true"] })
        }
        let psr = ["@PSR2", "@PSR12", "@PER", "@PER-CS", "@PER-CS1.0", "@PER-CS2.0", "@PER-CS3.0"]
        let symfony = ["@Symfony", "@PhpCsFixer"]
        let symfonySet = ruleSet(symfony)
        guard let base = symfonySet ?? ruleSet(psr) else { return [] }
        let setName = base.text.split(whereSeparator: { $0 == "'" || $0 == "\"" }).first { $0.hasPrefix("@") }.map(String.init) ?? "rule set"
        let byDefault = "\(setName) (default)"
        var out = Collector(file: file, tool: .formatter, languages: [.php])
        if let indent = line(holding: ["->setIndent("]) {
            let tab = indent.text.contains("\\t")
            out.add(.indentStyle, .string(tab ? "tab" : "space"), line: indent.number, setting: "setIndent")
            if !tab {
                let spaces = indent.text.split(separator: "(", maxSplits: 1).last.map { $0.filter { $0 == " " }.count } ?? 4
                out.add(.indentSize, .int(spaces), line: indent.number, setting: "setIndent")
            }
        } else {
            out.add(.indentStyle, .string("space"), line: base.number, setting: byDefault)
            out.add(.indentSize, .int(4), line: base.number, setting: byDefault)
        }
        if let ending = line(holding: ["->setLineEnding("]) {
            out.add(.lineEndings, .string(ending.text.contains("\\r\\n") ? "crlf" : "lf"), line: ending.number, setting: "setLineEnding")
        } else {
            out.add(.lineEndings, .string("lf"), line: base.number, setting: byDefault)
        }
        out.add(.finalNewline, .bool(true), line: base.number, setting: byDefault)
        out.add(.trimTrailingWhitespace, .bool(true), line: base.number, setting: byDefault)
        if line(holding: ["braces_position", "curly_braces_position", "'braces' =>", "\"braces\" =>"]) == nil {
            out.add(.braceStyle, .string(BraceStyleMiner.nextLineForDeclarations), line: base.number, setting: byDefault)
        }
        let quotesOff = line(holding: ["'single_quote' => false", "\"single_quote\" => false"])
        if quotesOff == nil, let quotes = line(holding: ["'single_quote' => true", "\"single_quote\" => true"]) ?? symfonySet {
            out.add(
                .quoteStyle, .string("single"), line: quotes.number, setting: quotes.number == base.number ? byDefault : "single_quote")
        }
        return out.facts
    }
}
