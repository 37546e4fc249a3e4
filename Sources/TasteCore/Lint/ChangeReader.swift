import Foundation

/// Where the change `taste lint` checks comes from.
public enum ChangeSource: Sendable, Equatable {
    case range(ChangeRange)
    /// A unified diff's text: a file's, standard input's, or an agent's.
    case patch(String)

    /// `--diff` as given: `A..B`, or `A` for `A..HEAD`.
    public static func diff(_ text: String, in repository: GitRepository) throws -> ChangeSource {
        let parts = text.components(separatedBy: "..")
        guard parts.count <= 2, !parts.contains(where: \.isEmpty), !text.contains("...") else {
            throw TasteError.usage("--diff takes REV or REV..REV, not '\(text)'")
        }
        func commit(_ revision: String) throws -> String {
            guard let sha = try repository.resolveCommit(revision) else { throw TasteError.unknownRevision(revision) }
            return sha
        }
        return .range(.commits(from: try commit(parts[0]), to: try commit(parts.count == 2 ? parts[1] : "HEAD")))
    }
}

/// Turns a change into the files it touches, each with its added lines and, where the new file can be read
/// (work tree, index, a commit's tree), the whole new file around them.
public struct ChangeReader {
    public var repository: GitRepository
    /// Larger files are read as hunks only.
    public var maxBlobBytes = 1 << 20

    public init(repository: GitRepository) {
        self.repository = repository
    }

    /// The changed files under `paths` (relative to the work tree; all when empty), in the patch's order.
    public func files(_ source: ChangeSource, paths: [String] = []) throws -> [ChangedFile] {
        let patch: String
        switch source {
        case .patch(let text): patch = text
        case .range(let range): patch = try repository.patch(for: range, maxBlobBytes: maxBlobBytes)
        }
        return try Self.files(inPatch: patch, paths: paths).map { file in
            guard case .range(let range) = source, let data = newContents(of: file.path, range), !data.contains(0) else { return file }
            var whole = ChangedFile(path: file.path, text: String(decoding: data, as: UTF8.self), added: file.added)
            whole.replaced = file.replaced
            return whole
        }
    }

    /// The files a patch changes under `paths`, read from the patch alone: what a change is without a repository.
    static func files(inPatch patch: String, paths: [String] = []) throws -> [ChangedFile] {
        try PatchReader.files(in: patch).filter { file in
            paths.isEmpty || paths.contains { $0.isEmpty || file.path == $0 || file.path.hasPrefix($0 + "/") }
        }
    }

    /// The new side of a file, whole: nil when it cannot be read or is too large to read whole.
    private func newContents(of path: String, _ range: ChangeRange) -> Data? {
        let data: Data?
        switch range {
        case .workTree:
            guard let work = repository.workDirectory else { return nil }
            let url = URL(fileURLWithPath: work).appendingPathComponent(path)
            guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int, size <= maxBlobBytes else { return nil }
            data = FileManager.default.contents(atPath: url.path)
        case .staged:
            data = repository.indexContents(path, maxBytes: maxBlobBytes + 1)
        case .commits(_, let to):
            data = repository.fileContents(path, at: to, maxBytes: maxBlobBytes + 1)
        }
        guard let data, data.count <= maxBlobBytes else { return nil }
        return data
    }
}
