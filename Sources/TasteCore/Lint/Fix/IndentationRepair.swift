/// Re-indents lines by their nesting level, keeping the structure: a line after one that opens a block (ends
/// with `{` or `:`) steps in by the repository's size from it, one after an open `(` or `[` hangs by the size
/// (or keeps a multiple of it), a line at the indentation of an enclosing line
/// takes that line's new indentation, and any other line (a continuation, a hanging indent, a chained call)
/// moves with the statement above it, so that alignment it holds is kept. Lines inside multi-line strings are
/// never touched, and a line the fix may not change anchors the lines around it where it stands.
struct IndentationRepair {
    let style: String
    /// The step between levels; without one, only the indentation's characters change.
    let size: Int?
    /// How wide a tab counts.
    let tabWidth: Int

    init?(rule: Rule) {
        guard let style = rule.string(.indentStyle), style == "space" || style == "tab" else { return nil }
        self.style = style
        size = rule.int(.indentSize).flatMap { (1...16).contains($0) ? $0 : nil }
        tabWidth = size ?? 4
    }

    /// An enclosing line: its indentation before and after.
    private struct Level {
        var old: Int
        var new: Int
    }

    func edits(in file: LintedFile, where allowed: (Int) -> Bool) -> [Repair.Edit] {
        var edits: [Repair.Edit] = []
        var levels: [Level] = []
        /// How far the last line that found its level moved: a continuation moves with it.
        var shift = 0
        /// How far the line that opened a block comment moved: the comment's lines move with it.
        var commentShift = 0
        var previousOpens = false
        /// The line above ends with `(` or `[`: the lines below hang from it.
        var previousHangs = false
        var lastNumber = Int.min
        for (index, line) in file.lines.enumerated() {
            if line.number != lastNumber &+ 1 { (levels, shift, previousOpens) = ([], 0, false) }
            lastNumber = line.number
            guard !line.isBlank, !line.startsInString else { continue }
            let old = width(line.bytes[..<line.indent])
            let free = line.isTrusted && allowed(line.number)
            var new: Int
            var aligned = false
            if line.startsInComment {
                new = max(0, old + commentShift)
                aligned = true
            } else if line.isEmpty || !line.isTrusted {
                // A comment line sits at the level it is written at, and changes none.
                if let level = levels.last(where: { $0.old <= old }), level.old == old {
                    new = level.new
                } else if previousOpens, let top = levels.last, old > top.old {
                    new = top.new + step(old - top.old, hanging: previousHangs)
                } else {
                    new = max(0, old + shift)
                    aligned = true
                }
                if !free { new = old }
                if !line.isTrusted { previousOpens = false }
            } else {
                while let top = levels.last, top.old > old { levels.removeLast() }
                if previousOpens, let top = levels.last, old > top.old {
                    new = free ? top.new + step(old - top.old, hanging: previousHangs) : old
                    levels.append(Level(old: old, new: new))
                } else if let top = levels.last, top.old == old {
                    new = free ? top.new : old
                    levels[levels.count - 1].new = new
                } else if levels.isEmpty {
                    new = old
                    levels.append(Level(old: old, new: old))
                } else {
                    new = free ? max(0, old + shift) : old
                    aligned = true
                }
                if !aligned { shift = new - old }
                let last = line.isTrusted && !line.endsInside ? line.lastCode.map { line.bytes[$0] } : nil
                previousOpens = last == 0x7B || last == 0x3A || last == 0x28 || last == 0x5B || (last != nil && line.leavesBraceOpen)
                previousHangs = last == 0x28 || last == 0x5B
            }
            if line.endsInside { commentShift = new - old }
            guard free else { continue }
            let indent = render(new, keeping: aligned && new == old ? line.bytes[..<line.indent] : nil)
            let current = String(decoding: line.bytes[..<line.indent], as: UTF8.self)
            guard indent != current else { continue }
            edits.append(
                Repair.Edit(
                    index: index, action: .replace(indent + String(decoding: line.bytes[line.indent...], as: UTF8.self)),
                    summary: "indentation \(describe(current)) → \(describe(indent))"))
        }
        return edits
    }

    /// The step a new level takes: the repository's size after a block opener; after `(` or `[`, a hanging
    /// indent keeps a multiple of the size (a continuation indent of 8 in a 4-space repository) and takes the
    /// size otherwise.
    private func step(_ written: Int, hanging: Bool) -> Int {
        guard let size else { return written }
        return hanging && written % size == 0 ? written : size
    }

    private func width(_ indent: some Collection<UInt8>) -> Int {
        // A tab moves to the next tab stop, as editors show it.
        indent.reduce(0) { $0 == 0 || $1 != 0x09 ? $0 + ($1 == 0x09 ? tabWidth : 1) : ($0 / tabWidth + 1) * tabWidth }
    }

    /// `width` columns in the repository's style; an aligned line that did not move keeps its own characters
    /// when they are in that style already.
    private func render(_ width: Int, keeping own: Slice<UnsafeBufferPointer<UInt8>>?) -> String {
        if let own {
            let text = String(decoding: own, as: UTF8.self)
            if style == "space" ? !own.contains(0x09) : !text.hasPrefix(String(repeating: " ", count: min(2, tabWidth))) { return text }
        }
        if style == "space" { return String(repeating: " ", count: width) }
        return String(repeating: "\t", count: width / tabWidth) + String(repeating: " ", count: width % tabWidth)
    }

    private func describe(_ indent: String) -> String {
        if indent.isEmpty { return "none" }
        let tabs = indent.filter { $0 == "\t" }.count
        let spaces = indent.count - tabs
        return [tabs > 0 ? "\(tabs) tab\(tabs == 1 ? "" : "s")" : nil, spaces > 0 ? "\(spaces) space\(spaces == 1 ? "" : "s")" : nil]
            .compactMap { $0 }.joined(separator: " + ")
    }
}

extension SourceLine {
    /// The last bracket the line opens and leaves open is `{`: a closure's body starts below `{ x in` (Swift)
    /// or `{ x ->` (Kotlin) as a block's does.
    var leavesBraceOpen: Bool {
        var open: [UInt8] = []
        for bracket in brackets {
            switch bracket.byte {
            case 0x28, 0x5B, 0x7B: open.append(bracket.byte)
            default: if !open.isEmpty { open.removeLast() }
            }
        }
        return open.last == 0x7B
    }
}
