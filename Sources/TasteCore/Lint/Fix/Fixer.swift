import Foundation

/// `taste fix`'s engine: the deterministic repairs of what `taste lint` reports on the mechanical facts
/// (indentation, trailing whitespace, final newline, line endings, quotes, JavaScript/TypeScript semicolons,
/// blank-line runs), under the same rules. After each kind of repair the file is lexed again and its token
/// stream compared with the one before, ignoring only what that repair may change; any other difference
/// reverts the repair and is reported.
public struct Fixer: Sendable {
    public var linter: Linter

    public init(minimumConfidence: Double = Linter.defaultMinimumConfidence, allLines: Bool = false, ignores: [String: [String]] = [:]) {
        linter = Linter(minimumConfidence: minimumConfidence, allLines: allLines, ignores: ignores)
    }

    /// One line a repair changed.
    public struct Change: Sendable, Hashable, Codable {
        public var path: String
        /// The line's number in the original file.
        public var line: Int
        public var rule: String
        /// What changed, in a few words.
        public var change: String
    }

    /// A repair undone because the file read as other tokens after it, or a file left alone.
    public struct Note: Sendable, Hashable, Codable {
        public var path: String
        public var rule: String?
        public var reason: String
    }

    /// A file the fix changed: how it read and how it reads.
    public struct FixedFile: Sendable {
        public var path: String
        let original: FixDraft
        let fixed: FixDraft
        public var originalText: String { original.text }
        public var fixedText: String { fixed.text }
    }

    public struct Result: Sendable {
        public var files: [FixedFile]
        public var changes: [Change]
        /// Repairs reverted by the safety check.
        public var reverted: [Note]
        /// Files the fix would not touch, and why.
        public var skipped: [Note]
        /// Files read, in a language Taste reads.
        public var checkedFiles: Int
    }

    public func fix(_ files: [ChangedFile], with mined: MinedRepository) -> Result {
        var result = Result(files: [], changes: [], reverted: [], skipped: [], checkedFiles: 0)
        for change in files {
            guard let language = Language(path: change.path) else { continue }
            result.checkedFiles += 1
            if let reason = Self.untouchable(change, language: language) {
                result.skipped.append(Note(path: change.path, rule: nil, reason: reason))
                continue
            }
            let rules = linter.rules(for: change.path, language: language, in: mined)
            let ignoredHere = linter.ignores.filter { _, globs in globs.contains { Glob($0).matches(change.path) } }.keys
            let original = FixDraft(change, language: language, allLines: linter.allLines)
            var draft = original
            for repair in Repair.allCases {
                for rule in rules where rule.facts[repair.fact] != nil && !ignoredHere.contains(where: { Linter.names(rule.id, $0) }) {
                    let file = draft.lexed()
                    let edits = repair.edits(for: rule, in: file, draft: draft)
                    guard !edits.isEmpty else { continue }
                    var next = draft
                    next.apply(edits)
                    let before = TokenStream(file.source, allowing: repair.allowance)
                    let after = TokenStream(next.lexed().source, allowing: repair.allowance)
                    guard before == after else {
                        result.reverted.append(
                            Note(
                                path: change.path, rule: rule.id,
                                reason: "\(edits.count) line\(edits.count == 1 ? "" : "s") would read as other tokens"))
                        continue
                    }
                    result.changes += edits.map { Change(path: change.path, line: draft.origin[$0.index], rule: rule.id, change: $0.summary) }
                    draft = next
                }
            }
            if draft != original { result.files.append(FixedFile(path: change.path, original: original, fixed: draft)) }
        }
        result.changes.sort { ($0.path, $0.line, $0.rule) < ($1.path, $1.line, $1.rule) }
        return result
    }

    /// Why a file is left alone: nothing Taste cannot lex with confidence is touched.
    static func untouchable(_ change: ChangedFile, language: Language) -> String? {
        switch FileRole(path: change.path, language: language) {
        case .generated: return "generated"
        case .vendored: return "vendored"
        default: break
        }
        if change.lines.contains(where: { $0.text.utf8.contains(0) }) { return "binary" }
        // Text read from bytes that are not UTF-8 holds U+FFFD where they were: writing it would lose them.
        if change.lines.contains(where: { $0.text.unicodeScalars.contains("\u{FFFD}") }) { return "not valid UTF-8" }
        // A generator's marker in the first lines: `// Code generated … DO NOT EDIT.`, `@generated`.
        if change.lines.prefix(5).contains(where: { $0.text.contains("DO NOT EDIT") || $0.text.contains("@generated") }) {
            return "generated"
        }
        return nil
    }
}

extension FixDraft {
    /// Applies edits that `Repair` computed on this draft, deletions last so that indices hold.
    mutating func apply(_ edits: [Repair.Edit]) {
        var deleted: Set<Int> = []
        for edit in edits {
            switch edit.action {
            case .replace(let text): lines[edit.index].text = text
            case .lineEnding(let crlf): lines[edit.index].crlf = crlf
            case .finalNewline(let wanted): finalNewline = wanted
            case .delete: deleted.insert(edit.index)
            }
        }
        if !deleted.isEmpty { remove(deleted) }
    }
}
