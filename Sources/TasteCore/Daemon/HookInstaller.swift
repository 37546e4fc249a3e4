import Foundation

/// Installs Taste's git hooks into the folder git really runs hooks from, chaining any hook already there:
/// the foreign hook moves to `<name>.pre-taste`, still runs first, and its exit status still counts.
public struct HookInstaller {
    public static let marker = "# taste-hook "
    public static let chainSuffix = ".pre-taste"
    public static let clientHooks = ["post-merge", "post-rewrite"]
    public static let serverHooks = ["post-receive"]
    /// Installed with `--lint`: `taste lint --staged` before each commit.
    public static let lintHooks = ["pre-commit"]

    public enum Action: String, Sendable, Equatable {
        case installed, upgraded, unchanged, chained, removed, restored, absent
    }

    public let hooksDirectory: String
    public let gitDirectory: String
    let defaultBranch: String
    /// `git config taste.name`: the name a fleet knows the repository by, when set.
    public let configuredName: String?

    public init(repositoryPath: String) throws {
        let repository = try GitRepository(path: repositoryPath)
        hooksDirectory = repository.hooksDirectory
        gitDirectory = repository.gitDirectory
        let head = repository.headReferenceName() ?? "refs/heads/main"
        defaultBranch = head.hasPrefix("refs/heads/") ? String(head.dropFirst("refs/heads/".count)) : "main"
        configuredName = repository.configString("taste.name").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The script as installed: the taste binary's absolute path and the branch baked in, quoted for sh.
    public func script(_ hook: String, tastePath: String, branch: String?, autostart: Bool) throws -> String {
        guard let template = HookScripts.all[hook] else { throw TasteError.usage("no hook named \(hook)") }
        return
            template
            .replacingOccurrences(of: "@TASTE_BIN@", with: shellQuoted(tastePath))
            .replacingOccurrences(of: "@TASTE_BRANCH@", with: shellQuoted(branch ?? defaultBranch))
            .replacingOccurrences(of: " @TASTE_OPTIONS@", with: autostart ? " --autostart" : "")
    }

    /// Installs the client hooks, or `post-receive` for a server, and with `lint` the pre-commit hook. Installing
    /// twice changes nothing.
    public func install(
        server: Bool, lint: Bool = false, tastePath: String, branch: String? = nil, autostart: Bool = false
    ) throws -> [(String, Action)] {
        do {
            try FileManager.default.createDirectory(atPath: hooksDirectory, withIntermediateDirectories: true)
        } catch {
            throw TasteError.usage("cannot create the hooks folder \(hooksDirectory): \(Store.reason(error))")
        }
        return try ((server ? Self.serverHooks : Self.clientHooks) + (lint ? Self.lintHooks : [])).map { hook in
            (hook, try place(hook, text: try script(hook, tastePath: tastePath, branch: branch, autostart: autostart)))
        }
    }

    /// Writes one hook, chaining a foreign one in its place.
    func place(_ hook: String, text: String, mode: mode_t = 0o755) throws -> Action {
        let fm = FileManager.default
        let path = hooksDirectory + "/" + hook
        var action = Action.installed
        if let current = fm.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) {
            if current == text { return .unchanged }
            if current.contains(Self.marker) {
                action = .upgraded
            } else {
                // A foreign hook: keep it, chained. Never overwrite one chained earlier.
                guard !fm.fileExists(atPath: path + Self.chainSuffix) else {
                    throw TasteError.usage("\(path) is not taste's, and \(path + Self.chainSuffix) exists already: move one of them away first")
                }
                try move(path, to: path + Self.chainSuffix)
                action = .chained
            }
        }
        try write(text, to: path, mode: mode)
        return action
    }

    /// Removes only Taste's own hooks, and puts back what they chained.
    public func uninstall() throws -> [(String, Action)] {
        let fm = FileManager.default
        return try (Self.clientHooks + Self.serverHooks + Self.lintHooks).map { hook in
            let path = hooksDirectory + "/" + hook
            guard let current = fm.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }),
                current.contains(Self.marker)
            else { return (hook, .absent) }
            try? fm.removeItem(atPath: path)
            if fm.fileExists(atPath: path + Self.chainSuffix) {
                try move(path + Self.chainSuffix, to: path)
                return (hook, .restored)
            }
            return (hook, .removed)
        }
    }

    private func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw TasteError.usage("cannot move \(source): \(String(cString: strerror(errno)))")
        }
    }

    private func write(_ text: String, to path: String, mode: mode_t) throws {
        let temporary = path + ".taste-tmp"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data(text.utf8),
                attributes: [.posixPermissions: Int(mode)])
        else {
            throw TasteError.usage("cannot write \(path)")
        }
        chmod(temporary, mode)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw TasteError.usage("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// A word sh reads back exactly, whatever it holds: spaces, quotes, `$`, backslashes, newlines.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
