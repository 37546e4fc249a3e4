/// Readers for each style tool's configuration. Each takes the files at the mined commit and says what they
/// declare, including the tool's defaults where its presence alone settles a fact (black without
/// `line-length` still means 88).
enum StyleConfigReaders {
    typealias Files = (String) -> String?

    static let scripts: Set<Language> = [.javascript, .typescript]

    static func all(_ files: Files) -> [DeclaredFact] {
        var facts: [DeclaredFact] = []
        if let text = files(EditorConfig.fileName) {
            let config = EditorConfig(text)
            facts += Language.allCases.flatMap { config.declarations(for: $0) }
        }
        facts += swiftFormat(files) + swiftFormatNick(files) + swiftLint(files)
        facts += prettier(files) + biome(files) + eslint(files) + xo(files)
        facts += pyproject(files) + flake8(files)
        facts += rustfmt(files) + clangFormat(files) + golangci(files) + rubocop(files) + scalafmt(files) + phpCSFixer(files)
        facts += commitlint(files)
        facts += TestRunnerReaders.all(files)
        return facts
    }

    // MARK: Swift

    /// apple/swift-format's `.swift-format` (JSON).
    static func swiftFormat(_ files: Files) -> [DeclaredFact] {
        let file = ".swift-format"
        guard let text = files(file) else { return [] }
        let entries = ConfigText.json(text)
        guard !entries.isEmpty || isEmptyObject(text) else { return [] }  // unreadable: no evidence either way
        var out = Collector(file: file, tool: .formatter, languages: [.swift])
        out.int(.maxLineLength, entries, "lineLength", setting: "lineLength", default: 100)
        if let spaces = entries.first(where: { $0.key == "indentation.spaces" }), let size = Int(spaces.value) {
            out.add(.indentStyle, .string("space"), line: spaces.line, setting: "indentation.spaces")
            out.add(.indentSize, .int(size), line: spaces.line, setting: "indentation.spaces")
        } else if let tabs = entries.first(where: { $0.key == "indentation.tabs" }) {
            out.add(.indentStyle, .string("tab"), line: tabs.line, setting: "indentation.tabs")
            out.int(.tabWidth, entries, "tabWidth", setting: "tabWidth", default: 8)
        } else {
            out.add(.indentStyle, .string("space"), line: nil, setting: "indentation (default)")
            out.add(.indentSize, .int(2), line: nil, setting: "indentation (default)")
        }
        let commas = entries.first { $0.key == "multiElementCollectionTrailingCommas" }
        out.add(
            .trailingCommas, .string(commas?.value == "false" ? "never" : "multiline"), line: commas?.line,
            setting: commas == nil ? "multiElementCollectionTrailingCommas (default)" : "multiElementCollectionTrailingCommas")
        // `DoNotUseSemicolons` is one of the rules swift-format applies unless `rules` turns it off.
        let semicolons = entries.first { $0.key == "rules.DoNotUseSemicolons" }
        if semicolons?.value != "false" {
            out.add(
                .semicolons, .bool(false), line: semicolons?.line,
                setting: semicolons == nil ? "DoNotUseSemicolons (default)" : "rules.DoNotUseSemicolons")
        }
        return out.facts
    }

