import Foundation

/// Package manifests at the repository's root, and the dependency names each lists. Read textually and
/// leniently: a manifest Taste cannot parse lists nothing, it never stops mining.
enum Manifests {
    enum Ecosystem: String, Sendable, CaseIterable {
        case npm, pypi, cargo, go, rubygems, swiftpm, maven
    }

    static let files: [(path: String, ecosystem: Ecosystem)] = [
        ("package.json", .npm), ("pyproject.toml", .pypi), ("requirements.txt", .pypi), ("requirements-dev.txt", .pypi),
        ("Pipfile", .pypi), ("Cargo.toml", .cargo), ("go.mod", .go), ("Gemfile", .rubygems), ("Package.swift", .swiftpm),
        ("build.gradle", .maven), ("build.gradle.kts", .maven), ("gradle/libs.versions.toml", .maven), ("pom.xml", .maven),
    ]

    /// Folders of Gradle build logic whose sources name the coordinates the build files use by constant
    /// (`testImplementation(Dependencies.Testing.junit)`): `buildSrc`'s dependency objects, the usual place before
    /// version catalogs. moshi kept `junit:junit` there from 2020 to 2021.
    static let buildLogicFolders = ["buildSrc/src/main/kotlin", "buildSrc/src/main/java"]

    /// Whether a file in a build-logic folder can name coordinates.
    static func isBuildLogic(_ name: String) -> Bool { name.hasSuffix(".kt") || name.hasSuffix(".java") }

    /// Dependency names by ecosystem, in the manifests `read` returns (path → text), and in the `buildLogic`
    /// sources given. Names are lowercased.
    static func dependencies(
        buildLogic: [String] = [], _ read: (String) -> String?
    ) -> (names: [Ecosystem: Set<String>], files: [Ecosystem: [String]]) {
        var names: [Ecosystem: Set<String>] = [:]
        var found: [Ecosystem: [String]] = [:]
        for (path, ecosystem) in files + buildLogic.map({ ($0, Ecosystem.maven) }) {
            guard let text = read(path) else { continue }
            found[ecosystem, default: []].append(path)
            names[ecosystem, default: []].formUnion(parse(path, text).map { $0.lowercased() })
        }
        return (names, found)
    }

    /// The packages `package.json` (read as ``ConfigText/json(_:)`` entries) lists in any dependency section.
    static func npmDependencies(_ entries: [ConfigEntry]) -> Set<String> {
        let sections = ["dependencies.", "devDependencies.", "peerDependencies.", "optionalDependencies."]
        return Set(entries.compactMap { entry in sections.first { entry.key.hasPrefix($0) }.map { String(entry.key.dropFirst($0.count)) } })
    }

