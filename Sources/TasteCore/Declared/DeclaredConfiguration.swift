/// Style configuration at the mined head as a rule source: a mined rule a file confirms becomes `both`, one
/// it contradicts says which one the code follows, and a fact only a file states becomes a `declared` rule.
public struct DeclaredConfiguration: RuleSource {
    public static let description = RuleSourceDescription(
        identifier: "declared-config", name: "Declared configuration",
        summary: "What style configuration files at the head declare: confirms, contradicts or adds to the mined style rules.",
        reads: DeclaredStyle.files)

    public init() {}

    public func contribute(to rules: inout [SkillKind: [Rule]], context: RuleSourceContext) throws {
        guard context.readsConfiguration, context.repository != nil, let head = context.head else { return }
        DeclaredStyle.apply(context.declared, to: &rules, head: head)
    }
}
