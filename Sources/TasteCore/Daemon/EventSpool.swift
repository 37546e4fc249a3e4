import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// Where `taste notify` leaves an event the store cannot take (locked past its wait, read-only, unreadable):
/// a folder beside the store, one file per event, written whole or not at all. The daemon drains it into the
/// queue when it starts and before each pass. Each file's name is its id in the queue, so a file drained
/// twice (a daemon that died between queueing it and removing it) is queued once.
public struct EventSpool: Sendable {
    public let directory: String

    public init(storePath: String) {
        directory = (storePath as NSString).deletingLastPathComponent + "/spool"
    }

    /// What a drain did: events queued, and files that could not be read, renamed to `<name>.bad`.
    public struct Drained: Equatable, Sendable {
        public var queued = 0
        public var setAside: [String] = []
    }

    /// One event as spooled.
    struct Entry: Codable, Equatable {
        var gitDir: String
        var hook: String
        var ref: String?
        var oldHead: String?
        var newHead: String?
        /// Seconds since 1970: the event keeps the time of the merge, not of the drain.
        var createdAt: Double
    }

    /// Writes the event to a new file (0600, in a 0700 folder) through a temporary one: fsync, rename, fsync
    /// of the folder. Returns the file's path.
    @discardableResult
    public func add(_ event: MergeNotice.Event, at date: Date = Date()) throws -> String {
        let entry = Entry(
            gitDir: event.gitDir, hook: event.hook, ref: event.ref, oldHead: event.oldHead, newHead: event.newHead,
            createdAt: date.timeIntervalSince1970)
        return try Self.write(try JSONEncoder().encode(entry), into: directory, at: date)
    }

    /// Writes `data` to a new file in `directory`, whole or not at all, and returns its path. Shared with the
    /// fleet's spool of pushes.
    static func write(_ data: Data, into directory: String, at date: Date) throws -> String {
        try PrivateFiles.makeDirectory(directory)
        // Milliseconds first, so that names sort in the order the events came.
        let name = String(format: "%015lld", Int64(date.timeIntervalSince1970 * 1000)) + "-\(getpid())-\(UUID().uuidString).json"
        let temporary = directory + "/." + name + ".tmp"
        let file = directory + "/" + name
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = written == data.count && fsync(descriptor) == 0
        close(descriptor)
        guard synced, rename(temporary, file) == 0 else {
            let error = failure("cannot write \(file)")
            unlink(temporary)
            throw error
        }
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)  // the rename itself survives a crash
            close(folder)
        }
        return file
    }

    /// The spooled events' files, oldest first.
    public func pending() throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { directory + "/" + $0 }
    }

    /// Queues every spooled event in `store` in one transaction, then removes their files. A file that
    /// cannot be read is renamed to `<name>.bad` and the rest are queued.
    public func drain(into store: Store) throws -> Drained {
        var drained = Drained()
        var entries: [(id: String, entry: Entry)] = []
        var files: [String] = []
        for file in try pending() {
            guard let data = FileManager.default.contents(atPath: file), let entry = try? JSONDecoder().decode(Entry.self, from: data) else {
                if rename(file, file + ".bad") == 0 { drained.setAside.append(file + ".bad") }
                continue
            }
            entries.append((((file as NSString).lastPathComponent as NSString).deletingPathExtension, entry))
            files.append(file)
        }
        Self.removeAbandonedTemporaries(in: directory)
        guard !entries.isEmpty else { return drained }
        drained.queued = try store.enqueue(spooled: entries)
        for file in files { unlink(file) }
        return drained
    }

    /// Temporary files a notify that died mid-write left behind; an hour is far beyond any write.
    static func removeAbandonedTemporaries(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let path = directory + "/" + name
            let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            if let modified, modified < Date().addingTimeInterval(-3_600) { unlink(path) }
        }
    }

    private static func failure(_ what: String) -> TasteError {
        TasteError.store("\(what): \(String(cString: strerror(errno)))")
    }
}

extension Store {
    /// Queues spooled events under their spool ids; an id already queued is skipped. Returns how many were new.
    func enqueue(spooled entries: [(id: String, entry: EventSpool.Entry)]) throws -> Int {
        try write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO event (git_dir, hook, ref, old_head, new_head, created_at, spool_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (spool_id) DO NOTHING
                    """)
            var queued = 0
            for (id, entry) in entries {
                try statement.execute(arguments: [
                    entry.gitDir, entry.hook, entry.ref, entry.oldHead, entry.newHead, Date(timeIntervalSince1970: entry.createdAt), id,
                ])
                queued += db.changesCount
            }
            return queued
        }
    }
}
