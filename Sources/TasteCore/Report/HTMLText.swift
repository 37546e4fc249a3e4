import Foundation

/// Text from the repository (commit subjects, paths, snippets, rule statements that quote them) as it may appear
/// in the report's HTML and SVG: escaped for element content and quoted attributes alike.
enum HTMLText {
    /// Escapes `& < > " '` and replaces control characters (bar tab and newline) and direction
    /// controls with U+FFFD, so that nothing a commit holds can open markup or reorder the page's text.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if isUnsafeInText(scalar, keepingTabs: true) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A sha as the report links it: hexadecimal only, else nil (a damaged store never yields a broken link).
    static func commitAnchor(_ sha: String) -> String? {
        guard !sha.isEmpty, sha.count <= 64, sha.allSatisfy(\.isHexDigit) else { return nil }
        return "commit-" + sha.lowercased()
    }

    /// A figure with one decimal, for SVG coordinates.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
