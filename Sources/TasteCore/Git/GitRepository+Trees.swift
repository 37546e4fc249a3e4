import CGit2

extension GitRepository {
    /// The names of the files and folders directly in `folder` ("" for the root) at a commit; empty when
    /// the folder does not exist there.
    public func entries(in folder: String, at commitSHA: String) -> (files: [String], folders: [String]) {
        guard var oid = try? Self.oid(commitSHA) else { return ([], []) }
        var commitPointer: OpaquePointer?
        guard git_commit_lookup(&commitPointer, handle, &oid) >= 0, let commit = commitPointer else { return ([], []) }
        defer { git_commit_free(commit) }
        var rootPointer: OpaquePointer?
        guard git_commit_tree(&rootPointer, commit) >= 0, let root = rootPointer else { return ([], []) }
        defer { git_tree_free(root) }
        var tree = root
        var subtree: OpaquePointer?
        defer { if let subtree { git_tree_free(subtree) } }
        if !folder.isEmpty {
            var entryPointer: OpaquePointer?
            guard git_tree_entry_bypath(&entryPointer, root, folder) >= 0, let entry = entryPointer else { return ([], []) }
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_TREE,
                git_tree_lookup(&subtree, handle, git_tree_entry_id(entry)) >= 0, let found = subtree
            else { return ([], []) }
            tree = found
        }
        var files: [String] = [], folders: [String] = []
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index), let name = git_tree_entry_name(entry) else { continue }
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE: folders.append(String(cString: name))
            case GIT_OBJECT_BLOB: files.append(String(cString: name))
            default: continue  // submodules
            }
        }
        return (files, folders)
    }

    /// The root tree of a commit, for the caller to free with `git_tree_free`; nil when it cannot be read.
    func rootTree(of commitSHA: String) -> OpaquePointer? {
        guard var oid = try? Self.oid(commitSHA) else { return nil }
        var commitPointer: OpaquePointer?
        guard git_commit_lookup(&commitPointer, handle, &oid) >= 0, let commit = commitPointer else { return nil }
        defer { git_commit_free(commit) }
        var rootPointer: OpaquePointer?
        guard git_commit_tree(&rootPointer, commit) >= 0 else { return nil }
        return rootPointer
    }

    /// The languages of the files at a commit, told by their names, over its whole tree.
    public func languages(at commitSHA: String) -> Set<Language> {
        guard let root = rootTree(of: commitSHA) else { return [] }
        var found: Set<Language> = []
        var pending = [root]
        while let tree = pending.popLast() {
            defer { git_tree_free(tree) }
            for index in 0..<git_tree_entrycount(tree) {
                guard let entry = git_tree_entry_byindex(tree, index) else { continue }
                switch git_tree_entry_type(entry) {
                case GIT_OBJECT_TREE:
                    var subtree: OpaquePointer?
                    if git_tree_lookup(&subtree, handle, git_tree_entry_id(entry)) >= 0, let subtree { pending.append(subtree) }
                case GIT_OBJECT_BLOB:
                    if let name = git_tree_entry_name(entry), let language = Language(path: String(cString: name)) { found.insert(language) }
                default: continue  // submodules
                }
            }
        }
        return found
    }
}
