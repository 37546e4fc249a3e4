/// Private keys span lines: only the first says `-----BEGIN … PRIVATE KEY-----`, the body lines are bare
/// base64. A line is judged on its own (`looksLikeKeyBody`) and, where the file's added lines are at hand,
/// by the block it lies in (`privateKeyLines`).
extension SecretRedactor {
    /// A line that is only base64 (quotes, a trailing `,`, `+` or `\n` escape aside), 40 characters or more
    /// with upper- and lower-case letters and digits: the body of a key or a certificate, never code.
    static func looksLikeKeyBody(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        let edges: Set<UInt8> = [0x20, 0x09, 0x22, 0x27, 0x60, 0x2C, 0x3B]  // blanks, quotes, `,`, `;`
        while let last = bytes.last, edges.contains(last) || last == UInt8(ascii: "+") { bytes = bytes.dropLast() }
        if bytes.suffix(2).elementsEqual("\\n".utf8) { bytes = bytes.dropLast(2) }
        while let last = bytes.last, edges.contains(last) { bytes = bytes.dropLast() }
        while let first = bytes.first, edges.contains(first) { bytes = bytes.dropFirst() }
        guard bytes.count >= 40 else { return false }
        var upper = false, lower = false, digit = false
        for byte in bytes {
            switch byte {
            case 0x41...0x5A: upper = true
            case 0x61...0x7A: lower = true
            case 0x30...0x39: digit = true
            case 0x2B, 0x2F, 0x3D: continue  // + / =
            default: return false
            }
        }
        return upper && lower && digit
    }

    /// The numbers of `lines` (one file's added lines, ascending) that belong to a private key block: its
    /// BEGIN line, its END line and every line between. When the BEGIN line was not added (a key's body
    /// replaced), the added lines right above an END line, without a gap, belong to it.
    static func privateKeyLines(_ lines: [AddedLine]) -> Set<Int> {
        var inside: Set<Int> = []
        var open = false
        var sinceGap: [Int] = []
        var previous: Int?
        for line in lines {
            if let previous, line.number != previous + 1 { sinceGap.removeAll() }
            previous = line.number
            let marker = line.text.containsBytes("PRIVATE KEY")
            let begins = marker && line.text.containsBytes("-----BEGIN")
            let ends = marker && line.text.containsBytes("-----END")
            if begins { open = true }
            if open || ends { inside.insert(line.number) } else { sinceGap.append(line.number) }
            if ends {
                if !open { inside.formUnion(sinceGap) }
                open = false
                sinceGap.removeAll()
            }
        }
        return inside
    }
}
