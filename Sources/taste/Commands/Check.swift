import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "For CI: exit 1 when a skill is stale or an exported skill file is out of date with the store.",
            discussion: "Names each stale skill and each outdated file; exits 0 when there is nothing to name."
        )

        enum Failure: String, CaseIterable, ExpressibleByArgument { case stale, outdated, unconfirmed }

        @OptionGroup var repository: RepositoryOptions

        @Option(name: .customLong("fail-on"), parsing: .singleValue,
                help: "What fails the check: stale, outdated, unconfirmed, comma-separated (default: 'stale,outdated').")
        var failOn: [String] = []

        @Option(help: "The Agent Skills folder to check (default: the repository's export folder).")
        var out: String?

        func validate() throws {
            for name in failOn.flatMap({ $0.split(separator: ",") }) where Failure(rawValue: String(name)) == nil {
                throw ValidationError("--fail-on takes stale, outdated and unconfirmed, not '\(name)'")
            }
        }

        func run() throws {
            let wanted: Set<Failure> = failOn.isEmpty ? [.stale, .outdated] : Set(failOn.flatMap { $0.split(separator: ",") }.compactMap { Failure(rawValue: String($0)) })
            let mined = try MinedRepository.load(store: try openStore(creating: false), repositoryPath: repository.repo)
            var problems: [String] = []
            if wanted.contains(.stale) {
                for skill in mined.skills where skill.status == .stale {
                    let reasons = skill.rules.compactMap { $0.stale?.reason }
                    problems.append("stale: \(skill.name): \(reasons.joined(separator: " "))")
                }
            }
            if wanted.contains(.unconfirmed) {
                for skill in mined.skills where skill.status == .unconfirmed {
                    let reasons = skill.rules.compactMap { rule in rule.unconfirmed.map { "\(rule.id): \($0)" } }
                    problems.append("unconfirmed: \(skill.name): \(reasons.joined(separator: " "))")
                }
            }
            if wanted.contains(.outdated), let directory = out ?? mined.defaultExportDirectory {
                let exporter = SkillExporter(renderer: try SkillRenderer(overrides: try mined.templateOverrides()))
                for skill in mined.exportedSkills where skill.status != .retired {
                    let path = directory + "/" + skill.name + "/SKILL.md"
                    let expected = exporter.skillFile(skill, repository: mined.record.name, head: mined.head).text
                    guard let data = FileManager.default.contents(atPath: path) else {
                        problems.append("outdated: \(path) is missing: run 'taste export'")
                        continue
                    }
                    if data != Data(expected.utf8) { problems.append("outdated: \(path) differs from the store: run 'taste export'") }
                }
            }
            if problems.isEmpty {
                printOut("ok: no stale skill, no outdated export.")
                return
            }
            printOut(problems.joined(separator: "\n"))
            throw ExitCode(1)
        }
    }
}
