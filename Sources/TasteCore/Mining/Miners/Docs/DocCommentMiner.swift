/// Finds how code is documented: the doc comment form (`///` or `/** */`), Python's docstring style
/// (Google, NumPy, Sphinx), whether Go doc comments start with the name they document, and what share of the
/// public declarations merges add carry a doc comment.
///
/// A declaration counts only when the line before it was added too (or the file is new): a declaration edited
/// under an old doc comment would otherwise look undocumented.
public struct DocCommentMiner: Miner {
    public static let description = MinerDescription(
        identifier: "doc-comments",
        version: 1,
        name: "Doc comments",
        summary: "Doc comment form, Python docstring style, Go's `// Name does…`, and how much of the public API added is documented.",
        languages: [.swift, .python, .javascript, .typescript, .go, .rust, .java, .kotlin],
        examples: [
            .shows(
                "Sources/Cart/Cart.swift",
                """
                /// A customer's basket.
                public struct Cart {
                    /// The items, in the order they were added.
                    public var items: [Item]

                    /// Adds an item.
                    /// - Parameter item: What to add.
                    @discardableResult
                    public mutating func add(_ item: Item) -> Int {
                        items.append(item)
                        return items.count
                    }
                }
                """, expect: [.docCommentStyle: .string("///"), .publicApiDocumented: .bool(true)]),
            .contradicts(
                "Sources/Cart/Cart.swift",
                """
                /**
                 A customer's basket.
                 */
                public struct Cart {
                    public var items: [Item]

                    public mutating func add(_ item: Item) {
                        items.append(item)
                    }

                    public func total() -> Int { items.count }
                }
                """, expect: [.docCommentStyle: .string("/** */"), .publicApiDocumented: .bool(false)]),
            .shows(
                "cart/cart.go",
                """
                package cart

                // Cart holds a customer's items.
                type Cart struct {
                \titems []Item
                }

                // Add puts an item in the cart.
                func (c *Cart) Add(item Item) {
                \tc.items = append(c.items, item)
                }
                """, expect: [.docCommentStartsWithName: .bool(true), .publicApiDocumented: .bool(true)]),
            .contradicts(
                "cart/cart.go",
                """
                package cart

                // holds a customer's items
                type Cart struct {
                \titems []Item
                }

                // puts an item in the cart
                func (c *Cart) Add(item Item) {
                \tc.items = append(c.items, item)
                }
                """, expect: [.docCommentStartsWithName: .bool(false)]),
            .shows(
                "shop/cart.py",
                """
                def add(cart, item):
                    \"\"\"Add an item to a cart.

                    :param cart: The cart to fill.
                    :param item: What to add.
                    :returns: The number of items.
                    \"\"\"
                    cart.append(item)
                    return len(cart)


                class Cart:
                    \"\"\"A customer's basket.\"\"\"
                """, expect: [.docstringStyle: .string("sphinx"), .publicApiDocumented: .bool(true)]),
            .contradicts(
                "shop/cart.py",
                """
                def add(cart, item):
                    \"\"\"Add an item to a cart.

                    Args:
                        cart: The cart to fill.
                        item: What to add.

                    Returns:
                        The number of items.
                    \"\"\"
                    cart.append(item)
                    return len(cart)
                """, expect: [.docstringStyle: .string("google")]),
            .shows(
                "src/cart.ts",
                """
                /**
                 * Adds an item to a cart.
                 */
                export function add(cart: Item[], item: Item): number {
                  return cart.push(item)
                }

                /** The largest cart. */
                export const limit = 100
                """, expect: [.docCommentStyle: .string("/** */"), .publicApiDocumented: .bool(true)]),
        ]
    )

