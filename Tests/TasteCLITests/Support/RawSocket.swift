import Foundation
import TasteTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A client of the daemon's socket that misbehaves on purpose: hangs up early, or trickles its command.
/// Writes never raise SIGPIPE in the test process.
final class RawSocket: @unchecked Sendable {
    let descriptor: Int32

    init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes.prefix(buffer.count - 1))
            buffer[min(bytes.count, buffer.count - 1)] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw TestError("connect \(path): \(reason)")
        }
    }

    /// False once the daemon has closed its end.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// True when the daemon has hung up: a read returns end of file (or an error) instead of waiting.
    func peerHungUp() -> Bool {
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT))
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    func close() {
        Glibc.close(descriptor)
    }
}

/// Sends one byte every `interval` seconds on its own thread until stopped or until the daemon hangs up: the
/// slow-loris client that must not keep anyone else from being answered.
final class TricklingClient: @unchecked Sendable {
    private let socket: RawSocket
    private let lock = NSLock()
    private var sent = 0
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    init(path: String, interval: TimeInterval) throws {
        socket = try RawSocket(path: path)
        let thread = Thread { [self] in
            defer { finished.signal() }
            while !lock.withLock({ stopped }) {
                guard socket.send("s") else { return }
                lock.withLock { sent += 1 }
                usleep(useconds_t(interval * 1_000_000))
            }
        }
        thread.start()
    }

    var bytesSent: Int { lock.withLock { sent } }

    func hungUp() -> Bool { socket.peerHungUp() }

    func stop() {
        lock.withLock { stopped = true }
        finished.wait()
        socket.close()
    }
}
