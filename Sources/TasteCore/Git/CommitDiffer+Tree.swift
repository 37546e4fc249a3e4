import CGit2
import Foundation

extension CommitDiffer {
    /// The files of a commit's tree in the languages `wanted` names, as if the commit added them: the code as it
    /// stands, for the facts a file holds whole. The diff policy decides as for a diff (excluded, generated,
    /// binary and oversized files are left out). At most `perLanguage` files of each language are read, chosen by
    /// a hash of their path so that the same files are read pass after pass; of each, its first `prefixBytes`
    /// (cut at a line's end).
    func files(at commitSHA: String, wanted: (Language) -> Bool, perLanguage: Int, prefixBytes: Int) -> [FileChange] {
        var files: [FileChange] = []
        forEachFile(at: commitSHA, wanted: wanted, perLanguage: perLanguage, prefixBytes: prefixBytes) { files.append($0) }
        return files
    }

    /// ``files(at:wanted:perLanguage:prefixBytes:)`` one at a time, so that only one file's lines are held at once.
    /// Returns what the walk that finds the files counts on the way (``TreeCensus``); nil where the commit's tree
    /// cannot be read.
    @discardableResult
    func forEachFile(
        at commitSHA: String, wanted: (Language) -> Bool, perLanguage: Int, prefixBytes: Int, _ body: (FileChange) -> Void
    ) -> TreeCensus? {
        guard let root = repository.rootTree(of: commitSHA) else { return nil }
        defer { git_tree_free(root) }  // kept to the end: samples are looked up from the top
        var census = TreeCensus()
        var found: [Language: [(rank: UInt64, path: String, id: git_oid)]] = [:]
        var pending: [(tree: OpaquePointer, prefix: String)] = [(root, "")]
        while let (tree, prefix) = pending.popLast() {
            defer { if tree != root { git_tree_free(tree) } }
            for index in 0..<git_tree_entrycount(tree) {
                guard let entry = git_tree_entry_byindex(tree, index), let name = git_tree_entry_name(entry) else { continue }
                let path = prefix + String(cString: name)
                switch git_tree_entry_type(entry) {
                case GIT_OBJECT_TREE:
                    var subtree: OpaquePointer?
                    if git_tree_lookup(&subtree, handle, git_tree_entry_id(entry)) >= 0, let subtree { pending.append((subtree, path + "/")) }
                case GIT_OBJECT_BLOB:
                    if let language = Language(path: String(cString: name)) { census.languages.insert(language) }
                    // A symbolic link's blob is its target's path, not code.
                    guard git_tree_entry_filemode(entry) != GIT_FILEMODE_LINK, case .read(let language) = policy.classify(path),
                        !isSample(path, in: root)
                    else { continue }
                    census.files[language, default: 0] += 1
                    if FileRole(path: path, language: language) == .test { census.testFiles[language, default: 0] += 1 }
                    guard wanted(language), let id = git_tree_entry_id(entry) else { continue }
                    found[language, default: []].append((Self.rank(path), path, id.pointee))
                default: continue  // submodules
                }
            }
        }
        for language in found.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let chosen = (found[language] ?? []).sorted { ($0.rank, $0.path) < ($1.rank, $1.path) }.prefix(perLanguage)
            for candidate in chosen.sorted(by: { $0.path < $1.path }) {
                var id = candidate.id
                if let file = read(&id, path: candidate.path, language: language, prefixBytes: prefixBytes) { body(file) }
            }
        }
        return census
    }

    private func read(_ id: inout git_oid, path: String, language: Language, prefixBytes: Int) -> FileChange? {
        var blobPointer: OpaquePointer?
        guard git_blob_lookup(&blobPointer, handle, &id) >= 0, let blob = blobPointer else { return nil }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size <= policy.maxBlobBytes, let raw = git_blob_rawcontent(blob), !Self.hasNUL(raw, size) else { return nil }
        let head = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw), count: min(size, 2048), deallocator: .none)
        guard !policy.isGenerated(head, language) else { return nil }
        var length = size
        if size > prefixBytes {
            let bytes = raw.assumingMemoryBound(to: UInt8.self)
            length = prefixBytes
            while length > 0, bytes[length - 1] != 0x0A { length -= 1 }
        }
        var file = FileChange(path: path, status: .added, language: language, addedLines: [])
        Self.readAllLines(UnsafeRawBufferPointer(start: raw, count: length), into: &file)
        // The end is known whatever was read of the top: the whole blob is in memory.
        if length < size { file.finalNewline = raw.load(fromByteOffset: size - 1, as: UInt8.self) == 0x0A }
        return file
    }

    /// FNV-1a of the path: a stable order that spreads a sample over the tree's folders.
    private static func rank(_ path: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

/// What a walk over a whole tree counts besides the files it reads.
struct TreeCensus: Sendable, Equatable {
    /// The languages of every file, told by their names, as ``GitRepository/languages(at:)`` tells them.
    var languages: Set<Language> = []
    /// Files per language the diff policy reads, and the test files (``FileRole/test``) among them: every one, not
    /// only the sample read, so that "no test file is left" is a count, not a guess.
    var files: [Language: Int] = [:]
    var testFiles: [Language: Int] = [:]

    /// Whether the head holds code of `language` outside its tests: a language present only as test data (bat's
    /// syntax-highlighting samples in two dozen languages) has no code a habit could be lent to.
    func holdsCode(_ language: Language) -> Bool { files[language, default: 0] > testFiles[language, default: 0] }
}
