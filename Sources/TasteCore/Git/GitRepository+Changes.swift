import CGit2
import Foundation

/// Which two states of a repository a change lies between, as `taste lint` reads them.
public enum ChangeRange: Sendable, Equatable {
    /// The work tree (untracked files included) against HEAD: what `git diff HEAD` shows, plus new files.
    case workTree
    /// The index against HEAD: what the next commit would record.
    case staged
    /// One commit's tree against another's.
    case commits(from: String, to: String)
}

extension GitRepository {
    /// The change as a unified diff with no context lines, in git's own format (paths quoted where git quotes
    /// them), so that one reader serves this and a patch a person or an agent hands over.
    public func patch(for range: ChangeRange, maxBlobBytes: Int) throws -> String {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.context_lines = 0
        options.interhunk_lines = 0
        options.max_size = git_off_t(maxBlobBytes)
        options.flags = GIT_DIFF_IGNORE_SUBMODULES.rawValue
        var diffPointer: OpaquePointer?
        switch range {
        case .workTree:
            // A file written but not yet added is part of the change a person is about to commit.
            options.flags |=
                GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue | GIT_DIFF_SHOW_UNTRACKED_CONTENT.rawValue
            let head = try treeOfCommit(try headCommit())
            defer { git_tree_free(head) }
            try check("git_diff_tree_to_workdir_with_index", git_diff_tree_to_workdir_with_index(&diffPointer, handle, head, &options))
        case .staged:
            let head = try treeOfCommit(try headCommit())
            defer { git_tree_free(head) }
            try check("git_diff_tree_to_index", git_diff_tree_to_index(&diffPointer, handle, head, nil, &options))
        case .commits(let from, let to):
            let old = try treeOfCommit(from)
            defer { git_tree_free(old) }
            let new = try treeOfCommit(to)
            defer { git_tree_free(new) }
            try check("git_diff_tree_to_tree", git_diff_tree_to_tree(&diffPointer, handle, old, new, &options))
        }
        guard let diff = diffPointer else { return "" }
        defer { git_diff_free(diff) }
        // A renamed file's added lines are its edits, not the whole file.
        var find = git_diff_find_options()
        git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue
        try check("git_diff_find_similar", git_diff_find_similar(diff, &find))
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check("git_diff_to_buf", git_diff_to_buf(&buffer, diff, GIT_DIFF_FORMAT_PATCH))
        guard let bytes = buffer.ptr else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: buffer.size), as: UTF8.self)
    }

    /// A file as the index holds it, or nil when the index has no such file.
    public func indexContents(_ path: String, maxBytes: Int) -> Data? {
        var indexPointer: OpaquePointer?
        guard git_repository_index(&indexPointer, handle) >= 0, let index = indexPointer else { return nil }
        defer { git_index_free(index) }
        guard let entry = git_index_get_bypath(index, path, 0) else { return nil }
        return withUnsafePointer(to: entry.pointee.id) { blobData($0, maxBytes: maxBytes) }
    }

    /// The tree of a commit, to be freed by the caller; nil (an empty tree) for an unborn HEAD.
    private func treeOfCommit(_ sha: String?) throws -> OpaquePointer? {
        guard let sha else { return nil }
        var oid = try Self.oid(sha)
        var commitPointer: OpaquePointer?
        try check("git_commit_lookup", git_commit_lookup(&commitPointer, handle, &oid))
        guard let commit = commitPointer else { return nil }
        defer { git_commit_free(commit) }
        var treePointer: OpaquePointer?
        try check("git_commit_tree", git_commit_tree(&treePointer, commit))
        return treePointer
    }
}
