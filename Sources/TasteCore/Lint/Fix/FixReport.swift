import Foundation

/// What `taste fix` did, printed: the lines it changed by file, the repairs the safety check undid, the files
/// it left alone.
public struct FixReport: Sendable {
    public var result: Fixer.Result
    /// Files that could not be written: the JSON output lists them, the command says so on standard error.
    public var failures: [Fixer.Note]

    public init(_ result: Fixer.Result, failures: [Fixer.Note] = []) {
        self.result = result
        self.failures = failures
    }

    /// The changes grouped by file, then the notes, then one summary sentence. `applied` says whether the
    /// files were written (or, for a dry run or a patch, would be).
    public func text(applied: Bool) -> String {
        var out = ""
        var path: String?
        for change in result.changes {
            if change.path != path {
                if path != nil { out += "\n" }
                path = change.path
                out += LintReport.oneLine(change.path) + "\n"
            }
            out += "  " + "\(change.line)".padding(toLength: 6, withPad: " ", startingAt: 0) + change.change + "  " + change.rule + "\n"
        }
        if !result.changes.isEmpty { out += "\n" }
        for note in result.reverted {
            out += "not fixed: \(LintReport.oneLine(note.path)): \(note.rule ?? "")'s repair reverted: \(note.reason)\n"
        }
        for note in result.skipped { out += "left alone: \(LintReport.oneLine(note.path)) (\(note.reason))\n" }
        let files = Set(result.changes.map(\.path)).count
        let lines = Set(result.changes.map { "\($0.path):\($0.line)" }).count
        if lines == 0 {
            out += "Nothing to fix in \(result.checkedFiles) file\(result.checkedFiles == 1 ? "" : "s").\n"
        } else {
            let what = "\(lines) line\(lines == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")"
            out += applied ? "Fixed \(what).\n" : "Would fix \(what).\n"
        }
        return out
    }

    /// `taste fix --format json`: the changes and notes, and the repaired patch or diff when there is one.
    public func json(patch: String? = nil, diff: String? = nil) throws -> String {
        struct Document: Encodable {
            var changes: [Fixer.Change]
            var reverted: [Fixer.Note]
            var skipped: [Fixer.Note]
            var failed: [Fixer.Note]
            var files: Int
            var patch: String?
            var diff: String?
        }
        return try LintReport.encode(
            Document(
                changes: result.changes, reverted: result.reverted, skipped: result.skipped, failed: failures, files: result.checkedFiles,
                patch: patch, diff: diff))
    }

    /// The unified diff of every fixed file.
    public var diff: String { result.files.map(\.unifiedDiff).joined() }

    /// `patch` with its added lines repaired.
    public func repaired(_ patch: String) -> String { PatchRewriter.rewrite(patch, with: result.files) }
}