    static func parse(_ path: String, _ text: String) -> Set<String> {
        switch path {
        case "package.json":
            return npmDependencies(ConfigText.json(text))
        case "Cargo.toml":
            return Set(sectionKeys(text) { $0.hasSuffix("dependencies") } + tableNames(text, suffix: "dependencies"))
        case "go.mod":
            var modules: Set<String> = []
            var inBlock = false
            for (_, raw) in ConfigText.lines(text) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("require (") {
                    inBlock = true
                    continue
                }
                if inBlock && line.hasPrefix(")") {
                    inBlock = false
                    continue
                }
                let body = inBlock ? line : line.hasPrefix("require ") ? String(line.dropFirst(8)) : ""
                if let module = body.split(separator: " ").first, module.contains("/"), !module.hasPrefix("//") { modules.insert(String(module)) }
            }
            return modules
        case "Gemfile":
            return Set(ConfigText.lines(text).compactMap { quoted(after: "gem ", in: $0.text) })
        case "Package.swift":
            // `.package(url: "https://github.com/apple/swift-log.git", …)` → swift-log
            return Set(
                ConfigText.lines(text).compactMap { line -> String? in
                    guard line.text.contains(".package("), let url = quoted(after: "url:", in: line.text) else { return nil }
                    let last = url.split(separator: "/").last.map(String.init) ?? url
                    return last.hasSuffix(".git") ? String(last.dropLast(4)) : last
                })
        case "build.gradle", "build.gradle.kts", "gradle/libs.versions.toml", "pom.xml":
            return mavenArtifacts(text)
        case _ where buildLogicFolders.contains(where: { path.hasPrefix($0 + "/") }):
            return mavenArtifacts(text)
        default:  // pyproject.toml, requirements*.txt, Pipfile
            return pythonRequirements(path, text)
        }
    }

    /// Keys of `name = …` lines (any value, inline tables included) in the TOML tables `section` accepts.
    private static func sectionKeys(_ text: String, _ section: (String) -> Bool) -> [String] {
        var inside = false
        return ConfigText.lines(text).compactMap { line -> String? in
            let trimmed = line.text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                inside = section(trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")))
                return nil
            }
            guard inside, !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { return nil }
            let key = ConfigText.unquote(trimmed[..<equals].trimmingCharacters(in: .whitespaces))
            return key.isEmpty || key.contains(" ") ? nil : key
        }
    }

    /// `[dependencies.serde]`-style tables.
    private static func tableNames(_ text: String, suffix: String) -> [String] {
        ConfigText.lines(text).compactMap { line -> String? in
            let trimmed = line.text.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
            let parts = trimmed.dropFirst().dropLast().split(separator: ".")
            guard let table = parts.firstIndex(where: { $0.hasSuffix(suffix) }), table + 1 < parts.count else { return nil }
            return String(parts[table + 1])
        }
    }

    /// The first quoted string after `marker` on a line.
    private static func quoted(after marker: String, in line: String) -> String? {
        guard let start = line.range(of: marker) else { return nil }
        let rest = line[start.upperBound...].drop { $0 == " " || $0 == "(" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let inner = rest.dropFirst()
        guard let end = inner.firstIndex(of: quote) else { return nil }
        return String(inner[..<end])
    }

    /// `group:artifact:version` coordinates and `<artifactId>` elements → artifact names.
    private static func mavenArtifacts(_ text: String) -> Set<String> {
        var names: Set<String> = []
        for (_, line) in ConfigText.lines(text) {
            if let start = line.range(of: "<artifactId>"), let end = line.range(of: "</artifactId>"), start.upperBound <= end.lowerBound {
                names.insert(String(line[start.upperBound..<end.lowerBound]))
                continue
            }
            for piece in line.split(whereSeparator: { $0 == "\"" || $0 == "'" }) {
                let parts = piece.split(separator: ":")
                guard parts.count >= 2, parts.count <= 4, !parts[0].contains(" "), !parts[1].contains(" ") else { continue }
                // A group is a reversed domain, but for a few old ones (`junit:junit:4.13`): those count where a
                // version follows (`${versions.junit}` too), or where a version catalog names the module.
                let versioned = parts.count >= 3 && (parts[2].first?.isNumber == true || parts[2].first == "$")
                if parts[0].contains(".") || versioned || (parts.count == 2 && line.contains("module")) {
                    names.insert(String(parts[1]))
                }
            }
        }
        return names
    }

    /// Requirement names from `requirements.txt` lines and from quoted PEP 508 strings in `pyproject.toml`.
    private static func pythonRequirements(_ path: String, _ text: String) -> Set<String> {
        func name(_ requirement: Substring) -> String? {
            let trimmed = requirement.trimmingCharacters(in: .whitespaces)
            let name = trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
            return name.isEmpty || trimmed.hasPrefix("-") ? nil : String(name).replacingOccurrences(of: "_", with: "-")
        }
        if path.hasPrefix("requirements") {
            return Set(
                ConfigText.lines(text).compactMap { line in
                    line.text.hasPrefix("#") ? nil : name(Substring(line.text))
                })
        }
        var names: Set<String> = []
        var section = ""
        var arrayKey: String?  // the key of the multi-line array being read
        for (_, raw) in ConfigText.lines(text) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if arrayKey == nil, line.hasPrefix("[") && line.hasSuffix("]") {
                section = line
                continue
            }
            var key = arrayKey
            if arrayKey == nil, let equals = line.firstIndex(of: "=") {
                key = line[..<equals].trimmingCharacters(in: .whitespaces)
                if line.contains("["), !line.contains("]") { arrayKey = key }
            }
            if arrayKey != nil, line.contains("]") { arrayKey = nil }
            let listsRequirements =
                (section == "[project]" && key == "dependencies")
                || section.hasPrefix("[project.optional-dependencies") || section == "[dependency-groups]"
            if listsRequirements {
                for piece in line.split(separator: "\"", omittingEmptySubsequences: false).enumerated() where piece.offset % 2 == 1 {
                    if let found = name(piece.element) { names.insert(found) }
                }
            } else if section.hasSuffix("dependencies]") || section == "[packages]" || section == "[dev-packages]",
                let equals = line.firstIndex(of: "="), let found = name(line[..<equals])
            {
                names.insert(found)  // poetry and Pipfile tables: `name = "^1.0"`
            }
        }
        names.remove("python")
        return names
    }
}
