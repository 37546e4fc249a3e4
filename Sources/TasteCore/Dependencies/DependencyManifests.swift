/// Package manifests at the mined head and in earlier years as a rule source: a mined rule naming a library
/// the manifests no longer list is stale, and the libraries they settle for common jobs make the
/// dependencies skill.
public struct DependencyManifests: RuleSource {
    public static let description = RuleSourceDescription(
        identifier: "dependencies", name: "Dependencies",
        summary: "Which libraries the manifests list for common jobs, now and one, two and four years ago.",
        reads: Manifests.files.map(\.path) + Manifests.buildLogicFolders.map { "\($0)/*" })

    public init() {}

    public func contribute(to rules: inout [SkillKind: [Rule]], context: RuleSourceContext) throws {
        guard let repository = context.repository, let head = context.head else { return }
        let snapshots = try DependencyRules.snapshots(repository, head: head, store: context.store, repoID: context.repoID)
        // Leavers first: the dependencies skill it adds is no mined rule to mark.
        DependencyRules.flagLeavers(&rules, snapshots: snapshots)
        let dependencies = DependencyRules.rules(snapshots)
        if !dependencies.isEmpty { rules[.dependencies] = dependencies }
    }
}
