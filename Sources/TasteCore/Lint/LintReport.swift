import Foundation

/// How `taste lint` prints what it found.
public enum LintFormat: String, Sendable, CaseIterable {
    /// Grouped by file, for people; colour on a terminal.
    case text
    case json
    /// SARIF 2.1.0, for code-scanning tools.
    case sarif
    /// GitHub Actions workflow commands: annotations on the pull request.
    case github
}

/// A lint result, printed.
public struct LintReport: Sendable {
    public var result: Linter.Result

    public init(_ result: Linter.Result) { self.result = result }

    public func render(_ format: LintFormat, color: Bool = false) throws -> String {
        switch format {
        case .text: text(color: color)
        case .json: try json()
        case .sarif: try sarif()
        case .github: github()
        }
    }

    // MARK: Text

    func text(color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = ""
        var path: String?
        for finding in result.findings {
            if finding.path != path {
                if path != nil { out += "\n" }
                path = finding.path
                out += paint(Self.oneLine(finding.path), "1") + "\n"
            }
            let level = finding.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            let levelCode = finding.severity == .error ? "31" : finding.severity == .warning ? "33" : "36"
            let place = "\(finding.line):\(finding.column)".padding(toLength: 8, withPad: " ", startingAt: 0)
            out += "  \(place)\(paint(level, levelCode))  \(finding.problem)  \(paint(finding.rule, "2"))\n"
            out += "          \(finding.sentence) (confidence \(Self.figure(finding.confidence)))\n"
            if let fix = finding.fix { out += "          fix: \(fix.summary)\n" }
        }
        if !result.findings.isEmpty { out += "\n" }
        out += summary
        return out
    }

    /// One sentence: how many findings, of which severities, in how many files and lines.
    var summary: String {
        let lines = "\(result.checkedLines) line\(result.checkedLines == 1 ? "" : "s") checked in \(result.files) file\(result.files == 1 ? "" : "s")"
        guard !result.findings.isEmpty else { return "No findings: \(lines).\n" }
        let counts = Severity.allCases.reversed().compactMap { severity -> String? in
            let count = result.findings.filter { $0.severity == severity }.count
            return count == 0 ? nil : "\(count) \(severity.rawValue)\(count == 1 ? "" : "s")"
        }
        let files = Set(result.findings.map(\.path)).count
        return
            "\(result.findings.count) finding\(result.findings.count == 1 ? "" : "s") (\(counts.joined(separator: ", "))) in \(files) file\(files == 1 ? "" : "s"); \(lines).\n"
    }

    /// A path or message on one line of text output, whatever it holds.
    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func figure(_ value: Double) -> String { String(format: "%.2f", value) }

    // MARK: JSON

    func json() throws -> String {
        struct Document: Encodable {
            var findings: [Finding]
            var files: Int
            var checkedLines: Int
        }
        return try Self.encode(Document(findings: result.findings, files: result.files, checkedLines: result.checkedLines))
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    // MARK: GitHub

    func github() -> String {
        result.findings.map { finding in
            let level = finding.severity == .note ? "notice" : finding.severity.rawValue
            let properties = [
                "file=\(Self.escapeProperty(finding.path))", "line=\(finding.line)", "col=\(finding.column)",
                "title=\(Self.escapeProperty("taste: \(finding.rule)"))",
            ].joined(separator: ",")
            return "::\(level) \(properties)::\(Self.escapeData("\(finding.problem): \(finding.sentence)"))\n"
        }.joined()
    }

    /// Workflow commands end a message at a newline: `%`, CR and LF are escaped, and in properties `:` and `,` too.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
