/// Gitignore-style path globs: `*` and `?` stay within one folder, `**` crosses folders,
/// `[abc]` is a class, a pattern without `/` matches a name at any depth, and one ending in `/`
/// matches a folder and everything under it.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let parts: [UInt8]
    private let anchored: Bool
    private let directoryOnly: Bool

    public init(_ pattern: String) {
        self.pattern = pattern
        var text = pattern
        directoryOnly = text.hasSuffix("/")
        if directoryOnly { text.removeLast() }
        // A leading or inner `/` anchors the pattern to the root; the leading one is then dropped.
        anchored = text.contains("/")
        if text.hasPrefix("/") { text.removeFirst() }
        parts = Array(text.utf8)
    }

    public var description: String { pattern }

    /// Whether the glob matches `path` (relative, `/`-separated) or, for folder patterns, one of its parent folders.
    public func matches(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        if anchored {
            if !directoryOnly, Self.match(parts[...], bytes[...]) { return true }
            // A match on a parent folder covers everything under it.
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") {
                if Self.match(parts[...], bytes[..<index]) { return true }
            }
            return false
        }
        // Unanchored: any single component (folders for a folder pattern; the file name too otherwise).
        var components = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        if directoryOnly { components = Array(components.dropLast()) }
        return components.contains { Self.match(parts[...], $0) }
    }

    private static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex, t = text.startIndex
        let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
        while p < pattern.endIndex {
            let c = pattern[p]
            if c == star {
                let doubleStar = p + 1 < pattern.endIndex && pattern[p + 1] == star
                if doubleStar {
                    var rest = p + 2
                    if rest < pattern.endIndex, pattern[rest] == slash { rest += 1 }
                    // `**/` matches zero or more whole folders.
                    var start = t
                    while true {
                        if match(pattern[rest...], text[start...]) { return true }
                        guard let next = text[start...].firstIndex(of: slash) else {
                            return rest == pattern.endIndex
                        }
                        start = next + 1
                    }
                }
                var start = t
                while true {
                    if match(pattern[(p + 1)...], text[start...]) { return true }
                    if start == text.endIndex || text[start] == slash { return false }
                    start += 1
                }
            }
            guard t < text.endIndex else { return false }
            if c == UInt8(ascii: "?") {
                if text[t] == slash { return false }
            } else if c == UInt8(ascii: "["), let close = pattern[(p + 1)...].firstIndex(of: UInt8(ascii: "]")) {
                var set = pattern[(p + 1)..<close]
                let negate = set.first == UInt8(ascii: "!") || set.first == UInt8(ascii: "^")
                if negate { set = set.dropFirst() }
                var found = false
                var i = set.startIndex
                while i < set.endIndex {
                    if i + 2 < set.endIndex, set[i + 1] == UInt8(ascii: "-") {
                        // A reversed range (`[z-a]`) matches nothing, as in git; it must not build a ClosedRange.
                        if set[i] <= text[t], text[t] <= set[i + 2] { found = true }
                        i += 3
                    } else {
                        if set[i] == text[t] { found = true }
                        i += 1
                    }
                }
                if found == negate || text[t] == slash { return false }
                p = close
            } else if c == UInt8(ascii: "\\"), p + 1 < pattern.endIndex {
                p += 1
                if pattern[p] != text[t] { return false }
            } else if c != text[t] {
                return false
            }
            p += 1
            t += 1
        }
        return t == text.endIndex
    }
}
