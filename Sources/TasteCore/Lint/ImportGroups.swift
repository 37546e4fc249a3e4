/// The import groups `taste lint` and `taste fix` may put in order: contiguous runs of import statements at one
/// indentation, read by the imports miner's statement reader. A blank line, a comment, code, a change of
/// indentation or a side-effect import (JS `import './x'`, Python `from __future__`) ends a group, so sorting
/// never moves a statement across one; a statement right under a comment or an attribute (`#[cfg(…)]`, `@…`)
/// belongs to that line and stays where it is.
struct ImportGroup {
    /// One statement and the file's line indices it spans.
    struct Member {
        var statement: ImportsMiner.Statement
        var lines: Range<Int>
        /// Statements of one class are ordered among themselves; classes may interleave, as the miner reads them.
        var sortClass: String { statement.sortClass }
    }

    var members: [Member]

    static func groups(in file: SourceFile) -> [ImportGroup] {
        guard ImportsMiner.description.languages.contains(file.language) else { return [] }
        let ownPackage = file.language == .python ? ImportsMiner.pythonPackage(of: file.path) : nil
        var groups: [ImportGroup] = []
        var current: [Member] = []
        var indent = 0
        var pending: (open: ImportsMiner.Pending, start: Int, pinned: Bool)?
        var goBlock = false
        /// The next statement belongs to the comment or attribute above it.
        var pinned = false
        // C and C++: an include that opens a block apart from its order, as the miner reads it, is in no group.
        let ownHeader = file.language == .c || file.language == .cpp ? ImportsMiner.headerStem(of: file.path) : nil
        var firstInclude = true

        func close() {
            if current.count >= 2 { groups.append(ImportGroup(members: current)) }
            current = []
        }
        func add(_ statement: ImportsMiner.Statement, _ lines: Range<Int>, pinned: Bool, indent lineIndent: Int) {
            if let ownHeader {
                defer { firstInclude = false }
                if current.isEmpty, ImportsMiner.leadsApart(statement.key, in: file, ownHeader: ownHeader, first: firstInclude) { return }
            }
            // A side-effect import runs where it stands; `from __future__` must come first.
            if pinned || statement.kind == "side" || statement.origin == .future {
                close()
                return
            }
            if !current.isEmpty, lineIndent != indent { close() }
            if current.isEmpty { indent = lineIndent }
            current.append(Member(statement: statement, lines: lines))
        }

        for (index, line) in file.lines.enumerated() {
            if !line.followsPrevious {
                close()
                (pending, goBlock, pinned) = (nil, false, false)
            }
            guard line.isTrusted, !line.startedInside else {
                close()
                (pending, pinned) = (nil, true)
                continue
            }
            let code = CodeLine(line.text)
            if var open = pending {
                guard code.contains(open.open.closer) else { continue }
                if open.open.statement == nil, let specifier = ImportsMiner.quoted(code.body) {
                    open.open.statement = ImportsMiner.Statement(
                        kind: open.open.kind, key: specifier, origin: ImportsMiner.jsOrigin(specifier),
                        projectPath: ImportsMiner.jsProjectPath(specifier), line: open.open.line)
                }
                pending = nil
                if let statement = open.open.statement, !line.endsInside {
                    add(statement, open.start..<(index + 1), pinned: open.pinned, indent: CodeLine(file.lines[open.start].text).indent)
                } else {
                    close()
                }
                continue
            }
            if code.isBlank {
                close()
                pinned = false
                continue
            }
            if line.isCommentOrProse {
                close()
                pinned = true
                continue
            }
            // A line that goes on (`\`, an open string or comment) is more than the statement it starts.
            let continues = line.endsInside || line.lastCode.map { line.bytes[$0] == 0x5C } ?? false
            let above = pinned
            pinned = false
            if goBlock {
                if code.starts(with: ")") {
                    close()
                    goBlock = false
                } else if let path = ImportsMiner.quoted(code.body), !continues {
                    let statement = ImportsMiner.Statement(kind: "", key: path, origin: ImportsMiner.goOrigin(path), line: line.number)
                    add(statement, index..<(index + 1), pinned: above, indent: code.indent)
                } else {
                    close()
                }
                continue
            }
            switch ImportsMiner.parse(code, language: file.language, ownPackage: ownPackage, line: line.number) {
            case .statement(let statement) where !continues:
                add(statement, index..<(index + 1), pinned: above, indent: code.indent)
            case .continues(let open):
                pending = (open, index, above)
            case .goBlock:
                close()
                goBlock = true
            default:
                close()
                // An attribute or annotation applies to the line under it.
                if let first = line.firstByte, first == 0x23 || first == 0x40 { pinned = true }
            }
        }
        close()
        return groups
    }
}

extension ImportGroup {
    /// The group in order: for each position, the index of the member that goes there. Nil when the group is in
    /// one of the orders the miner calls sorted already, or when its old statements (`before`: each member as the
    /// file held it, nil for a new one) keep none of them: a file that keeps its own order is left to it. Of the
    /// orders the old statements keep, the one that moves the fewest statements wins.
    func sortedOrder(language: Language, before: (Member) -> Member?) -> [Int]? {
        guard !Self.orders.contains(where: { isSorted(members, $0) }) else { return nil }
        let old = members.compactMap(before)
        // Where two orders move as many statements: isort compares case-blind, rustfmt puts `self` and
        // lowercase modules before types, most other sorters compare bytes.
        let preferred = language == .python ? [1, 0, 2] : language == .rust ? [2, 0, 1] : Self.orders
        var best: (order: [Int], moved: Int)?
        for order in preferred where isSorted(old, order) {
            let permutation = sorted(order)
            let moved = zip(permutation, permutation.indices).filter { $0 != $1 }.count
            if moved < best?.moved ?? Int.max { best = (permutation, moved) }
        }
        return best?.order
    }

    /// Bytes, case-blind, uppercase after lowercase: ``ImportsMiner/sortKey(_:_:)``'s orders.
    private static let orders = [0, 1, 2]

    private func isSorted(_ members: [Member], _ order: Int) -> Bool {
        var last: [String: [UInt8]] = [:]
        for member in members {
            let key = ImportsMiner.sortKey(member.statement.key, order)
            if let previous = last[member.sortClass], key.lexicographicallyPrecedes(previous) { return false }
            last[member.sortClass] = key
        }
        return true
    }

    /// Each class's statements sorted into the places that class holds, so classes keep their interleaving.
    private func sorted(_ order: Int) -> [Int] {
        var slots: [String: [Int]] = [:]
        for (index, member) in members.enumerated() { slots[member.sortClass, default: []].append(index) }
        var result = Array(members.indices)
        for places in slots.values {
            // Equal keys keep their order: the sort is made stable by the index.
            let ordered = places.map { ($0, ImportsMiner.sortKey(members[$0].statement.key, order)) }
                .sorted { $0.1 == $1.1 ? $0.0 < $1.0 : $0.1.lexicographicallyPrecedes($1.1) }.map(\.0)
            for (place, member) in zip(places, ordered) { result[place] = member }
        }
        return result
    }

    /// The file's line indices the group spans, first to last.
    var lineIndices: Range<Int> { members[0].lines.lowerBound..<members[members.count - 1].lines.upperBound }
}
