import CTasteSystem
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's Unix-domain socket: one line in ("wake", "status", "stop"), one line out. Mode 0600 in a
/// 0700 folder, and the peer's uid is checked: only the daemon's own user is answered.
final class ControlServer: @unchecked Sendable {
    private let descriptor: Int32
    let path: String

    init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        if (try? ControlClient.send("ping", to: path, timeout: 0.5)) != nil {
            throw TasteError.usage("taste daemon is already running (socket \(path))")
        }
        unlink(path)  // a socket left by a daemon that died
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TasteError.usage("cannot create a socket: \(String(cString: strerror(errno)))") }
        var address = try ControlClient.address(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw TasteError.usage("cannot listen on \(path): \(reason)")
        }
        chmod(path, 0o600)
        listen(descriptor, 64)
    }

    /// Answers connections until `shutDown()`; `handler` maps a command to its reply.
    func serve(_ handler: @escaping @Sendable (String) -> String) {
        let thread = Thread { [self] in
            while true {
                let client = accept(descriptor, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return  // closed
                }
                guard taste_peer_uid(client) == Int32(getuid()) else {
                    close(client)
                    continue
                }
                var timeout = timeval(tv_sec: 2, tv_usec: 0)
                setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                let command = ControlClient.readLine(client)
                let reply = handler(command) + "\n"
                _ = reply.withCString { write(client, $0, strlen($0)) }
                close(client)
            }
        }
        thread.name = "taste.control"
        thread.start()
    }

    func shutDown() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        Glibc.close(descriptor)
        unlink(path)
    }
}

public enum ControlClient {
    /// Sends one command and returns the reply line. Throws when no daemon answers.
    public static func send(_ command: String, to path: String, timeout: Double = 2) throws -> String {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TasteError.usage("cannot create a socket") }
        defer { close(descriptor) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = try address(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw TasteError.usage("the taste daemon is not running") }
        let line = command + "\n"
        _ = line.withCString { write(descriptor, $0, strlen($0)) }
        return readLine(descriptor)
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

    static func readLine(_ descriptor: Int32) -> String {
        var data = [UInt8]()
        var byte: UInt8 = 0
        while data.count < 65_536, read(descriptor, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") { break }
            data.append(byte)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
