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
            guard !pattern.isEmpty else { return 0 }
            guard let textBase = text.baseAddress, let patternBase = pattern.baseAddress else { return nil }
            // memchr for the needle's rarest byte, memcmp for the whole: memchr for the first byte stopped at every
            // `i` of a test file searched for `import XCTest`, and the memcmp calls cost more than the scan.
            var anchor = 0
            for index in 1..<pattern.count where commonness[Int(pattern[index])] < commonness[Int(pattern[anchor])] {
                anchor = index
            }
            let byte = Int32(pattern[anchor])
            var start = 0
            let last = text.count - pattern.count
            while start <= last {
                guard let hit = memchr(textBase + start + anchor, byte, last - start + 1) else { return nil }
                let position = UnsafeRawPointer(hit) - UnsafeRawPointer(textBase) - anchor
                if memcmp(textBase + position, patternBase, pattern.count) == 0 { return position }
                start = position + 1
            }
            return nil
        }
    }

    /// How common each byte is in source code, from 0 (rare) up: bytes are listed from the most common.
    private static let commonness: [UInt8] = {
        let order = Array(" \t\netaoinsrlcdu.p(),m_h=f;g\"bvy:'-/*k0w1x>{}[]<2\\3SETRICANODLPFMUBGHVWKXYJQZ#4@&5|+!8967?$%jzq`~^".utf8)
        var table = [UInt8](repeating: 0, count: 256)
        for (rank, byte) in order.enumerated() where table[Int(byte)] == 0 { table[Int(byte)] = UInt8(order.count - rank) }
        return table
    }()
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
