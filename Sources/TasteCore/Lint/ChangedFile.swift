/// One file of a change as `taste lint` reads it: which lines the change added, and as much of the new file
/// as is known, so that a string or comment opened above an added line is lexed as such.
public struct ChangedFile: Sendable, Equatable {
    /// Relative to the repository's root, `/`-separated.
    public var path: String
    /// Line numbers in the new file that the change added.
    public var added: Set<Int>
    /// Lines of the new file that are known, in order: the whole file, or a patch's hunks (context and added).
    public var lines: [AddedLine]
    /// The known lines are the whole file, not only hunks.
    public var isWhole: Bool
    /// Whether the new file ends with a newline, when known.
    public var finalNewline: Bool?
    /// Added lines that took the place of a removed one (a hunk's run of removed lines, then added ones, paired in
    /// order): the removed line's text, by the added line's number. A line changed in place, not a new one.
    public var replaced: [Int: String] = [:]

    public init(path: String, added: Set<Int>, lines: [AddedLine], isWhole: Bool, finalNewline: Bool?) {
        self.path = path
        self.added = added
        self.lines = lines
        self.isWhole = isWhole
        self.finalNewline = finalNewline
    }
}

extension ChangedFile {
    /// A whole file's text, its `added` lines named: for a file read from a tree, the index or the disk.
    init(path: String, text: String, added: Set<Int>) {
        // Split on bytes: "\r\n" is one Character, and a CRLF line must keep its CR to be seen.
        var texts = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        let finalNewline = text.utf8.last == 0x0A
        if finalNewline || text.isEmpty { texts.removeLast() }
        let lines = texts.enumerated().map { offset, bytes in
            let crlf = bytes.last == 0x0D
            return AddedLine(number: offset + 1, text: String(decoding: crlf ? bytes.dropLast() : bytes, as: UTF8.self), crlf: crlf)
        }
        self.init(path: path, added: added, lines: lines, isWhole: true, finalNewline: text.isEmpty ? nil : finalNewline)
    }
}
