/// The root `.editorconfig`: which of its sections cover each language, and what they set.
/// Later sections override earlier ones, as editors apply them.
struct EditorConfig {
    static let fileName = ".editorconfig"

    struct Section {
        var header: String
        var globs: [Glob]
        var properties: [(key: String, value: String, line: Int)]
    }

    var sections: [Section] = []

    init(_ text: String) {
        var current: Section?
        for entry in ConfigText.ini(text) {
            let (header, key) = ConfigText.iniParts(entry)
            guard !header.isEmpty else { continue }  // `root = true` and other preamble
            if current?.header != header {
                if let done = current { sections.append(done) }
                current = Section(header: header, globs: Self.expand(header).map(Glob.init), properties: [])
            }
            current?.properties.append((key, entry.value.lowercased(), entry.line))
        }
        if let done = current { sections.append(done) }
    }

    /// What the file declares for one language's files, from a sample path per extension.
    func declarations(for language: Language) -> [DeclaredFact] {
        let samples = language.pathGlobs.map { "src/sample" + $0.dropFirst(3).dropFirst() }  // "**/*.py" → "src/sample.py"
        var settled: [FactKey: (value: FactValue, line: Int, section: String, key: String)] = [:]
        for section in sections where section.globs.contains(where: { glob in samples.contains { glob.matches($0) } }) {
            for (key, value, line) in section.properties {
                guard let (fact, factValue) = Self.fact(key, value, language: language) else { continue }
                settled[fact] = (factValue, line, section.header, key)
            }
        }
        // `indent_size` says nothing about code indented with tabs, but gives a tab's width when `tab_width` does not.
        if settled[.indentStyle]?.value == .string("tab") {
            if settled[.tabWidth] == nil { settled[.tabWidth] = settled[.indentSize] }
            settled.removeValue(forKey: .indentSize)
        } else if settled[.indentStyle]?.value == .string("space") {
            // Code indented with spaces holds no tab for `tab_width` to measure (Humanizer's `[*.cs]` sets both).
            settled.removeValue(forKey: .tabWidth)
        }
        return settled.keys.sorted().compactMap { fact in
            guard let found = settled[fact] else { return nil }
            return DeclaredFact(
                declaration: ConfigDeclaration(
                    fact: fact, value: found.value, file: Self.fileName, line: found.line,
                    setting: "[\(found.section)] \(found.key)", tool: .editor),
                languages: [language])
        }
    }

    /// The brace style a .NET `csharp_new_line_before_open_brace` gives: `all`, `none`, or the constructs whose brace
    /// goes on a line of its own (`types, methods, control_blocks, ...`), read for declarations and control blocks.
    static func braceStyle(dotnet value: String) -> String? {
        switch value {
        case "all": return "next-line"
        case "none": return "same-line"
        default:
            let constructs = Set(value.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) })
            let declarations = !constructs.isDisjoint(with: ["types", "methods"])
            let control = constructs.contains("control_blocks")
            switch (declarations, control) {
            case (true, true): return "next-line"
            case (true, false): return BraceStyleMiner.nextLineForDeclarations
            case (false, true): return BraceStyleMiner.nextLineForControl
            case (false, false): return nil
            }
        }
    }

    private static func fact(_ key: String, _ value: String, language: Language) -> (FactKey, FactValue)? {
        switch key {
        // The .NET formatter's brace placement: `all` is Allman style; a list of constructs is a mix.
        case "csharp_new_line_before_open_brace" where language == .csharp: braceStyle(dotnet: value).map { (.braceStyle, .string($0)) }
        case "indent_style" where value == "space" || value == "tab": (.indentStyle, .string(value))
        case "indent_size": Int(value).map { (.indentSize, .int($0)) }
        case "tab_width": Int(value).map { (.tabWidth, .int($0)) }
        case "max_line_length": value == "off" ? (.maxLineLength, .null) : Int(value).map { (.maxLineLength, .int($0)) }
        case "insert_final_newline" where value == "true" || value == "false": (.finalNewline, .bool(value == "true"))
        case "trim_trailing_whitespace" where value == "true" || value == "false": (.trimTrailingWhitespace, .bool(value == "true"))
        case "end_of_line" where value == "lf" || value == "crlf": (.lineEndings, .string(value))
        default: nil
        }
    }

    /// `*.{js,ts}` → `*.js`, `*.ts`; a section without `/` matches a name at any depth, as `Glob` does.
    /// At most 64 patterns: `{a,b}` repeated twenty times in a merged file must not cost a million globs.
    static func expand(_ header: String) -> [String] {
        Array(expanding(header).prefix(64))
    }

    private static func expanding(_ header: String, budget: Int = 64) -> [String] {
        guard let open = header.firstIndex(of: "{"), let close = header[open...].firstIndex(of: "}") else {
            return [header.hasPrefix("/") ? String(header.dropFirst()) : header]
        }
        let prefix = header[..<open], suffix = header[header.index(after: close)...]
        let options = header[header.index(after: open)..<close].split(separator: ",", omittingEmptySubsequences: false)
        guard options.count > 1 else { return [header] }  // `{1..3}` and single options are kept literally
        var patterns: [String] = []
        for option in options where patterns.count < budget {
            patterns += expanding(prefix + option.trimmingCharacters(in: .whitespaces) + suffix, budget: budget - patterns.count)
        }
        return patterns
    }
}
