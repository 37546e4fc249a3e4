/// A file as `taste fix` repairs it: its known lines (the whole file, or a patch's hunks), which of them the
/// fix may change, and where each line came from, so that the repaired file can be shown as a diff of the
/// original and a patch rewritten in place.
struct FixDraft: Equatable {
    let path: String
    let language: Language
    var lines: [AddedLine]
    /// For each line, its number in the original file (lines are renumbered when blank lines go).
    var origin: [Int]
    var finalNewline: Bool?
    let isWhole: Bool
    /// Original line numbers the fix may change: the added ones, or every line with `--all-lines`.
    let changeable: Set<Int>

    init(_ change: ChangedFile, language: Language, allLines: Bool) {
        path = change.path
        self.language = language
        lines = change.lines
        origin = change.lines.map(\.number)
        finalNewline = change.finalNewline
        isWhole = change.isWhole
        changeable = allLines && change.isWhole ? Set(change.lines.map(\.number)) : change.added
    }

    /// The draft as a change the lint checks read, every changeable line "added".
    var changedFile: ChangedFile {
        let added = Set(lines.indices.lazy.filter { changeable.contains(origin[$0]) }.map { lines[$0].number })
        return ChangedFile(path: path, added: added, lines: lines, isWhole: isWhole, finalNewline: finalNewline)
    }

    /// The draft lexed; `neighbours` reads the folder's other files when a check asks for them.
    func lexed(neighbours: FolderNeighbours? = nil) -> LintedFile {
        let file = LintedFile(changedFile, language: language, allLines: false)
        file.neighbourSource = neighbours
        return file
    }

    /// The index of the line numbered `number` now.
    func index(ofLine number: Int) -> Int? {
        // Lines stay in order: a binary search finds one among hunks with gaps.
        var low = 0
        var high = lines.count
        while low < high {
            let middle = (low + high) / 2
            if lines[middle].number < number { low = middle + 1 } else { high = middle }
        }
        return low < lines.count && lines[low].number == number ? low : nil
    }

    /// Drops the lines at `indices`; the lines after each, up to the next gap or the end, move up.
    mutating func remove(_ indices: Set<Int>) {
        var kept: [AddedLine] = []
        var keptOrigin: [Int] = []
        var removed = 0
        for (index, line) in lines.enumerated() {
            if indices.contains(index) {
                removed += 1
                continue
            }
            kept.append(AddedLine(number: line.number - removed, text: line.text, crlf: line.crlf))
            keptOrigin.append(origin[index])
        }
        (lines, origin) = (kept, keptOrigin)
    }

    /// The whole file's text, as it would be written.
    var text: String {
        var out = ""
        out.reserveCapacity(lines.reduce(0) { $0 + $1.text.utf8.count + 2 })
        for (index, line) in lines.enumerated() {
            out += line.text
            if index < lines.count - 1 || finalNewline != false {
                out += line.crlf ? "\r\n" : "\n"
            } else if line.crlf {
                out += "\r"  // a last line that ends in a lone CR keeps it
            }
        }
        return out
    }
}
