/// Checks one fact of a rule against a changed file: one type per fact, each small because the file is lexed
/// once and every check asks it for lines, strings and comments.
protocol LintCheck: Sendable {
    /// The fact whose rules this check enforces; a rule without it is not this check's business.
    var fact: FactKey { get }
    /// Where the file's checked lines break `rule`.
    func breaches(of rule: Rule, in file: LintedFile) -> [Breach]
}

/// Every check, by the fact it enforces.
enum LintChecks {
    static let all: [any LintCheck] = [
        IndentationCheck(), TrailingWhitespaceCheck(), FinalNewlineCheck(), LineEndingCheck(), LineLengthCheck(),
        QuoteStyleCheck(), SemicolonCheck(), TrailingCommaCheck(), ImportOrderCheck(), BlankLinesCheck(),
    ]
}

/// A changed file lexed once, with the lines the linter looks at.
final class LintedFile {
    let change: ChangedFile
    let source: SourceFile
    let lines: SourceLines
    /// Look at every known line, not only the added ones.
    let allLines: Bool
    private let indexByNumber: [Int: Int]

    init(_ change: ChangedFile, language: Language, allLines: Bool) {
        self.change = change
        self.allLines = allLines
        source = SourceFile(
            FileChange(
                path: change.path, status: change.isWhole ? .added : .modified, language: language, addedLines: change.lines,
                finalNewline: change.finalNewline))
        lines = source.lines
        var indexByNumber: [Int: Int] = [:]
        for (index, line) in change.lines.enumerated() { indexByNumber[line.number] = index }
        self.indexByNumber = indexByNumber
    }

    var language: Language { source.language }

    /// Where the folder's other files are read from, when the linter knows the repository.
    var neighbourSource: FolderNeighbours?

    /// The folder's other files of this language before the change, read on first use; none when the
    /// repository is unknown.
    private(set) lazy var neighbours: [LintedFile] = neighbourSource?.files(besides: change.path, language: language) ?? []

    /// Whether the linter reports on this line.
    func isChecked(_ number: Int) -> Bool { allLines ? indexByNumber[number] != nil : change.added.contains(number) }

    /// The lines the linter reports on, lexed.
    var checkedLines: some Sequence<SourceLine> {
        lines.lazy.filter { self.isChecked($0.number) }
    }

    /// The known line numbered `number`, lexed.
    func line(numbered number: Int) -> SourceLine? { indexByNumber[number].map { lines[$0] } }

    /// Whether the line was in the file before the change: its own style, not the change's.
    func isOld(_ number: Int) -> Bool { !change.added.contains(number) }

    /// Fewer observations than this say nothing about a file's own style.
    static let ownStyleMinimum = 5

    /// Whether the file's old lines keep another style than `wanted`: enough of them show the fact, and fewer
    /// than the share a miner needs to call a rule unmixed follow it. Such a file (vendored in, older than the
    /// rule, or half converted) is left to its own style, as a mixed rule leaves every file to its own.
    func keepsOwnStyle<Style: Equatable>(against wanted: Style, observed: [Style]) -> Bool {
        observed.count >= Self.ownStyleMinimum && Double(observed.filter { $0 == wanted }.count) < Linter.mixedShare * Double(observed.count)
    }
}

extension SourceLine {
    /// The 1-based column of byte `offset`, counting Unicode scalars.
    func column(ofByte offset: Int) -> Int {
        var column = 1
        for index in 0..<min(offset, bytes.count) where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }
}

extension Rule {
    func int(_ key: FactKey) -> Int? {
        if case .int(let value)? = facts[key] { return value }
        return nil
    }

    func string(_ key: FactKey) -> String? {
        if case .string(let value)? = facts[key] { return value }
        return nil
    }

    func bool(_ key: FactKey) -> Bool? {
        if case .bool(let value)? = facts[key] { return value }
        return nil
    }
}
