import CGit2
import Foundation

/// What the Git layer should do with a path, decided by the mining side.
public enum PathDecision: Sendable, Equatable {
    /// Read the file's added lines as this language.
    case read(Language)
    /// Nothing mines this kind of file: skip it without loading it.
    case ignore
    /// The repository's own exclusions (vendored, generated, configured) leave it out.
    case exclude
}

/// How a commit's diff is read.
public struct DiffPolicy: Sendable {
    public var classify: @Sendable (String) -> PathDecision
    /// Whether a file's first bytes, in its language, mark it as generated (`@generated`, `DO NOT EDIT`).
    public var isGenerated: @Sendable (Data, Language) -> Bool
    /// Blobs larger than this are not read.
    public var maxBlobBytes: Int
    /// At most this many commits brought by one merge are read for their messages.
    public var maxMergedCommits: Int
    /// Whether the repository's own exclusions leave out a path no miner reads (`classify` said `.ignore`):
    /// such a path is still listed as touched unless this says so.
    public var isExcluded: @Sendable (String) -> Bool
    /// Whether a modified file is read whole as well (``FileChange/wholeText``): kept to the few files whose
    /// facts are the file's own (test files), since every line read costs.
    public var readsWhole: @Sendable (String, Language) -> Bool

    public init(
        classify: @escaping @Sendable (String) -> PathDecision,
        isGenerated: @escaping @Sendable (Data, Language) -> Bool,
        maxBlobBytes: Int = 1 << 20, maxMergedCommits: Int = 500,
        isExcluded: @escaping @Sendable (String) -> Bool = { _ in false },
        readsWhole: @escaping @Sendable (String, Language) -> Bool = { _, _ in false }
    ) {
        self.classify = classify
        self.isGenerated = isGenerated
        self.isExcluded = isExcluded
        self.readsWhole = readsWhole
        self.maxBlobBytes = maxBlobBytes
        self.maxMergedCommits = maxMergedCommits
    }
}

/// Reads each mainline commit's diff against its first parent, with rename detection.
/// One differ per thread: it owns its own repository handle.
public final class CommitDiffer {
    let repository: GitRepository
    let policy: DiffPolicy
    /// Whether each folder tree seen holds samples, by the tree's id (``isSample(_:in:)``).
    var sampleVerdicts: [[UInt8]: Bool] = [:]

    public init(repositoryPath: String, policy: DiffPolicy) throws {
        repository = try GitRepository(path: repositoryPath)
        self.policy = policy
    }

    var handle: OpaquePointer { repository.handle }

    /// The commit and what it brought. Throws only when the commit itself cannot be read.
    public func changes(for sha: String) throws -> CommitChanges {
        var oid = try GitRepository.oid(sha)
        var commitPointer: OpaquePointer?
        try check("git_commit_lookup", git_commit_lookup(&commitPointer, handle, &oid))
        guard let commit = commitPointer else { throw GitError("git_commit_lookup", code: -1) }
        defer { git_commit_free(commit) }
        let record = GitRepository.record(commit)

        var result = CommitChanges(commit: record, files: [], mergedCommits: [], skipped: SkipCounts(), parentMissing: false)

        var treePointer: OpaquePointer?
        guard git_commit_tree(&treePointer, commit) >= 0, let tree = treePointer else {
            result.skipped.missingObjects += 1
            return result
        }
        defer { git_tree_free(tree) }

        var parentTree: OpaquePointer?
        if git_commit_parentcount(commit) > 0 {
            var parent: OpaquePointer?
            guard git_commit_parent(&parent, commit, 0) >= 0, let parentCommit = parent else {
                result.parentMissing = true
                return result
            }
            defer { git_commit_free(parentCommit) }
            guard git_commit_tree(&parentTree, parentCommit) >= 0 else {
                result.parentMissing = true
                return result
            }
        }
        defer { if let parentTree { git_tree_free(parentTree) } }

        if record.isMerge {
            result.mergedCommits = mergedCommits(of: record)
        }
        try readDiff(from: parentTree, to: tree, into: &result)
        return result
    }

