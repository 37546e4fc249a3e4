import Foundation

/// The daemon's answer to `status`: one JSON object on the control socket, which `taste daemon status`
/// prints as is (`--json`) or as a few lines.
public struct DaemonStatus: Sendable, Equatable, Codable {
    public var pid: Int
    /// Seconds since the daemon started.
    public var uptime: Int
    public var memoryKB: Int
    /// The repositories being mined now.
    public var busy: [String]
    /// The event queue's figures; nil when the store could not be read (the keys are then left out).
    public var queue: Queue?

    public struct Queue: Sendable, Equatable {
        public var queued: Int
        public var failed: Int
        /// The failed events, waiting for `taste daemon retry`.
        public var quarantined: [QuarantinedEvent]
        public var repositories: Int
        public var lastEventRepository: String?
        /// ISO 8601, as sent.
        public var lastEventAt: String?
        public var lastLatencyMS: Int?

        public init(
            queued: Int, failed: Int, quarantined: [QuarantinedEvent] = [], repositories: Int, lastEventRepository: String? = nil,
            lastEventAt: String? = nil, lastLatencyMS: Int? = nil
        ) {
            self.queued = queued
            self.failed = failed
            self.quarantined = quarantined
            self.repositories = repositories
            self.lastEventRepository = lastEventRepository
            self.lastEventAt = lastEventAt
            self.lastLatencyMS = lastLatencyMS
        }

        public init(_ status: QueueStatus) {
            self.init(
                queued: status.queued, failed: status.failed, quarantined: status.quarantined, repositories: status.repositories,
                lastEventRepository: status.lastEventRepository,
                lastEventAt: status.lastEventAt.map { ISO8601DateFormatter().string(from: $0) },
                lastLatencyMS: status.lastLatency.map { Int($0 * 1000) })
        }
    }

    public init(pid: Int, uptime: Int, memoryKB: Int, busy: [String], queue: Queue?) {
        self.pid = pid
        self.uptime = uptime
        self.memoryKB = memoryKB
        self.busy = busy
        self.queue = queue
    }

    /// Reads a reply; nil when it is not a status object.
    public init?(json: String) {
        guard let status = try? JSONDecoder().decode(Self.self, from: Data(json.utf8)) else { return nil }
        self = status
    }

    /// The reply: one line, keys sorted.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// What `taste daemon status` prints: the process, the queue, the last event when there was one, and a
    /// line per quarantined event.
    public var summary: String {
        var lines = ["taste daemon: pid \(pid), up \(uptime) s, \(memoryKB / 1024) MiB"]
        lines.append("queue: \(queue?.queued ?? 0) waiting, \(queue?.failed ?? 0) failed; \(queue?.repositories ?? 0) repositories served")
        if let queue, let repository = queue.lastEventRepository {
            lines.append("last event: \(repository) at \(queue.lastEventAt ?? "?"), processed in \(queue.lastLatencyMS.map(String.init) ?? "?") ms")
        }
        if let quarantined = queue?.quarantined, !quarantined.isEmpty {
            lines.append("quarantined after \(Store.maxEventAttempts) failed passes ('taste daemon retry' queues them again):")
            for event in quarantined {
                lines.append("  event \(event.id), \(event.gitDir), \(event.attempts) attempts: \(event.error ?? "no error recorded")")
            }
        }
        return lines.joined(separator: "\n")
    }

    // One flat object: the queue's keys sit beside the process's, and its last event's are null until there is one.
    private enum CodingKeys: String, CodingKey {
        case pid, uptime, busy, queued, failed, quarantined, repositories
        case memoryKB = "memory_kb", lastEventRepository = "last_event_repo", lastEventAt = "last_event_at"
        case lastLatencyMS = "last_latency_ms"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pid = try container.decode(Int.self, forKey: .pid)
        uptime = try container.decode(Int.self, forKey: .uptime)
        memoryKB = try container.decodeIfPresent(Int.self, forKey: .memoryKB) ?? 0
        busy = try container.decodeIfPresent([String].self, forKey: .busy) ?? []
        if let queued = try container.decodeIfPresent(Int.self, forKey: .queued) {
            queue = Queue(
                queued: queued, failed: try container.decodeIfPresent(Int.self, forKey: .failed) ?? 0,
                quarantined: try container.decodeIfPresent([QuarantinedEvent].self, forKey: .quarantined) ?? [],
                repositories: try container.decodeIfPresent(Int.self, forKey: .repositories) ?? 0,
                lastEventRepository: try container.decodeIfPresent(String.self, forKey: .lastEventRepository),
                lastEventAt: try container.decodeIfPresent(String.self, forKey: .lastEventAt),
                lastLatencyMS: try container.decodeIfPresent(Int.self, forKey: .lastLatencyMS))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pid, forKey: .pid)
        try container.encode(uptime, forKey: .uptime)
        try container.encode(memoryKB, forKey: .memoryKB)
        try container.encode(busy, forKey: .busy)
        guard let queue else { return }
        try container.encode(queue.queued, forKey: .queued)
        try container.encode(queue.failed, forKey: .failed)
        try container.encode(queue.quarantined, forKey: .quarantined)
        try container.encode(queue.repositories, forKey: .repositories)
        try container.encode(queue.lastEventRepository, forKey: .lastEventRepository)
        try container.encode(queue.lastEventAt, forKey: .lastEventAt)
        try container.encode(queue.lastLatencyMS, forKey: .lastLatencyMS)
    }
}
