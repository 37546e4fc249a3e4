import Foundation

/// What `taste diff` compares: the current skills against the last review or a day, or two stored states.
public enum SkillComparison: Sendable, Equatable {
    /// The current skills against the versions the last review recorded (nothing before the first review).
    case sinceLastReview
    /// The skills as mined up to one revision, then up to another.
    case revisions(String, String)
    /// Two versions of one skill.
    case versions(SkillVersionReference, SkillVersionReference)
    /// The current skills against the skills as they were on a day, given as `YYYY-MM-DD`.
    case since(String)

    /// Reads `taste diff`'s arguments: no target, or two (REV1 REV2, or NAME@N NAME@M), and `--since` alone.
    public init(targets: [String], since: String?) throws {
        guard targets.isEmpty || targets.count == 2 else {
            throw TasteError.usage("give no target, or two (REV1 REV2, or SKILL@N SKILL@M).")
        }
        if let since {
            guard targets.isEmpty else { throw TasteError.usage("--since compares with the current skills: give no targets with it.") }
            self = .since(since)
        } else if targets.count == 2 {
            if let from = SkillVersionReference(targets[0]), let to = SkillVersionReference(targets[1]) {
                self = .versions(from, to)
            } else {
                self = .revisions(targets[0], targets[1])
            }
        } else {
            self = .sinceLastReview
        }
    }

    /// The changes between the two states, skills that did not change left out.
    public func diff(in history: SkillHistory) throws -> SkillDiff {
        let versions = try history.allVersions()
        let review = try history.review()
        let current = SkillReview.current(versions)
        let (old, new, heading) = try states(versions, current: current, history: history)
        return SkillDiff(
            heading: heading, changes: review.compare(old, new).filter { $0.kind != .unchanged },
            current: current.mapValues(\.version), review: review)
    }

    private typealias State = [String: SkillVersionRecord]

    private func states(
        _ versions: [String: [SkillVersionRecord]], current: State,
        history: SkillHistory
    ) throws -> (old: State, new: State, heading: String) {
        switch self {
        case .versions(let a, let b):
            guard a.name == b.name else { throw TasteError.usage("compare two versions of the same skill: \(a.name) and \(b.name) differ") }
            guard let records = versions[a.name], !records.isEmpty else { throw TasteError.unknownSkill(a.name) }
            let from = try SkillHistory.record(a, in: records), to = try SkillHistory.record(b, in: records)
            return ([a.name: from], [a.name: to], "\(a.name)@\(a.version) → \(b.name)@\(b.version)")
        case .revisions(let a, let b):
            let git = try GitRepository(path: history.repositoryPath)
            guard let first = try git.resolveCommit(a) else { throw TasteError.unknownRevision(a) }
            guard let second = try git.resolveCommit(b) else { throw TasteError.unknownRevision(b) }
            return (
                SkillReview.state(versions, asOf: first, in: git), SkillReview.state(versions, asOf: second, in: git),
                "Skills as mined up to \(first.prefix(7)) and \(second.prefix(7))"
            )
        case .since(let day):
            guard let date = Day.date(day) else { throw TasteError.usage("--since takes a date as YYYY-MM-DD, not '\(day)'") }
            return (SkillReview.state(versions, at: date), current, "Skills changed since \(day)")
        case .sinceLastReview:
            guard let last = try history.store.lastReview(repoID: history.repoID) else {
                return ([:], current, "Skills changed since the first mining (no review yet)")
            }
            return (SkillReview.state(versions, reviewed: last.versions), current, "Skills changed since the review of \(Day.string(last.date))")
        }
    }
}
