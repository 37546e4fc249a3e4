/// The name rule: a value given to a credential's name is a secret whatever it looks like (`DB_PASS =
/// "CorrectHorseBattery9"` has too little entropy for the random-string rule). Only the value is masked, so
/// the line still shows its layout; names that are about a credential (`password_field`, `token_url`) are not
/// credentials.
extension SecretRedactor {
    /// Name parts that make a name a credential's (`DB_PASS`, `dbPassword`, `api-token`, `x.auth`).
    static let credentialParts: Set<String> = [
        "pass", "passwd", "password", "passwords", "passphrase", "pwd", "secret", "secrets", "token", "tokens", "auth",
        "authorization", "credential", "credentials", "creds", "apikey", "privatekey", "accesskey", "secretkey",
        "clientsecret",
    ]
    /// `key` is a credential after one of these (`api_key`, `SIGNING_KEY`), or in any upper-case name of two
    /// parts or more (`STRIPE_KEY`): the style of environment variables.
    static let keyQualifiers: Set<String> = [
        "api", "access", "private", "secret", "signing", "encryption", "master", "client", "auth", "session", "license",
    ]
    /// Parts after a credential word that make the name about the credential rather than the credential itself.
    static let descriptorParts: Set<String> = [
        "field", "fields", "label", "name", "names", "type", "types", "kind", "url", "urls", "uri", "endpoint", "host",
        "path", "file", "filename", "dir", "hint", "prompt", "placeholder", "length", "len", "size", "count", "min",
        "max", "policy", "regex", "pattern", "format", "header", "headers", "param", "params", "message", "msg",
        "error", "errors", "input", "column", "env", "var", "variable", "method", "mode", "scheme", "provider", "user",
        "username", "login", "email", "domain", "realm", "expiry", "expires", "expiration", "ttl", "timeout",
        "lifetime", "prefix", "title", "text", "help", "description", "required", "enabled", "visible", "strength",
    ]

    /// `text` with every value given to a credential's name replaced by the mask.
    static func maskingCredentialValues(in text: String) -> String {
        let bytes = Array(text.utf8)
        let ranges = credentialValueRanges(in: bytes)
        guard !ranges.isEmpty else { return text }
        var result: [UInt8] = []
        var from = 0
        for range in ranges {
            result += bytes[from..<range.lowerBound]
            result += mask.utf8
            from = range.upperBound
        }
        result += bytes[from...]
        return String(decoding: result, as: UTF8.self)
    }

