import Foundation
import Synchronization

/// Decides which files are the team's own code: leaves out vendored and generated files, minified
/// bundles, `.gitattributes` `linguist-generated`/`linguist-vendored` paths, folders that hold another project
/// (``VendoredFolders``) and the configured excludes.
public struct PathClassifier: Sendable {
    /// Folders of other people's code (spdlog's `fmt/bundled/`), or of test inputs written to be odd on purpose (a
    /// formatter's fixtures).
    static let vendoredFolders: Set<String> = [
        "vendor", "node_modules", "third_party", "third-party", "thirdparty", "3rdparty", "3rd_party", "3rd-party", "bundled",
        "Pods", "Carthage", "bower_components",
        "_vendor", "__snapshots__", "Snapshots", "testdata", "test-data", "test_data",
        "fixtures", "__fixtures__", "Fixtures",
    ]
    /// Raised whenever what is left out changes: tallies counted under another version are counted again.
    /// 3: folders of samples in test trees (``SampleFolders``), which the differ leaves out.
    /// 4: files a tool says it generated ("file was automatically generated", "do not modify this file").
    /// 5: .NET's dotted test projects (`Humanizer.Tests.Shared/`) hold tests to every miner (``FileRole``).
    /// 6: folders named for bundled and third-party code (`bundled/`, `3rdparty/`).
    static let version = 6

    /// (glob, excluded?) from `.gitattributes`, in file order: the last match wins.
    var attributes: [(Glob, Bool)] = []
    var excludes: [Glob] = []
    /// Folders of another project found in the tree (``VendoredFolders``), without a trailing slash.
    var vendoredRoots: [String]
    var languages: Set<Language>

    public init(
        languages: Set<Language> = MinerCatalogue.languages, gitattributes: String? = nil, excludes: [String] = [],
        vendoredRoots: [String] = []
    ) {
        self.languages = languages
        self.excludes = excludes.map(Glob.init)
        self.vendoredRoots = vendoredRoots
        if let gitattributes { attributes = Self.parseAttributes(gitattributes) }
    }

    /// What the repository itself leaves out (`.gitattributes` verdicts, configured excludes), as text: tallies
    /// counted under other exclusions are not comparable.
    var fingerprint: String {
        (attributes.map { ($0.1 ? "+" : "-") + $0.0.pattern } + excludes.map { "!" + $0.pattern } + vendoredRoots.map { "~" + $0 })
            .joined(separator: ",")
    }

    public func decide(_ path: String) -> PathDecision {
        guard let language = Language(path: path), languages.contains(language) else { return .ignore }
        return isExcluded(path) ? .exclude : .read(language)
    }

    /// Whether the repository's own exclusions (vendored folders, minified bundles, `.gitattributes`, folders of
    /// another project, the configured excludes) leave a path out, whatever its language.
    public func isExcluded(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        if components.dropLast().contains(where: { Self.vendoredFolders.contains(String($0)) }) { return true }
        if let name = components.last, name.contains(".min.") { return true }
        if vendoredRoots.contains(where: { path.hasPrefix($0) && path.dropFirst($0.count).hasPrefix("/") }) { return true }
        var excluded = false
        for (glob, verdict) in attributes where glob.matches(path) { excluded = verdict }
        return excluded || excludes.contains(where: { $0.matches(path) })
    }

    static func parseAttributes(_ text: String) -> [(Glob, Bool)] {
        var rules: [(Glob, Bool)] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let pattern = fields.first, !pattern.hasPrefix("#") else { continue }
            for attribute in fields.dropFirst() {
                let name = attribute.split(separator: "=", maxSplits: 1)
                let key = name.first.map(String.init) ?? ""
                let bare = key.hasPrefix("-") || key.hasPrefix("!") ? String(key.dropFirst()) : key
                guard bare == "linguist-generated" || bare == "linguist-vendored" else { continue }
                let value = name.count > 1 ? String(name[1]) : nil
                let set = !key.hasPrefix("-") && !key.hasPrefix("!") && value != "false"
                rules.append((Glob(String(pattern)), set))
            }
        }
        return rules
    }

    /// Bundled or minified code: a few enormous lines. Nobody writes it by hand.
    public static func looksMinified(_ file: FileChange) -> Bool {
        guard !file.addedLines.isEmpty else { return false }
        var bytes = 0, longest = 0
        for line in file.addedLines {
            bytes += line.text.utf8.count
            longest = max(longest, line.text.utf8.count)
        }
        return longest > 2_000 || (bytes / file.addedLines.count > 300 && longest > 500)
    }

    /// Markers that generators write in a comment in a file's first 2 KiB. The head is lexed as its language:
    /// a marker in a string or a heredoc (a generator script's template) is the script's output, not its own.
    public static func isGenerated(_ head: Data, language: Language) -> Bool {
        // Most files name no marker: rejected on the lower-cased bytes, in a buffer on the stack (this runs on every
        // file a pass reads), before any text is made.
        let found = head.withUnsafeBytes { raw in
            let count = min(raw.count, 2048)
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(count, 1)) { lowered in
                for index in 0..<count {
                    let byte = raw[index]
                    lowered[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                let bytes = UnsafeBufferPointer(rebasing: lowered[0..<count])
                return generatedMarkers.contains { ByteSearch.contains(bytes, $0) }
            }
        }
        guard found else { return false }
        let head = head.prefix(2048)
        let file = SourceFile(path: "", language: language, code: String(decoding: head, as: UTF8.self))
        for line in file.lines where line.hasComment && !line.startsInString {
            let lowered = line.text.lowercased()
            if generatedMarkers.contains(where: { lowered.containsBytes($0) }) { return true }
        }
        return false
    }

    /// "File is/was automatically generated" rather than the bare phrase: a hand-written file's comment may say its ids
    /// are automatically generated (TanStack Router heads its route tree "This file was automatically generated").
    /// "Do not modify this file" is how a tool asks that the file it wrote be left alone (msw's service worker).
    private static let generatedMarkers = [
        "@generated", "do not edit", "auto-generated", "autogenerated", "code generated by", "file was automatically generated",
        "file is automatically generated", "do not modify this file",
    ]
}

/// What a classifier says of each path, decided once per pass: the same paths change commit after commit, and
/// deciding one splits it and matches globs, which cost more than the rest of reading a small change.
final class PathVerdicts: Sendable {
    private let classifier: PathClassifier
    private let known = Mutex<[String: (decision: PathDecision, excluded: Bool)]>([:])

    init(_ classifier: PathClassifier) { self.classifier = classifier }

    func of(_ path: String) -> (decision: PathDecision, excluded: Bool) {
        if let verdict = known.withLock({ $0[path] }) { return verdict }
        let verdict = (classifier.decide(path), classifier.isExcluded(path))
        known.withLock { known in
            // A bound on what a pass remembers, however many paths a history has.
            if known.count >= 1 << 16 { known.removeAll(keepingCapacity: true) }
            known[path] = verdict
        }
        return verdict
    }
}
