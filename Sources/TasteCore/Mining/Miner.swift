/// A miner reads what merges added and turns the tallies it keeps into rules, like a lint rule in reverse:
/// instead of checking code against a convention, it finds the convention the code keeps.
///
/// Miners are stateless. `observe` runs on many commits at once, on several threads; its counts are
/// stored per commit, so a later pass adds to them without re-reading history. `rules` runs once per
/// pass on the weighted totals.
public protocol Miner: Sendable {
    static var description: MinerDescription { get }

    /// Counts what one file's added lines show. Called only for files in one of the description's languages.
    func observe(_ file: SourceFile, into sink: inout ObservationSink)
    /// Counts what one commit's message shows. Called for mainline commits and for the commits a merge brought.
    func observe(_ commit: CommitRecord, into sink: inout ObservationSink)
    /// Counts which paths one mainline commit touched, read or not (changelogs, docs, manifests). Called once per
    /// mainline commit with its first-parent diff; a merge's diff holds all the merged branch changed.
    func observe(touched paths: [String], of commit: CommitRecord, into sink: inout ObservationSink)
    /// The rules the weighted tallies support. Returns none where the evidence is too thin.
    func rules(from tallies: MinerTallies) -> [RuleDraft]
}

extension Miner {
    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {}
    public func observe(_ commit: CommitRecord, into sink: inout ObservationSink) {}
    public func observe(touched paths: [String], of commit: CommitRecord, into sink: inout ObservationSink) {}
    public var identifier: String { Self.description.identifier }
}

/// A miner whose counting depends on a setting the repository's configuration declares (the columns a
/// formatter counts a tab for): the synthesizer hands it the declarations before it draws rules.
protocol ConfigurableMiner: Miner {
    func configured(by declared: [DeclaredFact]) -> any Miner
}

/// A miner whose facts are cuts on its figures (a subject length's percentile, a line limit's cliff, a co-change
/// association's thresholds): the synthesizer hands it the facts the last version stated, by rule id, and figures
/// that hover at the cut keep the stated value instead of moving it at every few merges (``SkillPolicy``'s
/// `holdPercentileBand` and `holdCliffTolerance`).
protocol SteadyMiner: Miner {
    func holding(_ stated: [String: [String: FactValue]], policy: SkillPolicy) -> any Miner
}

/// A steady miner with a test of its own for the latest merges: the synthesizer drafts them with
/// `judgingLatestMerges()` to tell whether they contradict a stated fact. A line limit is contradicted only by
/// lines past it, where ten merges' lines are too few to show the cliff that found it.
protocol LatestMergesJudge: SteadyMiner {
    func judgingLatestMerges() -> any Miner
}

/// A miner that draws its rules knowing what the head holds (``HeadSnapshot``): the synthesizer hands it the pass's
/// snapshot before it draws them.
protocol HeadAwareMiner: Miner {
    /// Takes what it needs of a snapshot; nil draws from the merged history alone.
    mutating func see(_ snapshot: HeadSnapshot?)
    /// The miner drawing what the code kept before a switch: from the merged history, knowing what the head holds
    /// but not what its files say.
    func drawingFromHistory() -> any Miner
}

extension HeadAwareMiner {
    func drawingFromHistory() -> any Miner { self }

    /// The miner drawing its rules with the head at hand.
    func seeing(_ snapshot: HeadSnapshot?) -> any Miner {
        var miner = self
        miner.see(snapshot)
        return miner
    }
}

/// A miner some of whose facts each file holds whole (how its imports are laid out): the files at the mined commit
/// show them as the code stands now, where the lines merges added are few or split between conventions. The pass
/// reads the head's files of its languages and the synthesizer hands it their tallies.
protocol HeadReadingMiner: HeadAwareMiner {
    /// How much of each file its facts need, from the top.
    static var headBytes: Int { get }
    /// The head's tallies: one observation set per file at the head.
    var head: MinerTallies? { get set }
}

extension HeadReadingMiner {
    mutating func see(_ snapshot: HeadSnapshot?) { head = snapshot?.tallies[identifier] ?? MinerTallies() }

    func drawingFromHistory() -> any Miner {
        var miner = self
        miner.head = MinerTallies()
        return miner
    }
}

