/// Finds what changes together: the tests a change to a module brings along, the manifest or docs that follow
/// it, and whether a change to the code adds a changelog entry. Counted per commit over the "units" its
/// first-parent diff touched: folders at a useful depth (`Sources/App/`, `tests/`) and special files by name.
public struct CoChangeMiner: Miner {
    public static let description = MinerDescription(
        identifier: "co-change",
        version: 1,
        name: "Changes that travel together",
        summary:
            "Folders and files that change in the same commits (a module and its tests, the code and the changelog), as association rules with support and confidence.",
        languages: [],
        distributions: [Counter.pair.rawValue, Counter.unit.rawValue],
        fadingRules: [RuleSynthesizer.ruleID(skill: .cochange, topic: pathsTopic, language: nil)],
        examples: [
            .shows(
                "", "",
                touched: [
                    ["Sources/App/Greeter.swift", "Tests/AppTests/GreeterTests.swift", "CHANGELOG.md"],
                    ["docs/usage.md"],
                ], expect: [.coChanges: .strings(["Sources/App/ -> Tests/AppTests/"]), .changelogEntry: .bool(true)]),
            .contradicts(
                "", "",
                touched: [
                    ["src/app/main.py", "CHANGELOG.md"], ["src/app/main.py"], ["src/app/main.py", "tests/test_main.py"],
                    ["src/app/util.py"], ["CHANGELOG.md", "docs/index.rst"],
                ], expect: [.changelogEntry: .bool(false)]),
        ]
    )

