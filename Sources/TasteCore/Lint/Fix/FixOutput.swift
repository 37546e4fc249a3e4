import Foundation

extension Fixer.FixedFile {
    /// The repair as a unified diff that `git apply` takes, three lines of context.
    public var unifiedDiff: String {
        enum Step {
            case same(Int, Int)
            case change(Int, Int)
            case remove(Int)
        }
        let old = original, new = fixed
        let endingChanged = old.finalNewline != new.finalNewline
        var steps: [Step] = []
        var j = 0
        for (i, line) in old.lines.enumerated() {
            guard j < new.lines.count, new.origin[j] == line.number else {
                steps.append(.remove(i))
                continue
            }
            let lastPair = endingChanged && (i == old.lines.count - 1 || j == new.lines.count - 1)
            let same = new.lines[j].text == line.text && new.lines[j].crlf == line.crlf && !lastPair
            steps.append(same ? .same(i, j) : .change(i, j))
            j += 1
        }
        func oldLine(_ i: Int) -> String { Self.diffLine("-", old.lines[i], last: i == old.lines.count - 1 && old.finalNewline == false) }
        func newLine(_ j: Int) -> String { Self.diffLine("+", new.lines[j], last: j == new.lines.count - 1 && new.finalNewline == false) }

        let changed = steps.indices.filter { if case .same = steps[$0] { false } else { true } }
        guard !changed.isEmpty else { return "" }
        var out =
            "diff --git \(Self.quoted("a/" + path)) \(Self.quoted("b/" + path))\n--- \(Self.quoted("a/" + path))\n+++ \(Self.quoted("b/" + path))\n"
        let context = 3
        var start = 0
        while start < changed.count {
            var end = start
            while end + 1 < changed.count, changed[end + 1] - changed[end] <= 2 * context { end += 1 }
            let from = max(0, changed[start] - context), to = min(steps.count - 1, changed[end] + context)
            var body = ""
            /// A run of changed lines prints its old lines, then its new ones, as diff does.
            var added = ""
            var oldStart: Int?, newStart: Int?
            var oldCount = 0, newCount = 0
            for step in steps[from...to] {
                switch step {
                case .same(let i, let j):
                    oldStart = oldStart ?? old.lines[i].number
                    newStart = newStart ?? new.lines[j].number
                    body += added + Self.diffLine(" ", old.lines[i], last: i == old.lines.count - 1 && old.finalNewline == false)
                    added = ""
                    oldCount += 1
                    newCount += 1
                case .change(let i, let j):
                    oldStart = oldStart ?? old.lines[i].number
                    newStart = newStart ?? new.lines[j].number
                    body += oldLine(i)
                    added += newLine(j)
                    oldCount += 1
                    newCount += 1
                case .remove(let i):
                    oldStart = oldStart ?? old.lines[i].number
                    oldCount += 1
                    body += oldLine(i)
                }
            }
            body += added
            let oldFirst = oldStart ?? 0
            // A hunk that only removes names the line before it on the new side.
            let newFirst = newStart ?? (oldFirst - 1 - steps[..<from].filter { if case .remove = $0 { true } else { false } }.count)
            out += "@@ -\(oldFirst),\(oldCount) +\(newFirst),\(newCount) @@\n" + body
            start = end + 1
        }
        return out
    }

    private static func diffLine(_ marker: String, _ line: AddedLine, last noNewline: Bool) -> String {
        marker + line.text + (line.crlf ? "\r" : "") + "\n" + (noNewline ? "\\ No newline at end of file\n" : "")
    }

    /// A path as git writes it in a diff header: C-quoted when it holds a quote, a backslash, a control
    /// character or a byte past ASCII.
    static func quoted(_ path: String) -> String {
        let bytes = Array(path.utf8)
        guard bytes.contains(where: { $0 < 0x20 || $0 >= 0x7F || $0 == 0x22 || $0 == 0x5C }) else { return path }
        var out = "\""
        for byte in bytes {
            switch byte {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "\\" + String(byte, radix: 8).leftPadded(to: 3)
            }
        }
        return out + "\""
    }
}

extension String {
    fileprivate func leftPadded(to count: Int) -> String { String(repeating: "0", count: max(0, count - self.count)) + self }
}

/// Rewrites a unified diff's added lines as `taste fix` repaired them: changed lines replaced, removed blank
/// lines dropped (hunk headers counted again), a `\ No newline at end of file` dropped where a final newline
/// was added. Everything else of the patch is kept byte for byte.
enum PatchRewriter {
    static func rewrite(_ patch: String, with files: [Fixer.FixedFile]) -> String {
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var out: [Substring] = []
        var lines = patch.split(separator: "\n", omittingEmptySubsequences: false)[...]
        var current: Fixer.FixedFile?
        /// Original line number → the fixed line, nil where it was removed.
        var fixedLines: [Int: AddedLine?] = [:]
        var removedBefore = 0
        while let line = lines.popFirst() {
            if line.hasPrefix("+++ ") {
                let path = (try? PatchReader.newPath(String(line.dropFirst(4)), line: 0)) ?? nil
                current = path.flatMap { byPath[$0] }
                fixedLines = [:]
                removedBefore = 0
                if let current {
                    for number in current.original.lines.map(\.number) { fixedLines[number] = .some(nil) }
                    for (index, fixed) in current.fixed.lines.enumerated() { fixedLines[current.fixed.origin[index]] = fixed }
                }
                out.append(line)
                continue
            }
            guard line.hasPrefix("@@ "), let file = current, let hunk = PatchReader.hunkHeader(String(line)) else {
                out.append(line)
                continue
            }
            var oldLeft = hunk.oldCount, newLeft = hunk.newCount
            var newLine = hunk.newStart
            var body: [Substring] = []
            var removed = 0
            var lastAddedIndex: Int?
            while oldLeft > 0 || newLeft > 0, let next = lines.popFirst() {
                switch next.first {
                case "+":
                    if case .some(let fixed) = fixedLines[newLine], let fixed {
                        body.append(Substring("+" + fixed.text + (fixed.crlf ? "\r" : "")))
                        lastAddedIndex = body.count - 1
                    } else if fixedLines[newLine] != nil {
                        removed += 1
                    } else {
                        body.append(next)
                    }
                    newLine += 1
                    newLeft -= 1
                case "-":
                    body.append(next)
                    oldLeft -= 1
                default:
                    // A context line, or an empty line some tools leave for one.
                    body.append(next)
                    newLine += 1
                    newLeft -= 1
                    oldLeft -= 1
                }
            }
            // The marker after the hunk's last added line, when the fix ended the file with a newline.
            if let marker = lines.first, marker.hasPrefix("\\"), let last = lastAddedIndex, last == body.count - 1,
                file.fixed.finalNewline == true, file.original.finalNewline == false
            {
                lines.removeFirst()
            }
            guard removed > 0 || removedBefore > 0 else {
                out.append(line)  // the header still holds: kept as written
                out += body
                continue
            }
            let header = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
            let newCount = hunk.newCount - removed
            let newStart = (hunk.newCount == 0 ? hunk.newStart - 1 : hunk.newStart) - removedBefore
            let tail = header.count > 3 ? " " + header[3] : ""
            out.append(Substring("@@ \(header[1]) +\(newStart),\(newCount)\(tail)"))
            out += body
            removedBefore += removed
        }
        return out.joined(separator: "\n")
    }
}
