import Foundation
import XCTest

/// A `taste mcp` process driven over its stdin and stdout, as an agent drives it: one JSON-RPC message per
/// line each way. Every read has a deadline, so a server that stops answering fails the test instead of
/// hanging it; the process is stopped when the client goes.
final class MCPClient {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errorFile: URL
    private let received = Received()
    private let exited = DispatchSemaphore(value: 0)
    private var nextID = 1

    /// What the server wrote and has not been read yet, filled by a reader thread.
    private final class Received: @unchecked Sendable {
        let lock = NSLock()
        let arrived = DispatchSemaphore(value: 0)
        var buffer = Data()
        var ended = false
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    init(sandbox: Sandbox, arguments: [String]) throws {
        // A write to a server that died must fail the test, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        errorFile = sandbox.root.appendingPathComponent("mcp-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.executableURL = sandbox.taste.url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TASTE_HOME"] = sandbox.home
        environment.removeValue(forKey: "XDG_DATA_HOME")
        process.environment = environment
        process.currentDirectoryURL = sandbox.root
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
        let reader = output.fileHandleForReading
        Thread.detachNewThread { [received, reader] in
            while true {
                let chunk = reader.availableData
                received.lock.withLock {
                    if chunk.isEmpty { received.ended = true } else { received.buffer.append(chunk) }
                }
                received.arrived.signal()
                if chunk.isEmpty { return }
            }
        }
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    var stderr: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }

    /// Writes one line as it is (malformed JSON included).
    func send(raw line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    func send(_ message: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])
        try send(raw: String(decoding: data, as: UTF8.self))
    }

    /// The next line the server writes, waiting at most `timeout` seconds for it.
    func readLine(timeout: TimeInterval = 15) throws -> String {
        let deadline = DispatchTime.now() + timeout
        while true {
            let (line, done): (String?, Bool) = received.lock.withLock {
                let buffer = received.buffer
                if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    received.buffer = Data(buffer[buffer.index(after: newline)...])
                    return (line, false)
                }
                return (nil, received.ended)
            }
            if let line { return line }
            if done { throw Failure("the server closed its output; stderr: \(stderr)") }
            guard received.arrived.wait(timeout: deadline) == .success else {
                throw Failure("no reply within \(timeout) s; stderr: \(stderr)")
            }
        }
    }

    /// The next message, parsed.
    func readMessage(timeout: TimeInterval = 15) throws -> [String: Any] {
        let line = try readLine(timeout: timeout)
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw Failure("not a JSON object: \(line)")
        }
        return object
    }

    /// Sends a request and returns its reply, checking that the reply answers it.
    func request(_ method: String, _ params: [String: Any]? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["jsonrpc": "2.0", "id": id, "method": method]
        if let params { message["params"] = params }
        try send(message)
        let reply = try readMessage()
        XCTAssertEqual(reply["jsonrpc"] as? String, "2.0", file: file, line: line)
        XCTAssertEqual(reply["id"] as? Int, id, "the reply answers request \(id): \(reply)", file: file, line: line)
        return reply
    }

    /// A successful request's `result`.
    func result(_ method: String, _ params: [String: Any]? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let reply = try request(method, params, file: file, line: line)
        guard let result = reply["result"] as? [String: Any] else {
            throw Failure("\(method) gave no result: \(reply)")
        }
        return result
    }

    /// A tool call's text and whether the tool reported an error.
    func callTool(
        _ name: String, _ arguments: [String: Any] = [:], file: StaticString = #filePath, line: UInt = #line
    ) throws -> (text: String, isError: Bool) {
        let result = try result("tools/call", ["name": name, "arguments": arguments], file: file, line: line)
        let content = try XCTUnwrap(result["content"] as? [[String: Any]], "\(result)", file: file, line: line)
        XCTAssertEqual(content.count, 1, file: file, line: line)
        XCTAssertEqual(content.first?["type"] as? String, "text", file: file, line: line)
        return (content.first?["text"] as? String ?? "", result["isError"] as? Bool ?? false)
    }

    /// Closes stdin (what an agent does when it is done) and waits for the server to exit.
    func close(timeout: TimeInterval = 15) throws -> Int32 {
        try input.fileHandleForWriting.close()
        guard exited.wait(timeout: .now() + timeout) == .success else {
            process.terminate()
            throw Failure("the server did not exit within \(timeout) s of its input closing")
        }
        return process.terminationStatus
    }
}
