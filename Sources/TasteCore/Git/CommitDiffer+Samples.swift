import CGit2

extension CommitDiffer {
    /// Whether `path` lies in a folder of samples (``SampleFolders``) in `tree`, a commit's own: read as the folder
    /// stood in that commit, so samples under a name changed since are known wherever they were touched. Verdicts
    /// are kept per folder tree, which few commits change.
    func isSample(_ path: String, in tree: OpaquePointer) -> Bool {
        guard SampleFolders.isInTestTree(path) else { return false }
        let folders = path.split(separator: "/").dropLast()
        guard let first = folders.firstIndex(where: SampleFolders.isTestFolder) else { return false }
        var folder = folders[..<first].joined(separator: "/")
        for name in folders[first...] {
            folder += folder.isEmpty ? String(name) : "/" + name
            var entryPointer: OpaquePointer?
            guard git_tree_entry_bypath(&entryPointer, tree, folder) >= 0, let entry = entryPointer else { return false }
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_TREE, let id = git_tree_entry_id(entry) else { return false }
            let key = withUnsafeBytes(of: id.pointee.id) { Array($0) }
            let verdict = sampleVerdicts[key] ?? holdsSamples(id)
            sampleVerdicts[key] = verdict
            if verdict { return true }
        }
        return false
    }

    /// What ``SampleFolders`` reads of one folder's tree: its files' and subfolders' names. Files are read until
    /// one is named as a test, which settles that sign: most folders in a test tree are of tests.
    private func holdsSamples(_ id: UnsafePointer<git_oid>) -> Bool {
        var treePointer: OpaquePointer?
        guard git_tree_lookup(&treePointer, handle, id) >= 0, let tree = treePointer else { return false }
        defer { git_tree_free(tree) }
        var files = SampleFolders.Families(), folders: [String] = []
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index), let name = git_tree_entry_name(entry) else { continue }
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE: folders.append(String(cString: name))
            case GIT_OBJECT_BLOB where !files.holdsATest: files.add(String(cString: name))
            default: continue
            }
        }
        return files.areSamples || SampleFolders.namesLanguages(folders)
    }
}
