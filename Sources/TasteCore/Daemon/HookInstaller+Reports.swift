extension HookInstaller {
    /// What `taste install` prints: each hook and what was done to it, then the hooks folder (quoted when its
    /// name holds a newline, so that every item keeps a line of its own).
    public func installReport(_ actions: [(String, Action)]) -> String {
        Self.lines(actions) + "\nhooks folder: \(hooksDirectory.contains("\n") ? hooksDirectory.debugDescription : hooksDirectory)"
    }

    /// What `taste uninstall` prints: each hook removed or restored, or that there was none.
    public func uninstallReport(_ actions: [(String, Action)]) -> String {
        let changed = actions.filter { $0.1 != .absent }
        return changed.isEmpty ? "No taste hooks in \(hooksDirectory)." : Self.lines(changed)
    }

    private static func lines(_ actions: [(String, Action)]) -> String {
        actions.map { "\($0.0): \($0.1.rawValue)" }.joined(separator: "\n")
    }
}
