import Foundation

/// A git server's side of a fleet: the `post-receive` hook that queues pushes in PostgreSQL, on one bare
/// repository or on every bare repository under a folder.
extension HookInstaller {
    /// Installs the `post-receive` hook that queues pushes to the default branch in a fleet's PostgreSQL `store`
    /// under the repository's fleet `name`. The hook carries the URL; one holding a password is readable by its
    /// owner only.
    public func installFleet(store: String, name: String, tastePath: String, branch: String? = nil) throws -> [(String, Action)] {
        do {
            try FileManager.default.createDirectory(atPath: hooksDirectory, withIntermediateDirectories: true)
        } catch {
            throw TasteError.usage("cannot create the hooks folder \(hooksDirectory): \(Store.reason(error))")
        }
        guard let template = HookScripts.all["post-receive-fleet"] else { throw TasteError.usage("no fleet hook in this build") }
        let text =
            template
            .replacingOccurrences(of: "@TASTE_BIN@", with: shellQuoted(tastePath))
            .replacingOccurrences(of: "@TASTE_BRANCH@", with: shellQuoted(branch ?? defaultBranch))
            .replacingOccurrences(of: "@TASTE_NAME@", with: shellQuoted(name))
            .replacingOccurrences(of: "@TASTE_STORE@", with: shellQuoted(store))
        return [("post-receive", try place("post-receive", text: text, mode: Self.holdsPassword(store) ? 0o700 : 0o755))]
    }

    /// `postgres://user:password@host/...`: the URL names a password.
    static func holdsPassword(_ url: String) -> Bool {
        guard let components = URLComponents(string: url) else { return true }
        return components.password != nil || components.queryItems?.contains { $0.name == "password" } == true
    }

    /// The name a fleet knows the repository by: `git config taste.name`, else its path under `root` (or its
    /// folder's name) without `.git`.
    public func fleetName(under root: String?) -> String {
        if let configuredName { return configuredName }
        let standard = URL(fileURLWithPath: gitDirectory).standardizedFileURL.path
        var name = (standard as NSString).lastPathComponent
        if let root {
            let base = URL(fileURLWithPath: root).standardizedFileURL.path
            let prefix = base.hasSuffix("/") ? base : base + "/"
            if standard.hasPrefix(prefix) { name = String(standard.dropFirst(prefix.count)) }
        }
        if name.hasSuffix(".git"), name.count > 4 { name.removeLast(4) }
        return name
    }

    /// Every bare repository under `root`, sorted by path; the folders inside a repository are not searched.
    public static func bareRepositories(under root: String) throws -> [String] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw TasteError.usage("no folder at \(root)")
        }
        var found: [String] = []
        var pending = [URL(fileURLWithPath: root).standardizedFileURL.path]
        while let folder = pending.popLast() {
            if isBareRepository(folder) {
                found.append(folder)
                continue
            }
            let names = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
            for name in names {
                let path = folder + "/" + name
                // Symbolic links are not followed: a link back up would loop, and its target is searched on its own.
                guard let attributes = try? fm.attributesOfItem(atPath: path), attributes[.type] as? FileAttributeType == .typeDirectory
                else { continue }
                pending.append(path)
            }
        }
        return found.sorted()
    }

    private static func isBareRepository(_ folder: String) -> Bool {
        let fm = FileManager.default
        guard fm.fileExists(atPath: folder + "/HEAD"), fm.fileExists(atPath: folder + "/objects"), fm.fileExists(atPath: folder + "/refs"),
            let repository = try? GitRepository(path: folder)
        else { return false }
        return repository.workDirectory == nil
    }
}