    private func readDiff(from oldTree: OpaquePointer?, to newTree: OpaquePointer, into result: inout CommitChanges) throws {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.context_lines = 0
        options.interhunk_lines = 0
        options.max_size = git_off_t(policy.maxBlobBytes)
        options.flags = GIT_DIFF_IGNORE_SUBMODULES.rawValue
        var diffPointer: OpaquePointer?
        try check("git_diff_tree_to_tree", git_diff_tree_to_tree(&diffPointer, handle, oldTree, newTree, &options))
        guard let diff = diffPointer else { return }
        defer { git_diff_free(diff) }

        // Rename detection reads blobs: only worth it when the commit both adds and deletes files.
        if hasAddsAndDeletes(diff) {
            var find = git_diff_find_options()
            git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue
            find.rename_limit = 1000
            if git_diff_find_similar(diff, &find) < 0 { result.skipped.missingObjects += 1 }
        }

        let count = git_diff_num_deltas(diff)
        for index in 0..<count {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            let status = delta.pointee.status
            let fileStatus: FileChange.Status
            switch status {
            case GIT_DELTA_ADDED: fileStatus = .added
            case GIT_DELTA_MODIFIED: fileStatus = .modified
            case GIT_DELTA_RENAMED: fileStatus = .renamed
            case GIT_DELTA_COPIED: fileStatus = .copied
            case GIT_DELTA_DELETED:
                // A deleted file has no lines to read, but the commit touched it.
                if Self.isBlob(delta.pointee.old_file.mode), let rawPath = delta.pointee.old_file.path {
                    let path = String(cString: rawPath)
                    if policy.classify(path) != .exclude, !policy.isExcluded(path), !(oldTree.map { isSample(path, in: $0) } ?? false) {
                        result.touchedPaths.append(path)
                    }
                }
                continue
            default: continue
            }
            guard Self.isBlob(delta.pointee.new_file.mode) else {
                continue  // symlinks and submodules carry no code of their own
            }
            guard let rawPath = delta.pointee.new_file.path else { continue }
            let path = String(cString: rawPath)
            let language: Language
            switch policy.classify(path) {
            case .ignore:
                if !policy.isExcluded(path) { result.touchedPaths.append(path) }
                continue
            case .exclude:
                result.skipped.excluded += 1
                continue
            case .read(let found): language = found
            }
            if isSample(path, in: newTree) {
                result.skipped.excluded += 1
                continue
            }
            let oldPath = fileStatus == .renamed ? delta.pointee.old_file.path.map { String(cString: $0) } : nil

            // The new blob is loaded once: its head decides whether the file is generated before any line is
            // read, and the patch is made from it and the old blob.
            var newID = delta.pointee.new_file.id, oldID = delta.pointee.old_file.id
            var newBlobPointer: OpaquePointer?
            guard git_blob_lookup(&newBlobPointer, handle, &newID) >= 0, let newBlob = newBlobPointer else {
                result.skipped.missingObjects += 1
                continue
            }
            defer { git_blob_free(newBlob) }
            let size = Int(git_blob_rawsize(newBlob))
            if size > policy.maxBlobBytes {
                result.touchedPaths.append(path)
                result.skipped.oversized += 1
                continue
            }
            var oldBlob: OpaquePointer?
            if fileStatus != .added, git_blob_lookup(&oldBlob, handle, &oldID) < 0 {
                result.skipped.missingObjects += 1
                continue
            }
            defer { if let oldBlob { git_blob_free(oldBlob) } }
            if let raw = git_blob_rawcontent(newBlob),
                policy.isGenerated(
                    Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw), count: min(size, 2048), deallocator: .none),
                    language)
            {
                result.skipped.generated += 1
                continue
            }
            // Binary as git decides it: a NUL in the first 8,000 bytes. Checked here, on the whole blobs, since
            // the diff below sees only the lines that changed.
            if Self.hasNUL(git_blob_rawcontent(newBlob), size)
                || (oldBlob.map { Self.hasNUL(git_blob_rawcontent($0), Int(git_blob_rawsize($0))) } ?? false)
            {
                result.touchedPaths.append(path)
                result.skipped.binary += 1
                continue
            }
            let newBytes = UnsafeRawBufferPointer(start: git_blob_rawcontent(newBlob), count: size)
            var file = FileChange(path: path, oldPath: oldPath, status: fileStatus, language: language, addedLines: [])
            guard let oldBlob else {
                // A new file adds every line it has: read them as a diff would, without one. A patch from buffers
                // would first hash the whole blob (SHA-1, with collision detection) only to name it.
                Self.readAllLines(newBytes, into: &file)
                result.touchedPaths.append(path)
                result.files.append(file)
                continue
            }
            // Most changes touch a few lines of a long file: the lines both versions share at the start and the
            // end (less a margin a hunk may slide into) can be left out of the diff, which otherwise hashes every
            // line. But a patch from buffers first names both with SHA-1 (collision-detecting, about three times
            // the cost of xdiff's own line hashing per byte); a patch from the blobs, whose ids are known, does
            // not. So the whole blobs are diffed unless trimming leaves less than a third of their bytes.
            // The empty path matters: without one, libgit2 names both sides "file" and looks up its diff driver
            // in the attribute files, about 25 system calls (stat, realpath) per file; the path classifier has
            // already read `.gitattributes`, and binaries are caught above.
            let oldBytes = UnsafeRawBufferPointer(start: git_blob_rawcontent(oldBlob), count: Int(git_blob_rawsize(oldBlob)))
            let shared = Self.sharedLines(oldBytes, newBytes, margin: 32)
            let wholeBytes = oldBytes.count + newBytes.count
            let trimmedBytes = wholeBytes - 2 * (shared.prefixBytes + shared.suffixBytes)
            let trims = wholeBytes > 3 * trimmedBytes
            var patchPointer: OpaquePointer?
            let made =
                trims
                ? git_patch_from_buffers(
                    &patchPointer, oldBytes.baseAddress.map { $0 + shared.prefixBytes },
                    oldBytes.count - shared.prefixBytes - shared.suffixBytes, "",
                    newBytes.baseAddress.map { $0 + shared.prefixBytes },
                    newBytes.count - shared.prefixBytes - shared.suffixBytes, "", &options)
                : git_patch_from_blobs(&patchPointer, oldBlob, "", newBlob, "", &options)
            guard made >= 0, let patch = patchPointer else {
                result.skipped.missingObjects += 1
                continue
            }
            defer { git_patch_free(patch) }
            readLines(patch, into: &file, lineOffset: trims ? shared.prefixLines : 0)
            result.touchedPaths.append(path)
            if file.addedLines.isEmpty && file.finalNewline == nil { continue }
            if policy.readsWhole(path, language) { file.wholeText = Array(newBytes) }
            result.files.append(file)
        }
    }

    /// The whole lines two versions share at their start and at their end, less `margin` lines on each side
    /// (xdiff may slide a hunk through identical lines; the margin leaves it room to). Bytes and lines left out.
    static func sharedLines(
        _ old: UnsafeRawBufferPointer, _ new: UnsafeRawBufferPointer, margin: Int
    )
        -> (prefixBytes: Int, prefixLines: Int, suffixBytes: Int)
    {
        let limit = min(old.count, new.count)
        guard limit > 0, let oldBase = old.baseAddress, let newBase = new.baseAddress else { return (0, 0, 0) }
        // The common head, eight bytes at a time, then the line starts in it.
        var head = 0
        while head + 8 <= limit,
            oldBase.loadUnaligned(fromByteOffset: head, as: UInt64.self)
                == newBase.loadUnaligned(fromByteOffset: head, as: UInt64.self)
        { head += 8 }
        while head < limit, old[head] == new[head] { head += 1 }
        var starts: [Int] = []
        var cursor = 0
        while cursor < head, let hit = memchr(oldBase + cursor, 0x0A, head - cursor) {
            cursor = UnsafeRawPointer(hit) - oldBase + 1
            starts.append(cursor)
        }
        let keptPrefix = starts.count - margin
        let prefixBytes = keptPrefix > 0 ? starts[keptPrefix - 1] : 0
        // The common tail, clear of the kept prefix, then the lengths at which it begins a line in both.
        let room = limit - prefixBytes
        var tail = 0
        while tail + 8 <= room,
            oldBase.loadUnaligned(fromByteOffset: old.count - tail - 8, as: UInt64.self)
                == newBase.loadUnaligned(fromByteOffset: new.count - tail - 8, as: UInt64.self)
        { tail += 8 }
        while tail < room, old[old.count - 1 - tail] == new[new.count - 1 - tail] { tail += 1 }
        // A tail of length L begins a line where the byte before it is a newline; inside the common tail that
        // byte is the same in both versions, so the old one's newlines say it.
        var boundaries: [Int] = []
        let tailStart = old.count - tail
        cursor = tailStart
        while cursor < old.count - 1, let hit = memchr(oldBase + cursor, 0x0A, old.count - 1 - cursor) {
            let position = UnsafeRawPointer(hit) - oldBase
            boundaries.append(old.count - 1 - position)
            cursor = position + 1
        }
        boundaries.reverse()
        let keptSuffix = boundaries.count - margin
        let suffixBytes = keptSuffix > 0 ? boundaries[keptSuffix - 1] : 0
        return (prefixBytes, max(keptPrefix, 0), suffixBytes)
    }

    static func hasNUL(_ bytes: UnsafeRawPointer?, _ count: Int) -> Bool {
        guard let bytes else { return false }
        return memchr(bytes, 0, min(count, 8000)) != nil
    }

    private static func isBlob(_ mode: UInt16) -> Bool {
        mode == UInt16(GIT_FILEMODE_BLOB.rawValue) || mode == UInt16(GIT_FILEMODE_BLOB_EXECUTABLE.rawValue)
    }

    private func readLines(_ patch: OpaquePointer, into file: inout FileChange, lineOffset: Int = 0) {
        let hunks = git_patch_num_hunks(patch)
        for hunkIndex in 0..<hunks {
            var hunkPointer: UnsafePointer<git_diff_hunk>?
            var lineCount = 0
            guard git_patch_get_hunk(&hunkPointer, &lineCount, patch, hunkIndex) >= 0 else { continue }
            for lineIndex in 0..<lineCount {
                var linePointer: UnsafePointer<git_diff_line>?
                guard git_patch_get_line_in_hunk(&linePointer, patch, hunkIndex, lineIndex) >= 0,
                    let line = linePointer?.pointee
                else { continue }
                switch UInt8(bitPattern: line.origin) {
                case UInt8(ascii: "+"):
                    var added = Self.addedLine(line)
                    added.number += lineOffset
                    file.addedLines.append(added)
                case UInt8(ascii: ">"):  // old had no newline at the end, new has one
                    file.finalNewline = true
                case UInt8(ascii: "<"):  // new has no newline at the end
                    file.finalNewline = false
                default:
                    break
                }
            }
        }
    }

    /// Every line of a new file, numbered from 1, as a diff against nothing lists them; and whether it ends
    /// with a newline. An empty file says neither: Python's empty `__init__.py` files are no habit of leaving the
    /// newline off.
    static func readAllLines(_ bytes: UnsafeRawBufferPointer, into file: inout FileChange) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            file.finalNewline = nil
            return
        }
        var start = 0
        var number = 1
        while start < bytes.count {
            let end = memchr(base + start, 0x0A, bytes.count - start).map { UnsafeRawPointer($0) - base } ?? bytes.count
            file.addedLines.append(
                addedLine(UnsafeBufferPointer(start: (base + start).assumingMemoryBound(to: UInt8.self), count: end - start), number: number))
            number += 1
            start = end + 1
        }
        file.finalNewline = bytes[bytes.count - 1] == 0x0A
    }

    private static func addedLine(_ line: git_diff_line) -> AddedLine {
        guard let content = line.content, line.content_len > 0 else { return AddedLine(number: Int(line.new_lineno), text: "") }
        let bytes = UnsafeRawPointer(content).assumingMemoryBound(to: UInt8.self)
        return addedLine(UnsafeBufferPointer(start: bytes, count: Int(line.content_len)), number: Int(line.new_lineno))
    }

    /// A line's bytes, its LF or CRLF ending (if any) taken off.
    private static func addedLine(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) -> AddedLine {
        var length = bytes.count
        if length > 0, bytes[length - 1] == UInt8(ascii: "\n") { length -= 1 }
        var crlf = false
        if length > 0, bytes[length - 1] == UInt8(ascii: "\r") {
            length -= 1
            crlf = true
        }
        // Invalid UTF-8 is replaced, never fatal.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<length]), as: UTF8.self)
        return AddedLine(number: number, text: text, crlf: crlf)
    }

    private func hasAddsAndDeletes(_ diff: OpaquePointer) -> Bool {
        var adds = false, deletes = false
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            if delta.pointee.status == GIT_DELTA_ADDED { adds = true }
            if delta.pointee.status == GIT_DELTA_DELETED { deletes = true }
            if adds && deletes { return true }
        }
        return false
    }

    /// The commits a merge brought: reachable from its other parents, not from the first.
    private func mergedCommits(of merge: CommitRecord) -> [CommitRecord] {
        var walkPointer: OpaquePointer?
        guard git_revwalk_new(&walkPointer, handle) >= 0, let walk = walkPointer else { return [] }
        defer { git_revwalk_free(walk) }
        git_revwalk_sorting(walk, GIT_SORT_TIME.rawValue)
        for parent in merge.parents.dropFirst() {
            guard var oid = try? GitRepository.oid(parent) else { continue }
            _ = git_revwalk_push(walk, &oid)
        }
        if var first = try? GitRepository.oid(merge.parents[0]) { _ = git_revwalk_hide(walk, &first) }
        var records: [CommitRecord] = []
        var next = git_oid()
        while records.count < policy.maxMergedCommits, git_revwalk_next(&next, walk) == 0 {
            var pointer: OpaquePointer?
            guard git_commit_lookup(&pointer, handle, &next) >= 0, let commit = pointer else { continue }
            records.append(GitRepository.record(commit))
            git_commit_free(commit)
        }
        return records
    }
}
