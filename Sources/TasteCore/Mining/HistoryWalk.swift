import Dispatch
import Foundation
import Synchronization

/// Walks a list of commits in batches: each batch is diffed and counted by one child task per core, each
/// owning its reader (and so its own libgit2 handle), while the previous batch is written to the store. One
/// batch in flight keeps memory bounded by the batch size, not by the length of the history.
struct HistoryWalk: Sendable {
    let store: any TasteStore
    let repoID: Int64
    let gitDirectory: String
    let miners: [any Miner]
    let policy: DiffPolicy
    let folders: FolderUnits
    let batchSize: Int
    let workers: Int
    let profiling: Bool
    let started: Date

    /// What the walk read, for the pass's report.
    struct Outcome: Sendable {
        var commits = 0
        var files = 0
        var lines = 0
        var skipped = SkipCounts()
        var parentsMissing = 0
        var profile: MiningProfile?
    }

    func run(_ todo: [String], progress: (@Sendable (MiningProgress) -> Void)?) async throws -> Outcome {
        var outcome = Outcome()
        var profile = profiling ? MiningProfile() : nil
        var pendingWrite: Task<Double, Error>?
        var newest = NewestPlaces(limit: SkillPolicy.standard.citedPlaces)
        var done = 0
        for start in stride(from: 0, to: todo.count, by: batchSize) {
            let batch = Array(todo[start..<min(start + batchSize, todo.count)])
            let read = try await readBatch(batch)
            for workerProfile in read.profiles { profile?.add(workerProfile) }
            var stored: [CommitObservation] = []
            for result in read.outcomes {
                switch result {
                case .read(let observation, let skipped, let parentMissing):
                    // A shallow clone's edge is not stored as mined: once the history is fetched, it is read.
                    if parentMissing {
                        outcome.parentsMissing += 1
                    } else {
                        stored.append(observation)
                    }
                    outcome.skipped += skipped
                    outcome.files += observation.files
                    outcome.lines += observation.lines
                case .unreadable:
                    outcome.skipped.missingObjects += 1
                }
            }
            // The previous batch is stored before the next one is queued.
            if let seconds = try await pendingWrite?.value { profile?.storing += seconds }
            outcome.commits += stored.count
            done += batch.count
            let store = self.store, repoID = self.repoID, started = self.started
            // Once a counter has its few places (the most a rule cites), older places of it would never be
            // shown, and writing them was most of the store's work. What earlier passes stored is trimmed to the
            // same few after the walk (`Store.pruneEvidence`).
            for index in stored.indices {
                let (time, sha) = (stored[index].time, stored[index].sha)
                stored[index].evidence = stored[index].evidence.filter { key, _ in newest.admit(key, time: time, sha: sha) }
                stored[index].redactCitedLines()
            }
            let finished = done, total = todo.count, written = stored
            pendingWrite = Task {
                let began = DispatchTime.now()
                try store.insert(written, repoID: repoID)
                progress?(MiningProgress(done: finished, total: total, elapsed: Date().timeIntervalSince(started)))
                return DispatchTime.now().seconds(since: began)
            }
        }
        if let seconds = try await pendingWrite?.value { profile?.storing += seconds }
        outcome.profile = profile
        return outcome
    }

    /// One batch, read by `workers` child tasks; the outcomes in batch order. Each task takes the next short run
    /// of commits as it frees up: commits differ in size by orders of magnitude, and a fixed half of the batch
    /// each left one core idle while the other finished its share.
    private func readBatch(_ batch: [String]) async throws -> (outcomes: [CommitReader.Outcome], profiles: [MiningProfile]) {
        let cursor = BatchCursor()
        return try await withThrowingTaskGroup(of: (results: [(Int, CommitReader.Outcome)], profile: MiningProfile?).self) { group in
            for _ in 0..<min(workers, max(batch.count, 1)) {
                group.addTask {
                    let reader = CommitReader(
                        try CommitDiffer(repositoryPath: gitDirectory, policy: policy), miners: miners,
                        folders: folders, profiling: profiling)
                    var results: [(Int, CommitReader.Outcome)] = []
                    // Neighbouring commits share trees and delta bases: a run of them keeps this reader's libgit2
                    // caches serving the next commit.
                    while let run = cursor.next(Self.run, of: batch.count) {
                        for index in run { results.append((index, reader.read(batch[index]))) }
                    }
                    return (results, reader.profile)
                }
            }
            var outcomes = [CommitReader.Outcome](repeating: .unreadable, count: batch.count)
            var profiles: [MiningProfile] = []
            for try await part in group {
                for (index, outcome) in part.results { outcomes[index] = outcome }
                if let profile = part.profile { profiles.append(profile) }
            }
            return (outcomes, profiles)
        }
    }

