import Foundation

/// The user's own settings, in `config.toml`: `$TASTE_HOME/config.toml`, else
/// `$XDG_CONFIG_HOME/taste/config.toml`, else `~/.config/taste/config.toml`. A missing file is no settings.
///
/// ```toml
/// store = "postgres://agents@db.example.com/taste"   # the fleet's store, when neither --store nor TASTE_STORE is given
/// ```
public struct UserConfig: Sendable, Equatable {
    /// The fleet's PostgreSQL URL for the commands that can read or write one.
    public var store: String?

    public init(store: String? = nil) {
        self.store = store
    }

    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        func nonEmpty(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        if let home = nonEmpty("TASTE_HOME") { return home + "/config.toml" }
        if let config = nonEmpty("XDG_CONFIG_HOME") { return config + "/taste/config.toml" }
        return (nonEmpty("HOME") ?? NSHomeDirectory()) + "/.config/taste/config.toml"
    }

    /// Reads the user's file; a setting it cannot read is a one-line error naming the file.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> UserConfig {
        let path = path(environment: environment)
        guard let data = FileManager.default.contents(atPath: path) else { return UserConfig() }
        guard let text = String(data: data, encoding: .utf8) else { throw TasteError.config("\(path) is not UTF-8 text") }
        return try UserConfig(toml: text, file: path)
    }

    init(toml text: String, file: String) throws {
        for (key, value) in try MiniTOML.parse(text, file: file) {
            switch (key, value) {
            case ("store", .string(let url)) where url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"):
                store = url
            case ("store", _):
                throw TasteError.config("\(file): store must be a postgres:// URL")
            default:
                throw TasteError.config("\(file): unknown or mistyped setting '\(key)'")
            }
        }
    }
}
