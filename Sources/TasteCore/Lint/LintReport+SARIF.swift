import Foundation

/// SARIF 2.1.0 (OASIS), the format code-scanning tools read: one run, its rules, one result per finding.
extension LintReport {
    struct SARIFLog: Encodable {
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
    }

    struct Run: Encodable {
        var tool: Tool
        var columnKind = "unicodeCodePoints"
        var results: [Result]
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name = "taste"
        var rules: [ReportingDescriptor]
    }

    struct Message: Encodable {
        var text: String
    }

    struct ReportingDescriptor: Encodable {
        var id: String
        var shortDescription: Message
        var defaultConfiguration: Configuration
        var properties: [String: Double]
    }

    struct Configuration: Encodable {
        var level: String
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var properties: ResultProperties
    }

    struct ResultProperties: Encodable {
        var confidence: Double
        var fix: String?
        var replacement: String?
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId = "%SRCROOT%"
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    func sarif() throws -> String {
        var rules: [ReportingDescriptor] = []
        var indexByRule: [String: Int] = [:]
        for finding in result.findings where indexByRule[finding.rule] == nil {
            indexByRule[finding.rule] = rules.count
            rules.append(
                ReportingDescriptor(
                    id: finding.rule, shortDescription: Message(text: finding.sentence),
                    defaultConfiguration: Configuration(level: Self.level(finding.severity)), properties: ["confidence": finding.confidence]))
        }
        let results = result.findings.map { finding in
            Result(
                ruleId: finding.rule, ruleIndex: indexByRule[finding.rule] ?? 0, level: Self.level(finding.severity),
                message: Message(text: "\(finding.problem): \(finding.sentence)"),
                locations: [
                    Location(
                        physicalLocation: PhysicalLocation(
                            artifactLocation: ArtifactLocation(uri: Self.uri(finding.path)),
                            region: Region(startLine: finding.line, startColumn: finding.column)))
                ],
                properties: ResultProperties(confidence: finding.confidence, fix: finding.fix?.summary, replacement: finding.fix?.replacement))
        }
        return try Self.encode(SARIFLog(runs: [Run(tool: Tool(driver: Driver(rules: rules)), results: results)]))
    }

    static func level(_ severity: Severity) -> String { severity.rawValue }

    /// A relative path as a URI reference: every byte but unreserved ones and `/` percent-encoded, so that a
    /// space, a quote or a newline in a name stays inside the URI.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~/")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
