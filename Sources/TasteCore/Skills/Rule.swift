import Foundation

/// A fact's value, as it appears in the JSON contract.
public enum FactValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case bool(Bool)
    case strings([String])
    case null

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            self = .strings(try container.decode([String].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .strings(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    public var description: String {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .bool(let value): String(value)
        case .strings(let value): value.joined(separator: ", ")
        case .null: "none"
        }
    }
}

public struct RuleScope: Sendable, Hashable, Codable {
    public var language: String?
    public var paths: [String]

    public init(language: Language?) {
        self.language = language?.rawValue
        paths = language?.pathGlobs ?? ["**"]
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(language, forKey: .language)  // null, not absent, for repository-wide rules
        try container.encode(paths, forKey: .paths)
    }
}

public struct Support: Sendable, Hashable, Codable {
    /// The cases counted that could have gone either way (`counted` says which), as merged, not weighted by age.
    public var observations: Int
    /// Of those, the cases that keep the rule: `agreeing / observations` is the share printed beside the rule.
    public var agreeing: Int
    public var commits: Int
    /// What `observations` counts: the rule's unit, and since when (the switch the rule states, or all history).
    public var counted: String? = nil

    public init(observations: Int, agreeing: Int, commits: Int) {
        self.observations = observations
        self.agreeing = agreeing
        self.commits = commits
    }
}

/// A rule as a miner proposes it, before the pipeline gives it an id and evidence.
public struct RuleDraft: Sendable {
    public var topic: String
    public var skill: SkillKind
    public var language: Language?
    /// Stored by key string; written from ``FactKey``s.
    public var facts: [String: FactValue]
    /// The weighted share of observations that agree, before calibration.
    public var share: Double
    public var support: Support
    /// What to do, in the imperative, as an agent should read it.
    public var statement: String
    /// What the figures count: "lines", "files", "commits".
    public var unit: String
    /// Counters whose cited places back the rule: (key, value).
    public var evidence: [(key: String, value: String)]
    /// The share behind a fact decided on other counts than the rule's own (indentation size beside style).
    public var factShares: [FactKey: Double] = [:]
    /// The figures count the files at the head, not merged changes (``HeadReadingMiner``).
    public var countedAtHead = false
    /// The scope whose places back the rule, where it is not the rule's language: a rule one language lends
    /// another (JavaScript's runner where only TypeScript has tests) cites the lender's files.
    public var citedScope: String?
    /// The scope of the counters the rule cites: its places, and the votes its switches are found in.
    public var evidenceScope: String { citedScope ?? language?.rawValue ?? "" }
    /// Stated from other languages' evidence (``RepositoryHabit``, a sibling language's test runner).
    public var lent = false

    public func share(of fact: String) -> Double { FactKey(rawValue: fact).flatMap { factShares[$0] } ?? share }

    public init(
        topic: String, skill: SkillKind, language: Language?, facts: [FactKey: FactValue], share: Double,
        support: Support, statement: String, unit: String, evidence: [(key: String, value: String)]
    ) {
        self.topic = topic
        self.skill = skill
        self.language = language
        self.facts = [String: FactValue](facts: facts)
        self.share = share
        self.support = support
        self.statement = statement
        self.unit = unit
        self.evidence = evidence
    }
}

/// A rule as stored and exported.
public struct Rule: Sendable, Hashable, Codable {
    public var id: String
    public var scope: RuleScope
    public var facts: [String: FactValue]
    public var source: String
    /// Drawn by the miners, alone or with a configuration file that agrees ("both").
    public var isMined: Bool { source == "mined" || source == "both" }
    /// The topic its id names, without its skill or folder: `line-length` for `python-style/line-length@src/`.
    var topic: String { Self.parts(of: id).base.split(separator: "/").last.map(String.init) ?? id }
    public var confidence: Double
    public var support: Support
    public var evidence: [EvidenceLocation]
    public var statement: String
    public var unit: String
    /// The share of observations that agree, each weighted by its age (a year's half-life): what confidence is
    /// calibrated from. The share printed beside the rule is the unweighted `support.agreeing / observations`.
    public var share: Double
    /// Set when the latest merges contradict the rule: why, and where.
    public var stale: Drift?
    /// What configuration files say about the rule's facts, and whether merged code keeps it.
    public var declared: [ConfigDeclaration]? = nil
    /// Set when no merge has kept the rule for a long while, in commits and in days: softer than stale.
    public var unconfirmed: String? = nil
    /// Set when the rule states a convention the code switched to: since when, and what it kept before.
    public var since: ConventionChange? = nil
    /// Set when the rule rests on other languages' evidence, its own being too thin: one a pass no longer draws is
    /// retired, never flagged as split, since its language never held enough to split.
    public var lent: Bool? = nil

    /// What makes two versions differ: the rule, its scope, its facts and whether it is stale. Not the figures,
    /// which move with every merge, nor the wording, which quotes them.
    var semanticKey: String {
        // Lists are compared as sets: two types trading places in the ranking is not a new convention.
        let facts = self.facts.keys.sorted().map { key -> String in
            guard case .strings(let values)? = self.facts[key] else { return "\(key)=\(self.facts[key]?.description ?? "")" }
            return "\(key)=\(values.sorted().joined(separator: ","))"
        }.joined(separator: ";")
        // A configuration file that starts or stops declaring a fact, or changes it, is a new version too.
        let declared = (self.declared ?? []).map { "\($0.file):\($0.fact)=\($0.value)" }.sorted().joined(separator: ";")
        return "\(id)|\(scope.language ?? "")|\(facts)|\(declared)" + (stale == nil ? "" : "|stale") + (unconfirmed == nil ? "" : "|unconfirmed")
    }
}

extension Rule {
    /// A package folder's own rule is the repository rule's id, `@`, and the folder.
    static func id(_ base: String, folder: String) -> String { "\(base)@\(folder)" }

    /// An id's repository rule and, for a package folder's own rule, its folder.
    static func parts(of id: String) -> (base: String, folder: String?) {
        guard let at = id.firstIndex(of: "@") else { return (id, nil) }
        return (String(id[..<at]), String(id[id.index(after: at)...]))
    }
}

/// Where the code switched to the convention a rule states, found by ``ChangePointModel``.
public struct ConventionChange: Sendable, Hashable, Codable {
    /// The first commit that kept the new convention.
    public var commit: String
    /// Its commit date, as `yyyy-MM`.
    public var month: String
    /// The facts the code kept before, where they differ from the rule's.
    public var before: [String: FactValue]

    /// "Since 2023-05 (`1a2b3c4d5e`); before that the code kept `quote_style: single`."
    public var sentence: String {
        // Fact names and values in code spans: they are the JSON's words, not prose.
        let kept = before.keys.sorted().map { codeSpan("\($0): \(before[$0]?.description ?? "none")") }.joined(separator: ", ")
        return "Since \(month) (\(codeSpan(String(commit.prefix(10))))); before that the code kept \(kept)."
    }
}

/// Why a rule no longer matches what is being merged.
public struct Drift: Sendable, Hashable, Codable {
    /// One sentence: what the latest merges do instead.
    public var reason: String
    /// The facts the latest merges support.
    public var observed: [String: FactValue]
    /// Places in the latest merges that contradict the rule.
    public var counterEvidence: [EvidenceLocation]
    /// The configuration file whose change or removal made the rule stale; nil when merged code did.
    public var configFile: String? = nil
}

/// Calibrates a weighted share against the number of commits behind it: the lower bound of a
/// Wilson interval, so that a handful of commits never yields a confident rule.
func confidence(share: Double, commits: Int) -> Double {
    let n = Double(max(commits, 1))
    let z = 1.28
    let z2 = z * z
    let centre = share + z2 / (2 * n)
    let margin = z * ((share * (1 - share) + z2 / (4 * n)) / n).squareRoot()
    let lower = (centre - margin) / (1 + z2 / n)
    return (max(0, min(1, lower)) * 100).rounded() / 100
}
