import Foundation
import GRDB

/// The SQLite file that holds every mined repository's tallies and skill versions.
/// One store serves many repositories. WAL mode: readers never wait for a mining pass.
public final class Store: Sendable {
    public let path: String
    let pool: any DatabaseWriter

    /// Opens (creating when needed) the store at `path` and brings its schema up to date.
    /// `readOnly` opens an existing store for reading only, which also works where the file cannot be written.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.label = "taste"
        do {
            if readOnly {
                configuration.readonly = true
                let queue = try DatabaseQueue(path: Self.readablePath(path), configuration: configuration)
                guard try queue.read(Schema.migrator.hasCompletedMigrations) else {
                    throw TasteError.store("\(path) was written by another version of taste: run 'taste mine' to upgrade it")
                }
                pool = queue
            } else {
                try PrivateFiles.makeDirectory((path as NSString).deletingLastPathComponent)
                // SQLite gives the journal files the store's own mode.
                PrivateFiles.makeFile(path)
                for journal in [path + "-wal", path + "-shm"] { PrivateFiles.tighten(journal) }
                let writer = try DatabasePool(path: path, configuration: configuration)
                let applied = try writer.read { try Schema.migrator.appliedIdentifiers($0) }
                try Schema.migrator.migrate(writer)
                // v8 dropped the old tallies: SQLite keeps their pages in the file until it is rebuilt. Best
                // effort, once: a store another process holds stays as large until the next upgrade.
                if !applied.isEmpty, !applied.contains("v8-counters") { try? writer.vacuum() }
                pool = writer
            }
        } catch let error as TasteError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN && !readOnly && !Self.canWrite(folderOf: path) {
            // SQLite cannot make its journal files beside the store: say why rather than "cannot open".
            throw TasteError.store("cannot open \(path) to write: its folder is read-only")
        } catch {
            throw TasteError.store("cannot open \(path): \(Self.reason(error))")
        }
    }

    private static func canWrite(folderOf path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        return access(folder.isEmpty ? "." : folder, W_OK) == 0
    }

    /// A WAL store is read through its `-shm` file, which SQLite cannot make in a folder nobody may write (a
    /// read-only mount). Nothing can change such a store, so it is opened as immutable, without that file.
    private static func readablePath(_ path: String) -> String {
        let journals = [path + "-wal", path + "-shm"].filter { FileManager.default.fileExists(atPath: $0) }
        guard journals.isEmpty, !canWrite(folderOf: path),
            let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)
        else { return path }
        return "file:\(encoded)?immutable=1"
    }

    /// Where the store lives: `$TASTE_HOME/taste.sqlite`, else `$XDG_DATA_HOME/taste/taste.sqlite`,
    /// else `~/.local/share/taste/taste.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["TASTE_HOME"], !home.isEmpty { return home + "/taste.sqlite" }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/taste/taste.sqlite" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/taste/taste.sqlite"
    }

    /// Opens the store for reading; nil when nothing was ever mined into it.
    public static func existing(path: String) throws -> Store? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        // Read-write first, so that a store from an older taste is migrated; read-only where it cannot be written.
        if access(path, W_OK) == 0, access((path as NSString).deletingLastPathComponent, W_OK) == 0 {
            return try Store(path: path)
        }
        return try Store(path: path, readOnly: true)
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw Self.wrap(error) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch { throw Self.wrap(error) }
    }

    static func wrap(_ error: Error) -> Error {
        if error is TasteError { return error }
        return TasteError.store(reason(error))
    }

    static func reason(_ error: Error) -> String {
        if let database = error as? DatabaseError {
            switch database.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return "the store is locked by another process; try again"
            case .SQLITE_READONLY: return "the store is read-only"
            case .SQLITE_CANTOPEN: return "cannot open the store file"
            case .SQLITE_CORRUPT, .SQLITE_NOTADB: return "the store file is damaged or not a Taste store"
            case .SQLITE_FULL: return "the disk is full"
            default: return database.message ?? "\(database.resultCode)"
            }
        }
        return (error as? LocalizedError)?.errorDescription ?? "\(error)"
    }

    /// Frees SQLite's caches (the daemon calls it when idle).
    public func releaseMemory() {
        (pool as? DatabasePool)?.releaseMemory()
        (pool as? DatabaseQueue)?.releaseMemory()
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}
