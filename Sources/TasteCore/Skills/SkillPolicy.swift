/// The thresholds that decide what a rule is worth and when it no longer holds, in one value: weighting,
/// the confidence a rule needs, and the windows drift and confirmation are judged over.
public struct SkillPolicy: Sendable {
    /// A commit's counts lose half their weight every `halfLife` seconds of commit time.
    public var halfLife: Double = 365 * 86_400
    /// For miners that look for a recent change of convention (a formatter adopted last spring).
    public var recentHalfLife: Double = 91 * 86_400
    /// A miner states a rule only where at least this many commits counted it: fewer is one author's habit
    /// or one large commit, not a convention. Per-counter observation minimums stay with each miner.
    public var minimumCommits = 3
    /// Rules below this calibrated confidence are left out.
    public var minimumConfidence = 0.5
    /// A rule the last version stated stays until its confidence falls below this lower cut: a habit whose
    /// confidence wavers around `minimumConfidence` as commits come in is neither dropped nor restored each time.
    public var keepConfidence = 0.4
    /// A fact the last version stated is kept while the pass finds no clear case for another value: a new value
    /// must hold this share of the weighted evidence, or the stated one stands (a habit near a 50% cut would
    /// otherwise go A → B → A as merges come in). Facts the pass no longer states (a share fallen into the
    /// band a miner calls mixed) are kept too; a change of convention (``ChangePointModel``) always goes through.
    public var holdMajority = 0.6
    /// A most-allowed value (subject length) cut from a percentile: the stated limit stands while at least the
    /// percentile less this much of the evidence keeps it, and gives way to a tighter one only when the
    /// percentile plus this much keeps that.
    public var holdPercentileBand = 0.02
    /// A line limit stated before stands while its cliff passes the test with every threshold loosened by this
    /// factor; where no limit was stated, a cliff must pass the test tightened by it. A stated co-change
    /// association stands while its support, confidence and lift pass their thresholds loosened by it.
    public var holdCliffTolerance = 1.5
    /// Below this share a miner calls a fact mixed ("keep a file's own style"): it names no one value to follow,
    /// so `taste lint` holds no line to it, and a switch out of it needs a clear majority (``ChangePointModel``).
    public var mixedShare = 0.8
    /// Drift is judged on the latest commits that touched a rule's subject, each commit one vote.
    public var driftWindow = 10
    public var driftMinimumCommits = 5
    public var driftMajority = 0.6
    /// The latest votes must span this many days too: a burst of commits in one afternoon is not a new habit.
    public var driftMinimumDays = 7
    /// A change point counts where splitting the votes there gains more log-likelihood than this many times
    /// the log of their number (see ``ChangePointModel``).
    public var changePenalty = 2.0
    /// A change of convention needs this many votes on each side, spanning `changeMinimumDays` after it.
    public var changeMinimumCommits = 5
    public var changeMinimumDays = 7
    /// ...and, where several people wrote the history before, commits by this many authors.
    public var changeMinimumAuthors = 2
    /// Facts that state the most the code allows: only code that goes beyond them contradicts them, never a
    /// stretch of merges that happens not to reach them.
    public var extremeValueFacts: Set<FactKey> = [.maxBlankLines, .maxLineLength, .subjectMaxLength]
    /// A package folder's own rule needs this many commits behind it.
    public var folderMinimumCommits = 10
    /// A rule no commit has kept for this many later commits, spanning at least this many days, is unconfirmed.
    public var unconfirmedCommits = 200
    public var unconfirmedDays = 180
    /// A rule cites at most this many places; a pass stores no more per counter than that.
    public var citedPlaces = 3

    public init() {}

    /// The policy every pass uses.
    public static let standard = SkillPolicy()
}

extension SkillPolicy {
    /// Whether the facts a rule last stated stand against a pass's draft that states others: every fact that moved
    /// has no clear case (its new value holds less than `holdMajority` of the evidence, or the draft no longer
    /// states it). A fact the draft adds is growth, and lists move freely; most-allowed values are held by their
    /// miner, on its own figures. Where any fact moved clearly, the draft's facts are the rule.
    func holds(_ stated: [String: FactValue], against draft: RuleDraft) -> Bool {
        var moved = false
        for key in Set(stated.keys).union(draft.facts.keys).sorted() {
            let (was, now) = (stated[key], draft.facts[key])
            guard let was, was != now else { continue }
            if case .strings = was { continue }
            guard now != nil else {
                moved = true
                continue
            }
            if FactKey(rawValue: key).map(extremeValueFacts.contains) == true || draft.share(of: key) >= holdMajority { return false }
            moved = true
        }
        return moved
    }
}

/// The least evidence any mined rule stands on, read from the standard policy so that miners (whose
/// `rules(from:)` takes no policy) and the policy agree on one number.
public enum MinimumEvidence {
    /// Commits that must have counted a scope, or the value a rule states.
    public static let commits = SkillPolicy.standard.minimumCommits
    /// The confidence a rule needs to be stated: a miner that picks between sources of evidence asks it of each.
    public static let confidence = SkillPolicy.standard.minimumConfidence
}
