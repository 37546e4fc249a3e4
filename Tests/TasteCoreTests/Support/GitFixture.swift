import Foundation
import TasteTestSupport
import XCTest

/// A real git repository in a temporary folder, written through the `git` CLI with a fixed identity and
/// fixed dates, so that every run builds the same history. The folder goes when the fixture does.
final class GitFixture {
    /// The temporary folder that holds the repository and its clones.
    let sandbox: URL
    /// The repository's work tree.
    let path: String
    /// The date of the next commit, seconds since 1970; each commit moves it on by `step`.
    var clock: Int64 = 1_600_000_000
    var step: Int64 = 86_400

    init(name: String = "repo") throws {
        sandbox = try makeTemporaryFolder()
        path = sandbox.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
    }

    deinit { try? FileManager.default.removeItem(at: sandbox) }

    // MARK: Files

    func write(_ relative: String, _ text: String) throws {
        try write(relative, data: Data(text.utf8))
    }

    /// Writes exact bytes: CRLF, invalid UTF-8 and NUL survive as given.
    func write(_ relative: String, data: Data) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    // MARK: History

    /// Writes `files`, stages everything and commits at the fixture's clock. Returns the new commit's sha.
    @discardableResult
    func commit(_ message: String, files: [String: String] = [:], data: [String: Data] = [:], at date: Int64? = nil) throws -> String {
        for (relative, text) in files.sorted(by: { $0.key < $1.key }) { try write(relative, text) }
        for (relative, bytes) in data.sorted(by: { $0.key < $1.key }) { try write(relative, data: bytes) }
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message, date: date)
        return try revParse("HEAD")
    }

    func checkout(_ branch: String, create: Bool = false) throws {
        if create { try git("checkout", "-q", "-b", branch) } else { try git("checkout", "-q", branch) }
    }

    /// `git merge --no-ff`: a merge commit even when a fast-forward would do.
    @discardableResult
    func merge(_ branch: String, message: String? = nil) throws -> String {
        try git("merge", "-q", "--no-ff", "-m", message ?? "Merge branch '\(branch)'", branch)
        return try revParse("HEAD")
    }

    func move(_ from: String, to: String) throws {
        try git("mv", from, to)
    }

    func revParse(_ revision: String) throws -> String {
        try git("rev-parse", revision).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Other repositories

    /// `git clone --bare` into the sandbox; returns the bare repository's path.
    func bareClone(name: String = "repo.git") throws -> String {
        let target = sandbox.appendingPathComponent(name).path
        try git("clone", "-q", "--bare", path, target)
        return target
    }

    /// `git clone --depth N file://…`: a real shallow clone; returns its work tree.
    func shallowClone(depth: Int, name: String = "shallow") throws -> String {
        let target = sandbox.appendingPathComponent(name).path
        try git("clone", "-q", "--depth", String(depth), URL(fileURLWithPath: path).absoluteString, target)
        return target
    }

    /// Removes a loose object, as a damaged or partial clone would lack it.
    func deleteObject(_ sha: String) throws {
        let object = "\(path)/.git/objects/\(sha.prefix(2))/\(sha.dropFirst(2))"
        guard FileManager.default.fileExists(atPath: object) else {
            throw TestError("object \(sha) is not a loose object of \(path)")
        }
        try FileManager.default.removeItem(atPath: object)
    }

    // MARK: Running git

    /// Runs git in the work tree (or `directory`) with a fixed identity, no user or system config, and the
    /// fixture's clock as author and committer date. Throws with git's stderr when it fails.
    @discardableResult
    func git(_ arguments: String..., in directory: String? = nil, date: Int64? = nil) throws -> String {
        let when = date ?? clock
        if date == nil { clock += step }
        return try runGit(arguments, in: directory ?? path, date: when)
    }
}
