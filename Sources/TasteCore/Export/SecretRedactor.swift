import Foundation

/// Takes secrets out of evidence snippets before they are stored or shown: private keys, cloud and service
/// tokens, passwords in URLs, credentials in assignments, and long high-entropy strings in assignments.
public enum SecretRedactor {
    public static let mask = "[redacted]"

    private struct Pattern: @unchecked Sendable {
        let regex: NSRegularExpression
        /// The capture group to mask; 0 for the whole match.
        let group: Int
    }

    private static let patterns: [Pattern] = [
        (#"-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----.*"#, 0),
        (#"\b(AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b"#, 0),
        (#"\bgh[pousr]_[A-Za-z0-9]{30,}\b"#, 0),
        (#"\bgithub_pat_[A-Za-z0-9_]{20,}\b"#, 0),
        (#"\bglpat-[A-Za-z0-9_-]{20,}\b"#, 0),
        (#"\bxox[abposr]-[A-Za-z0-9-]{10,}\b"#, 0),
        (#"\b(sk|rk|pk)_(live|test)_[A-Za-z0-9]{16,}\b"#, 0),
        (#"\bsk-[A-Za-z0-9_-]{20,}\b"#, 0),
        (#"\bAIza[0-9A-Za-z_-]{35}\b"#, 0),
        (#"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"#, 0),
        (#"://[^:/\s@]+:([^@\s/]+)@"#, 1),
        // A credential-named key given a quoted value, or an unquoted one in env-file style (UPPER_CASE=value).
        (#"(?i)\b[a-z0-9_.-]*(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?)[a-z0-9_.-]*["']?\s*[:=]+\s*["']([^"'\n]{4,})["']"#, 2),
        (#"\b[A-Z0-9_]*(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|ACCESS_KEY|PRIVATE_KEY)[A-Z0-9_]*=([^\s"']{4,})"#, 2),
        // Unquoted, YAML style (`api_key: 9f8e…`): only a value that looks generated, with letters and digits.
        (#"(?i)\b[a-z0-9_.-]*(password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key)[a-z0-9_.-]*\s*[:=]+\s*((?=[A-Za-z0-9+/_=.-]*[0-9])(?=[A-Za-z0-9+/_=.-]*[A-Za-z])[A-Za-z0-9+/_=.-]{12,})"#, 2),
    ].compactMap { pattern, group in
        (try? NSRegularExpression(pattern: pattern)).map { Pattern(regex: $0, group: group) }
    }

    /// A quoted string of 20 or more token characters in an assignment: masked when it looks random.
    private static let quotedValue = try? NSRegularExpression(pattern: #"[=:]\s*["'`]([A-Za-z0-9+/=_-]{20,})["'`]"#)

    public static func redact(_ text: String) -> String {
        var result = text
        for pattern in patterns {
            result = replace(pattern.regex, group: pattern.group, in: result)
        }
        if let quotedValue {
            let matches = quotedValue.matches(in: result, range: NSRange(result.startIndex..., in: result)).reversed()
            for match in matches {
                guard let range = Range(match.range(at: 1), in: result), entropy(result[range]) >= 4.0 else { continue }
                result.replaceSubrange(range, with: mask)
            }
        }
        return result
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
