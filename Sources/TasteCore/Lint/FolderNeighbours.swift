import Foundation

/// The files next to a changed one as they stood before the change: its folder's other files of its language.
/// A new file has no old lines to show a style of its own; its folder's files may (swift-nio's `scripts/`,
/// synced from another project, steps every block by 2 where the repository steps by 4). Read only when a
/// check asks, at most a few files.
final class FolderNeighbours {
    private let repository: GitRepository
    private let commit: String
    private var read: [String: [LintedFile]] = [:]

    /// Files read per folder, and the most bytes read of each.
    static let limit = 8
    static let maxBytes = 256 << 10

    init(repository: GitRepository, commit: String) {
        self.repository = repository
        self.commit = commit
    }

    /// The neighbours of the change's base: the commit a range starts from, else the head.
    convenience init?(of source: ChangeSource, in repository: GitRepository) {
        let base: String?
        if case .range(.commits(let from, _)) = source { base = from } else { base = try? repository.headCommit() }
        guard let base else { return nil }
        self.init(repository: repository, commit: base)
    }

    func files(besides path: String, language: Language) -> [LintedFile] {
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let key = folder + "\u{0}" + language.rawValue
        if let files = read[key] { return files.filter { $0.change.path != path } }
        let names = repository.entries(in: folder, at: commit).files.filter { Language(path: $0) == language }.sorted()
        var files: [LintedFile] = []
        for name in names.prefix(Self.limit + 1) {
            let neighbour = folder.isEmpty ? name : folder + "/" + name
            guard let data = repository.fileContents(neighbour, at: commit, maxBytes: Self.maxBytes), !data.contains(0) else { continue }
            let change = ChangedFile(path: neighbour, text: String(decoding: data, as: UTF8.self), added: [])
            files.append(LintedFile(change, language: language, allLines: false))
        }
        read[key] = files
        return files.filter { $0.change.path != path }.prefix(Self.limit).map { $0 }
    }
}
