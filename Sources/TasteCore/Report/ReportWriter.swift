import Foundation

/// Builds and writes the HTML report of a mined repository: what `taste report` and the daemon call.
public enum ReportWriter {
    /// The page for the repository at `repositoryPath`, as stored now.
    public static func html(store: Store, repositoryPath: String) throws -> String {
        try html(history: try SkillHistory(store: store, repositoryPath: repositoryPath))
    }

    /// The page for a repository's history in either store.
    public static func html(history: SkillHistory) throws -> String {
        ReportRenderer().render(try ReportBuilder(history: history).build())
    }

    /// Writes `html` to `path` atomically (a temporary file, then a rename); returns the absolute path written.
    @discardableResult
    public static func write(_ html: String, to path: String) throws -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let folder = (absolute as NSString).deletingLastPathComponent
        let name = (absolute as NSString).lastPathComponent
        guard !name.isEmpty, name != ".", name != "..", !path.hasSuffix("/") else {
            throw TasteError.usage("--out names a file, not a folder: '\(path)'")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue {
            throw TasteError.usage("--out names a file, not a folder: '\(path)'")
        }
        try SafeFileWriter(root: folder).write(html, to: name)
        return SafeFileWriter.normalize(absolute)
    }

    /// After a pass: the report at the path `.taste.toml` names, written inside the work tree only. Returns the path
    /// written, or nil when the repository names none.
    public static func writeConfigured(store: Store, repositoryPath: String) throws -> String? {
        let mined = try MinedRepository.load(store: store, repositoryPath: repositoryPath)
        if let problem = mined.reportConfigError { throw TasteError.config(problem) }
        guard let relative = mined.configuredReportPath, let work = mined.workDirectory else { return nil }
        let html = try html(store: store, repositoryPath: repositoryPath)
        try SafeFileWriter(root: work).write(html, to: SafeFileWriter.normalize(relative))
        return relative
    }
}