    /// What the miner reads of a declaration.
    struct Documented {
        var name: UnsafeBufferPointer<UInt8>?
        var isPublic: Bool
        var isOverride: Bool
        var isType = false
    }

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case style
        case names
        case documented
        case docstring
    }

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let language = file.language
        let scope = language.rawValue
        let lines = file.addedLines
        // Tests, examples and scripts are nobody's API: they show the comment form, not how much is documented.
        guard file.role == .library else { return }
        // A Python module named `_x.py` is private, whatever its functions are called.
        var isLibrary = true
        if language == .python, let name = file.path.split(separator: "/").last, name.hasPrefix("_"), name != "__init__.py" { isLibrary = false }
        for found in file.declarations {
            let index = found.line
            guard let declaration = Self.documented(found, indent: file.lines[index].indent, language: language) else { continue }
            if language == .python {
                observePython(lines, at: index, declaration, file: file, scope: scope, library: isLibrary, into: &sink)
                continue
            }
            // Walk back over attributes to the line a doc comment would end on.
            var above = index - 1
            while above >= 0, lines[above].number == lines[above + 1].number - 1 {
                let attribute = CodeLine(lines[above].text)
                // The last line of an attribute over several lines (`#[deprecated(` … `)]`): back to its start.
                if language == .rust, attribute.body.utf8.last == UInt8(ascii: "]"), !attribute.starts(with: "#[") {
                    var start = above
                    while start > 0, above - start < 12, lines[start - 1].number == lines[start].number - 1,
                        !CodeLine(lines[start].text).starts(with: "#[")
                    { start -= 1 }
                    guard CodeLine(lines[start].text).starts(with: "#[") else { break }
                    above = start - 1
                    continue
                }
                guard attribute.starts(with: "@") || attribute.starts(with: "#[") else { break }
                above -= 1
            }
            let before = above >= 0 && lines[above].number == lines[above + 1].number - 1
            // Nothing above the first line of a new file; otherwise an unseen line above could be a doc comment.
            let atTop = above < 0 && lines[0].number == 1
            guard before || atTop else { continue }
            var comment = before ? Self.comment(endingAt: above, in: lines, language: language) : .none
            // One blank line may part a `/** */` block or `///` lines from what they document (express writes JSDoc so);
            // a `//` comment so parted is a note on the section. Go's doc comments must touch the declaration.
            if before, language != .go, CodeLine(lines[above].text).isBlank, above >= 1, lines[above - 1].number == lines[above].number - 1 {
                let parted = Self.comment(endingAt: above - 1, in: lines, language: language)
                if case .found(let style, _) = parted, style != "//" { comment = parted }
                if case .unknown = parted { comment = parted }
            }
            if case .unknown = comment { continue }
            let line = lines[index].number
            if case .found(let style, let first) = comment {
                // A `//` comment above a local declaration is no doc comment: only public ones count where `//` is a form.
                let counts = declaration.isPublic || language == .go || Self.styles[language]?.contains("//") != true
                if counts, Self.styles[language]?.contains(style) == true {
                    sink.count(Counter.style, style, scope: scope, path: file.path, line: lines[first].number)
                }
                if language == .go, declaration.isPublic {
                    let starts = declaration.name.map { Self.startsWithName(CodeLine(lines[first].text).body, $0) } ?? false
                    sink.count(Counter.names, starts ? "true" : "false", scope: scope, path: file.path, line: lines[first].number)
                }
            }
            guard declaration.isPublic, !declaration.isOverride, isLibrary else { continue }
            if case .found(let style, _) = comment, Self.documenting[language]?.contains(style) == true {
                sink.count(Counter.documented, "true", scope: scope, path: file.path, line: line)
            } else {
                sink.count(Counter.documented, "false", scope: scope, path: file.path, line: line)
            }
        }
    }

    /// Forms counted as the doc comment style, per language.
    static let styles: [Language: Set<String>] = [
        .swift: ["///", "/** */"], .rust: ["///", "/** */"], .go: ["//", "/* */"],
        .java: ["/** */", "//"], .kotlin: ["/** */", "//"], .javascript: ["/** */", "//"], .typescript: ["/** */", "//"],
    ]
    /// Forms that document a declaration, per language.
    static let documenting: [Language: Set<String>] = [
        .swift: ["///", "/** */"], .rust: ["///", "/** */"], .go: ["//", "/* */"],
        .java: ["/** */", "//"], .kotlin: ["/** */", "//"], .javascript: ["/** */", "//"], .typescript: ["/** */", "//"],
    ]

    enum Comment {
        case none
        /// A comment of `style` whose first line is at index `first`.
        case found(String, first: Int)
        /// A block comment whose start was not added: it may or may not document.
        case unknown
    }

    /// Tool directives and markers are comments, not documentation.
    static let directives = [
        "// MARK", "//MARK", "// eslint", "//go:", "//nolint", "// nolint", "// @ts-", "// TODO",
        "// FIXME", "// swiftlint", "// prettier-ignore", "// swift-format", "//#", "// +build", "// istanbul",
    ]

    static func comment(endingAt index: Int, in lines: [AddedLine], language: Language) -> Comment {
        let code = CodeLine(lines[index].text)
        let consecutive = { (i: Int) in i >= 0 && lines[i].number == lines[i + 1].number - 1 }
        if code.starts(with: "///"), language == .swift || language == .rust {
            var first = index
            while consecutive(first - 1), CodeLine(lines[first - 1].text).starts(with: "///") { first -= 1 }
            return .found("///", first: first)
        }
        if code.body.utf8.reversed().starts(with: "/*".utf8) {  // ends with "*/"
            var first = index
            while !CodeLine(lines[first].text).starts(with: "/*") {
                guard consecutive(first - 1), index - first < 300 else { return .unknown }
                first -= 1
            }
            return .found(CodeLine(lines[first].text).starts(with: "/**") ? "/** */" : "/* */", first: first)
        }
        if code.starts(with: "//") {
            guard !directives.contains(where: { code.starts(with: $0) }) else { return .none }
            var first = index
            while consecutive(first - 1) {
                let above = CodeLine(lines[first - 1].text)
                guard above.starts(with: "//"), !above.starts(with: "///") || language == .go else { break }
                first -= 1
            }
            return .found("//", first: first)
        }
        return .none
    }

    /// Go's convention: `// Name does …`, or an article first for types (`// A Name is …`).
    static func startsWithName<Name: Collection>(_ comment: Substring, _ name: Name) -> Bool where Name.Element == UInt8 {
        var text = comment.drop(while: { $0 == "/" || $0 == " " })
        for article in ["A ", "An ", "The "] where text.utf8.starts(with: article.utf8) {
            text = text.dropFirst(article.utf8.count)
            break
        }
        guard text.utf8.starts(with: name) else { return false }
        let after = text.utf8.dropFirst(name.count).first
        return after == nil || !isIdentifierByte(after!)
    }

    /// The declarations whose doc comments count, per language, and what they are: every Swift declaration
    /// but an enum's cases; Rust's items (not `let`, `mod` or variants); Go's top-level ones; the public ones
    /// in Java, Kotlin (members at most one level in, properties at the top level or written `public`) and
    /// JavaScript (exported at the top level); Python's `def` and `class`, public at the module level.
    static func documented(_ declaration: Declaration, indent: Int, language: Language) -> Documented? {
        let modifiers = declaration.modifiers
        var found = Documented(
            name: declaration.name, isPublic: modifiers.contains(.public),
            isOverride: modifiers.contains(.override)
                || declaration.attributes.contains { $0.name.spells("Override") })
        switch language {
        case .swift:
            guard declaration.kind != .enumCase else { return nil }
        case .rust:
            guard declaration.kind == .function || declaration.kind == .type || declaration.kind == .constant else { return nil }
        case .go:
            guard indent == 0, declaration.name != nil else { return nil }
        case .java:
            guard found.isPublic else { return nil }
        case .kotlin:
            guard found.isPublic, indent <= 4 else { return nil }
            // A local `val` inside a function looks like a property: only top-level or explicitly public ones count.
            if declaration.kind == .constant || declaration.kind == .variable, indent > 0, !modifiers.contains(.writtenPublic) { return nil }
        case .javascript, .typescript:
            guard found.isPublic, indent == 0 else { return nil }
        case .python:
            guard declaration.kind == .type || declaration.kind == .function else { return nil }
            // Module level only: methods and nested functions are not the module's API.
            found.isPublic = found.isPublic && indent == 0
            found.isType = declaration.kind == .type
        default:
            return nil
        }
        return found
    }

    /// Python: a docstring follows the signature. Its sections tell the style, for functions with parameters.
    func observePython(
        _ lines: [AddedLine], at index: Int, _ declaration: Documented, file: SourceFile, scope: String,
        library: Bool, into sink: inout ObservationSink
    ) {
        // The signature ends on the first line ending with `:`.
        var end = index
        var signature = Substring(lines[index].text)
        while !Self.endsWithColon(lines[end].text) {
            guard end + 1 < lines.count, lines[end + 1].number == lines[end].number + 1, end - index < 30 else { return }
            end += 1
            signature = Substring(signature + lines[end].text)
        }
        guard end + 1 < lines.count, lines[end + 1].number == lines[end].number + 1 else {
            // A one-line function at the end of what was added: the body was not seen.
            return
        }
        let next = CodeLine(lines[end + 1].text)
        let isClass = declaration.isType
        let hasDocstring = Self.startsDocstring(next)
        if declaration.isPublic, library {
            sink.count(Counter.documented, hasDocstring ? "true" : "false", scope: scope, path: file.path, line: lines[index].number)
        }
        let parameters = Self.parameters(signature)
        guard hasDocstring, !isClass, !parameters.isEmpty else { return }
        var mentions = false
        var style: String?
        var sawParameters = false
        var cursor = end + 1
        while cursor < lines.count, cursor - end < 200 {
            if cursor > end + 1, lines[cursor].number != lines[cursor - 1].number + 1 { return }  // the docstring's end was not added
            let text = CodeLine(lines[cursor].text)
            // Prose documents a parameter when it marks its name up: ``name``, `name` or *name*.
            if !mentions, style == nil, text.contains("`") || text.contains("*") {
                mentions = parameters.contains { text.contains("`\($0)`") || text.contains("*\($0)*") }
            }
            if style == nil {
                if text.starts(with: ":param ") || text.starts(with: ":returns:") || text.starts(with: ":return:")
                    || text.starts(with: ":raises ") || text.starts(with: ":type ") || text.starts(with: ":rtype:")
                {
                    style = "sphinx"
                } else if text.starts(with: "Args:") || text.starts(with: "Arguments:") || text.starts(with: "Returns:")
                    || text.starts(with: "Raises:") || text.starts(with: "Yields:")
                {
                    style = "google"
                } else if text.starts(with: "Parameters") || text.starts(with: "Returns") {
                    sawParameters = true
                } else if sawParameters, text.starts(with: "----") {
                    style = "numpy"
                } else {
                    sawParameters = false
                }
            }
            let closes = cursor == end + 1 ? Self.docstringClosesOnFirstLine(text) : (text.contains("\"\"\"") || text.contains("'''"))
            if closes { break }
            cursor += 1
        }
        guard cursor < lines.count else { return }
        // Only docstrings that document parameters tell a style: with sections, or in prose that names them.
        if let style {
            sink.count(Counter.docstring, style, scope: scope, path: file.path, line: lines[end + 1].number)
        } else if mentions {
            sink.count(Counter.docstring, "plain", scope: scope, path: file.path, line: lines[end + 1].number)
        }
    }

    static func endsWithColon(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) { bytes = bytes[..<hash] }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        return bytes.last == UInt8(ascii: ":")
    }

    static func startsDocstring(_ code: CodeLine) -> Bool {
        var body = code.body.utf8[...]
        if let first = body.first, first == UInt8(ascii: "r") || first == UInt8(ascii: "u") || first == UInt8(ascii: "b") {
            body = body.dropFirst()
        }
        return body.first == 0x22 || body.first == 0x27
    }

    static func docstringClosesOnFirstLine(_ code: CodeLine) -> Bool {
        let body = code.body.utf8
        let quote: [UInt8] = body.contains(0x22) ? [0x22, 0x22, 0x22] : [0x27, 0x27, 0x27]
        // Opening quotes, then closing ones later on the same line.
        guard let open = body.firstIndex(of: quote[0]) else { return true }
        let afterOpen = body[open...].dropFirst(3)
        guard body[open...].starts(with: quote) else { return true }  // a one-quote string: one line
        var index = afterOpen.startIndex
        while index < afterOpen.endIndex {
            if afterOpen[index...].starts(with: quote) { return true }
            index = afterOpen.index(after: index)
        }
        return false
    }

    /// The names of a `def`'s parameters other than `self` and `cls`; short names (`x`) are left out, being
    /// words a docstring uses for other things.
    static func parameters(_ signature: Substring) -> [Substring] {
        guard let open = signature.utf8.firstIndex(of: UInt8(ascii: "(")),
            let close = signature.utf8.lastIndex(of: UInt8(ascii: ")")), open < close
        else { return [] }
        let tokens = words(signature[open..<close])
        var names: [Substring] = []
        var depth = 0
        for (index, token) in tokens.enumerated() {
            if token == "[" || token == "(" && index > 0 { depth += 1 }
            if token == "]" || token == ")" { depth -= 1 }
            guard depth == 0, index > 0, ["(", ",", "*"].contains(tokens[index - 1]) else { continue }
            guard let first = token.utf8.first, isIdentifierByte(first), !(first >= 0x30 && first <= 0x39),
                token != "self", token != "cls", token.utf8.count >= 3
            else { continue }
            names.append(token)
        }
        return names
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), stats.commits >= MinimumEvidence.commits else { return nil }
            var rule = RuleComposer()
            let style = stats.dominant(Counter.style)
            let form = style.map { $0.share >= 0.8 ? "`\($0.value)` comments" : "doc comments" } ?? "doc comments"
            let documented = stats.share(of: "true", in: Counter.documented)
            if documented.observations >= 20, documented.commits >= MinimumEvidence.commits {
                let support = Support(observations: documented.observations, agreeing: documented.agreeing, commits: documented.commits)
                let declarations = Self.publicDeclarations[language] ?? "public declarations"
                let figure = "\(percent(documented.share)) of \(declarations) added have one"
                if clearlyHigh(documented, 0.7) {
                    rule.state(
                        .publicApiDocumented, .bool(true), share: documented.share, support: support, unit: "public declarations",
                        evidence: (Counter.documented.rawValue, "true"),
                        language == .python
                            ? "Give public functions and classes a docstring: \(figure)." : "Document public API with \(form): \(figure).")
                } else if clearlyLow(documented, 0.3) {
                    rule.state(
                        .publicApiDocumented, .bool(false), share: 1 - documented.share,
                        support: Support(
                            observations: documented.observations, agreeing: documented.observations - documented.agreeing,
                            commits: documented.commits),
                        unit: "public declarations", evidence: (Counter.documented.rawValue, "false"),
                        "Public API is mostly undocumented (\(figure)); add a \(language == .python ? "docstring" : "doc comment") where behaviour is not obvious."
                    )
                } else {
                    rule.mixed(
                        share: max(documented.share, 1 - documented.share), support: support, unit: "public declarations",
                        evidence: (Counter.documented.rawValue, "true"), "Mixed: \(figure); document what you add that is not obvious.")
                }
            }
            if let style, style.observations >= 10, style.commits >= MinimumEvidence.commits {
                rule.categorical(
                    .docCommentStyle, style, threshold: 0.8, unit: "doc comments", key: Counter.style.rawValue,
                    stated: { "Write doc comments as `\(style.value)`\(style.share >= 0.98 ? "" : " (\(percent(style.share)) do)")." },
                    mixed: {
                        let ranked = stats.ranked(Counter.style).prefix(2).map { "`\($0.value)` \(percent($0.share))" }.joined(separator: ", ")
                        return "Doc comment forms are mixed (\(ranked)); keep the form of the file you edit."
                    })
            }
            let names = stats.share(of: "true", in: Counter.names)
            if language == .go, names.observations >= 10, names.commits >= MinimumEvidence.commits {
                rule.boolean(
                    .docCommentStartsWithName, names, high: 0.8, low: 0.3, unit: "doc comments", key: Counter.names.rawValue,
                    whenTrue: "Start a doc comment with the name it documents (`// Foo does …`).",
                    whenFalse: "Doc comments here do not start with the declared name.",
                    mixed: "Mixed: \(percent(names.share)) of doc comments start with the declared name; Go's convention is `// Foo does …`.")
            }
            if language == .python, let docstring = stats.dominant(Counter.docstring), docstring.observations >= 10,
                docstring.commits >= MinimumEvidence.commits
            {
                rule.categorical(
                    .docstringStyle, docstring, threshold: 0.7, unit: "docstrings", key: Counter.docstring.rawValue,
                    stated: { Self.docstringAdvice[docstring.value] ?? "" },
                    mixed: {
                        let ranked = stats.ranked(Counter.docstring).prefix(3).map { "\($0.value) \(percent($0.share))" }.joined(separator: ", ")
                        return "Docstring styles are mixed (\(ranked)); follow the module you edit."
                    })
            }
            return rule.draft(topic: "docs", language: language)
        }
    }

    static let publicDeclarations: [Language: String] = [
        .swift: "`public`/`open` declarations", .go: "exported declarations", .rust: "`pub` items",
        .java: "`public` members", .kotlin: "public declarations", .python: "public module-level functions and classes",
        .javascript: "exported declarations", .typescript: "exported declarations",
    ]

    static let docstringAdvice = [
        "sphinx": "Document parameters in Sphinx style: `:param name:`, `:returns:`, `:raises X:`.",
        "google": "Document parameters in Google style: `Args:`, `Returns:`, `Raises:` sections.",
        "numpy": "Document parameters in NumPy style: `Parameters` / `----------` sections.",
        "plain": "Describe parameters in plain prose in docstrings; no `:param:` or `Args:` sections.",
    ]
}
