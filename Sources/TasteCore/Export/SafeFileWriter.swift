import Foundation

/// Writes files inside one root folder and nowhere else: relative paths only, no `..`, no symbolic link
/// followed anywhere below the root, each file replaced atomically (a temporary file, then a rename), and
/// nothing rewritten when its bytes are already there.
public struct SafeFileWriter {
    public enum Outcome: String, Sendable, Equatable { case written, unchanged }

    public let root: String

    public init(root: String) throws {
        self.root = Self.normalize(root)
        do {
            try FileManager.default.createDirectory(atPath: self.root, withIntermediateDirectories: true)
        } catch {
            throw TasteError.export("cannot create \(root): \(Store.reason(error))")
        }
    }

    /// A path without `//` or `/./`, normalised by hand: Foundation's standardizingPath would resolve links,
    /// hiding one in the way.
    public static func normalize(_ path: String) -> String {
        let clean = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
        let result = (path.hasPrefix("/") ? "/" : "") + clean
        return result.isEmpty ? "." : result
    }

    /// The absolute path of `relative`, once checked to stay inside the root.
    public func resolve(_ relative: String) throws -> String {
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !relative.hasPrefix("/"),
            components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") && !$0.contains("\n") })
        else {
            throw TasteError.export("refusing to write outside \(root): \(relative.debugDescription)")
        }
        return root + "/" + relative
    }

    public func read(_ relative: String) throws -> Data? {
        let path = try resolve(relative)
        try refuseLinks(along: relative)
        return FileManager.default.contents(atPath: path)
    }

    @discardableResult
    public func write(_ text: String, to relative: String) throws -> Outcome {
        let path = try resolve(relative)
        try refuseLinks(along: relative)
        let data = Data(text.utf8)
        if FileManager.default.contents(atPath: path) == data { return .unchanged }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw TasteError.export("cannot create \(folder): \(Store.reason(error))")
        }
        try refuseLinks(along: relative)  // nothing raced a link into place while the folders were made
        let temporary = folder + "/.taste-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw TasteError.export("cannot write in \(folder)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw TasteError.export("cannot replace \(path): \(reason)")
        }
        return .written
    }

    /// Removes a file taste wrote, and its folder when that is left empty.
    public func remove(_ relative: String) throws {
        let path = try resolve(relative)
        try refuseLinks(along: relative)
        unlink(path)
        rmdir((path as NSString).deletingLastPathComponent)
    }

    /// No component below the root may be a symbolic link: writing through one could land anywhere.
    public func refuseLinks(along relative: String) throws {
        var current = root
        for component in relative.split(separator: "/") {
            current += "/" + component
            var info = stat()
            if lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
                throw TasteError.export("\(current) is a symbolic link; taste does not write through links")
            }
        }
    }
}
