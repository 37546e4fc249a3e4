import Foundation

/// The person's text editor, for `taste edit`.
public enum Editor {
    /// `$VISUAL`, else `$EDITOR`, else vi: the order git and most tools follow. Empty values do not count.
    public static func command(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        func nonEmpty(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        return nonEmpty("VISUAL") ?? nonEmpty("EDITOR") ?? "vi"
    }

    /// Opens `file` with `command` through the shell, so that a command with arguments (`code --wait`) works,
    /// and waits for it. The path goes in as an argument, never into the shell's text. A failing editor throws.
    public static func open(_ file: URL, with command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(command) \"$1\"", "sh", file.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TasteError.usage("the editor exited with \(process.terminationStatus); nothing was stored")
        }
    }
}
