/// Gitignore-style path globs: `*` and `?` stay within one folder, `**` crosses folders,
/// `[abc]` is a class, a pattern without `/` matches a name at any depth, and one ending in `/`
/// matches a folder and everything under it.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    /// The pattern's folders in order; a `**` folder stands for any number of folders.
    private let segments: [Segment]
    private let anchored: Bool
    private let directoryOnly: Bool

    private enum Segment: Hashable {
        case anyFolders
        /// One name, where `*`, `?`, `[...]` and `\` apply (a `**` inside a name is a `*`).
        case name([UInt8])
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        var text = pattern
        directoryOnly = text.hasSuffix("/")
        if directoryOnly { text.removeLast() }
        // A leading or inner `/` anchors the pattern to the root; the leading one is then dropped.
        anchored = text.contains("/")
        if text.hasPrefix("/") { text.removeFirst() }
        // Without a `/`, `**` is one name of any bytes, like `*`.
        segments = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { [anchored] part in
            anchored && part.elementsEqual("**".utf8) ? .anyFolders : .name(Array(part))
        }
    }

    public var description: String { pattern }

    /// Whether the glob matches `path` (relative, `/`-separated) or, for folder patterns, one of its parent folders.
    /// Time is linear in the path's length for a given pattern: `**` never backtracks.
    public func matches(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        var components = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        if !anchored {
            // Unanchored: any single component (folders for a folder pattern; the file name too otherwise).
            if directoryOnly { components = Array(components.dropLast()) }
            guard case .name(let name)? = segments.first else { return false }
            return components.contains { Self.matchName(name, $0) }
        }
        // A match on a parent folder covers everything under it: the pattern may end at any folder, and
        // at the file itself unless it names folders only.
        return matchesPrefix(of: components, longest: directoryOnly ? components.count - 1 : components.count)
    }

    /// Whether the pattern matches the first k components for some k in 1...longest. The names between two
    /// `**` are placed at their first fit, which leaves the most room to what follows, so nothing is retried.
    private func matchesPrefix(of components: [ArraySlice<UInt8>], longest: Int) -> Bool {
        guard longest >= 1 else { return false }
        let runs = segments.split(separator: .anyFolders, omittingEmptySubsequences: false).map { run in
            run.map { segment -> [UInt8] in
                if case .name(let name) = segment { return name }
                return []
            }
        }
        func fits(_ run: [[UInt8]], at start: Int) -> Bool {
            start + run.count <= components.count && run.indices.allSatisfy { Self.matchName(run[$0], components[start + $0]) }
        }
        func firstFit(_ run: [[UInt8]], from start: Int) -> Int? {
            var position = start
            while position + run.count <= components.count {
                if fits(run, at: position) { return position }
                position += 1
            }
            return nil
        }
        guard let first = runs.first, fits(first, at: 0) else { return false }
        guard runs.count > 1, let last = runs.last else { return first.count <= longest && first.count >= 1 }
        var position = first.count
        for run in runs.dropFirst().dropLast() {
            guard let found = firstFit(run, from: position) else { return false }
            position = found + run.count
        }
        // A trailing `**` stands for at least one more component.
        if last.isEmpty { return position + 1 <= longest }
        guard let found = firstFit(last, from: position) else { return false }
        return found + last.count <= longest
    }

    /// One name against one name pattern: a `*` that fails is resumed one byte later, never nested.
    private static func matchName(_ pattern: [UInt8], _ text: ArraySlice<UInt8>) -> Bool {
        let star = UInt8(ascii: "*")
        var p = 0, t = text.startIndex
        var resume: (p: Int, t: Int)?
        while t < text.endIndex {
            if p < pattern.count, pattern[p] == star {
                while p < pattern.count, pattern[p] == star { p += 1 }
                resume = (p, t)
                continue
            }
            if p < pattern.count, let width = matchOne(pattern, at: p, text[t]) {
                p += width
                t += 1
                continue
            }
            guard let last = resume else { return false }
            resume = (last.p, last.t + 1)
            p = last.p
            t = last.t + 1
        }
        while p < pattern.count, pattern[p] == star { p += 1 }
        return p == pattern.count
    }

    /// How many pattern bytes the token at `p` takes when it matches `byte`; nil when it does not match.
    private static func matchOne(_ pattern: [UInt8], at p: Int, _ byte: UInt8) -> Int? {
        let c = pattern[p]
        if c == UInt8(ascii: "?") { return 1 }
        if c == UInt8(ascii: "["), let close = pattern[(p + 1)...].firstIndex(of: UInt8(ascii: "]")) {
            var set = pattern[(p + 1)..<close]
            let negate = set.first == UInt8(ascii: "!") || set.first == UInt8(ascii: "^")
            if negate { set = set.dropFirst() }
            var found = false
            var i = set.startIndex
            while i < set.endIndex {
                if i + 2 < set.endIndex, set[i + 1] == UInt8(ascii: "-") {
                    // A reversed range (`[z-a]`) matches nothing, as in git; it must not build a ClosedRange.
                    if set[i] <= byte, byte <= set[i + 2] { found = true }
                    i += 3
                } else {
                    if set[i] == byte { found = true }
                    i += 1
                }
            }
            return found == negate ? nil : close - p + 1
        }
        if c == UInt8(ascii: "\\"), p + 1 < pattern.count { return pattern[p + 1] == byte ? 2 : nil }
        return c == byte ? 1 : nil
    }
}