/// A miner that needs to know which languages the head holds and how many of their files are tests (``TreeCensus``):
/// one that lends a habit to a thin language (``RepositoryHabit``), or a runner to a language without tests.
protocol CensusReadingMiner: HeadAwareMiner {
    var census: TreeCensus? { get set }
}

extension CensusReadingMiner {
    mutating func see(_ snapshot: HeadSnapshot?) { census = snapshot?.census }
}

extension CensusReadingMiner where Self: HeadReadingMiner {
    mutating func see(_ snapshot: HeadSnapshot?) {
        head = snapshot?.tallies[identifier] ?? MinerTallies()
        census = snapshot?.census
    }
}

extension CensusReadingMiner where Self: HeadReadingMiner {
    /// The head's cases of `language` added to its formatter family's (``MinerTallies/family(of:)``), where the head
    /// holds code of the language outside its tests: a language present only as test data (espree's TypeScript
    /// fixtures) is kept by no formatter of the repository's.
    func familyAtHead(of language: Language) -> ScopeTallies? {
        guard census?.holdsCode(language) == true else { return nil }
        return head?.family(of: language)
    }
}

/// A head-reading miner whose one categorical fact the head can replace (``ScopeTallies/replacement(of:leading:historyShare:share:)``):
/// it holds the value each language's rule last stated, so that a tree that left it is read as such even where
/// the merged history already leans the other way.
protocol HeadReplacingMiner: HeadReadingMiner, SteadyMiner {
    /// The rule's topic and its fact.
    static var replaceable: (topic: String, fact: FactKey) { get }
    /// The skill a language's rule belongs to.
    static func skill(of language: Language) -> SkillKind
    var statedValues: [Language: String] { get set }
}

extension HeadReplacingMiner {
    static func skill(of language: Language) -> SkillKind { .style(language) }

    func holding(_ stated: [String: [String: FactValue]], policy: SkillPolicy) -> any Miner {
        var miner = self
        for language in Self.description.languages {
            let rule = stated[RuleSynthesizer.ruleID(skill: Self.skill(of: language), topic: Self.replaceable.topic, language: language)]
            if case .string(let value)? = rule?[Self.replaceable.fact.rawValue] { miner.statedValues[language] = value }
        }
        return miner
    }

    /// The value `tallies` (the head's cases of a scope, ``head``'s or some of them) read where it replaces `leading` (the
    /// history's leading value) and the value stated.
    func replacement(
        from tallies: ScopeTallies?, language: Language, key: String, leading: String, historyShare: Double, share: Double
    ) -> HeadReplacement? {
        replacing([leading], in: tallies, language: language, key: key, historyShare: historyShare, share: share)
    }

    /// The value the head reads where it replaces what `history` (the merged history's leading value, if any) and the
    /// rule state. A history whose value came in fewer commits than a rule needs states nothing to defer to, however
    /// clear its share: Humanizer's TypeScript (61 of 61 lists at the head) lost its trailing-comma rule for ten merges
    /// when one more commit touched the language. `tallies` are the head's cases of a scope, or of a formatter family
    /// (``MinerTallies/family(of:)``).
    func replacement(from tallies: ScopeTallies?, language: Language, key: String, history: Dominant?, share: Double) -> HeadReplacement? {
        let historyShare = history.map { $0.commits >= MinimumEvidence.commits ? $0.share : 0 } ?? 0
        return replacing(history.map { [$0.value] } ?? [], in: tallies, language: language, key: key, historyShare: historyShare, share: share)
    }

    /// The head's value where it replaces `leading` and the value the rule last stated.
    private func replacing(
        _ leading: [String], in tallies: ScopeTallies?, language: Language, key: String, historyShare: Double, share: Double
    ) -> HeadReplacement? {
        tallies?.replacement(
            of: key, leading: leading + (statedValues[language].map { [$0] } ?? []), historyShare: historyShare, share: share)
    }
}

