/// Statements that end otherwise than the repository's, in the languages where a semicolon is optional: read by
/// the same statement reader the semicolon miner counts with, so a line the miner would not count is never
/// reported.
struct SemicolonCheck: LintCheck {
    let fact = FactKey.semicolons

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard let wanted = rule.bool(.semicolons), SemicolonMiner.description.languages.contains(file.language) else { return [] }
        var ends: [(number: Int, semicolon: Bool)] = []
        SemicolonMiner.statementEnds(in: file.source) { ends.append(($0, $1)) }
        // A file that keeps the other ending is left to it: either ending is right there.
        guard !file.keepsOwnStyle(against: wanted, observed: ends.filter { file.isOld($0.number) }.map(\.semicolon)) else { return [] }
        var found: [Breach] = []
        for (number, semicolon) in ends {
            guard semicolon != wanted, file.isChecked(number), let line = file.line(numbered: number), let last = line.lastCode else { continue }
            let text = String(decoding: line.bytes, as: UTF8.self)
            if wanted {
                let replacement =
                    String(decoding: line.bytes[...last], as: UTF8.self) + ";" + String(decoding: line.bytes[(last + 1)...], as: UTF8.self)
                found.append(
                    Breach(
                        line: number, column: line.column(ofByte: last + 1), problem: "statement without a semicolon",
                        fix: Fix("end the statement with a semicolon", replacement: replacement)))
            } else {
                var bytes = Array(line.bytes)
                bytes.remove(at: last)
                found.append(
                    Breach(
                        line: number, column: line.column(ofByte: last), problem: "statement ends with a semicolon",
                        fix: Fix("remove the semicolon", replacement: text.isEmpty ? nil : String(decoding: bytes, as: UTF8.self))))
            }
        }
        return found
    }
}