    /// nicklockwood/SwiftFormat's `.swiftformat`: command-line options, one per line.
    static func swiftFormatNick(_ files: Files) -> [DeclaredFact] {
        let file = ".swiftformat"
        guard let text = files(file) else { return [] }
        var options: [String: (value: String, line: Int)] = [:]
        for (number, line) in ConfigText.lines(text) {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("--") else { continue }
            options[String(parts[0].dropFirst(2))] = (parts[1].trimmingCharacters(in: .whitespaces), number)
        }
        var out = Collector(file: file, tool: .formatter, languages: [.swift])
        let indent = options["indent"]
        if indent?.value == "tab" || indent?.value == "tabs" {
            out.add(.indentStyle, .string("tab"), line: indent?.line, setting: "--indent")
        } else {
            let size = indent.flatMap { Int($0.value) } ?? 4
            out.add(.indentStyle, .string("space"), line: indent?.line, setting: indent == nil ? "--indent (default)" : "--indent")
            out.add(.indentSize, .int(size), line: indent?.line, setting: indent == nil ? "--indent (default)" : "--indent")
        }
        if let width = options["maxwidth"], let limit = Int(width.value) {
            out.add(.maxLineLength, .int(limit), line: width.line, setting: "--maxwidth")
        }
        let commas = options["commas"]
        out.add(
            .trailingCommas, .string(commas?.value == "inline" ? "never" : "multiline"), line: commas?.line,
            setting: commas == nil ? "--commas (default)" : "--commas")
        if let allman = options["allman"] {
            out.add(.braceStyle, .string(allman.value == "true" ? "next-line" : "same-line"), line: allman.line, setting: "--allman")
        }
        // The `semicolons` rule removes a semicolon that ends a line unless `--disable` names it.
        let disabled = options["disable"]
        if disabled?.value.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == "semicolons" }) != true {
            out.add(.semicolons, .bool(false), line: nil, setting: "semicolons (default)")
        }
        if let endings = options["linebreaks"], endings.value == "lf" || endings.value == "crlf" {
            out.add(.lineEndings, .string(endings.value), line: endings.line, setting: "--linebreaks")
        }
        return out.facts
    }

    /// `.swiftlint.yml`: `line_length: 120` or `line_length: {warning: 120}`; a linter, so no defaults.
    static func swiftLint(_ files: Files) -> [DeclaredFact] {
        let file = ".swiftlint.yml"
        guard let text = files(file) ?? files(".swiftlint.yaml") else { return [] }
        let entries = ConfigText.yaml(text)
        var out = Collector(file: file, tool: .linter, languages: [.swift])
        if let entry = entries.first(where: { $0.key == "line_length" || $0.key == "line_length.warning" }), let limit = Int(entry.value) {
            out.add(.maxLineLength, .int(limit), line: entry.line, setting: entry.key)
        }
        if let entry = entries.first(where: { $0.key == "trailing_comma.mandatory_comma" }) {
            out.add(.trailingCommas, .string(entry.value == "true" ? "multiline" : "never"), line: entry.line, setting: entry.key)
        }
        return out.facts
    }

    // MARK: JavaScript and TypeScript

    static let prettierFiles = [
        ".prettierrc", ".prettierrc.json", ".prettierrc.json5", ".prettierrc.yaml", ".prettierrc.yml",
        ".prettierrc.toml", ".prettierrc.js", ".prettierrc.cjs", ".prettierrc.mjs",
        "prettier.config.js", "prettier.config.cjs", "prettier.config.mjs", "prettier.config.ts",
    ]

    /// Prettier: any of its files, or the `prettier` key of `package.json`. Its defaults apply where a setting is absent.
    static func prettier(_ files: Files) -> [DeclaredFact] {
        var entries: [ConfigEntry]
        var file: String
        if let found = prettierFiles.first(where: { files($0) != nil }), let text = files(found) {
            file = found
            if found.hasSuffix(".toml") {
                entries = ConfigText.toml(text)
            } else if found.hasSuffix("js") || found.hasSuffix(".ts") {
                entries = ConfigText.javascriptObject(text)
            } else if found.hasSuffix(".yaml") || found.hasSuffix(".yml") {
                entries = ConfigText.yaml(text)
            } else {
                entries = ConfigText.json(text)
                if entries.isEmpty { entries = ConfigText.yaml(text) }  // `.prettierrc` may be YAML
            }
        } else if let text = files("package.json"), case let all = ConfigText.json(text),
            all.contains(where: { $0.key.hasPrefix("prettier.") })
        {
            file = "package.json"
            entries = all.filter { $0.key.hasPrefix("prettier.") }.map {
                ConfigEntry(key: String($0.key.dropFirst(9)), value: $0.value, line: $0.line)
            }
        } else {
            return []
        }
        guard !entries.isEmpty || isEmptyObject(files(file) ?? "") else { return [] }
        var out = Collector(file: file, tool: .formatter, languages: scripts)
        out.int(.maxLineLength, entries, "printWidth", setting: "printWidth", default: 80)
        let tabs = entries.first { $0.key == "useTabs" }
        if tabs?.value == "true" {
            out.add(.indentStyle, .string("tab"), line: tabs?.line, setting: "useTabs")
            out.int(.tabWidth, entries, "tabWidth", setting: "tabWidth", default: 2)
        } else {
            out.add(.indentStyle, .string("space"), line: tabs?.line, setting: tabs == nil ? "useTabs (default)" : "useTabs")
            out.int(.indentSize, entries, "tabWidth", setting: "tabWidth", default: 2)
        }
        out.bool(.semicolons, entries, "semi", setting: "semi", default: true)
        let single = entries.first { $0.key == "singleQuote" }
        out.add(
            .quoteStyle, .string(single?.value == "true" ? "single" : "double"), line: single?.line,
            setting: single == nil ? "singleQuote (default)" : "singleQuote")
        let commas = entries.first { $0.key == "trailingComma" }
        out.add(
            .trailingCommas, .string(commas?.value == "none" ? "never" : "multiline"), line: commas?.line,
            setting: commas == nil ? "trailingComma (default)" : "trailingComma")
        if let endings = entries.first(where: { $0.key == "endOfLine" }), endings.value == "lf" || endings.value == "crlf" {
            out.add(.lineEndings, .string(endings.value), line: endings.line, setting: "endOfLine")
        }
        return out.facts
    }

    /// Biome's `biome.json(c)`: formatter settings, then JavaScript's own.
    static func biome(_ files: Files) -> [DeclaredFact] {
        guard let file = ["biome.json", "biome.jsonc"].first(where: { files($0) != nil }), let text = files(file) else { return [] }
        let entries = ConfigText.json(text)
        func setting(_ name: String) -> ConfigEntry? {
            entries.first { $0.key == "javascript.formatter.\(name)" } ?? entries.first { $0.key == "formatter.\(name)" }
        }
        var out = Collector(file: file, tool: .formatter, languages: scripts)
        let style = setting("indentStyle")
        if style?.value == "space" {
            out.add(.indentStyle, .string("space"), line: style?.line, setting: "indentStyle")
            let width = setting("indentWidth")
            out.add(
                .indentSize, .int(width.flatMap { Int($0.value) } ?? 2), line: width?.line,
                setting: width == nil ? "indentWidth (default)" : "indentWidth")
        } else {
            out.add(.indentStyle, .string("tab"), line: style?.line, setting: style == nil ? "indentStyle (default)" : "indentStyle")
        }
        let width = setting("lineWidth")
        out.add(
            .maxLineLength, .int(width.flatMap { Int($0.value) } ?? 80), line: width?.line,
            setting: width == nil ? "lineWidth (default)" : "lineWidth")
        let quotes = setting("quoteStyle")
        out.add(
            .quoteStyle, .string(quotes?.value == "single" ? "single" : "double"), line: quotes?.line,
            setting: quotes == nil ? "quoteStyle (default)" : "quoteStyle")
        let semicolons = setting("semicolons")
        out.add(
            .semicolons, .bool(semicolons?.value != "asNeeded"), line: semicolons?.line,
            setting: semicolons == nil ? "semicolons (default)" : "semicolons")
        let commas = setting("trailingCommas")
        out.add(
            .trailingCommas, .string(commas?.value == "none" ? "never" : "multiline"), line: commas?.line,
            setting: commas == nil ? "trailingCommas (default)" : "trailingCommas")
        return out.facts
    }

    static let eslintFiles = [
        ".eslintrc", ".eslintrc.json", ".eslintrc.yml", ".eslintrc.yaml", ".eslintrc.js", ".eslintrc.cjs",
        "eslint.config.js", "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts",
    ]

    /// ESLint's style rules (`quotes`, `semi`, `indent`, `max-len`, `comma-dangle`, `eol-last`, also under `@stylistic/`),
    /// and `extends: standard`, which implies no semicolons and single quotes.
    static func eslint(_ files: Files) -> [DeclaredFact] {
        guard let file = eslintFiles.first(where: { files($0) != nil }), let text = files(file) else { return [] }
        let isScript = file.hasSuffix("js") || file.hasSuffix(".ts")
        let entries =
            isScript
            ? ConfigText.javascriptObject(text)
            : file.hasSuffix("json") || text.hasPrefix("{")
                ? ConfigText.json(text) : ConfigText.yaml(text)
        var out = Collector(file: file, tool: .linter, languages: scripts)
        /// A rule's options: `rules.quotes[]` entries from JSON/YAML, or the array text from a JavaScript file.
        func options(_ rule: String) -> (values: [String], line: Int)? {
            for name in [rule, "@stylistic/\(rule)", "@stylistic/js/\(rule)"] {
                let keyed = entries.filter { $0.key == "rules.\(name)[]" || $0.key == "rules.\(name)" || $0.key == name || $0.key == "'\(name)'" }
                guard let first = keyed.first else { continue }
                let values = keyed.count == 1 ? arrayItems(first.value) : keyed.map(\.value)
                guard let severity = values.first, !["off", "0"].contains(severity) else { return nil }
                return (Array(values.dropFirst()), first.line)
            }
            return nil
        }
        if let (values, line) = options("quotes"), let style = values.first, style == "single" || style == "double" {
            out.add(.quoteStyle, .string(style), line: line, setting: "quotes")
        }
        if let (values, line) = options("semi") {
            out.add(.semicolons, .bool(values.first != "never"), line: line, setting: "semi")
        }
        if let (values, line) = options("indent"), let first = values.first {
            if first == "tab" {
                out.add(.indentStyle, .string("tab"), line: line, setting: "indent")
            } else if let size = Int(first) {
                out.add(.indentStyle, .string("space"), line: line, setting: "indent")
                out.add(.indentSize, .int(size), line: line, setting: "indent")
            }
        }
        if let (values, line) = options("max-len"),
            let limit = values.lazy.compactMap({ Int($0) }).first
                ?? entries.first(where: { $0.key.hasSuffix("max-len[].code") }).flatMap({ Int($0.value) })
        {
            out.add(.maxLineLength, .int(limit), line: line, setting: "max-len")
        }
        if let (values, line) = options("comma-dangle"), let choice = values.first {
            if choice == "never" {
                out.add(.trailingCommas, .string("never"), line: line, setting: "comma-dangle")
            } else if choice.hasSuffix("multiline") {
                out.add(.trailingCommas, .string("multiline"), line: line, setting: "comma-dangle")
            }
        }
        if let (_, line) = options("eol-last") {
            out.add(.finalNewline, .bool(true), line: line, setting: "eol-last")
        }
        if let (_, line) = options("no-trailing-spaces") {
            out.add(.trimTrailingWhitespace, .bool(true), line: line, setting: "no-trailing-spaces")
        }
        if let standard = entries.first(where: { ($0.key == "extends" || $0.key == "extends[]") && $0.value.contains("standard") }) {
            out.addIfAbsent(.semicolons, .bool(false), line: standard.line, setting: "extends \(standard.value)")
            out.addIfAbsent(.quoteStyle, .string("single"), line: standard.line, setting: "extends \(standard.value)")
            out.addIfAbsent(.indentStyle, .string("space"), line: standard.line, setting: "extends \(standard.value)")
            out.addIfAbsent(.indentSize, .int(2), line: standard.line, setting: "extends \(standard.value)")
        }
        return out.facts
    }

    /// xo (ESLint with opinions), configured under `xo` in `package.json`: tabs, semicolons and single quotes
    /// unless `space`/`semicolon` say otherwise.
    static func xo(_ files: Files) -> [DeclaredFact] {
        guard let text = files("package.json") else { return [] }
        let entries = ConfigText.json(text)
        guard let marker = entries.first(where: { $0.key.hasPrefix("xo.") || $0.key == "devDependencies.xo" }) else { return [] }
        var out = Collector(file: "package.json", tool: .linter, languages: scripts)
        let space = entries.first { $0.key == "xo.space" }
        if let space, space.value == "true" || Int(space.value) != nil {
            out.add(.indentStyle, .string("space"), line: space.line, setting: "xo.space")
            out.add(.indentSize, .int(Int(space.value) ?? 2), line: space.line, setting: "xo.space")
        } else {
            out.add(.indentStyle, .string("tab"), line: space?.line ?? marker.line, setting: "xo (default)")
        }
        let semicolon = entries.first { $0.key == "xo.semicolon" }
        out.add(
            .semicolons, .bool(semicolon?.value != "false"), line: semicolon?.line ?? marker.line,
            setting: semicolon == nil ? "xo (default)" : "xo.semicolon")
        out.add(.quoteStyle, .string("single"), line: marker.line, setting: "xo (default)")
        out.add(.trailingCommas, .string("multiline"), line: marker.line, setting: "xo (default)")
        return out.facts
    }

    // MARK: Python

    /// The hooks `.pre-commit-config.yaml` runs, each id with the line that names it first (`- id: ruff-format`).
    static func preCommitHooks(_ files: Files) -> [String: Int] {
        guard let text = files(".pre-commit-config.yaml") else { return [:] }
        var hooks: [String: Int] = [:]
        for line in ConfigText.lines(text) {
            var entry = Substring(line.text.trimmingCharacters(in: .whitespaces))
            if entry.hasPrefix("-") { entry = entry.dropFirst().drop { $0 == " " } }
            guard entry.hasPrefix("id:") else { continue }
            let id = ConfigText.unquote(entry.dropFirst(3).trimmingCharacters(in: .whitespaces))
            if hooks[id] == nil { hooks[id] = line.number }
        }
        return hooks
    }

    /// What a pre-commit hook running black or ruff's formatter declares where no `pyproject.toml` configures it:
    /// the formatter's defaults, 88 columns, double quotes, magic trailing commas, 4 spaces.
    private static func hookDefaults(ruff: Int?, black: Int?) -> [DeclaredFact] {
        guard let line = ruff ?? black else { return [] }
        let setting = ruff != nil ? "ruff-format hook (default)" : "black hook (default)"
        var out = Collector(file: ".pre-commit-config.yaml", tool: .formatter, languages: [.python])
        out.add(.maxLineLength, .int(88), line: line, setting: setting)
        out.add(.quoteStyle, .string("double"), line: line, setting: setting)
        out.add(.trailingCommas, .string("multiline"), line: line, setting: setting)
        out.add(.indentStyle, .string("space"), line: line, setting: setting)
        out.add(.indentSize, .int(4), line: line, setting: setting)
        return out.facts
    }

    /// `pyproject.toml`: black, ruff (formatter and lint), isort. A pre-commit hook that runs black or ruff's
    /// formatter formats with the settings here, and with its defaults where there are none (flask's `ruff-format`
    /// hook beside a `[tool.ruff]` that configures only the linter).
    static func pyproject(_ files: Files) -> [DeclaredFact] {
        let file = "pyproject.toml"
        let text = files(file) ?? ""
        let hooks = preCommitHooks(files)
        let (blackHook, ruffHook) = (hooks["black"], hooks["ruff-format"])
        guard !text.isEmpty || blackHook != nil || ruffHook != nil else { return [] }
        let entries = ConfigText.toml(text)
        func has(_ table: String) -> Bool { entries.contains { $0.key.hasPrefix(table + ".") } || text.contains("[\(table)]") }
        var out = Collector(file: file, tool: .formatter, languages: [.python])
        if !has("tool.black"), !has("tool.ruff"), ruffHook != nil || blackHook != nil {
            return hookDefaults(ruff: ruffHook, black: blackHook)
        }
        if has("tool.black") {
            out.int(.maxLineLength, entries, "tool.black.line-length", setting: "black line-length", default: 88)
            let normalise = entries.first { $0.key == "tool.black.skip-string-normalization" }
            if normalise?.value != "true" { out.add(.quoteStyle, .string("double"), line: nil, setting: "black (default)") }
            let magic = entries.first { $0.key == "tool.black.skip-magic-trailing-comma" }
            if magic?.value != "true" { out.add(.trailingCommas, .string("multiline"), line: nil, setting: "black (default)") }
            out.add(.indentStyle, .string("space"), line: nil, setting: "black (default)")
            out.add(.indentSize, .int(4), line: nil, setting: "black (default)")
        }
        if has("tool.ruff") {
            let formats = has("tool.ruff.format") || ruffHook != nil
            var ruff = Collector(file: file, tool: formats ? .formatter : .linter, languages: [.python])
            ruff.int(.maxLineLength, entries, "tool.ruff.line-length", setting: "ruff line-length", default: 88)
            if formats {
                let quotes = entries.first { $0.key == "tool.ruff.format.quote-style" }
                if quotes == nil || quotes?.value == "double" || quotes?.value == "single" {
                    ruff.add(
                        .quoteStyle, .string(quotes?.value ?? "double"), line: quotes?.line,
                        setting: quotes == nil ? "ruff format quote-style (default)" : "ruff format quote-style")
                }
                let indent = entries.first { $0.key == "tool.ruff.format.indent-style" }
                ruff.add(
                    .indentStyle, .string(indent?.value == "tab" ? "tab" : "space"), line: indent?.line,
                    setting: indent == nil ? "ruff format indent-style (default)" : "ruff format indent-style")
                if indent?.value != "tab" { ruff.int(.indentSize, entries, "tool.ruff.indent-width", setting: "ruff indent-width", default: 4) }
                let magic = entries.first { $0.key == "tool.ruff.format.skip-magic-trailing-comma" }
                if magic?.value != "true" { ruff.add(.trailingCommas, .string("multiline"), line: nil, setting: "ruff format (default)") }
            }
            if let select = entries.first(where: { $0.key == "tool.ruff.lint.select" || $0.key == "tool.ruff.select" }),
                arrayItems(select.value).contains("I")
            {
                ruff.add(.importsSorted, .bool(true), line: select.line, setting: "ruff lint select I (isort)")
            }
            out.facts += ruff.facts
        }
        if has("tool.isort") {
            var isort = Collector(file: file, tool: .formatter, languages: [.python])
            let section = entries.first { $0.key.hasPrefix("tool.isort.") }
            isort.add(.importsSorted, .bool(true), line: section?.line, setting: "isort")
            isort.add(.importsGrouped, .bool(true), line: section?.line, setting: "isort")
            out.facts += isort.facts
        }
        return out.facts
    }

    /// flake8 / pycodestyle in `setup.cfg`, `tox.ini` or `.flake8`: `max-line-length`, 79 by default.
    static func flake8(_ files: Files) -> [DeclaredFact] {
        for file in [".flake8", "setup.cfg", "tox.ini"] {
            guard let text = files(file) else { continue }
            let entries = ConfigText.ini(text)
            for section in ["flake8", "pycodestyle"] where entries.contains(where: { ConfigText.iniParts($0).section == section }) {
                var out = Collector(file: file, tool: .linter, languages: [.python])
                let limit = entries.first {
                    let parts = ConfigText.iniParts($0)
                    return parts.section == section && (parts.key == "max-line-length" || parts.key == "max_line_length")
                }
                let setting = limit == nil ? "[\(section)] max-line-length (default)" : "[\(section)] max-line-length"
                let width = limit.flatMap { Int($0.value) } ?? 79
                // flake8-bugbear's B950 with E501 ignored (as Black advises): a line may run 10% past the setting.
                func codes(_ keys: Set<String>) -> [String] {
                    entries.filter {
                        let parts = ConfigText.iniParts($0)
                        return parts.section == section && keys.contains(parts.key)
                    }.flatMap { $0.value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init) }
                }
                let selected = codes(["select", "extend-select"])
                let ignored = codes(["ignore", "extend-ignore"])
                if selected.contains(where: { ["B9", "B95", "B950"].contains($0) }), ignored.contains("E501") {
                    out.add(.maxLineLength, .int(width * 11 / 10), line: limit?.line, setting: setting + " + 10%, bugbear B950")
                } else if !ignored.contains(where: { ["E", "E5", "E50", "E501"].contains($0) }) {
                    // With E501 ignored (requests' setup.cfg, beside black) flake8 holds no width at all.
                    out.add(.maxLineLength, .int(width), line: limit?.line, setting: setting)
                }
                return out.facts
            }
        }
        return []
    }

    // MARK: Rust, C and C++, Go, Ruby

    /// `rustfmt.toml` / `.rustfmt.toml`: rustfmt's defaults are 100 columns, 4 spaces, vertical trailing commas.
    static func rustfmt(_ files: Files) -> [DeclaredFact] {
        guard let file = ["rustfmt.toml", ".rustfmt.toml"].first(where: { files($0) != nil }), let text = files(file) else { return [] }
        let entries = ConfigText.toml(text)
        var out = Collector(file: file, tool: .formatter, languages: [.rust])
        out.int(.maxLineLength, entries, "max_width", setting: "max_width", default: 100)
        let tabs = entries.first { $0.key == "hard_tabs" }
        if tabs?.value == "true" {
            out.add(.indentStyle, .string("tab"), line: tabs?.line, setting: "hard_tabs")
            out.int(.tabWidth, entries, "tab_spaces", setting: "tab_spaces", default: 4)
        } else {
            out.add(.indentStyle, .string("space"), line: tabs?.line, setting: tabs == nil ? "hard_tabs (default)" : "hard_tabs")
            out.int(.indentSize, entries, "tab_spaces", setting: "tab_spaces", default: 4)
        }
        let commas = entries.first { $0.key == "trailing_comma" }
        out.add(
            .trailingCommas, .string(commas?.value == "Never" ? "never" : "multiline"), line: commas?.line,
            setting: commas == nil ? "trailing_comma (default)" : "trailing_comma")
        return out.facts
    }

    /// `.clang-format` (YAML): `BasedOnStyle` gives the defaults, explicit keys override them.
    static func clangFormat(_ files: Files) -> [DeclaredFact] {
        guard let file = [".clang-format", "_clang-format"].first(where: { files($0) != nil }), let text = files(file) else { return [] }
        let entries = ConfigText.yaml(text)
        let base = entries.first { $0.key == "BasedOnStyle" }
        let style = base?.value.lowercased() ?? "llvm"
        let presets: [String: (columns: Int, indent: Int, braces: String)] = [
            "llvm": (80, 2, "same-line"), "google": (80, 2, "same-line"), "chromium": (80, 2, "same-line"),
            "mozilla": (80, 2, BraceStyleMiner.nextLineForDeclarations), "webkit": (0, 4, BraceStyleMiner.nextLineForDeclarations),
            "microsoft": (120, 4, "next-line"), "gnu": (79, 2, "next-line"),
        ]
        let preset = presets[style] ?? presets["llvm"]!
        let presetSetting = "BasedOnStyle \(base?.value ?? "LLVM") (default)"
        var out = Collector(file: file, tool: .formatter, languages: [.c, .cpp])
        let columns = entries.first { $0.key == "ColumnLimit" }
        let limit = columns.flatMap { Int($0.value) } ?? preset.columns
        out.add(
            .maxLineLength, limit == 0 ? .null : .int(limit), line: columns?.line ?? base?.line,
            setting: columns == nil ? presetSetting : "ColumnLimit")
        let tabs = entries.first { $0.key == "UseTab" }
        if let tabs, !["never", "false"].contains(tabs.value.lowercased()) {
            out.add(.indentStyle, .string("tab"), line: tabs.line, setting: "UseTab")
            let width = entries.first { $0.key == "TabWidth" }
            out.add(
                .tabWidth, .int(width.flatMap { Int($0.value) } ?? 8), line: width?.line ?? tabs.line,
                setting: width == nil ? "TabWidth (default)" : "TabWidth")
        } else {
            let width = entries.first { $0.key == "IndentWidth" }
            out.add(.indentStyle, .string("space"), line: tabs?.line ?? base?.line, setting: tabs == nil ? presetSetting : "UseTab")
            out.add(
                .indentSize, .int(width.flatMap { Int($0.value) } ?? preset.indent), line: width?.line ?? base?.line,
                setting: width == nil ? presetSetting : "IndentWidth")
        }
        // Every preset sorts includes within their blocks; only `SortIncludes: false` or `Never` stops it.
        // Blocks are regrouped only as includes are sorted: spdlog's Google preset with `SortIncludes: Never` groups nothing.
        let sorting = entries.first { $0.key == "SortIncludes" }
        let sorts = !["false", "never"].contains(sorting?.value.lowercased() ?? "")
        if sorts {
            out.add(.importsSorted, .bool(true), line: sorting?.line ?? base?.line, setting: sorting == nil ? presetSetting : "SortIncludes")
        }
        let blocks = entries.first { $0.key == "IncludeBlocks" }
        if sorts, blocks?.value.lowercased() == "regroup" || (blocks == nil && style == "google") {
            out.add(.importsGrouped, .bool(true), line: blocks?.line ?? base?.line, setting: blocks == nil ? presetSetting : "IncludeBlocks")
        }
        let braces = entries.first { $0.key == "BreakBeforeBraces" }
        switch braces?.value.lowercased() {
        case nil: out.add(.braceStyle, .string(preset.braces), line: base?.line, setting: presetSetting)
        case "attach": out.add(.braceStyle, .string("same-line"), line: braces?.line, setting: "BreakBeforeBraces")
        case "allman", "gnu", "whitesmiths": out.add(.braceStyle, .string("next-line"), line: braces?.line, setting: "BreakBeforeBraces")
        // A line of its own for functions (Linux, Mozilla: classes too), the end of the line for control statements.
        case "linux", "mozilla", "stroustrup", "webkit":
            out.add(.braceStyle, .string(BraceStyleMiner.nextLineForDeclarations), line: braces?.line, setting: "BreakBeforeBraces")
        default: break  // Custom: each construct set apart
        }
        return out.facts
    }

    /// golangci-lint: `lll`'s line length (v1 and v2 layouts) and goimports (grouped, sorted imports).
    static func golangci(_ files: Files) -> [DeclaredFact] {
        guard let file = [".golangci.yml", ".golangci.yaml"].first(where: { files($0) != nil }), let text = files(file) else { return [] }
        let entries = ConfigText.yaml(text)
        var out = Collector(file: file, tool: .linter, languages: [.go])
        let enabled = entries.filter { $0.key == "linters.enable[]" }.map(\.value)
        if enabled.contains("lll") {
            let length = entries.first { $0.key == "linters-settings.lll.line-length" || $0.key == "linters.settings.lll.line-length" }
            out.add(
                .maxLineLength, .int(length.flatMap { Int($0.value) } ?? 120), line: length?.line,
                setting: length == nil ? "lll (default)" : "lll line-length")
            // lll counts a tab as one column unless told otherwise: only a width it is told is worth stating.
            let tabs = entries.first { $0.key == "linters-settings.lll.tab-width" || $0.key == "linters.settings.lll.tab-width" }
            if let tabs, let width = Int(tabs.value) { out.add(.tabWidth, .int(width), line: tabs.line, setting: "lll tab-width") }
        }
        if let goimports = entries.first(where: { ($0.key == "formatters.enable[]" || $0.key == "linters.enable[]") && $0.value == "goimports" }) {
            var formatter = Collector(file: file, tool: .formatter, languages: [.go])
            formatter.add(.importsSorted, .bool(true), line: goimports.line, setting: "goimports")
            formatter.add(.importsGrouped, .bool(true), line: goimports.line, setting: "goimports")
            out.facts += formatter.facts
        }
        return out.facts
    }

    /// RuboCop: `Layout/LineLength` (120 by default), `Style/StringLiterals` (single quotes by default).
    static func rubocop(_ files: Files) -> [DeclaredFact] {
        let file = ".rubocop.yml"
        guard let text = files(file) else { return [] }
        let entries = ConfigText.yaml(text)
        var out = Collector(file: file, tool: .linter, languages: [.ruby])
        let length = entries.first { $0.key == "Layout/LineLength.Max" || $0.key == "Metrics/LineLength.Max" }
        let lengthOff = entries.contains { ($0.key == "Layout/LineLength.Enabled" || $0.key == "Metrics/LineLength.Enabled") && $0.value == "false" }
        if !lengthOff {
            out.add(
                .maxLineLength, .int(length.flatMap { Int($0.value) } ?? 120), line: length?.line,
                setting: length == nil ? "Layout/LineLength (default)" : "Layout/LineLength Max")
        }
        let quotes = entries.first { $0.key == "Style/StringLiterals.EnforcedStyle" }
        let quotesOff = entries.contains { $0.key == "Style/StringLiterals.Enabled" && $0.value == "false" }
        if !quotesOff {
            out.add(
                .quoteStyle, .string(quotes?.value == "double_quotes" ? "double" : "single"), line: quotes?.line,
                setting: quotes == nil ? "Style/StringLiterals (default)" : "Style/StringLiterals EnforcedStyle")
        }
        return out.facts
    }

    // MARK: Commit messages

    static let commitlintFiles = [
        "commitlint.config.js", "commitlint.config.cjs", "commitlint.config.mjs", "commitlint.config.ts",
        ".commitlintrc", ".commitlintrc.json", ".commitlintrc.yml", ".commitlintrc.yaml",
        ".commitlintrc.js", ".commitlintrc.cjs",
    ]

    /// commitlint (its files, or a `commit-msg` hook that runs it) declares Conventional Commits.
    static func commitlint(_ files: Files) -> [DeclaredFact] {
        let hooks = [".husky/commit-msg", ".githooks/commit-msg", ".pre-commit-config.yaml", "lefthook.yml"]
        let found =
            commitlintFiles.first { files($0) != nil }
            ?? hooks.first { files($0)?.contains("commitlint") == true }
        guard let file = found else { return [] }
        let declaration = ConfigDeclaration(
            fact: .commitConvention, value: .string("conventional"), file: file, line: nil,
            setting: "commitlint", tool: .hook)
        return [DeclaredFact(declaration: declaration, languages: nil)]
    }

    // MARK: Pieces

    /// `{}` (or nothing): the tool's defaults, stated on purpose.
    static func isEmptyObject(_ text: String) -> Bool {
        ["", "{}"].contains(text.filter { !$0.isWhitespace })
    }

    /// `[error, "single"]` → `error`, `single`.
    static func arrayItems(_ text: String) -> [String] {
        var inner = Substring(text.trimmingCharacters(in: .whitespaces))
        guard inner.hasPrefix("[") else { return [ConfigText.unquote(String(inner))] }
        inner = inner.dropFirst()
        if inner.hasSuffix("]") { inner = inner.dropLast() }
        return inner.split(separator: ",").map { ConfigText.unquote($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
    }

    /// Builds one file's declarations.
    struct Collector {
        let file: String
        let tool: ConfigDeclaration.Tool
        let languages: Set<Language>
        var facts: [DeclaredFact] = []

        mutating func add(_ fact: FactKey, _ value: FactValue, line: Int?, setting: String) {
            facts.append(
                DeclaredFact(
                    declaration: ConfigDeclaration(fact: fact, value: value, file: file, line: line, setting: setting, tool: tool),
                    languages: languages))
        }

        mutating func addIfAbsent(_ fact: FactKey, _ value: FactValue, line: Int?, setting: String) {
            guard !facts.contains(where: { $0.declaration.fact == fact.rawValue }) else { return }
            add(fact, value, line: line, setting: setting)
        }

        mutating func int(_ fact: FactKey, _ entries: [ConfigEntry], _ key: String, setting: String, default value: Int) {
            let entry = entries.first { $0.key == key }
            add(fact, .int(entry.flatMap { Int($0.value) } ?? value), line: entry?.line, setting: entry == nil ? "\(setting) (default)" : setting)
        }

        mutating func bool(_ fact: FactKey, _ entries: [ConfigEntry], _ key: String, setting: String, default value: Bool) {
            let entry = entries.first { $0.key == key }
            add(fact, .bool(entry.map { $0.value == "true" } ?? value), line: entry?.line, setting: entry == nil ? "\(setting) (default)" : setting)
        }
    }
}
