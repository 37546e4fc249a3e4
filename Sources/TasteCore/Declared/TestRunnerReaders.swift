/// Readers for the test runner a repository configures: the runner's own configuration file at the root says
/// which framework runs the tests now, whatever older test files were written for; without one, a manifest
/// that lists a single runner among its development dependencies says it.
enum TestRunnerReaders {
    typealias Files = StyleConfigReaders.Files

    /// A runner's configuration files, in the order they are looked for, and the framework each one runs.
    static let scriptConfigurations: [(framework: String, files: [String])] = [
        (
            "vitest",
            names("vitest.config", ["ts", "mts", "cts", "js", "mjs", "cjs"]) + names("vitest.workspace", ["ts", "mts", "js", "mjs", "json"])
        ),
        ("jest", names("jest.config", ["ts", "mts", "cts", "js", "mjs", "cjs", "json"])),
        ("mocha", names(".mocharc", ["js", "cjs", "json", "jsonc", "yml", "yaml"])),
        ("karma", names("karma.conf", ["js", "cjs", "ts"])),
    ]

    /// Development dependencies that are test runners, by the framework they run: borp runs Node's own `node:test`
    /// (pino's tests, beside one Jest spec).
    static let scriptRunners = [
        "vitest": "vitest", "jest": "jest", "mocha": "mocha", "ava": "ava", "uvu": "uvu", "jasmine": "jasmine", "borp": "node-test",
    ]

    static func names(_ stem: String, _ extensions: [String]) -> [String] { extensions.map { "\(stem).\($0)" } }

    static func all(_ files: Files) -> [DeclaredFact] {
        scripts(files) + python(files) + builds(files)
    }

    /// JavaScript and TypeScript: a runner's configuration file, else `package.json`'s `jest` section, else the
    /// one runner its `devDependencies` list (several say nothing: a migration under way, or e2e beside unit).
    /// A configuration file is left over from before a migration, and says nothing, where `package.json` neither
    /// depends on its runner nor runs it, and its scripts run another (h3 kept `jest.config.js` two weeks after
    /// its tests, its dependencies and its `test` script had moved to Vitest).
    static func scripts(_ files: Files) -> [DeclaredFact] {
        var out: [DeclaredFact] = []
        let manifest = files("package.json").map(ConfigText.json)
        let runners = manifest.map(ManifestRunners.init)
        for (framework, names) in scriptConfigurations {
            guard let file = names.first(where: { files($0) != nil }), let text = files(file) else { continue }
            if let runners, runners.left(framework) { continue }
            // Karma runs the framework its configuration lists.
            let runs = framework == "karma" ? (text.contains("'mocha'") || text.contains("\"mocha\"") ? "mocha" : "jasmine") : framework
            out.append(
                declaration(.string(runs), file: file, line: nil, setting: "\(framework) configuration", languages: StyleConfigReaders.scripts))
        }
        guard out.isEmpty, let entries = manifest else { return out }
        if let jest = entries.first(where: { $0.key.hasPrefix("jest.") }) {
            return [declaration(.string("jest"), file: "package.json", line: jest.line, setting: "jest", languages: StyleConfigReaders.scripts)]
        }
        let listed = entries.compactMap { entry -> (package: String, framework: String, line: Int)? in
            guard entry.key.hasPrefix("devDependencies.") else { return nil }
            let package = String(entry.key.dropFirst("devDependencies.".count))
            return scriptRunners[package].map { (package, $0, entry.line) }
        }
        guard listed.count == 1, let only = listed.first else { return [] }
        return [
            declaration(
                .string(only.framework), file: "package.json", line: only.line, setting: "devDependencies \(only.package)",
                languages: StyleConfigReaders.scripts)
        ]
    }

    /// What `package.json` says of test runners: the packages it depends on (``Manifests/npmDependencies(_:)``)
    /// and the words of its scripts.
    struct ManifestRunners {
        let dependencies: Set<String>
        let scriptWords: Set<String>

        init(_ entries: [ConfigEntry]) {
            dependencies = Manifests.npmDependencies(entries)
            scriptWords = Set(
                entries.filter { $0.key.hasPrefix("scripts.") }.flatMap { entry in
                    entry.value.split(whereSeparator: { !($0.isLetter || $0 == "-") }).map(String.init)
                })
        }

