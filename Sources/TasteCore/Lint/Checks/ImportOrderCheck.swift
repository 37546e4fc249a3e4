/// Import groups the change left out of alphabetical order, in a repository that keeps them sorted: read by
/// the imports miner's statement reader and compared in the orders it calls sorted, each kind and origin among
/// its own. A group whose old statements are out of order already keeps the file's own order; a statement changed
/// in place counts there as it was (express rewrote `require('path')` as `require('node:path')` in a group that had
/// kept `path` before `fs` all along).
struct ImportOrderCheck: LintCheck {
    let fact = FactKey.importsSorted

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard rule.bool(.importsSorted) == true else { return [] }
        var found: [Breach] = []
        for group in ImportGroup.groups(in: file.source) {
            guard let order = group.sortedOrder(language: file.language, before: { Self.before($0, in: file) }) else { continue }
            // The first statement the change wrote that sorting would move.
            let moving = order.indices.filter { order[$0] != $0 }.map { order[$0] }.sorted()
            guard let member = moving.first(where: { file.isChecked(file.lines[group.members[$0].lines.lowerBound].number) }) else { continue }
            let statement = group.members[member].statement
            let line = file.lines[group.members[member].lines.lowerBound]
            found.append(
                Breach(
                    line: line.number, column: line.column(ofByte: line.indent),
                    problem: "import of `\(statement.key)` out of alphabetical order in its group",
                    fix: Fix("sort the import group")))
        }
        return found
    }

    /// The statement as the file held it before the change: unchanged, or read from the line a changed one took the
    /// place of; nil for one the change added.
    static func before(_ member: ImportGroup.Member, in file: LintedFile) -> ImportGroup.Member? {
        if member.lines.allSatisfy({ file.isOld(file.lines[$0].number) }) { return member }
        guard member.lines.count == 1, let removed = file.change.replaced[file.lines[member.lines.lowerBound].number] else { return nil }
        let ownPackage = file.language == .python ? ImportsMiner.pythonPackage(of: file.change.path) : nil
        guard case .statement(let statement) = ImportsMiner.parse(CodeLine(removed), language: file.language, ownPackage: ownPackage, line: 0)
        else { return nil }
        var old = member
        old.statement = statement
        return old
    }
}
