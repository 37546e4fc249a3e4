/// Where rules come from besides the miners: something read at the mined head (configuration files,
/// manifests) that adds rules to the mined ones, or changes what they say. The synthesizer builds the mined
/// rules first, then lets each source in `RuleSourceCatalogue.all` contribute, in that order: a later source
/// sees what the earlier ones did.
public protocol RuleSource: Sendable {
    static var description: RuleSourceDescription { get }

    /// Adds this source's rules to `rules` (grouped by skill), or marks the rules already there.
    func contribute(to rules: inout [SkillKind: [Rule]], context: RuleSourceContext) throws
}

extension RuleSource {
    public var identifier: String { Self.description.identifier }
}

/// What a rule source reads, for `taste miners`.
public struct RuleSourceDescription: Sendable {
    public var identifier: String
    public var name: String
    public var summary: String
    /// The files it understands, at the repository's root.
    public var reads: [String]

    public init(identifier: String, name: String, summary: String, reads: [String]) {
        self.identifier = identifier
        self.name = name
        self.summary = summary
        self.reads = reads
    }
}

/// What a rule source may look at: the repository at the mined head and the pass's store.
public struct RuleSourceContext {
    var store: any TasteStore
    public var repoID: Int64
    /// Nil when synthesizing from the store alone: sources that read files then add nothing.
    public var repository: GitRepository?
    public var head: String?
    /// False under `taste mine --ignore-config`.
    public var readsConfiguration: Bool
    /// The style configuration at the head, read once per synthesis (miners that count by it read it too);
    /// empty when configuration is not read.
    var declared: [DeclaredFact]

    init(
        store: any TasteStore, repoID: Int64, repository: GitRepository?, head: String?, readsConfiguration: Bool = true,
        declared: [DeclaredFact] = []
    ) {
        self.store = store
        self.repoID = repoID
        self.repository = repository
        self.head = head
        self.readsConfiguration = readsConfiguration
        self.declared = declared
    }
}

/// Every rule source besides the miners, in the order the synthesizer applies them after the mined rules:
/// declared configuration first (it confirms or contradicts mined facts), then the manifests (which mark
/// mined rules whose library left, and add the dependencies skill).
public enum RuleSourceCatalogue {
    public static let all: [any RuleSource] = [
        DeclaredConfiguration(),
        DependencyManifests(),
    ]
}
