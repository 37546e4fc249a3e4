import CGit2
import CTasteSystem
import Foundation

/// libgit2 is initialised once per process; handles are never shared between threads.
private let libgit2Initialised: Bool = {
    taste_git_init()
    _ = taste_git_disable_hash_verification()
    return true
}()

/// An open repository. Owns its `git_repository` handle; use it from one thread at a time.
public final class GitRepository {
    let handle: OpaquePointer

    /// The repository's git folder (`.git` or the bare repository), absolute, without a trailing slash.
    public let gitDirectory: String
    /// The work tree, or nil for a bare repository.
    public let workDirectory: String?

    /// Opens the repository containing `path`: a folder inside a work tree, a `.git` folder, or a bare repository.
    public init(path: String) throws {
        _ = libgit2Initialised
        var pointer: OpaquePointer?
        var result = git_repository_open_ext(&pointer, path, 0, nil)
        if result < 0, Self.looksBare(path) {
            // A bare repository without a `config` file is not found by the usual search.
            let flags = GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_BARE.rawValue
            result = git_repository_open_ext(&pointer, path, flags, nil)
        }
        guard result >= 0, var opened = pointer else {
            throw TasteError.notARepository(path)
        }
        if Self.isBareWithoutConfig(opened) {
            // Without `core.bare`, git takes a git folder for bare unless it is named `.git`; libgit2 takes its
            // parent for a work tree, where exports would land.
            let gitDirectory = String(cString: git_repository_path(opened))
            git_repository_free(opened)
            var reopened: OpaquePointer?
            let flags = GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_BARE.rawValue
            guard git_repository_open_ext(&reopened, gitDirectory, flags, nil) >= 0, let bare = reopened else {
                throw TasteError.notARepository(path)
            }
            opened = bare
        }
        handle = opened
        gitDirectory = Self.trimSlash(String(cString: git_repository_path(opened)))
        if let work = git_repository_workdir(opened) {
            workDirectory = Self.trimSlash(String(cString: work))
        } else {
            workDirectory = nil
        }
    }

    deinit { git_repository_free(handle) }

    /// A git folder with a work tree by libgit2's reckoning, but neither a configuration that says so nor the
    /// name `.git`. A linked worktree's folder has no `config` of its own and is left as it is.
    private static func isBareWithoutConfig(_ repository: OpaquePointer) -> Bool {
        guard git_repository_workdir(repository) != nil, git_repository_is_worktree(repository) == 0,
            let common = git_repository_commondir(repository)
        else { return false }
        let gitDirectory = trimSlash(String(cString: git_repository_path(repository)))
        return URL(fileURLWithPath: gitDirectory).lastPathComponent != ".git"
            && !FileManager.default.fileExists(atPath: trimSlash(String(cString: common)) + "/config")
    }

