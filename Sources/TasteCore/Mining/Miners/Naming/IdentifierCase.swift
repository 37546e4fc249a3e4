/// The case a name is written in, read from its bytes.
///
/// One-word names are kept apart: `run` fits both snake_case and lowerCamelCase, so it can only tell a
/// lowercase convention from an uppercase one, never which lowercase one.
enum IdentifierCase: String, CaseIterable {
    case upperCamel = "UpperCamelCase"
    case lowerCamel = "lowerCamelCase"
    case snake = "snake_case"
    case screaming = "SCREAMING_SNAKE_CASE"
    case kebab = "kebab-case"
    /// One lowercase word (`run`, `x`): lowercase, but neither snake_case nor lowerCamelCase.
    case lowerWord = "lower-word"
    /// Google's C++ and Objective-C constants and enumerators (`kMaxSize`): never returned by `classify`, which
    /// sees lowerCamelCase; the naming miner tells them apart where constants are counted.
    case kPrefixed = "kUpperCamelCase"

    /// The decided conventions, in the order statements list them.
    static let decisive: [IdentifierCase] = [.upperCamel, .lowerCamel, .snake, .screaming, .kebab, .kPrefixed]

    /// `kMaxSize`: a `k` before an UpperCamelCase name.
    static func isKPrefixed<Name: RandomAccessCollection>(_ name: Name) -> Bool where Name.Element == UInt8, Name.Index == Int {
        name.count > 2 && name[0] == UInt8(ascii: "k") && name[1] >= 0x41 && name[1] <= 0x5A
    }

    var startsUppercase: Bool { self == .upperCamel || self == .screaming }

    /// The case of `name`, or nil when it has no letters, mixes conventions (`parse_JSON`, `Test_foo`) or is
    /// one uppercase word that may be an acronym type (`URL`) or a single letter (`T`).
    /// Leading and trailing underscores and `$` are visibility or keyword-escaping marks, not case.
    static func classify<Bytes: Collection>(_ name: Bytes, allowHyphen: Bool = false) -> IdentifierCase? where Bytes.Element == UInt8 {
        var start = name.startIndex, end = name.endIndex
        while start < end, name[start] == UInt8(ascii: "_") || name[start] == UInt8(ascii: "$") { start = name.index(after: start) }
        var upper = 0, lower = 0, underscores = 0, hyphens = 0, letters = 0
        var firstLetterUpper: Bool?
        var trailing = 0  // underscores at the end, not separators
        var index = start
        while index < end {
            let byte = name[index]
            if byte >= 0x41 && byte <= 0x5A {  // A-Z
                upper += 1
                letters += 1
                trailing = 0
                if firstLetterUpper == nil { firstLetterUpper = true }
            } else if byte >= 0x61 && byte <= 0x7A {  // a-z
                lower += 1
                letters += 1
                trailing = 0
                if firstLetterUpper == nil { firstLetterUpper = false }
            } else if byte == UInt8(ascii: "_") {
                underscores += 1
                trailing += 1
            } else if byte == UInt8(ascii: "-") {
                guard allowHyphen else { return nil }
                hyphens += 1
                trailing = 0
            } else if byte >= 0x30 && byte <= 0x39 {
                trailing = 0
            } else {
                return nil
            }
            index = name.index(after: index)
        }
        underscores -= trailing
        guard letters > 0, let startsUpper = firstLetterUpper else { return nil }
        if hyphens > 0 { return underscores == 0 && upper == 0 ? .kebab : nil }
        if underscores > 0 {
            if lower == 0 { return .screaming }
            if upper == 0 { return .snake }
            return nil
        }
        if lower == 0 {
            // `MAX` is a constant's name; `URL` or `T` may be a type's: only unambiguous words decide.
            return letters >= 2 && !AcronymStyle.isAcronym(name[start..<end]) ? .screaming : nil
        }
        if upper == 0 { return .lowerWord }
        return startsUpper ? .upperCamel : .lowerCamel
    }
}

/// Whether names spell acronyms in capitals (`URLSession`, `userID`) or as words (`UrlSession`, `userId`).
enum AcronymStyle {
    static let uppercase = "uppercase"
    static let capitalized = "capitalized"

    static let known: Set<String> = [
        "URL", "URI", "HTTP", "HTTPS", "JSON", "XML", "HTML", "ID", "UUID", "API", "SQL", "TCP", "UDP", "IP", "IO",
        "UI", "CSS", "DNS", "TLS", "SSL", "JWT", "CPU", "GPU", "SSH", "FTP", "UTF", "ASCII", "CSV", "YAML", "PDF",
        "SDK", "RPC", "GRPC", "SMTP", "AWS", "HMAC", "SHA", "RSA", "AES",
    ]

    static func isAcronym<Bytes: Collection>(_ word: Bytes) -> Bool where Bytes.Element == UInt8 {
        word.count >= 2 && word.count <= 5 && known.contains(String(decoding: word, as: UTF8.self).uppercased())
    }

    /// The acronym style a camel-case name shows, or nil when it holds no known acronym, holds both spellings
    /// (`XMLHttpRequest`), or is not camel case. A lowerCamelCase name's first word says nothing (`urlString`).
    static func style<Name: RandomAccessCollection>(of name: Name, case nameCase: IdentifierCase) -> String?
    where Name.Element == UInt8, Name.Index == Int {
        guard nameCase == .upperCamel || nameCase == .lowerCamel else { return nil }
        var start = 0
        while start < name.count, name[start] == UInt8(ascii: "_") || name[start] == UInt8(ascii: "$") { start += 1 }
        var uppercaseWords = 0, capitalizedWords = 0
        var wordStart = start, wordIndex = 0
        func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func finishWord(_ end: Int) {
            defer { wordIndex += 1 }
            guard !(nameCase == .lowerCamel && wordIndex == 0), end > wordStart else { return }
            var wordEnd = end
            while wordEnd > wordStart, isDigit(name[wordEnd - 1]) || name[wordEnd - 1] == UInt8(ascii: "_") { wordEnd -= 1 }
            // A plural (`IDs`, `Ids`) is its acronym.
            if wordEnd - wordStart > 2, name[wordEnd - 1] == UInt8(ascii: "s") { wordEnd -= 1 }
            let word = name[wordStart..<wordEnd]
            guard isAcronym(word), let first = word.first, isUpper(first) else { return }
            if word.dropFirst().allSatisfy(isUpper) { uppercaseWords += 1 } else if word.dropFirst().allSatisfy(isLower) { capitalizedWords += 1 }
        }
        var index = start + 1
        while index < name.count {
            let previous = name[index - 1], byte = name[index]
            var boundary = false
            if isUpper(byte), isLower(previous) || isDigit(previous) {
                boundary = true
            } else if isUpper(byte), isUpper(previous), index + 1 < name.count, isLower(name[index + 1]) {
                // `URLSession` splits before `S`; but `IDs` followed by a word or the end is one plural acronym.
                let plural = name[index + 1] == UInt8(ascii: "s") && (index + 2 == name.count || !isLower(name[index + 2]))
                boundary = !plural
            }
            if boundary {
                finishWord(index)
                wordStart = index
            }
            index += 1
        }
        finishWord(name.count)
        if uppercaseWords > 0, capitalizedWords == 0 { return uppercase }
        if capitalizedWords > 0, uppercaseWords == 0 { return capitalized }
        return nil
    }
}
