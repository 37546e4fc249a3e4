import Foundation

// How Taste writes figures and repository text into Markdown and YAML: shared by miners, renderers and tools.

/// Items as prose names them: "A", "A and B", "A, B and C".
func proseList(_ items: [String]) -> String {
    items.count > 1 ? items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "") : items.first ?? ""
}

func percent(_ share: Double) -> String {
    let value = share * 100
    if value >= 99.95 || value == 0 { return "\(Int(value.rounded()))%" }
    if value >= 10 { return "\(Int(value.rounded()))%" }
    return String(format: "%.1f%%", value)
}

/// A YAML double-quoted scalar: safe whatever the text holds. A hyphen after a hyphen is escaped, so that no
/// `---` appears inside front matter: loaders that split the file at the first `---` (the Agent Skills
/// reference validator does) would cut it there.
func yamlQuoted(_ text: String) -> String {
    var out = "\""
    var previous: Unicode.Scalar?
    for scalar in text.unicodeScalars {
        defer { previous = scalar }
        switch scalar {
        case "-" where previous == "-": out += "\\x2D"
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += String(format: "\\x%02X", scalar.value)
            } else if isUnsafeInText(scalar, keepingTabs: false) {
                // C1 (NEL breaks a YAML 1.1 line), line separators, bidi controls: escaped, never raw.
                out += String(format: "\\u%04X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// Repository text (a path, a line, a name) made safe to place in a Markdown line, a code span or a terminal:
/// every C0 control character (a tab kept when `keepingTabs`, for quoted code), DEL, every C1 control, the
/// line and paragraph separators, and the bidirectional overrides and isolates become U+FFFD. Nothing can
/// then end a line or a code span early, recolour a terminal or reorder what a reader sees.
func neutralized(_ text: String, keepingTabs: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: { isUnsafeInText($0, keepingTabs: keepingTabs) }) else { return text }
    var clean = String.UnicodeScalarView()
    for scalar in text.unicodeScalars { clean.append(isUnsafeInText(scalar, keepingTabs: keepingTabs) ? "\u{FFFD}" : scalar) }
    return String(clean)
}

/// What `neutralized` replaces.
func isUnsafeInText(_ scalar: Unicode.Scalar, keepingTabs: Bool) -> Bool {
    switch scalar.value {
    case 0x09: !keepingTabs
    case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
}

/// A Markdown code span that holds `text` whatever it contains: the fence is longer than any run of
/// backticks inside, and control characters are made visible (tabs stay: they are what indented code shows).
func codeSpan(_ text: String) -> String {
    let clean = neutralized(text, keepingTabs: true)
    var longest = 0, run = 0
    for character in clean {
        run = character == "`" ? run + 1 : 0
        longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: longest + 1)
    // CommonMark strips one space from each end when both ends have one: padding both ends keeps edges intact.
    let edges = [clean.first, clean.last].compactMap { $0 }
    let pad = longest > 0 || edges.contains(" ") || edges.contains("`") ? " " : ""
    return fence + pad + clean + pad + fence
}

extension Int {
    /// Digits grouped by thousands with commas, the same on every machine.
    func formatted() -> String {
        let digits = String(Swift.abs(self))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (self < 0 ? "-" : "") + groups.joined(separator: ",")
    }
}