    private static func looksBare(_ path: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: path + "/HEAD") && fm.fileExists(atPath: path + "/objects")
    }

    private static func trimSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// A short display name: the work tree's folder, or the bare repository's folder without `.git`.
    public var displayName: String {
        let base = URL(fileURLWithPath: workDirectory ?? gitDirectory).lastPathComponent
        return base.hasSuffix(".git") && base.count > 4 ? String(base.dropLast(4)) : base
    }

    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// A configuration value as git reads it (repository, then global and system files), or nil.
    public func configString(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) >= 0, let snapshot = config else { return nil }
        defer { git_config_free(snapshot) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, snapshot, key) >= 0, let value else { return nil }
        return String(cString: value)
    }

    /// The folder git runs hooks from: `core.hooksPath` when set (relative to the work tree, or to the git
    /// folder when bare), else `hooks` in the common git folder, which every worktree shares.
    public var hooksDirectory: String {
        if let configured = configString("core.hooksPath"), !configured.isEmpty {
            var path = configured
            if path.hasPrefix("~/") { path = NSHomeDirectory() + path.dropFirst() }
            return path.hasPrefix("/") ? path : (workDirectory ?? gitDirectory) + "/" + path
        }
        let common = git_repository_commondir(handle).map { Self.trimSlash(String(cString: $0)) } ?? gitDirectory
        return common + "/hooks"
    }

    // MARK: Revisions

    /// The full name of the branch HEAD points at (`refs/heads/main`), even when it has no commit yet.
    public func headReferenceName() -> String? {
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, handle, "HEAD") >= 0, let head = ref else { return nil }
        defer { git_reference_free(head) }
        guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(head) else {
            return nil
        }
        return String(cString: target)
    }

    /// The commit a revision names (`main`, `HEAD~3`, a sha), or nil when it names nothing.
    public func resolveCommit(_ revision: String) throws -> String? {
        var object: OpaquePointer?
        let result = git_revparse_single(&object, handle, revision)
        if result == GIT_ENOTFOUND.rawValue || result == GIT_EAMBIGUOUS.rawValue || result == GIT_EINVALIDSPEC.rawValue {
            return nil
        }
        try check("git_revparse_single", result)
        guard let found = object else { return nil }
        defer { git_object_free(found) }
        var peeled: OpaquePointer?
        guard git_object_peel(&peeled, found, GIT_OBJECT_COMMIT) >= 0, let commit = peeled else { return nil }
        defer { git_object_free(commit) }
        return Self.hex(git_object_id(commit))
    }

    /// The commit HEAD points at, or nil for an empty repository or an unborn branch.
    public func headCommit() throws -> String? {
        if git_repository_head_unborn(handle) == 1 || git_repository_is_empty(handle) == 1 { return nil }
        return try resolveCommit("HEAD")
    }

    /// Whether `ancestor` is reachable from `descendant` (a commit is its own ancestor here).
    public func isAncestor(_ ancestor: String, of descendant: String) -> Bool {
        if ancestor == descendant { return true }
        guard var a = try? Self.oid(ancestor), var d = try? Self.oid(descendant) else { return false }
        return git_graph_descendant_of(handle, &d, &a) == 1
    }

    // MARK: Objects

    /// The commit's metadata. Throws when the object is missing.
    public func commit(_ sha: String) throws -> CommitRecord {
        var oid = try Self.oid(sha)
        var pointer: OpaquePointer?
        try check("git_commit_lookup", git_commit_lookup(&pointer, handle, &oid))
        guard let commit = pointer else { throw GitError("git_commit_lookup", code: -1) }
        defer { git_commit_free(commit) }
        return Self.record(commit)
    }

    static func record(_ commit: OpaquePointer) -> CommitRecord {
        var parents: [String] = []
        let count = git_commit_parentcount(commit)
        for index in 0..<count {
            if let id = git_commit_parent_id(commit, index) { parents.append(hex(id)) }
        }
        var name = "", email = ""
        if let author = git_commit_author(commit) {
            name = author.pointee.name.map { String(cString: $0) } ?? ""
            email = author.pointee.email.map { String(cString: $0) } ?? ""
        }
        let message = git_commit_message(commit).map { String(cString: $0) } ?? ""
        return CommitRecord(
            sha: hex(git_commit_id(commit)), parents: parents, authorName: name,
            authorEmail: email, time: git_commit_time(commit), message: message)
    }

    /// The first-parent chain from `head`, newest first, stopping before `stop` (exclusive) or at the root.
    /// A commit that cannot be read ends the chain (a shallow clone's edge); `truncated` says so.
    public func firstParentChain(from head: String, stoppingAt stop: String?) throws -> (shas: [String], truncated: Bool) {
        var shas: [String] = []
        var current: String? = head
        while let sha = current, sha != stop {
            var oid = try Self.oid(sha)
            var pointer: OpaquePointer?
            guard git_commit_lookup(&pointer, handle, &oid) >= 0, let commit = pointer else {
                return (shas, true)
            }
            shas.append(sha)
            current = git_commit_parentcount(commit) > 0 ? git_commit_parent_id(commit, 0).map(Self.hex) : nil
            git_commit_free(commit)
        }
        return (shas, false)
    }

    /// The contents of a file in a commit's tree, or nil when there is no such file (or it is not a blob).
    public func fileContents(_ path: String, at commitSHA: String, maxBytes: Int = 1 << 20) -> Data? {
        guard var oid = try? Self.oid(commitSHA) else { return nil }
        var commitPointer: OpaquePointer?
        guard git_commit_lookup(&commitPointer, handle, &oid) >= 0, let commit = commitPointer else { return nil }
        defer { git_commit_free(commit) }
        var treePointer: OpaquePointer?
        guard git_commit_tree(&treePointer, commit) >= 0, let tree = treePointer else { return nil }
        defer { git_tree_free(tree) }
        var entryPointer: OpaquePointer?
        guard git_tree_entry_bypath(&entryPointer, tree, path) >= 0, let entry = entryPointer else { return nil }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return blobData(git_tree_entry_id(entry), maxBytes: maxBytes)
    }

    func blobData(_ id: UnsafePointer<git_oid>?, maxBytes: Int) -> Data? {
        guard let id else { return nil }
        var blobPointer: OpaquePointer?
        guard git_blob_lookup(&blobPointer, handle, id) >= 0, let blob = blobPointer else { return nil }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard let raw = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: raw, count: min(size, maxBytes))
    }

    // MARK: Object ids

    static func hex(_ oid: UnsafePointer<git_oid>) -> String {
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, oid)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func oid(_ sha: String) throws -> git_oid {
        var oid = git_oid()
        try check("git_oid_fromstr", git_oid_fromstr(&oid, sha))
        return oid
    }
}
