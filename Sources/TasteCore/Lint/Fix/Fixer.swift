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
        fix(files, with: mined, neighbours: nil)
    }

    func fix(_ files: [ChangedFile], with mined: MinedRepository, neighbours: FolderNeighbours?) -> Result {
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
            let outcome = fix(
                change, language: language, rules: rules.filter { rule in !ignoredHere.contains { Linter.names(rule.id, $0) } },
                neighbours: neighbours)
            result.changes += outcome.changes
            result.reverted += outcome.reverted
            if let file = outcome.file { result.files.append(file) }
        }
        result.changes.sort { ($0.path, $0.line, $0.rule) < ($1.path, $1.line, $1.rule) }
        return result
    }

    /// One file under `rules`: each kind of repair in turn, each kept only if the file's tokens hold. When a
    /// kind's edits together change tokens, each is tried alone and only those that keep them are made.
    func fix(
        _ change: ChangedFile, language: Language, rules: [Rule], neighbours: FolderNeighbours? = nil
    ) -> (file: FixedFile?, changes: [Change], reverted: [Note]) {
        var changes: [Change] = []
        var reverted: [Note] = []
        let original = FixDraft(change, language: language, allLines: linter.allLines)
        let tabWidth = rules.lazy.compactMap { $0.int(.indentSize) }.first ?? 4
        var draft = original
        /// The draft lexed, until a repair changes it: most files need few repairs, and lexing is most of the cost.
        var lexed: LintedFile?
        for repair in Repair.allCases {
            for rule in rules where rule.facts[repair.fact] != nil {
                let file = lexed ?? draft.lexed(neighbours: neighbours)
                lexed = file
                let edits = repair.edits(for: rule, in: file, draft: draft)
                guard !edits.isEmpty else { continue }
                let before = TokenStream(file.source, allowing: repair.allowance, tabWidth: tabWidth)
                func keepsTokens(_ edits: [Repair.Edit]) -> (draft: FixDraft, lexed: LintedFile)? {
                    var next = draft
                    next.apply(edits)
                    let file = next.lexed(neighbours: neighbours)
                    return TokenStream(file.source, allowing: repair.allowance, tabWidth: tabWidth) == before ? (next, file) : nil
                }
                var kept = edits
                var next = keepsTokens(edits)
                if next == nil, edits.count <= Self.singleTrials {
                    kept = edits.filter { keepsTokens([$0]) != nil }
                    next = kept.isEmpty ? nil : keepsTokens(kept)
                }
                let undone = next == nil ? edits.count : edits.count - kept.count
                if undone > 0 {
                    let lines = undone == 1 ? "1 line" : "\(undone) lines"
                    reverted.append(Note(path: change.path, rule: rule.id, reason: "\(lines) would read as other tokens"))
                }
                guard let next else { continue }
                changes += kept.map { Change(path: change.path, line: draft.origin[$0.index], rule: rule.id, change: $0.summary) }
                (draft, lexed) = next
            }
        }
        return (draft == original ? nil : FixedFile(path: change.path, original: original, fixed: draft), changes, reverted)
    }

    /// Edits of one kind tried one by one when together they change tokens; more are undone together.
    static let singleTrials = 64

    /// Why a file is left alone: nothing Taste cannot lex with confidence is touched.
    static func untouchable(_ change: ChangedFile, language: Language) -> String? {
        // Other people's code, minified bundles, and test inputs written odd on purpose, as mining leaves them out.
        if FileRole(path: change.path, language: language) == .vendored || PathClassifier(languages: [language]).isExcluded(change.path) {
            return "vendored, minified or test data"
        }
        if change.lines.contains(where: { $0.text.utf8.contains(0) }) { return "binary" }
        // Text read from bytes that are not UTF-8 holds U+FFFD where they were: writing it would lose them.
        if change.lines.contains(where: { $0.text.unicodeScalars.contains("\u{FFFD}") }) { return "not valid UTF-8" }
        // A generator's marker in a comment of the file's head, as mining reads it; or minified code.
        let head = change.lines.prefix(40).map(\.text).joined(separator: "\n")
        if change.lines.first?.number == 1, PathClassifier.isGenerated(Data(head.utf8), language: language) { return "generated" }
        if PathClassifier.looksMinified(FileChange(path: change.path, status: .added, language: language, addedLines: change.lines)) {
            return "minified"
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
