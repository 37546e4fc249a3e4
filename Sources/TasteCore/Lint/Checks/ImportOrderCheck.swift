/// Import groups the change left out of alphabetical order, in a repository that keeps them sorted: read by
/// the imports miner's statement reader and compared in the orders it calls sorted, each kind and origin among
/// its own. A group whose old statements are out of order already keeps the file's own order.
struct ImportOrderCheck: LintCheck {
    let fact = FactKey.importsSorted

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard rule.bool(.importsSorted) == true else { return [] }
        var found: [Breach] = []
        for group in ImportGroup.groups(in: file.source) {
            guard let order = group.sortedOrder(language: file.language, isOld: { Self.isOld($0, in: file) }) else { continue }
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

    static func isOld(_ member: ImportGroup.Member, in file: LintedFile) -> Bool {
        member.lines.allSatisfy { file.isOld(file.lines[$0].number) }
    }
}