/// What a miner looks for, and the examples that are both its documentation and its test data.
public struct MinerDescription: Sendable {
    public var identifier: String
    /// Raised whenever what the miner counts changes: stored tallies of another version are counted again.
    public var version: Int
    public var name: String
    public var summary: String
    /// Languages it reads; empty for a miner of commit messages.
    public var languages: [Language]
    /// Built when asked for: some are generated (a thousand wrapped lines), and a command that only needs a miner's
    /// languages (`taste lint` asks `MinerCatalogue.languages`) must not pay for them.
    public var examples: [MinerExample] { makeExamples() }
    private let makeExamples: @Sendable () -> [MinerExample]
    /// Any merged edit in the rule's language confirms it: the miner only counts changes that decide the
    /// convention (a file's final newline), which every other edit silently keeps.
    public var editsConfirm: Bool
    /// Counter keys whose values are measurements or names (a line's width, a pair of files), not conventions a
    /// team switches between: no change point is looked for in their votes. Searching hundreds of values for one
    /// was most of what working out the rules cost, and never found a switch.
    public var distributions: Set<String>
    /// Rules (by id) that describe habits of the work, not conventions (which folders change together): one a pass
    /// no longer draws has faded and is retired, where a convention's would be flagged as split between two.
    public var fadingRules: Set<String>

    public init(
        identifier: String, version: Int, name: String, summary: String, languages: [Language],
        distributions: Set<String> = [], fadingRules: Set<String> = [], examples: @autoclosure @escaping @Sendable () -> [MinerExample],
        editsConfirm: Bool = false
    ) {
        self.identifier = identifier
        self.version = version
        self.name = name
        self.summary = summary
        self.languages = languages
        self.distributions = distributions
        self.fadingRules = fadingRules
        self.makeExamples = examples
        self.editsConfirm = editsConfirm
    }
}

/// A piece of code (or a commit message) and the facts a miner must find in it alone.
/// A "shows" example keeps the convention the miner describes; a "contradicts" example keeps another one.
public struct MinerExample: Sendable {
    public enum Kind: String, Sendable { case shows, contradicts }

    public var kind: Kind
    public var path: String
    public var code: String
    /// Commit messages, for commit miners.
    public var messages: [String]
    /// The paths successive commits touch, in turn (the first commit the first list, and so on, round again),
    /// for miners of what changes together. Empty: each commit touches the example's own file.
    public var touched: [[String]] = []
    public var expected: [FactKey: FactValue]

    public static func shows(
        _ path: String, _ code: String, messages: [String] = [], touched: [[String]] = [],
        expect: [FactKey: FactValue]
    ) -> MinerExample {
        MinerExample(kind: .shows, path: path, code: code, messages: messages, touched: touched, expected: expect)
    }

    public static func contradicts(
        _ path: String, _ code: String, messages: [String] = [], touched: [[String]] = [],
        expect: [FactKey: FactValue]
    ) -> MinerExample {
        MinerExample(kind: .contradicts, path: path, code: code, messages: messages, touched: touched, expected: expect)
    }
}

/// Every miner Taste runs, in a fixed order (the order of rules within a skill).
public enum MinerCatalogue {
    public static let all: [any Miner] = [
        IndentationMiner(),
        LineLengthMiner(),
        FinalNewlineMiner(),
        TrailingWhitespaceMiner(),
        LineEndingMiner(),
        QuoteStyleMiner(),
        SemicolonMiner(),
        TrailingCommaMiner(),
        BraceStyleMiner(),
        BlankLinesMiner(),
        ImportsMiner(),
        DocCommentMiner(),
        ErrorHandlingMiner(),
        LoggingMiner(),
        TestFrameworkMiner(),
        NamingMiner(),
        FileNamingMiner(),
        TestNamingMiner(),
        TestLayoutMiner(),
        CoChangeMiner(),
        CommitMessageMiner(),
    ]

    /// Which miners, at which versions, counted a repository's tallies.
    public static func fingerprint(_ miners: [any Miner]) -> String {
        // Package folders are counted apart too, and what the classifier leaves out has a version of its own.
        miners.map { "\(type(of: $0).description.identifier)@\(type(of: $0).description.version)" }.joined(separator: ",")
            + "+folders+paths@\(PathClassifier.version)"
    }

    /// Languages some miner reads: files in other languages are skipped before they are loaded.
    public static let languages: Set<Language> = Set(all.flatMap { type(of: $0).description.languages })
}
