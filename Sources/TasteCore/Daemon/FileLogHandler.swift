import Foundation
import Logging

/// Appends one line per log record to a file (the daemon's log under the state folder).
public struct FileLogHandler: LogHandler {
    private final class Sink: @unchecked Sendable {
        let handle: FileHandle?
        let lock = NSLock()

        init(path: String) {
            try? PrivateFiles.makeDirectory((path as NSString).deletingLastPathComponent)
            PrivateFiles.makeFile(path)
            handle = FileHandle(forWritingAtPath: path)
            _ = try? handle?.seekToEnd()
        }

        func write(_ line: String) {
            lock.withLock { handle?.write(Data(line.utf8)) }
        }
    }

    private let sink: Sink
    private let label: String
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info

    public init(label: String, path: String) {
        self.label = label
        sink = Sink(path: path)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = all.keys.sorted().map { "\($0)=\(all[$0].map { "\($0)" } ?? "")" }.joined(separator: " ")
        let time = ISO8601DateFormatter().string(from: Date())
        sink.write("\(time) \(event.level) \(label): \(event.message)\(fields.isEmpty ? "" : " " + fields)\n")
    }
}
