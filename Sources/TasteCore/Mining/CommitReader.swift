import Dispatch

/// One worker's reader: its own differ (and libgit2 handle), diffing commits and letting the miners of each
/// file's language count what it added. Used by one task only.
final class CommitReader {
    enum Outcome: Sendable {
        case read(CommitObservation, skipped: SkipCounts, parentMissing: Bool)
        case unreadable
    }

    private let differ: CommitDiffer
    private let miners: [any Miner]
    /// Per language, the miners that read its files: dispatch happens here, never inside a miner.
    private let minersByLanguage: [[any Miner]]
    private let folders: FolderUnits

    /// Where this reader's time went, when profiling.
    private(set) var profile: MiningProfile?

    init(_ differ: CommitDiffer, miners: [any Miner], folders: FolderUnits = FolderUnits(roots: []), profiling: Bool = false) {
        self.differ = differ
        profile = profiling ? MiningProfile() : nil
        self.miners = miners
        minersByLanguage = Language.allCases.map { language in
            miners.filter { type(of: $0).description.languages.contains(language) }
        }
        self.folders = folders
    }

    func read(_ sha: String) -> Outcome {
        var clock = profile != nil ? DispatchTime.now() : DispatchTime(uptimeNanoseconds: 0)
        guard var changes = try? differ.changes(for: sha) else { return .unreadable }
        lap(&clock) { $0.diffing += $1 }
        let files = changes.files.count
        changes.files.removeAll { PathClassifier.looksMinified($0) }
        changes.skipped.generated += files - changes.files.count
        var sink = ObservationSink(commit: sha)
        var own = ObservationSink(commit: sha)
        for change in changes.files {
            // Each file is lexed once, the first time one of its miners asks for its lines.
            let file = SourceFile(change)
            let folder = folders.unit(of: change.path)
            if profile != nil {
                _ = file.lines
                lap(&clock) { $0.lexing += $1 }
            }
            for miner in minersByLanguage[change.language.index] {
                defer { if profile != nil { lap(&clock) { $0.miners[miner.identifier, default: 0] += $1 } } }
                guard let folder else {
                    sink.miner = miner.identifier
                    miner.observe(file, into: &sink)
                    continue
                }
                // A package's files count for the repository and, apart, for the package.
                own.reset(miner: miner.identifier)
                miner.observe(file, into: &own)
                sink.absorb(own)
                sink.absorb(own, scopeSuffix: "@" + folder)
            }
        }
        let messages = changes.commit.isMerge ? changes.mergedCommits : [changes.commit]
        for miner in miners {
            sink.miner = miner.identifier
            sink.commit = sha
            miner.observe(touched: changes.touchedPaths, of: changes.commit, into: &sink)
            for commit in messages {
                sink.commit = commit.sha
                miner.observe(commit, into: &sink)
            }
            if profile != nil { lap(&clock) { $0.miners[miner.identifier, default: 0] += $1 } }
        }
        let counts = sink.counts
        var evidence = sink.evidence
        // Each cited line's text travels with its place; it is redacted once the walk has kept the place
        // (``CommitObservation/redactCitedLines()``). Lines inside a private key block are masked here, where the
        // file's other lines are known: a key's body lines say nothing of a key themselves.
        let filesByPath = Dictionary(changes.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var citedLines: [TallyKey: String] = [:]
        var keyLines: [String: Set<Int>] = [:]
        for (key, place) in evidence {
            guard let path = place.path, let number = place.line, let file = filesByPath[path] else { continue }
            // A file-level fact may cite a line of the whole file that the change did not add.
            guard let line = Self.line(number, in: file.addedLines) ?? file.wholeLine(number) else { continue }
            if keyLines[path] == nil {
                // A key block can only hide in the whole file where its marker is somewhere in it.
                let whole = file.wholeText.flatMap { bytes in
                    bytes.withUnsafeBufferPointer { ByteSearch.firstOffset(of: "PRIVATE KEY", in: $0) } != nil ? file.wholeLines : nil
                }
                keyLines[path] = SecretRedactor.privateKeyLines(whole ?? file.addedLines)
            }
            if keyLines[path]?.contains(number) == true {
                evidence[key]?.snippet = SecretRedactor.mask
            } else {
                citedLines[key] = line.text
            }
        }
        if profile != nil { lap(&clock) { $0.evidence += $1 } }
        let lines = changes.files.reduce(0) { $0 + $1.addedLines.count }
        let skippedTotal = changes.skipped.binary + changes.skipped.oversized + changes.skipped.missingObjects
        let observation = CommitObservation(
            sha: sha, time: changes.commit.time, author: changes.commit.authorEmail,
            files: changes.files.count, lines: lines, skipped: skippedTotal,
            counts: counts, evidence: evidence, citedLines: citedLines)
        return .read(observation, skipped: changes.skipped, parentMissing: changes.parentMissing)
    }
}

extension CommitReader {
    /// Adds the time since `clock` to the profile and restarts it.
    private func lap(_ clock: inout DispatchTime, _ add: (inout MiningProfile, Double) -> Void) {
        let now = DispatchTime.now()
        if profile != nil { add(&profile!, now.seconds(since: clock)) }
        clock = now
    }

    /// The added line numbered `number`: added lines come in ascending order, so a binary search finds it.
    static func line(_ number: Int, in lines: [AddedLine]) -> AddedLine? {
        var low = 0, high = lines.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if lines[middle].number == number { return lines[middle] }
            if lines[middle].number < number { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}
