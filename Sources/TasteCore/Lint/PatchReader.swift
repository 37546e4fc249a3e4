/// Reads a unified diff (`git diff`, `git format-patch`, `diff -u`, libgit2's own) into the files it changes:
/// for each, the lines it adds and the new side of its hunks. Deleted files and binary ones have no lines.
public enum PatchReader {
    public static func files(in patch: String) throws -> [ChangedFile] {
        var files: [ChangedFile] = []
        var current: ChangedFile?
        var oldLeft = 0, newLeft = 0
        var newLine = 0
        /// The last hunk line was on the new side (added or context): a following `\ No newline` is about it.
        var lastOnNewSide = false
        var lastWasAdded = false
        /// The header names a symbolic link (mode 120000): its "line" is the path it points to, not code.
        var headerIsLink = false
        var currentIsLink = false
        /// The removed lines of the hunk's current run that no added line has taken the place of yet.
        var removedRun: [String] = []
        var removedTaken = 0

        func finish() {
            if let file = current, !file.path.isEmpty, !file.added.isEmpty, !currentIsLink { files.append(file) }
            current = nil
        }

        // Split on bytes: a CRLF line is one Character, and its CR belongs to the added line.
        for (index, bytes) in patch.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = String(decoding: bytes, as: UTF8.self)
            if oldLeft > 0 || newLeft > 0 {
                guard let marker = bytes.first else {
                    // An empty line inside a hunk: some tools strip the space of an empty context line.
                    oldLeft -= 1
                    newLeft -= 1
                    (removedRun, removedTaken) = ([], 0)
                    current?.lines.append(AddedLine(number: newLine, text: ""))
                    newLine += 1
                    continue
                }
                let rest = bytes.dropFirst()
                let crlf = rest.last == 0x0D
                let text = String(decoding: crlf ? rest.dropLast() : rest, as: UTF8.self)
                switch marker {
                case UInt8(ascii: "+"):
                    current?.lines.append(AddedLine(number: newLine, text: text, crlf: crlf))
                    current?.added.insert(newLine)
                    if removedTaken < removedRun.count {
                        current?.replaced[newLine] = removedRun[removedTaken]
                        removedTaken += 1
                    }
                    newLine += 1
                    newLeft -= 1
                    lastOnNewSide = true
                    lastWasAdded = true
                case UInt8(ascii: " "):
                    current?.lines.append(AddedLine(number: newLine, text: text, crlf: crlf))
                    (removedRun, removedTaken) = ([], 0)
                    newLine += 1
                    newLeft -= 1
                    oldLeft -= 1
                    lastOnNewSide = true
                    lastWasAdded = false
                case UInt8(ascii: "-"):
                    if removedTaken > 0 { (removedRun, removedTaken) = ([], 0) }
                    removedRun.append(text)
                    oldLeft -= 1
                    lastOnNewSide = false
                case UInt8(ascii: "\\"):
                    break
                default:
                    throw TasteError.usage("patch line \(index + 1): a hunk line must start with ' ', '+' or '-'")
                }
                continue
            }
            if line.hasPrefix("\\") {
                // `\ No newline at end of file`, after the hunk's last line.
                if lastOnNewSide, lastWasAdded { current?.finalNewline = false }
                continue
            }
            if line.hasPrefix("diff --git ") {
                finish()
                headerIsLink = false
            } else if line.hasPrefix("new file mode ") || line.hasPrefix("new mode ") || line.hasPrefix("index ") {
                if line.hasSuffix(" 120000") { headerIsLink = true }
            } else if line.hasPrefix("--- ") {
                finish()
            } else if line.hasPrefix("+++ ") {
                finish()
                // A deleted file's hunks are read and dropped: it has no path on the new side.
                let path = try newPath(String(line.dropFirst(4)), line: index + 1) ?? ""
                current = ChangedFile(path: path, added: [], lines: [], isWhole: false, finalNewline: nil)
                (currentIsLink, headerIsLink) = (headerIsLink, false)
            } else if line.hasPrefix("@@ ") {
                guard current != nil, let hunk = hunkHeader(line) else {
                    throw TasteError.usage("patch line \(index + 1): a hunk header must follow '+++' and read '@@ -a,b +c,d @@'")
                }
                (oldLeft, newLeft, newLine) = (hunk.oldCount, hunk.newCount, hunk.newStart)
                (removedRun, removedTaken) = ([], 0)
                lastOnNewSide = false
                lastWasAdded = false
            }
        }
        finish()
        return files
    }

    /// The path a `+++` header names, without git's `b/` prefix or `diff -u`'s timestamp; nil for `/dev/null`.
    static func newPath(_ text: String, line: Int) throws -> String? {
        var path: String
        if text.hasPrefix("\"") {
            guard let unquoted = unquote(text) else {
                throw TasteError.usage("patch line \(line): cannot read the quoted path \(text)")
            }
            path = unquoted
        } else {
            path = String(text.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        }
        if path == "/dev/null" { return nil }
        if path.hasPrefix("b/") { path.removeFirst(2) }
        return path.isEmpty ? nil : path
    }

    /// A C-style quoted path as git writes it: `"a\"b\n\303\251"`. Nil when the quotes do not close.
    static func unquote(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).dropFirst().makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = iterator.next() else { return nil }
                switch escaped {
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "a"): bytes.append(0x07)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "v"): bytes.append(0x0B)
                case UInt8(ascii: "0")...UInt8(ascii: "3"):
                    guard let second = iterator.next(), let third = iterator.next(),
                        (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(second), (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(third)
                    else { return nil }
                    bytes.append((escaped - 0x30) << 6 | (second - 0x30) << 3 | (third - 0x30))
                default: bytes.append(escaped)
                }
            default:
                bytes.append(byte)
            }
        }
        return nil
    }

    /// The largest line number a hunk may name.
    static let maxLine = Int(Int32.max)

    /// `@@ -a,b +c,d @@ …`, a count of 1 left out as diff leaves it out.
    static func hunkHeader(_ line: String) -> (oldCount: Int, newStart: Int, newCount: Int)? {
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard parts.count >= 3, parts[1].hasPrefix("-"), parts[2].hasPrefix("+") else { return nil }
        func range(_ text: Substring) -> (start: Int, count: Int)? {
            let numbers = text.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            guard let start = Int(numbers[0]), start >= 0, start <= maxLine else { return nil }
            guard numbers.count == 2 else { return numbers.count == 1 ? (start, 1) : nil }
            guard let count = Int(numbers[1]), count >= 0, count <= maxLine else { return nil }
            return (start, count)
        }
        // Line numbers past any file's length are refused here, so that counting lines on can never overflow.
        guard let old = range(parts[1]), let new = range(parts[2]), old.start <= maxLine - old.count, new.start <= maxLine - new.count
        else { return nil }
        // An empty new side names the line before it.
        return (old.count, new.count == 0 ? new.start + 1 : new.start, new.count)
    }
}