    /// Commits a reader takes at a time.
    static let run = 8
}

/// Hands out a batch's commits, a run at a time, to whichever reader asks first.
private final class BatchCursor: Sendable {
    private let taken = Atomic<Int>(0)

    func next(_ length: Int, of count: Int) -> Range<Int>? {
        let start = taken.wrappingAdd(length, ordering: .relaxed).oldValue
        return start < count ? start..<min(start + length, count) : nil
    }
}

/// Per counter, the newest commits that cited it so far, ordered as evidence is read (commit time, then sha).
/// Walk order is not that order (commits made in the same second, clocks that disagree): a place is kept when
/// it is among the newest so far, so that the few ``Store/pruneEvidence(repoID:keeping:)`` keeps in the end
/// are stored however the history was split into passes.
struct NewestPlaces {
    private struct Place {
        var time: Int64
        var sha: String

        func isNewer(than other: Place) -> Bool { time != other.time ? time > other.time : sha < other.sha }
    }

    let limit: Int
    private var kept: [TallyKey: [Place]] = [:]

    init(limit: Int) { self.limit = limit }

    /// Whether this commit's place for `key` is among the newest so far (and so worth storing).
    mutating func admit(_ key: TallyKey, time: Int64, sha: String) -> Bool {
        let place = Place(time: time, sha: sha)
        var places = kept[key, default: []]
        if places.count >= limit {
            guard let oldest = places.last, place.isNewer(than: oldest) else { return false }
            places.removeLast()
        }
        places.insert(place, at: places.firstIndex { place.isNewer(than: $0) } ?? places.count)
        kept[key] = places
        return true
    }
}

/// Runs async work from synchronous code (the CLI's commands and the daemon's passes) and waits for it.
func blockingAwait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutex<Result<T, Error>?>(nil)
    let finished = DispatchSemaphore(value: 0)
    Task {
        let outcome: Result<T, Error>
        do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
        result.withLock { $0 = outcome }
        finished.signal()
    }
    finished.wait()
    return try result.withLock { $0! }.get()
}

extension DispatchTime {
    /// Seconds from `start` to this time.
    func seconds(since start: DispatchTime) -> Double {
        Double(uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}

/// Where a pass spent its time. Diffing, lexing and each miner are summed over worker threads (CPU seconds);
/// storing and synthesizing are wall time on their own thread.
public struct MiningProfile: Sendable, Equatable {
    public var diffing = 0.0
    public var lexing = 0.0
    /// Seconds per miner identifier.
    public var miners: [String: Double] = [:]
    /// Looking up and redacting the lines evidence cites.
    public var evidence = 0.0
    public var storing = 0.0
    /// Reading the files at the head (``HeadSnapshot``).
    public var readingHead = 0.0
    public var synthesizing = 0.0

    public init() {}

    /// One line per phase and miner, slowest miners first.
    public var table: String {
        func row(_ name: String, _ seconds: Double) -> String {
            name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%8.3f s\n", seconds)
        }
        var text = row("diffing (cpu)", diffing) + row("lexing (cpu)", lexing)
        for (miner, seconds) in miners.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            text += row("  " + miner, seconds)
        }
        text += row("miners (cpu)", miners.values.reduce(0, +)) + row("evidence (cpu)", evidence)
        return text + row("storing (wall)", storing) + row("reading head (wall)", readingHead) + row("synthesizing (wall)", synthesizing)
    }

    mutating func add(_ other: MiningProfile) {
        diffing += other.diffing
        lexing += other.lexing
        evidence += other.evidence
        storing += other.storing
        readingHead += other.readingHead
        synthesizing += other.synthesizing
        miners.merge(other.miners, uniquingKeysWith: +)
    }
}
