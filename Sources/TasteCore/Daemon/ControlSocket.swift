import CTasteSystem
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's Unix-domain socket: one line in ("wake", "status", "stop"), one line out. Mode 0600 in a
/// 0700 folder, and the peer's uid is checked: only the daemon's own user is answered. Each connection has a
/// thread of its own and `connectionDeadline` seconds in all: a client that stalls or sends a byte at a time
/// holds its own thread that long, and nobody else waits for it.
final class ControlServer: @unchecked Sendable {
    static let maxConnections = 16
    static let connectionDeadline = 5.0

    private let descriptor: Int32
    private let slots = DispatchSemaphore(value: maxConnections)
    private let inFlight = DispatchGroup()
    let path: String

    init(path: String) throws {
        self.path = path
        try PrivateFiles.makeDirectory((path as NSString).deletingLastPathComponent)
        if (try? ControlClient.send("ping", to: path, timeout: 0.5)) != nil {
            throw TasteError.usage("taste daemon is already running (socket \(path))")
        }
        unlink(path)  // a socket left by a daemon that died
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TasteError.usage("cannot create a socket: \(String(cString: strerror(errno)))") }
        var address = try ControlClient.address(path)
        // The socket is made 0600 by bind itself: a chmod after it would leave a moment open to others.
        let umaskBefore = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(umaskBefore)
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw TasteError.usage("cannot listen on \(path): \(reason)")
        }
        listen(descriptor, 64)
    }

    /// Answers connections until `shutDown()`; `handler` maps a command to its reply. At most `maxConnections`
    /// are served at once; more wait in the listen backlog.
    func serve(_ handler: @escaping @Sendable (String) -> String) {
        let thread = Thread { [self] in
            while true {
                slots.wait()
                let client = accept(descriptor, nil, nil)
                if client < 0 {
                    slots.signal()
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    return  // closed
                }
                inFlight.enter()
                let connection = Thread { [self] in
                    defer {
                        close(client)
                        slots.signal()
                        inFlight.leave()
                    }
                    answer(client, handler)
                }
                connection.name = "taste.control.client"
                connection.start()
            }
        }
        thread.name = "taste.control"
        thread.start()
    }

    /// One exchange. A client that hangs up or misses the deadline gets nothing; writing to it fails with
    /// EPIPE instead of raising SIGPIPE.
    private func answer(_ client: Int32, _ handler: (String) -> String) {
        guard taste_peer_uid(client) == Int32(getuid()) else { return }
        let deadline = DispatchTime.now() + Self.connectionDeadline
        guard let command = SocketLine.read(client, until: deadline) else { return }
        _ = SocketLine.write(handler(command) + "\n", to: client, until: deadline)
    }

    /// Stops listening, then lets the exchanges under way end (each within its deadline): the reply to
    /// `stop` is written before the process exits.
    func shutDown() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        Glibc.close(descriptor)
        unlink(path)
        _ = inFlight.wait(timeout: .now() + Self.connectionDeadline)
    }
}

public enum ControlClient {
    /// How one exchange with the daemon ended.
    enum Exchange: Equatable {
        case reply(String)
        /// Nothing listens on the socket.
        case notListening
        /// Something listens but did not answer in time.
        case noAnswer
    }

    /// Sends one command and returns the reply line, all within `timeout` seconds. Throws when no daemon
    /// listens, or when it does not answer in time.
    public static func send(_ command: String, to path: String, timeout: Double = 2) throws -> String {
        switch try exchange(command, with: path, timeout: timeout) {
        case .reply(let reply): return reply
        case .notListening: throw TasteError.usage("the taste daemon is not running (no answer on \(path))")
        case .noAnswer: throw TasteError.usage("the taste daemon did not answer within \(seconds(timeout)) s (socket \(path))")
        }
    }

    static func exchange(_ command: String, with path: String, timeout: Double) throws -> Exchange {
        let deadline = DispatchTime.now() + timeout
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TasteError.usage("cannot create a socket") }
        defer { close(descriptor) }
        // connect() waits while the daemon's backlog is full; this bounds that wait.
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = try address(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return errno == EAGAIN ? .noAnswer : .notListening }
        guard SocketLine.write(command + "\n", to: descriptor, until: deadline), let reply = SocketLine.read(descriptor, until: deadline)
        else { return .noAnswer }
        return .reply(reply)
    }

    /// 2, 0.5: seconds as people write them.
    static func seconds(_ value: Double) -> String {
        String(format: "%g", value)
    }

    static func address(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            throw TasteError.usage(
                "socket path too long (\(bytes.count) bytes, at most \(capacity - 1)): \(path); set TASTE_RUNTIME_DIR to a shorter folder")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        return address
    }

}

/// One line read or written within a deadline for the whole exchange, not for each call: a peer that sends or
/// reads a byte at a time cannot stretch it.
enum SocketLine {
    static let maxLength = 65_536

    /// The line up to its newline (or up to end of file), or nil when the peer sent nothing, sent too much, or
    /// the deadline passed first.
    static func read(_ descriptor: Int32, until deadline: DispatchTime) -> String? {
        var line = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while line.count < maxLength {
            guard wait(descriptor, for: POLLIN, until: deadline) else { return nil }
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return nil
            }
            if count == 0 { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            if let newline = buffer[..<count].firstIndex(of: UInt8(ascii: "\n")) {
                line += buffer[..<newline]
                return String(decoding: line, as: UTF8.self)
            }
            line += buffer[..<count]
        }
        return nil
    }

    /// False when the peer hung up or the deadline passed first. MSG_NOSIGNAL: a peer gone raises EPIPE, not
    /// SIGPIPE, which would end the process.
    static func write(_ text: String, to descriptor: Int32, until deadline: DispatchTime) -> Bool {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            guard wait(descriptor, for: POLLOUT, until: deadline) else { return false }
            let count = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return false
            }
            bytes = bytes.dropFirst(count)
        }
        return true
    }

    /// Waits until the socket is ready for `events` (or has hung up: the next call says so); false at the deadline.
    private static func wait(_ descriptor: Int32, for events: Int32, until deadline: DispatchTime) -> Bool {
        while true {
            let now = DispatchTime.now()
            guard now < deadline else { return false }
            let milliseconds = (deadline.uptimeNanoseconds - now.uptimeNanoseconds + 999_999) / 1_000_000
            var entry = pollfd(fd: descriptor, events: Int16(events), revents: 0)
            let ready = poll(&entry, 1, Int32(min(milliseconds, UInt64(Int32.max))))
            if ready > 0 { return true }
            if ready < 0, errno != EINTR { return false }
        }
    }
}
