import Foundation

/// Splits a byte stream into newline-terminated lines, each byte looked at once. A line longer than `limit`
/// is not kept: its bytes are dropped up to the next newline, and it is reported once as `.tooLong`.
struct JSONLineReader {
    enum Line: Equatable {
        case message(Data)
        case tooLong
    }

    let limit: Int
    /// The bytes of the line not yet ended.
    private var pending = Data()
    /// The current line passed `limit`: what is left of it is skipped.
    private var skipping = false

    init(limit: Int) { self.limit = limit }

    /// The lines `chunk` ends, in order.
    mutating func append(_ chunk: Data) -> [Line] {
        var lines: [Line] = []
        var start = chunk.startIndex
        while start < chunk.endIndex {
            let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline ?? chunk.endIndex
            if !skipping {
                if pending.count + (end - start) > limit {
                    pending = Data()
                    skipping = true
                    lines.append(.tooLong)
                } else {
                    pending.append(chunk[start..<end])
                }
            }
            guard let newline else { break }
            if !skipping { lines.append(.message(pending)) }
            pending = Data()
            skipping = false
            start = newline + 1
        }
        return lines
    }

    /// The last line when the stream ended without a newline.
    mutating func finish() -> Line? {
        defer { pending = Data() }
        return skipping || pending.isEmpty ? nil : .message(pending)
    }
}