        /// Whether the manifest has left `runner` for another: no dependency of that name, no script that runs
        /// it, and a script that runs another runner.
        func left(_ runner: String) -> Bool {
            !dependencies.contains(runner) && !scriptWords.contains(runner)
                && scriptWords.contains { $0 != runner && scriptRunners[$0] != nil }
        }
    }

    /// Python: pytest's configuration in any of the files pytest itself reads.
    static func python(_ files: Files) -> [DeclaredFact] {
        let places: [(file: String, header: String?)] = [
            ("pytest.ini", nil), ("pyproject.toml", "[tool.pytest.ini_options]"), ("pyproject.toml", "[tool.pytest]"),
            ("setup.cfg", "[tool:pytest]"), ("tox.ini", "[pytest]"),
        ]
        for (file, header) in places {
            guard let text = files(file) else { continue }
            guard let header else {
                return [declaration(.string("pytest"), file: file, line: nil, setting: "pytest configuration", languages: [.python])]
            }
            if let line = ConfigText.lines(text).first(where: { $0.text.trimmingCharacters(in: .whitespaces) == header }) {
                return [declaration(.string("pytest"), file: file, line: line.number, setting: header, languages: [.python])]
            }
        }
        return []
    }

    /// A build file at the root and the test frameworks it can name, each by the coordinates that depend on it.
    struct BuildFile {
        let names: [String]
        let languages: Set<Language>
        let frameworks: [(framework: String, needles: [String])]
    }

    /// Kotlin's `kotlin.test` beside JUnit (okio's multiplatform tests) makes two: neither is declared.
    static let jvm: [(framework: String, needles: [String])] = [
        ("junit5", ["org.junit.jupiter", "junit-jupiter"]),
        ("junit4", ["junit:junit", "<artifactId>junit</artifactId>"]),
        ("testng", ["org.testng"]),
        ("kotlin-test", ["org.jetbrains.kotlin:kotlin-test", "kotlin(\"test"]),
    ]

    static let buildFiles = [
        BuildFile(names: ["composer.json"], languages: [.php], frameworks: [("phpunit", ["\"phpunit/phpunit\""]), ("pest", ["\"pestphp/pest\""])]),
        BuildFile(
            names: ["build.sbt", "build.mill", "build.sc"], languages: [.scala],
            frameworks: [
                ("scalatest", ["\"scalatest\"", "::scalatest:"]), ("munit", ["\"munit\"", "::munit:"]),
                ("utest", ["\"utest\"", "::utest:", "TestModule.Utest"]), ("specs2", ["\"specs2-core\"", "::specs2-core:"]),
            ]),
        BuildFile(
            names: ["Directory.Packages.props", "Directory.Build.props"], languages: [.csharp],
            frameworks: [
                ("xunit", ["Include=\"xunit\"", "Include=\"xunit.v3\""]), ("nunit", ["Include=\"NUnit\""]),
                ("mstest", ["Include=\"MSTest.TestFramework\"", "Include=\"MSTest\""]),
            ]),
        BuildFile(names: ["pom.xml"], languages: [.java, .kotlin], frameworks: jvm),
        BuildFile(names: ["build.gradle.kts", "build.gradle", "gradle/libs.versions.toml"], languages: [.java, .kotlin], frameworks: jvm),
    ]

    /// PHP, Scala, C#, Java and Kotlin: the one test framework the root build file depends on (Composer's, sbt's
    /// or Mill's, the solution's central package list, Maven's or Gradle's). Two (JUnit 4 beside 5 through the
    /// vintage engine, a migration under way) say nothing.
    static func builds(_ files: Files) -> [DeclaredFact] {
        buildFiles.compactMap { build in
            var named: [(framework: String, file: String, line: Int)] = []
            for file in build.names {
                guard let text = files(file) else { continue }
                let lines = ConfigText.lines(text)
                for (framework, needles) in build.frameworks where !named.contains(where: { $0.framework == framework }) {
                    guard let line = lines.first(where: { line in needles.contains { line.text.contains($0) } }) else { continue }
                    named.append((framework, file, line.number))
                }
            }
            guard named.count == 1, let only = named.first else { return nil }
            return declaration(
                .string(only.framework), file: only.file, line: only.line, setting: "depends on \(only.framework)",
                languages: build.languages)
        }
    }

    private static func declaration(_ value: FactValue, file: String, line: Int?, setting: String, languages: Set<Language>) -> DeclaredFact {
        DeclaredFact(
            declaration: ConfigDeclaration(fact: .testFramework, value: value, file: file, line: line, setting: setting, tool: .runner),
            languages: languages)
    }
}
