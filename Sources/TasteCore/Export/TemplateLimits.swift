import Foundation

/// Bounds on a repository's templates, checked before anything is rendered. A committed template is input
/// like any other: one that includes itself would recurse until the stack overflows, and a few partials
/// that each include the next many times would expand past any memory.
enum TemplateLimits {
    static let maxTemplateBytes = 256 * 1024
    static let maxPartialDepth = 8
    /// The text of a template with its partials written out, each as many times as it is included.
    static let maxExpandedBytes = 1024 * 1024
    /// One rendered file; the built-in templates stay far below it.
    static let maxRenderedBytes = 4 * 1024 * 1024

    /// Throws the first problem of `templates` (name → text); `file` names a template for a person. Returns
    /// the partials each template includes.
    @discardableResult
    static func check(_ templates: [String: String], overridden: Set<String>, file: (String) -> String) throws -> [String: [String]] {
        var partials: [String: [String]] = [:]
        for (name, text) in templates {
            guard text.utf8.count <= maxTemplateBytes else {
                throw TasteError.export("template \(file(name)) is larger than \(maxTemplateBytes / 1024) KiB")
            }
            partials[name] = try PartialScanner.partials(in: text).filter { reference in
                if reference.hasPrefix("*") {
                    throw TasteError.export("template \(file(name)) names a partial at render time ({{>\(reference)}}): name it literally")
                }
                return templates[reference] != nil  // an unknown partial renders as nothing
            }
        }
        var expanded: [String: Expansion] = [:]
        // Overridden templates first: any cycle or excess goes through one of them, and it is theirs to fix.
        let roots = templates.keys.sorted { (overridden.contains($0) ? 0 : 1, $0) < (overridden.contains($1) ? 0 : 1, $1) }
        for root in roots {
            let expansion = try expand(root, path: [], templates: templates, partials: partials, memo: &expanded, overridden: overridden, file: file)
            guard expansion.deepest.count <= maxPartialDepth + 1 else {
                throw TasteError.export(
                    "template \(file(root)) nests partials more than \(maxPartialDepth) deep: \(expansion.deepest.joined(separator: " → "))")
            }
        }
        return partials
    }

    /// The template a person answers for when `name` renders badly: the first of the repository's own that
    /// `name` reaches through its partials (itself first), else `name`. The graph is acyclic once checked.
    static func blamed(_ name: String, partials: [String: [String]], overridden: Set<String>) -> String {
        var stack = [name]
        var seen = Set<String>()
        while let next = stack.popLast() {
            if overridden.contains(next) { return next }
            guard seen.insert(next).inserted else { continue }
            stack += (partials[next] ?? []).reversed()
        }
        return name
    }

    /// A template with its partials written out: its size, and its longest chain of partials (itself first).
    private struct Expansion {
        var bytes: Int
        var deepest: [String]
    }

    /// Throws on a cycle, or when the size passes the limit.
    private static func expand(
        _ name: String, path: [String], templates: [String: String], partials: [String: [String]],
        memo: inout [String: Expansion], overridden: Set<String>, file: (String) -> String
    ) throws -> Expansion {
        if let known = memo[name] { return known }
        if let start = path.firstIndex(of: name) {
            var cycle = Array(path[start...])
            // Named from the first overridden template in the cycle: the built-in ones include no cycle.
            if let first = cycle.firstIndex(where: overridden.contains) { cycle = Array(cycle[first...] + cycle[..<first]) }
            let chain = (cycle + [cycle[0]]).joined(separator: " → ")
            throw TasteError.export("template \(file(cycle[0])) includes itself through \(chain)")
        }
        var expansion = Expansion(bytes: templates[name]?.utf8.count ?? 0, deepest: [name])
        for partial in partials[name] ?? [] {
            let included = try expand(
                partial, path: path + [name], templates: templates, partials: partials, memo: &memo, overridden: overridden, file: file)
            expansion.bytes += included.bytes
            if included.deepest.count >= expansion.deepest.count { expansion.deepest = [name] + included.deepest }
            guard expansion.bytes <= maxExpandedBytes else {
                let top = (path + [name]).first(where: overridden.contains) ?? name
                throw TasteError.export(
                    "template \(file(top)) expands to more than \(maxExpandedBytes / 1024 / 1024) MiB through its partials")
            }
        }
        memo[name] = expansion
        return expansion
    }
}

/// The partials a Mustache template includes (`{{> name}}`, and parents `{{< name}}`), read the way
/// swift-mustache reads them, character by character: a delimiter change (`{{=<% %>=}}`) holds until the end of
/// the section it is in.
enum PartialScanner {
    static func partials(in text: String) throws -> [String] {
        let characters = Array(text)
        var found: [String] = []
        var delimiters: [(open: [Character], close: [Character])] = [(["{", "{"], ["}", "}"])]
        var position = 0
        while let open = find(delimiters[delimiters.count - 1].open, in: characters, from: position) {
            let close = delimiters[delimiters.count - 1].close
            let sigilAt = open + delimiters[delimiters.count - 1].open.count
            guard let end = find(close, in: characters, from: sigilAt) else { break }
            position = end + close.count
            guard end > sigilAt else { continue }  // an empty tag (`<%%>` under `<% %>`) names nothing
            let sigil = characters[sigilAt]
            let body = String(characters[(sigilAt + 1)..<end])
            switch sigil {
            case ">", "<":
                found.append(body.trimmingCharacters(in: .whitespaces))
                if sigil == "<" { delimiters.append(delimiters[delimiters.count - 1]) }
            case "#", "^", "$":
                delimiters.append(delimiters[delimiters.count - 1])
            case "/":
                if delimiters.count > 1 { delimiters.removeLast() }
            case "=":
                let parts = body.dropLast().split(whereSeparator: \.isWhitespace)
                if parts.count == 2 { delimiters[delimiters.count - 1] = (Array(parts[0]), Array(parts[1])) }
            case "{":
                if position < characters.count, characters[position] == "}" { position += 1 }
            default:
                break
            }
        }
        return found
    }

    /// Where `needle` first starts in `characters` at or after `start`.
    private static func find(_ needle: [Character], in characters: [Character], from start: Int) -> Int? {
        guard !needle.isEmpty, start <= characters.count - needle.count else { return nil }
        return (start...(characters.count - needle.count)).first { at in
            needle.indices.allSatisfy { characters[at + $0] == needle[$0] }
        }
    }
}
