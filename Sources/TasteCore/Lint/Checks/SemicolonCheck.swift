/// JavaScript and TypeScript statements that end otherwise than the repository's: read by the same statement
/// reader the semicolon miner counts with, so a line the miner would not count is never reported.
struct SemicolonCheck: LintCheck {
    let fact = FactKey.semicolons

    func breaches(of rule: Rule, in file: LintedFile) -> [Breach] {
        guard let ruled = rule.bool(.semicolons), file.language == .javascript || file.language == .typescript else { return [] }
        var ends: [(number: Int, semicolon: Bool)] = []
        SemicolonMiner.statementEnds(in: file.source) { ends.append(($0, $1)) }
        let own = file.ownStyle(instead: ruled, observed: ends.filter { file.isOld($0.number) }.map(\.semicolon))
        let wanted = own ?? ruled
        var found: [Breach] = []
        for (number, semicolon) in ends {
            guard semicolon != wanted, file.isChecked(number), let line = file.line(numbered: number), let last = line.lastCode else { continue }
            let text = String(decoding: line.bytes, as: UTF8.self)
            if wanted {
                let replacement =
                    String(decoding: line.bytes[...last], as: UTF8.self) + ";" + String(decoding: line.bytes[(last + 1)...], as: UTF8.self)
                found.append(
                    Breach(
                        line: number, column: line.column(ofByte: last + 1),
                        problem: "statement without a semicolon" + (own == nil ? "" : ", unlike the rest of this file"),
                        fix: Fix("end the statement with a semicolon", replacement: replacement)))
            } else {
                var bytes = Array(line.bytes)
                bytes.remove(at: last)
                found.append(
                    Breach(
                        line: number, column: line.column(ofByte: last),
                        problem: "statement ends with a semicolon" + (own == nil ? "" : ", unlike the rest of this file"),
                        fix: Fix("remove the semicolon", replacement: text.isEmpty ? nil : String(decoding: bytes, as: UTF8.self))))
            }
        }
        return found
    }
}