    /// Commits touching more units than this are sweeps (renames, formatting, a release merge): they say
    /// nothing about what one change brings along, and would cost pairs by the hundred.
    static let maxUnits = 16
    /// Commits touching more units than this do not count towards the changelog habit either.
    static let maxUnitsForChangelog = 30
    static let minimumSupport = 5
    /// A pair must also show in this share of the counted commits: rare folders do not make rules.
    static let minimumSupportShare = 0.005
    static let minimumConfidence = 0.6
    /// Where most commits touch tests anyway, a strong habit cannot show a high lift: 1.25 still leaves out what
    /// changes with everything.
    static let minimumLift = 1.25
    static let maxAssociations = 6

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case changelogFile = "changelog_file"
        case changelog
        case commit
        case unit
        case pair
    }

    /// The topic of the rule of associations, `co-change/paths`.
    static let pathsTopic = "paths"

    /// The associations the last version stated (`from -> to`), and how much looser than a new one's the tests
    /// they must pass to stay: an association at the thresholds otherwise left the rule and came back as merges
    /// came in, each time flagging the rule as split.
    var heldAssociations: Set<String> = []
    var holdTolerance = 1.0

    public init() {}

    public func observe(touched paths: [String], of commit: CommitRecord, into sink: inout ObservationSink) {
        var units = Set<String>()
        var changelog: String?
        var code = false
        for path in paths {
            guard let unit = Self.unit(of: path) else {
                if !code, Self.isRootCode(path) { code = true }
                continue
            }
            units.insert(unit)
            if units.count > Self.maxUnitsForChangelog { return }
            switch Self.role(of: unit) {
            case .code: code = true
            case .tests:
                // Tests spread over several folders (`Tests/AUnitTests/`, `Tests/AEndToEndTests/`) still go with the
                // code as a whole: their top folder is a unit too.
                if let top = Self.testRoot(of: unit) { units.insert(top) }
            case .changelog where Self.isMainChangelog(unit): changelog = changelog.map { min($0, unit) } ?? unit
            default: break
            }
        }
        if let changelog { sink.count(Counter.changelogFile, changelog, scope: "", path: changelog) }
        if code {
            sink.count(Counter.changelog, changelog == nil ? "no" : "yes", scope: "", path: changelog)
        }
        guard !units.isEmpty, units.count <= Self.maxUnits else { return }
        sink.count(Counter.commit, "all", scope: "", cite: false)
        let sorted = units.sorted()
        for unit in sorted { sink.count(Counter.unit, unit, scope: "", cite: false) }
        // Unordered pairs (the first before the second): both directions' confidence come from the same count.
        for (index, first) in sorted.enumerated() {
            // A folder and the test root holding it go together by definition.
            for second in sorted[(index + 1)...] where !second.hasPrefix(first) {
                sink.count(Counter.pair, first + "\t" + second, scope: "")
            }
        }
    }

    // MARK: Units

    /// What a unit is, in the order a change flows: code first, what follows it after.
    enum Role: Int, Comparable {
        case code, manifest, tests, other, docs, readme, changelog
        static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Top folders whose subfolders are the modules (`Sources/App/`, `src/flask/`, `crates/core/`).
    static let moduleRoots: Set<String> = [
        "Sources", "Tests", "src", "lib", "libs", "pkg", "test", "tests", "spec", "cmd", "internal", "packages", "apps",
        "crates", "app", "modules", "plugins", "Plugins", "services", "Benchmarks", "benches", "examples", "Examples",
    ]
    static let changelogStems: Set<String> = ["changelog", "changes", "history", "news", "release-notes", "release_notes", "releasenotes"]
    static let proseExtensions: Set<String> = ["", "md", "rst", "txt", "markdown", "adoc", "asciidoc"]
    static let manifests: Set<String> = [
        "Package.swift", "package.json", "Cargo.toml", "go.mod", "pyproject.toml", "setup.py", "setup.cfg", "Gemfile",
        "pom.xml", "build.gradle", "build.gradle.kts", "composer.json", "requirements.txt", "CMakeLists.txt",
    ]
    static let docsFolders: Set<String> = ["docs", "doc", "documentation", "Documentation"]
    static let testFolders: Set<String> = ["test", "tests", "spec", "specs", "__tests__", "testing"]

    /// The unit a path belongs to: a folder (ending in `/`) or a special file by its path. Nil for files at the
    /// root that are neither (a `Makefile`, a root-level `main.go`) and for lockfiles, which tools rewrite.
    static func unit(of path: String) -> String? {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let name = components.last else { return nil }
        let (stem, ext) = stemAndExtension(name)
        if changelogStems.contains(stem), proseExtensions.contains(ext) { return path }
        if manifests.contains(String(name)) || ext == "gemspec" { return path }
        if components.count == 1 { return stem == "readme" ? path : nil }
        let top = String(components[0])
        // Dependencies checked in by old Go tooling: nobody's change to make.
        if top == "Godeps" || top == "_vendor" { return nil }
        if docsFolders.contains(top) { return top + "/" }
        if components.count > 2, moduleRoots.contains(top) { return top + "/" + components[1] + "/" }
        return top + "/"
    }

    static func stemAndExtension(_ name: Substring) -> (stem: String, ext: String) {
        let lower = name.lowercased()
        guard let dot = lower.firstIndex(of: "."), dot != lower.startIndex else { return (lower, "") }
        let stem = String(lower[..<dot])
        let ext = lower.lastIndex(of: ".").map { String(lower[lower.index(after: $0)...]) } ?? ""
        return (stem, ext)
    }

    static func role(of unit: String) -> Role {
        guard unit.hasSuffix("/") else {
            let components = unit.split(separator: "/")
            let (stem, ext) = stemAndExtension(components.last ?? "")
            if changelogStems.contains(stem), proseExtensions.contains(ext) { return .changelog }
            if stem == "readme" { return .readme }
            return .manifest
        }
        let components = unit.split(separator: "/")
        guard let top = components.first else { return .other }
        if docsFolders.contains(String(top)) { return .docs }
        if top.hasPrefix(".") { return .other }
        if components.contains(where: { testFolders.contains($0.lowercased()) || $0.hasSuffix("Tests") }) { return .tests }
        if ["examples", "benchmarks", "benches", "scripts", "tools", "fixtures"].contains(top.lowercased()) { return .other }
        return .code
    }

    /// `Tests/` for `Tests/AppTests/`: the folder all tests sit in, when they are split by module.
    static func testRoot(of unit: String) -> String? {
        let components = unit.split(separator: "/")
        guard components.count == 2 else { return nil }
        return components[0] + "/"
    }

    /// The repository's changelog: at the root or one folder down (`docs/changes.rst`), not a package's own.
    static func isMainChangelog(_ unit: String) -> Bool {
        unit.split(separator: "/").count <= 2
    }

    /// A code file at the root (gin, cobra): it makes a commit a change to the code.
    static func isRootCode(_ path: String) -> Bool {
        guard !path.contains("/"), let language = Language(path: path) else { return false }
        return !FileRole.isTest(path, language: language)
    }

    // MARK: Rules

    struct Association {
        var from: String
        var to: String
        var confidence: Double
        var together: Int
        var fromCommits: Int
        var calibrated: Double
        /// Stated before and kept only by the loosened tests (``CoChangeMiner/heldAssociations``).
        var onlyHeld = false
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        guard let stats = tallies.scopes[""] else { return [] }
        var drafts: [RuleDraft] = []
        if let draft = associationRule(stats) { drafts.append(draft) }
        if let draft = changelogRule(stats) { drafts.append(draft) }
        return drafts
    }

    /// The strongest associations A → B, strongest first.
    static func associations(_ stats: ScopeTallies, holding held: Set<String> = [], tolerance: Double = 1) -> [Association] {
        let units = stats[Counter.unit]
        guard let all = stats[Counter.commit]["all"], all.weight > 0 else { return [] }
        let minimum = max(minimumSupport, Int((Double(all.count) * minimumSupportShare).rounded(.up)))
        var found: [Association] = []
        for (key, pair) in stats[Counter.pair] where pair.count >= minimumSupport {
            let sides = key.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard sides.count == 2 else { continue }
            var best: Association?
            for (from, to) in [(sides[0], sides[1]), (sides[1], sides[0])] {
                let fromRole = role(of: from), toRole = role(of: to)
                // What follows a change (tests, docs, the changelog), never the other way round; the main changelog
                // has a rule of its own.
                // Tests going with other tests, docs with docs, say little; code going with other code does.
                guard fromRole < toRole || (fromRole == .code && toRole == .code), !(toRole == .changelog && isMainChangelog(to)),
                    let a = units[from], let b = units[to], a.weight > 0
                else { continue }
                let confidence = min(1, pair.weight / a.weight)
                let lift = confidence / max(b.weight / all.weight, 1e-9)
                let calibrated = TasteCore.confidence(share: confidence, commits: a.count)
                // A stated association stays while it passes every test loosened by the tolerance; a new one passes
                // them as they are.
                func passes(_ loosening: Double) -> Bool {
                    Double(pair.count) * loosening >= Double(minimum) && confidence * loosening >= minimumConfidence
                        && lift * loosening >= minimumLift && calibrated * loosening >= SkillPolicy.standard.minimumConfidence
                }
                let firm = passes(1)
                guard firm || (held.contains("\(from) -> \(to)") && passes(tolerance)) else { continue }
                let candidate = Association(
                    from: from, to: to, confidence: confidence, together: pair.count,
                    fromCommits: a.count, calibrated: calibrated, onlyHeld: !firm)
                if best == nil || candidate.confidence > best!.confidence { best = candidate }
            }
            if let best { found.append(best) }
        }
        // `A -> Tests/` says less than `A -> Tests/ATests/`: the test root only where no folder of it qualifies.
        let specific = found.filter { association in
            !found.contains { $0.from == association.from && $0.to != association.to && $0.to.hasPrefix(association.to) }
        }
        return specific.sorted {
            ($0.confidence * Double($0.together), $1.from, $1.to) > ($1.confidence * Double($1.together), $0.from, $0.to)
        }.prefix(maxAssociations).map { $0 }
    }

    func associationRule(_ stats: ScopeTallies) -> RuleDraft? {
        let found = Self.associations(stats, holding: heldAssociations, tolerance: holdTolerance)
        // The rule's figures are its weakest firm association's: one kept only because it was stated would pull
        // the rule's confidence under the cut and drop the firm ones with it.
        let firm = found.filter { !$0.onlyHeld }
        guard let weakest = (firm.isEmpty ? found : firm).min(by: { ($0.calibrated, $0.from) < ($1.calibrated, $1.from) }) else {
            return nil
        }
        let clauses = found.map { association in
            "a change \(Self.place(association.from)) also changes \(codeSpan(association.to)) (\(percent(association.confidence)) of \(association.fromCommits.formatted()) commits)"
        }
        var statement = "Make a change complete with what usually comes along with it: "
        statement += clauses.joined(separator: "; ") + "."
        return RuleDraft(
            topic: Self.pathsTopic, skill: .cochange, language: nil,
            facts: [.coChanges: .strings(found.map { "\($0.from) -> \($0.to)" })],
            share: weakest.confidence,
            support: Support(observations: weakest.fromCommits, agreeing: weakest.together, commits: weakest.fromCommits),
            statement: statement, unit: "commits",
            evidence: found.map { (key: Counter.pair.rawValue, value: min($0.from, $0.to) + "\t" + max($0.from, $0.to)) })
    }

    static func place(_ unit: String) -> String {
        unit.hasSuffix("/") ? "under \(codeSpan(unit))" : "to \(codeSpan(unit))"
    }

    /// Whether commits that change the code add a changelog entry: only where a changelog is kept at all.
    func changelogRule(_ stats: ScopeTallies) -> RuleDraft? {
        // The file most touched among those touched often enough: a second file touched twice lately (jq's `NEWS`
        // beside its `ChangeLog`, 2015) does not leave the repository with no changelog rule.
        guard let file = stats.ranked(Counter.changelogFile).first(where: { $0.stat.commits >= MinimumEvidence.commits }),
            let habit = stats.dominant(Counter.changelog), habit.observations >= 5
        else { return nil }
        let yes = stats[Counter.changelog]["yes"]
        let total = stats[Counter.changelog].values.reduce(0) { $0 + $1.weight }
        let share = total > 0 ? (yes?.weight ?? 0) / total : 0
        let name = codeSpan(file.value)
        let adds = habit.value == "yes"
        let statement: String
        if adds {
            statement =
                share >= 0.8
                ? "Add a \(name) entry with every change to the code (\(percent(share)) of commits that change code do)."
                : "Add a \(name) entry with user-facing changes (\(percent(share)) of commits that change code do)."
        } else if share >= 0.3 {
            statement = "Add a \(name) entry only for notable user-facing changes: \(percent(share)) of commits that change code touch it."
        } else {
            statement = "Do not edit \(name) in every change: only \(percent(share)) of commits that change code touch it; it is updated separately."
        }
        return RuleDraft(
            topic: "changelog", skill: .cochange, language: nil,
            facts: [.changelogEntry: .bool(adds), .changelogFile: .string(file.value)],
            share: habit.share,
            support: Support(observations: habit.observations, agreeing: habit.agreeing, commits: habit.observations),
            statement: statement, unit: "commits", evidence: [(key: Counter.changelog.rawValue, value: habit.value)])
    }
}

extension CoChangeMiner: SteadyMiner {
    func holding(_ stated: [String: [String: FactValue]], policy: SkillPolicy) -> any Miner {
        var miner = self
        let id = RuleSynthesizer.ruleID(skill: .cochange, topic: Self.pathsTopic, language: nil)
        if case .strings(let pairs)? = stated[id]?[FactKey.coChanges.rawValue] { miner.heldAssociations = Set(pairs) }
        miner.holdTolerance = policy.holdCliffTolerance
        return miner
    }
}
