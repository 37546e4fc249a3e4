import Foundation

/// A push to a fleet repository, as a server's `post-receive` hook saw it.
public struct FleetPush: Codable, Sendable, Equatable {
    public var repository: String
    public var ref: String?
    public var oldHead: String?
    public var newHead: String?
    /// Seconds since 1970: a spooled push keeps the time it was made, not the time it was sent.
    public var pushedAt: Double

    public init(repository: String, ref: String?, oldHead: String?, newHead: String?, pushedAt: Date = Date()) {
        self.repository = repository
        self.ref = ref
        self.oldHead = oldHead
        self.newHead = newHead
        self.pushedAt = pushedAt.timeIntervalSince1970
    }

    /// The pushes of post-receive's input (`old new ref` lines) that moved the followed branch of `repository`:
    /// `git config taste.branch`, else `branch`, else the branch HEAD names. A deleted branch is not a push.
    public static func received(_ input: String, by repository: GitRepository, name: String, branch: String?) -> [FleetPush] {
        input.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count == 3, fields[1].contains(where: { $0 != "0" }) else { return nil }
            let notice = MergeNotice(hook: "post-receive", branch: branch, ref: fields[2], oldHead: fields[0], newHead: fields[1])
            guard let event = notice.event(in: repository) else { return nil }
            // A new branch's old head is all zeros: there was none.
            let old = event.oldHead.flatMap { $0.contains(where: { $0 != "0" }) ? $0 : nil }
            return FleetPush(repository: name, ref: event.ref, oldHead: old, newHead: event.newHead)
        }
    }
}

/// Where a server's hook leaves pushes PostgreSQL could not take (unreachable, refusing, lost connection): one
/// file per push, written whole or not at all, in `spool/fleet` beside the daemon's state. The next push's
/// hook, `taste repo push --drain` or a worker on the same machine sends them; each file's name is its id in
/// the queue, so a file sent twice (a drain that died before removing it) is queued once.
public struct FleetSpool: Sendable {
    public let directory: String

    public init(paths: DaemonPaths = DaemonPaths()) {
        directory = paths.stateDirectory + "/spool/fleet"
    }

    /// What a drain did: pushes queued, pushes of repositories the store does not know (left in the spool), and
    /// files that could not be read, renamed to `<name>.bad`.
    public struct Drained: Equatable, Sendable {
        public var queued = 0
        public var unknown: [String] = []
        public var setAside: [String] = []
    }

    @discardableResult
    public func add(_ push: FleetPush) throws -> String {
        try EventSpool.write(try JSONEncoder().encode(push), into: directory, at: Date(timeIntervalSince1970: push.pushedAt))
    }

    /// The spooled pushes' files, oldest first.
    public func pending() throws -> [String] {
        guard let folder = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw TasteError.store("cannot read the spool folder \(directory): \(String(cString: strerror(errno)))")
        }
        closedir(folder)
        return try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { directory + "/" + $0 }
    }

    /// Sends every spooled push to `queue`, oldest first, removing each file once its push is queued. Stops at
    /// the first failure other than an unknown repository, leaving that push and the later ones for next time.
    public func drain(into queue: FleetQueue) throws -> Drained {
        var drained = Drained()
        for file in try pending() {
            guard let data = FileManager.default.contents(atPath: file), let push = try? JSONDecoder().decode(FleetPush.self, from: data)
            else {
                if rename(file, file + ".bad") == 0 { drained.setAside.append(file + ".bad") }
                continue
            }
            let id = "fleet-" + ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            do {
                if try queue.enqueue(spooled: push, id: id) { drained.queued += 1 }
            } catch TasteError.usage {
                // Registered later, it is sent then; the other pushes need not wait for it.
                drained.unknown.append(push.repository)
                continue
            }
            unlink(file)
        }
        EventSpool.removeAbandonedTemporaries(in: directory)
        return drained
    }
}

extension FleetSpool {
    /// What `send` did with a hook's pushes.
    public struct Delivery: Equatable, Sendable {
        /// The new events' ids, one per push queued now.
        public var queued: [Int64] = []
        /// Spooled pushes sent first.
        public var drained = Drained()
        /// Files of the pushes PostgreSQL could not take, and why.
        public var spooled: [String] = []
        public var reason: String?
    }

    /// Sends what the spool holds, then `pushes`, to the fleet's store at `url`. The pushes it cannot take while
    /// the server is down or the connection drops are spooled; with `whatever`, as a hook asks, so are those it
    /// refuses (a role without rights, a missing database), so that no push is lost before someone fixes it.
    /// A repository the store does not know is an error, never spooled: no later push would make it known.
    public func send(_ pushes: [FleetPush], to url: String, whatever: Bool = false) throws -> Delivery {
        var delivery = Delivery()
        do {
            let queue = try FleetQueue(url: url)
            delivery.drained = try drain(into: queue)
            for push in pushes {
                delivery.queued.append(
                    try queue.enqueue(repository: push.repository, ref: push.ref, oldHead: push.oldHead, newHead: push.newHead))
            }
        } catch let error where whatever ? !Self.isUnknownRepository(error) : Self.isTransient(error) {
            delivery.reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            for push in pushes.dropFirst(delivery.queued.count) {
                delivery.spooled.append(try add(push))
            }
        }
        return delivery
    }

    private static func isUnknownRepository(_ error: Error) -> Bool {
        guard case .usage = error as? TasteError else { return false }
        return true
    }

    /// The server is down, starting, shutting down or out of connections, or the connection dropped: a later send
    /// may work as it is.
    private static func isTransient(_ error: Error) -> Bool {
        switch error as? PostgresError {
        case .unreachable, .connectionLost: true
        case .query(let state, _): state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P")
        default: false
        }
    }
}
