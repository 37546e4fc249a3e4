/// One file as a commit left it, as every miner reads it: its path, language and role, and its added lines,
/// lexed once, the first time a miner asks for them.
///
/// A reader builds one per changed file and hands it to each miner of its language in turn.
public final class SourceFile {
    public let change: FileChange
    public var path: String { change.path }
    public var language: Language { change.language }
    public var status: FileChange.Status { change.status }
    /// Whether the new file ends with a newline, when the change says so.
    public var finalNewline: Bool? { change.finalNewline }
    public var addedLines: [AddedLine] { change.addedLines }
    /// Every line of the file as the change left it, where the differ read it whole (always for a new file).
    public var wholeLines: [AddedLine]? { change.status == .added ? change.addedLines : change.wholeLines }
    public let role: FileRole
    private let dollarIdentifiers: Bool

    private var storage: UnsafeMutableBufferPointer<UInt8>?
    private var lexed: [LexedLine] = []
    private var bracketList: [Bracket] = []
    private var stringList: [StringLiteral] = []
    /// ``declarations``, once read.
    var declarationCache: [Declaration]?

    public init(_ change: FileChange) {
        self.change = change
        role = FileRole(path: change.path, language: change.language)
        dollarIdentifiers = LexicalTable.of(change.language).dollarIdentifiers
    }

    /// `code` as a change added it (numbered `numbers`, else from 1): for a blob's head, examples and tests.
    /// Lines split on LF as a diff splits them; a CR before the LF is the line's CRLF ending.
    public convenience init(
        path: String, language: Language? = nil, status: FileChange.Status = .added, code: String, numbers: [Int]? = nil
    ) {
        var texts = code.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        let finalNewline = code.utf8.last == 0x0A
        if finalNewline { texts.removeLast() }
        let lines = texts.enumerated().map { offset, bytes in
            let crlf = bytes.last == 0x0D
            return AddedLine(
                number: numbers?[offset] ?? offset + 1, text: String(decoding: crlf ? bytes.dropLast() : bytes, as: UTF8.self), crlf: crlf)
        }
        self.init(
            FileChange(
                path: path, status: status, language: language ?? Language(path: path) ?? .c, addedLines: lines,
                finalNewline: status == .added && !code.isEmpty ? finalNewline : nil))
    }

    deinit { storage?.deallocate() }

    /// Test code by path; a Rust file may hold unit tests anywhere (`#[cfg(test)] mod tests`).
    public var mayHoldTests: Bool { role == .test || (language == .rust && role != .vendored) }

    /// The added lines, lexed.
    public var lines: SourceLines {
        if storage == nil { lex() }
        return SourceLines(file: self)
    }

    private func lex() {
        let added = change.addedLines
        let total = added.reduce(0) { $0 + $1.text.utf8.count }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(total, 1))
        storage = buffer
        lexed.reserveCapacity(added.count)
        var lexer = Lexer(language)
        var offset = 0
        for line in added {
            var text = line.text
            let count = text.withUTF8 { utf8 in
                _ = UnsafeMutableBufferPointer(rebasing: buffer[offset...]).initialize(from: utf8)
                return utf8.count
            }
            var info = LexedLine(start: offset, count: Int32(count))
            lexer.lex(
                UnsafeBufferPointer(rebasing: buffer[offset..<(offset + count)]), number: line.number, into: &info,
                brackets: &bracketList, strings: &stringList)
            lexed.append(info)
            offset += count
        }
    }

    /// What the lexer recorded for line `index`, and the line's bytes: a ``SourceLine`` without its copies, for
    /// readers that visit every line. Requires ``lines`` to have been read.
    @inline(__always)
    func lexedLine(at index: Int) -> (info: LexedLine, bytes: UnsafeBufferPointer<UInt8>) {
        let info = lexed[index]
        let base = storage.map { UnsafeBufferPointer($0) } ?? UnsafeBufferPointer(start: nil, count: 0)
        return (info, UnsafeBufferPointer(rebasing: base[info.start..<(info.start + Int(info.count))]))
    }

    func brackets(of info: LexedLine) -> ArraySlice<Bracket> {
        bracketList[Int(info.brackets.lowerBound)..<Int(info.brackets.upperBound)]
    }

    func strings(of info: LexedLine) -> ArraySlice<StringLiteral> {
        stringList[Int(info.strings.lowerBound)..<Int(info.strings.upperBound)]
    }

    /// Calls `body` with the index of each line that holds `needle` whole, in order, until it returns true: one
    /// search over the file's bytes, where a search per line paid its setup on every line.
    func forEachLine(holding needle: String, _ body: (Int) -> Bool) {
        if storage == nil { lex() }
        guard let storage, !lexed.isEmpty else { return }
        let bytes = UnsafeBufferPointer(storage)
        let length = needle.utf8.count
        var (from, index) = (0, 0)
        while from < bytes.count, let found = ByteSearch.firstOffset(of: needle, in: UnsafeBufferPointer(rebasing: bytes[from...])) {
            let offset = from + found
            // Lines hold no newline, so the line is the last one starting at or before the offset.
            while index + 1 < lexed.count, lexed[index + 1].start <= offset { index += 1 }
            let end = lexed[index].start + Int(lexed[index].count)
            guard offset + length <= end else {
                from = offset + 1  // it ran on into the next line's bytes
                continue
            }
            if body(index) { return }
            from = end
        }
    }

    fileprivate func line(at index: Int) -> SourceLine {
        let info = lexed[index]
        let base = storage.map { UnsafeBufferPointer($0) } ?? UnsafeBufferPointer(start: nil, count: 0)
        let bytes = UnsafeBufferPointer(rebasing: base[info.start..<(info.start + Int(info.count))])
        return SourceLine(file: self, index: index, bytes: bytes, lexed: info, dollarIdentifiers: dollarIdentifiers)
    }
}

/// A file's added lines, in order.
public struct SourceLines: RandomAccessCollection {
    let file: SourceFile
    public var startIndex: Int { 0 }
    public var endIndex: Int { file.change.addedLines.count }
    public subscript(position: Int) -> SourceLine { file.line(at: position) }
}
