/// Value types that leave the Git layer. No C pointer ever crosses into Mining or Store.

/// One commit's metadata, copied out of libgit2.
public struct CommitRecord: Sendable, Hashable {
    public var sha: String
    public var parents: [String]
    public var authorName: String
    public var authorEmail: String
    /// Committer time, seconds since 1970.
    public var time: Int64
    public var message: String

    public var summary: Substring {
        message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }
    public var isMerge: Bool { parents.count > 1 }
}

/// A line a commit added, as it stands in the new file.
public struct AddedLine: Sendable, Hashable {
    public var number: Int
    /// The text without its line ending.
    public var text: String
    /// The line ended with CRLF.
    public var crlf: Bool

    public init(number: Int, text: String, crlf: Bool = false) {
        self.number = number
        self.text = text
        self.crlf = crlf
    }
}

/// What one commit did to one text file that mining reads.
public struct FileChange: Sendable {
    public enum Status: String, Sendable { case added, modified, renamed, copied }

    public var path: String
    public var oldPath: String?
    public var status: Status
    public var language: Language
    public var addedLines: [AddedLine]
    /// Whether the new file ends with a newline, when the change says so: always for a new file,
    /// otherwise only when the change moved the end-of-file newline.
    public var finalNewline: Bool?
    /// The new file's bytes, for a modified file the policy reads whole (``DiffPolicy/readsWhole``): a
    /// file-level fact, such as the framework a test file runs under, is read from the file, not from the few
    /// lines a change added. Nil otherwise; for an added file, ``addedLines`` already hold every line. Kept as
    /// bytes: its readers search them, and a string per line cost more than the search.
    public var wholeText: [UInt8]?

    /// Every line of ``wholeText``, numbered from 1; made on each call.
    public var wholeLines: [AddedLine]? {
        get {
            wholeText.map { bytes in
                var whole = FileChange(path: path, status: .added, language: language, addedLines: [])
                bytes.withUnsafeBytes { CommitDiffer.readAllLines($0, into: &whole) }
                return whole.addedLines
            }
        }
        set { wholeText = newValue.map { lines in Array(lines.map { $0.text + "\n" }.joined().utf8) } }
    }

    /// Line `number` (from 1) of ``wholeText``, without making the others.
    public func wholeLine(_ number: Int) -> AddedLine? {
        guard let bytes = wholeText, number >= 1 else { return nil }
        var start = 0
        for _ in 1..<number {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else { return nil }
            start = newline + 1
        }
        guard start < bytes.count else { return nil }
        let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
        var text = bytes[start..<end]
        let crlf = text.last == 0x0D
        if crlf { text = text.dropLast() }
        return AddedLine(number: number, text: String(decoding: text, as: UTF8.self), crlf: crlf)
    }

    public init(
        path: String, oldPath: String? = nil, status: Status, language: Language,
        addedLines: [AddedLine], finalNewline: Bool? = nil, wholeLines: [AddedLine]? = nil
    ) {
        self.path = path
        self.oldPath = oldPath
        self.status = status
        self.language = language
        self.addedLines = addedLines
        self.finalNewline = finalNewline
        self.wholeLines = wholeLines
    }
}

/// Files a commit touched that mining could not read, by reason.
public struct SkipCounts: Sendable, Equatable {
    public var binary = 0
    public var oversized = 0
    public var missingObjects = 0
    public var excluded = 0
    public var generated = 0

    public init() {}

    public static func += (lhs: inout SkipCounts, rhs: SkipCounts) {
        lhs.binary += rhs.binary
        lhs.oversized += rhs.oversized
        lhs.missingObjects += rhs.missingObjects
        lhs.excluded += rhs.excluded
        lhs.generated += rhs.generated
    }
}

/// Everything one mainline commit brought, ready for the miners.
public struct CommitChanges: Sendable {
    public var commit: CommitRecord
    public var files: [FileChange]
    /// Every path the first-parent diff added, modified, renamed (the new path) or deleted, read or not
    /// (changelogs, docs, manifests), except what the repository's own exclusions leave out. No blob is loaded for it.
    public var touchedPaths: [String] = []
    /// For a merge: the commits it brought to the mainline (second-parent side), newest first.
    public var mergedCommits: [CommitRecord]
    public var skipped: SkipCounts
    /// The first parent could not be read (a shallow clone's edge): no diff was taken.
    public var parentMissing: Bool
}