    /// The byte ranges of values given to credential names: after `=`, `:`, `:=`, `==`, `=>` (string literals
    /// are skipped, so a `:` inside one is not an assignment). A quoted value is masked whatever it holds; an
    /// unquoted one when it is env-file style (`DB_PASS=value`) or, ending the line or an argument, looks generated (letters
    /// and digits: `db_pass: hunter22`), never when it is code (`password = form.password`).
    static func credentialValueRanges(in bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == backslash {
                    index += 2
                    continue
                }
                if byte == open { quote = nil }
                index += 1
                continue
            }
            if isQuote(byte) {
                quote = byte
                index += 1
                continue
            }
            guard byte == equals || byte == colon else {
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, bytes[end] == equals || bytes[end] == colon || bytes[end] == greater { end += 1 }
            let names = namesBefore(index, in: bytes)
            // `::` is a path separator (Rust, C++, Ruby), not an assignment.
            guard !(end - index == 2 && byte == colon && bytes[index + 1] == colon), names.contains(where: isCredentialName) else {
                index = end
                continue
            }
            let envStyle =
                byte == equals && end == index + 1 && index > 0 && isNameByte(bytes[index - 1])
                && names.first.map(isUpperCaseName) == true
            if let value = valueRange(from: end, in: bytes, envStyle: envStyle) {
                if !value.content.isEmpty { ranges.append(value.content) }
                index = value.end
            } else {
                index = end
            }
        }
        return ranges
    }

    /// The name an operator at `index` assigns to, and the one before it when that is a type annotation
    /// (`password: String =`, `var dbPass string =`): a quoted or bracketed key counts (`["password"] =`).
    private static func namesBefore(_ index: Int, in bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var cursor = index - 1
        // Compound operators: `+=`, `?=`, `||=`, `!=`.
        while cursor >= 0, [UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "|"), UInt8(ascii: "!")].contains(bytes[cursor]) {
            cursor -= 1
        }
        var names: [ArraySlice<UInt8>] = []
        while names.count < 2 {
            while cursor >= 0, bytes[cursor] == space || bytes[cursor] == tab { cursor -= 1 }
            if cursor >= 0, bytes[cursor] == UInt8(ascii: "]") { cursor -= 1 }
            if cursor >= 0, isQuote(bytes[cursor]) { cursor -= 1 }
            let end = cursor + 1
            while cursor >= 0, isNameByte(bytes[cursor]) { cursor -= 1 }
            guard end > cursor + 1 else { break }
            names.append(bytes[(cursor + 1)..<end])
            // Only blanks and annotation punctuation may separate a name from its type.
            let gap = cursor
            while cursor >= 0, [space, tab, colon, UInt8(ascii: "&"), UInt8(ascii: "*")].contains(bytes[cursor]) { cursor -= 1 }
            guard cursor < gap else { break }
        }
        return names
    }

    /// Where the value starting at `start` (after blanks) lies, and where scanning resumes after it.
    private static func valueRange(from start: Int, in bytes: [UInt8], envStyle: Bool) -> (content: Range<Int>, end: Int)? {
        var cursor = start
        while cursor < bytes.count, bytes[cursor] == space || bytes[cursor] == tab { cursor += 1 }
        // String prefixes: r"…", b'…', f"…", @"…", $"…".
        var opening = cursor
        while opening < bytes.count, opening - cursor < 2, "rbfuRBFU@$".utf8.contains(bytes[opening]) { opening += 1 }
        if opening < bytes.count, isQuote(bytes[opening]) {
            let open = bytes[opening]
            var first = opening + 1
            while first < bytes.count, bytes[first] == open { first += 1 }  // """…""" and ``` fences
            if first - opening == 2 { return (first..<first, first) }  // an empty string
            var close = first
            while close < bytes.count, bytes[close] != open { close += bytes[close] == backslash ? 2 : 1 }
            close = min(close, bytes.count)
            return (first..<close, min(close + 1, bytes.count))
        }
        var end = cursor
        while end < bytes.count, isUnquotedValueByte(bytes[end]) { end += 1 }
        guard end > cursor, bytes[cursor] != UInt8(ascii: "$") else { return nil }
        if envStyle && cursor == start { return (cursor..<end, end) }
        // A value followed by a call, an operator or more code is code, not a literal.
        var rest = end
        while rest < bytes.count, bytes[rest] == space || bytes[rest] == tab { rest += 1 }
        let endsValue = rest == bytes.count || "#),;]}".utf8.contains(bytes[rest]) || bytes[rest...].starts(with: "//".utf8)
        let value = bytes[cursor..<end]
        guard endsValue, value.count >= 6, value.contains(where: isDigit), value.contains(where: isLetter) else { return nil }
        return (cursor..<end, end)
    }

    /// A credential's name: one of its parts is a credential word (or a qualified `key`), and no part after it
    /// says the name is about the credential (`password_field`).
    static func isCredentialName(_ name: ArraySlice<UInt8>) -> Bool {
        let parts = nameParts(name)
        let upper = isUpperCaseName(name)
        for (position, part) in parts.enumerated() {
            let isKey =
                part == "key" && ((position > 0 && keyQualifiers.contains(parts[position - 1])) || (upper && parts.count > 1))
            guard credentialParts.contains(part) || isKey else { continue }
            if !parts[(position + 1)...].contains(where: descriptorParts.contains) { return true }
        }
        return false
    }

    /// The lower-case parts of a name in snake, kebab, dotted or camel case: `dbPassword` → db, password;
    /// `APIKey` → api, key; `DB_PASS2` → db, pass, 2.
    static func nameParts(_ name: ArraySlice<UInt8>) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        let bytes = Array(name)
        func flush() {
            if !current.isEmpty { parts.append(String(decoding: current, as: UTF8.self).lowercased()) }
            current = []
        }
        for (position, byte) in bytes.enumerated() {
            guard isLetter(byte) || isDigit(byte) else {
                flush()
                continue
            }
            if let previous = current.last {
                let next = position + 1 < bytes.count ? bytes[position + 1] : nil
                let startsWord =
                    (isUpper(byte) && !isUpper(previous)) || (isUpper(byte) && isUpper(previous) && next.map(isLower) == true)
                    || (isDigit(byte) != isDigit(previous))
                if startsWord { flush() }
            }
            current.append(byte)
        }
        flush()
        return parts
    }

    private static func isUpperCaseName(_ name: ArraySlice<UInt8>) -> Bool {
        name.contains(where: isUpper) && !name.contains(where: isLower)
    }

    private static let equals = UInt8(ascii: "="), colon = UInt8(ascii: ":"), greater = UInt8(ascii: ">")
    private static let backslash = UInt8(ascii: "\\"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    private static func isQuote(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x27 || byte == 0x60 }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    private static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || isLower(byte) }

    /// Letters, digits, `_`, `-`, `.` and `$` (PHP and shell variables).
    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == 0x5F || byte == 0x2D || byte == 0x2E || byte == 0x24
    }

    /// What an unquoted secret is made of: anything but blanks, quotes and the punctuation that closes code.
    private static func isUnquotedValueByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte != 0x7F && !isQuote(byte) && !",;()[]{}<>".utf8.contains(byte)
    }
}
