import Foundation

/// Takes secrets out of evidence snippets before they are stored or shown: private keys (their headers and
/// bare base64 body lines), cloud and service tokens, passwords in URLs, values given to credential names, and
/// long high-entropy strings in assignments.
public enum SecretRedactor {
    public static let mask = "[redacted]"

    private struct Pattern: @unchecked Sendable {
        let regex: NSRegularExpression
        /// The capture group to mask; 0 for the whole match.
        let group: Int
        /// What a line must show for the pattern to have a chance: checked on bytes first, since the regexes
        /// themselves cost more than the rest of mining when run on every cited line.
        let needs: Clue
    }

    enum Clue { case keyHeader, tokenPrefix, quotedRun, urlCredential, credentialName }

    private static let patterns: [Pattern] = [
        (#"-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----.*"#, 0, Clue.keyHeader),
        (#"\b(AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b"#, 0, .tokenPrefix),
        (#"\bgh[pousr]_[A-Za-z0-9]{30,}\b"#, 0, .tokenPrefix),
        (#"\bgithub_pat_[A-Za-z0-9_]{20,}\b"#, 0, .tokenPrefix),
        (#"\bglpat-[A-Za-z0-9_-]{20,}\b"#, 0, .tokenPrefix),
        (#"\bxox[abposr]-[A-Za-z0-9-]{10,}\b"#, 0, .tokenPrefix),
        (#"\b(sk|rk|pk)_(live|test)_[A-Za-z0-9]{16,}\b"#, 0, .tokenPrefix),
        (#"\bsk-[A-Za-z0-9_-]{20,}\b"#, 0, .tokenPrefix),
        (#"\bAIza[0-9A-Za-z_-]{35}\b"#, 0, .tokenPrefix),
        (#"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"#, 0, .tokenPrefix),
        (#"://[^:/\s@]+:([^@\s/]+)@"#, 1, .urlCredential),
    ].compactMap { pattern, group, needs in
        (try? NSRegularExpression(pattern: pattern)).map { Pattern(regex: $0, group: group, needs: needs) }
    }

    /// A quoted string of 20 or more token characters in an assignment: masked when it looks random.
    private static let quotedValue = try? NSRegularExpression(pattern: #"[=:]\s*["'`]([A-Za-z0-9+/=_-]{20,})["'`]"#)

    public static func redact(_ text: String) -> String {
        if looksLikeKeyBody(text) { return String(text.prefix { $0 == " " || $0 == "\t" }) + mask }
        let clues = self.clues(in: text)
        guard !clues.isEmpty else { return text }
        var result = clues.contains(.credentialName) ? maskingCredentialValues(in: text) : text
        for pattern in patterns where clues.contains(pattern.needs) {
            result = replace(pattern.regex, group: pattern.group, in: result)
        }
        if clues.contains(.quotedRun), let quotedValue {
            let matches = quotedValue.matches(in: result, range: NSRange(result.startIndex..., in: result)).reversed()
            for match in matches {
                guard let range = Range(match.range(at: 1), in: result), entropy(result[range]) >= 4.0 else { continue }
                result.replaceSubrange(range, with: mask)
            }
        }
        return result
    }

    /// The clues a line shows, on bytes: a key header, the literal start of a service token (every token
    /// pattern begins with one), a quote after `=` or `:` opening 20 or more token characters (the quoted
    /// high-entropy value), a URL with a `user:password@` part, or a credential word and an `=` or `:`. Each
    /// clue is what its rule needs to match at all, so most cited lines skip every regex.
    static func clues(in text: String) -> Set<Clue> {
        var found: Set<Clue> = []
        if tokenPrefixes.contains(where: { text.containsBytes($0) }) { found.insert(.tokenPrefix) }
        if hasQuotedRun(text) { found.insert(.quotedRun) }
        let lowered = text.lowercased()
        let lower = Array(lowered.utf8)
        if lowered.containsBytes("-----begin") { found.insert(.keyHeader) }
        if let scheme = index(of: Array("://".utf8), in: lower), lower[scheme...].contains(UInt8(ascii: "@")) { found.insert(.urlCredential) }
        if lower.contains(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") }),
            credentialWords.contains(where: { lowered.containsBytes($0) })
        {
            found.insert(.credentialName)
        }
        return found
    }

    private static let tokenPrefixes = [
        "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_",
        "glpat-", "xox", "_live_", "_test_", "sk-", "AIza", "eyJ",
    ]

    /// `=` or `:`, blanks, a quote, then 20 or more token characters.
    private static func hasQuotedRun(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == 0x3D || bytes[index] == 0x3A else { continue }
            var cursor = index + 1
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == 0x22 || bytes[cursor] == 0x27 || bytes[cursor] == 0x60 else { continue }
            var run = 0
            cursor += 1
            while cursor < bytes.count, isTokenByte(bytes[cursor]) {
                run += 1
                cursor += 1
            }
            if run >= 20 { return true }
        }
        return false
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            || byte == 0x2B || byte == 0x2F || byte == 0x3D || byte == 0x5F || byte == 0x2D  // + / = _ -
    }

    /// Lower-case pieces of the names `credentialValueRanges` looks for: a line with none of them skips it.
    private static let credentialWords = ["pass", "pwd", "secret", "token", "key", "cred", "auth"]

    private static func index(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        for offset in start...(haystack.count - needle.count) where haystack[offset] == needle[0] {
            if haystack[offset..<(offset + needle.count)].elementsEqual(needle) { return offset }
        }
        return nil
    }

    private static func replace(_ regex: NSRegularExpression, group: Int, in text: String) -> String {
        var result = text
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            guard let range = Range(match.range(at: group), in: result) else { continue }
            result.replaceSubrange(range, with: mask)
        }
        return result
    }

    /// Shannon entropy in bits per character.
    static func entropy(_ text: Substring) -> Double {
        var counts: [Character: Int] = [:]
        for character in text { counts[character, default: 0] += 1 }
        let length = Double(text.count)
        return counts.values.reduce(0) { sum, count in
            let p = Double(count) / length
            return sum - p * log2(p)
        }
    }
}
