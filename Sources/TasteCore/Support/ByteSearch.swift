#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension StringProtocol {
    /// Byte-wise substring search (memchr, then memcmp): miners call it on every added line, where
    /// Foundation's locale-aware `contains` would dominate the pass. A native string or substring is searched
    /// in place, without a copy.
    @inline(__always)
    func containsBytes(_ needle: String) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ text in ByteSearch.contains(text, needle) }) { return found }
        var copy = String(self)
        return copy.withUTF8 { ByteSearch.contains($0, needle) }
    }
}

enum ByteSearch {
    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
        firstOffset(of: needle, in: text) != nil
    }

    /// Where `needle` first occurs in `text`, in bytes.
    static func firstOffset(of needle: String, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        var needle = needle
        return needle.withUTF8 { pattern -> Int? in
            guard pattern.count <= text.count else { return nil }
            guard let textBase = text.baseAddress, let patternBase = pattern.baseAddress else { return pattern.isEmpty ? 0 : nil }
            // memchr for the first byte, memcmp for the rest (glibc's memmem is not exported to Swift).
            let first = Int32(pattern[0])
            var offset = 0
            let last = text.count - pattern.count
            while offset <= last {
                guard let hit = memchr(textBase + offset, first, last - offset + 1) else { return nil }
                let position = UnsafeRawPointer(hit) - UnsafeRawPointer(textBase)
                if memcmp(textBase + position, patternBase, pattern.count) == 0 { return position }
                offset = position + 1
            }
            return nil
        }
    }
}

extension String {
    /// Byte-wise, shadowing Foundation's `contains(_:)` (a locale-aware `CFStringFind`) inside TasteCore:
    /// miners call it on every added line. Literal UTF-8 comparison; an empty needle is found.
    @inline(__always)
    func contains(_ other: String) -> Bool { containsBytes(other) }
}

extension Substring {
    /// Byte-wise, as `String.contains(_:)` above.
    @inline(__always)
    func contains(_ other: String) -> Bool { containsBytes(other) }
}
