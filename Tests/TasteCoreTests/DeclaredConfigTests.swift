import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Declared configuration read as evidence: each tool's files and defaults, then how declarations meet the
/// mined rules (agree, disagree, declared only), `--ignore-config`, and a configuration file that changes or
/// goes away.
final class DeclaredConfigTests: XCTestCase {
    /// What a set of files declares, as "language fact=value (setting)" lines, sorted.
    private func declared(_ files: [String: String]) -> [String] {
        StyleConfigReaders.all { files[$0] }.flatMap { fact -> [String] in
            let languages = fact.languages.map { $0.map(\.rawValue).sorted() } ?? ["*"]
            return languages.map { "\($0) \(fact.declaration.fact)=\(fact.declaration.value) (\(fact.declaration.setting))" }
        }.sorted()
    }

    // MARK: Readers

    func testEditorConfigAppliesSectionsInOrderWithBraceGlobs() {
        let text = """
            root = true

            [*]
            indent_style = space
            indent_size = 4
            insert_final_newline = true

            [*.{js, ts}]
            indent_size = 2
            max_line_length = 100

            [Makefile]
            indent_style = tab
            """
        let facts = declared([".editorconfig": text]).filter { $0.hasPrefix("javascript ") || $0.hasPrefix("python ") || $0.hasPrefix("go ") }
        XCTAssertEqual(
            facts,
            [
                "go final_newline=true ([*] insert_final_newline)",
                "go indent_size=4 ([*] indent_size)",
                "go indent_style=space ([*] indent_style)",
                "javascript final_newline=true ([*] insert_final_newline)",
                "javascript indent_size=2 ([*.{js, ts}] indent_size)",
                "javascript indent_style=space ([*] indent_style)",
                "javascript max_line_length=100 ([*.{js, ts}] max_line_length)",
                "python final_newline=true ([*] insert_final_newline)",
                "python indent_size=4 ([*] indent_size)",
                "python indent_style=space ([*] indent_style)",
            ])
        let line = StyleConfigReaders.all { [".editorconfig": text][$0] }
            .first { $0.languages == [.typescript] && $0.declaration.fact == "max_line_length" }?.declaration.line
        XCTAssertEqual(line, 10)
    }

    func testAPreCommitHookRunningTheFormatterDeclaresItsDefaults() {
        let hooks = "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    hooks:\n      - id: ruff-check\n      - id: ruff-format\n"
        XCTAssertEqual(
            declared([".pre-commit-config.yaml": hooks, "pyproject.toml": "[tool.ruff]\nsrc = [\"src\"]\n"]),
            [
                "python indent_size=4 (ruff indent-width (default))",
                "python indent_style=space (ruff format indent-style (default))",
                "python max_line_length=88 (ruff line-length (default))",
                "python quote_style=double (ruff format quote-style (default))",
                "python trailing_commas=multiline (ruff format (default))",
            ], "flask: the linter's table, the formatter run by the hook")
        XCTAssertEqual(
            declared([".pre-commit-config.yaml": hooks.replacingOccurrences(of: "ruff-format", with: "black")]),
            [
                "python indent_size=4 (black hook (default))",
                "python indent_style=space (black hook (default))",
                "python max_line_length=88 (black hook (default))",
                "python quote_style=double (black hook (default))",
                "python trailing_commas=multiline (black hook (default))",
            ])
        XCTAssertEqual(declared([".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n      - id: ruff-check\n"]), [])
    }

    func testFormattersDeclareTheirDefaultsWhereTheFileIsSilent() {
        XCTAssertEqual(
            declared(["pyproject.toml": "[tool.black]\ntarget-version = ['py311']\n"]),
            [
                "python indent_size=4 (black (default))",
                "python indent_style=space (black (default))",
                "python max_line_length=88 (black line-length (default))",
                "python quote_style=double (black (default))",
                "python trailing_commas=multiline (black (default))",
            ])
        XCTAssertEqual(
            declared(["rustfmt.toml": "max_width = 79\nedition = \"2021\"\n"]),
            [
                "rust indent_size=4 (tab_spaces (default))",
                "rust indent_style=space (hard_tabs (default))",
                "rust max_line_length=79 (max_width)",
                "rust trailing_commas=multiline (trailing_comma (default))",
            ])
        XCTAssertEqual(
            declared([".clang-format": "BasedOnStyle: Google\nColumnLimit: 100\n"]).filter { $0.hasPrefix("cpp") },
            [
                "cpp brace_style=same-line (BasedOnStyle Google (default))",
                "cpp imports_grouped=true (BasedOnStyle Google (default))",
                "cpp imports_sorted=true (BasedOnStyle Google (default))",
                "cpp indent_size=2 (BasedOnStyle Google (default))",
                "cpp indent_style=space (BasedOnStyle Google (default))",
                "cpp max_line_length=100 (ColumnLimit)",
            ])
        // LLVM keeps include blocks as written; `SortIncludes: Never` leaves their order to people.
        XCTAssertEqual(
            declared([".clang-format": "BasedOnStyle: LLVM\n"]).filter { $0.hasPrefix("c imports") },
            ["c imports_sorted=true (BasedOnStyle LLVM (default))"])
        XCTAssertEqual(
            declared([".clang-format": "BasedOnStyle: Google\nSortIncludes: Never\nIncludeBlocks: Preserve\n"])
                .filter { $0.hasPrefix("c imports") }, [])
        // Blocks are regrouped only where includes are sorted (spdlog: Google's preset, sorting off).
        XCTAssertEqual(declared([".clang-format": "BasedOnStyle: Google\nSortIncludes: Never\n"]).filter { $0.hasPrefix("c imports") }, [])
    }

    func testTabWidthsAreDeclaredWhereCodeIsIndentedWithTabs() {
        let editor = "[*.go]\nindent_style = tab\nindent_size = 8\n\n[*.rs]\nindent_style = tab\ntab_width = 2\nindent_size = 4\n"
        XCTAssertEqual(
            declared([".editorconfig": editor]).filter { $0.contains("tab_width") },
            ["go tab_width=8 ([*.go] indent_size)", "rust tab_width=2 ([*.rs] tab_width)"])
        XCTAssertEqual(
            declared([".editorconfig": "[*.cs]\nindent_style = space\nindent_size = 4\ntab_width = 4\n"]).filter { $0.contains("tab_width") }, [],
            "spaces: no tab to count")
        XCTAssertEqual(
            declared(["rustfmt.toml": "hard_tabs = true\n"]).filter { $0.contains("tab_width") }, ["rust tab_width=4 (tab_spaces (default))"])
        XCTAssertEqual(
            declared([".prettierrc": #"{ "useTabs": true, "tabWidth": 4 }"#]).filter { $0.hasPrefix("typescript tab_width") },
            ["typescript tab_width=4 (tabWidth)"])
        XCTAssertEqual(declared([".prettierrc": #"{ "tabWidth": 4 }"#]).filter { $0.contains("tab_width") }, [], "spaces: no tab to count")
        XCTAssertEqual(
            declared([".clang-format": "UseTab: Always\n"]).filter { $0.hasPrefix("c tab_width") }, ["c tab_width=8 (TabWidth (default))"])
        let golangci = "linters:\n  enable:\n    - lll\nlinters-settings:\n  lll:\n    line-length: 100\n    tab-width: 4\n"
        XCTAssertEqual(declared([".golangci.yml": golangci]).filter { $0.contains("tab_width") }, ["go tab_width=4 (lll tab-width)"])
    }

    func testPrettierInPackageJSONAndSwiftFormatJSON() {
        let package = """
            {
              "name": "x",
              "prettier": {
                "semi": false,
                "singleQuote": true,
                "printWidth": 100
              }
            }
            """
        XCTAssertEqual(
            declared(["package.json": package]).filter { $0.hasPrefix("typescript") },
            [
                "typescript indent_size=2 (tabWidth (default))",
                "typescript indent_style=space (useTabs (default))",
                "typescript max_line_length=100 (printWidth)",
                "typescript quote_style=single (singleQuote)",
                "typescript semicolons=false (semi)",
                "typescript trailing_commas=multiline (trailingComma (default))",
            ])
        let swiftFormat = """
            {
              // comments are allowed by swift-format
              "version": 1,
              "lineLength": 120,
              "indentation": { "spaces": 4 },
            }
            """
        XCTAssertEqual(
            declared([".swift-format": swiftFormat]),
            [
                "swift indent_size=4 (indentation.spaces)",
                "swift indent_style=space (indentation.spaces)",
                "swift max_line_length=120 (lineLength)",
                "swift semicolons=false (DoNotUseSemicolons (default))",
                "swift trailing_commas=multiline (multiElementCollectionTrailingCommas (default))",
            ])
        let allowed = #"{ "rules": { "DoNotUseSemicolons": false } }"#
        XCTAssertEqual(declared([".swift-format": allowed]).filter { $0.contains("semicolons") }, [])
        XCTAssertEqual(
            declared([".swiftformat": "--indent 4\n"]).filter { $0.contains("semicolons") },
            ["swift semicolons=false (semicolons (default))"])
        XCTAssertEqual(declared([".swiftformat": "--disable redundantSelf,semicolons\n"]).filter { $0.contains("semicolons") }, [])
    }

    /// A runner's configuration names the framework that runs the tests, unless the manifest has left it; a manifest
    /// that lists one runner does too, and one that lists several (a migration under way) names none.
    func testTestRunnersDeclareTheirFramework() {
        XCTAssertEqual(
            declared(["vitest.config.ts": "export default {}\n", "package.json": "{\"devDependencies\": {\"jest\": \"1\"}}\n"])
                .filter { $0.hasPrefix("typescript") },
            ["typescript test_framework=vitest (vitest configuration)"])
        XCTAssertEqual(
            declared(["package.json": "{\n  \"jest\": {\n    \"testEnvironment\": \"node\"\n  }\n}\n"]).filter { $0.hasPrefix("javascript") },
            ["javascript test_framework=jest (jest)"])
        XCTAssertEqual(
            declared(["package.json": "{\"devDependencies\": {\"mocha\": \"1\", \"chai\": \"1\"}}\n"]).filter { $0.hasPrefix("javascript") },
            ["javascript test_framework=mocha (devDependencies mocha)"])
        XCTAssertEqual(declared(["package.json": "{\"devDependencies\": {\"jest\": \"1\", \"vitest\": \"1\"}}\n"]), [])
        // borp runs `node:test`: pino's manifest lists it beside Jest, which runs one spec; neither is declared.
        XCTAssertEqual(
            declared(["package.json": "{\"devDependencies\": {\"borp\": \"1\"}}\n"]).filter { $0.hasPrefix("javascript") },
            ["javascript test_framework=node-test (devDependencies borp)"])
        XCTAssertEqual(declared(["package.json": "{\"devDependencies\": {\"borp\": \"1\", \"jest\": \"1\"}}\n"]), [])
        XCTAssertEqual(
            declared(["karma.conf.js": "config.set({ frameworks: ['mocha'] })\n"]).filter { $0.hasPrefix("javascript") },
            [
                "javascript test_framework=mocha (karma configuration)"
            ])
        // A configuration the manifest has left behind: no dependency on its runner, and the tests run by another.
        let migrated = "{\"scripts\": {\"test\": \"vitest run\"}, \"devDependencies\": {\"vitest\": \"1\"}}\n"
        XCTAssertEqual(
            declared(["jest.config.js": "module.exports = {}\n", "package.json": migrated]).filter { $0.hasPrefix("typescript") },
            ["typescript test_framework=vitest (devDependencies vitest)"])
        let stillJest = "{\"scripts\": {\"test\": \"jest --coverage\"}, \"devDependencies\": {\"vitest\": \"1\"}}\n"
        XCTAssertEqual(
            declared(["jest.config.js": "module.exports = {}\n", "package.json": stillJest]).filter { $0.hasPrefix("typescript") },
            ["typescript test_framework=jest (jest configuration)"], "a script still runs jest")
        XCTAssertEqual(
            declared(["pyproject.toml": "[project]\nname = \"x\"\n\n[tool.pytest.ini_options]\naddopts = \"-q\"\n"]),
            ["python test_framework=pytest ([tool.pytest.ini_options])"])
    }

    /// Composer, sbt and Mill, the solution's central package list, Maven and Gradle name the one test framework
    /// the build depends on; two say nothing.
    func testBuildFilesDeclareTheTestFrameworkTheyDependOn() {
        XCTAssertEqual(
            declared(["composer.json": "{\n  \"require-dev\": {\n    \"phpunit/phpunit\": \"^9.6\"\n  }\n}\n"]),
            ["php test_framework=phpunit (depends on phpunit)"])
        XCTAssertEqual(
            declared(["build.mill": "val communityBuild = 1\nobject Deps {\n  val utest = mvn\"com.lihaoyi::utest::0.8.9\"\n}\n"]),
            ["scala test_framework=utest (depends on utest)"], "`communityBuild` holds `munit`, which names nothing")
        XCTAssertEqual(
            declared(["build.sbt": "libraryDependencies += \"org.scalameta\" %% \"munit\" % \"1.0.0\" % Test\n"]),
            ["scala test_framework=munit (depends on munit)"])
        XCTAssertEqual(
            declared(["Directory.Packages.props": "<Project>\n  <PackageVersion Include=\"xunit\" Version=\"2.9.2\" />\n</Project>\n"]),
            ["csharp test_framework=xunit (depends on xunit)"])
        XCTAssertEqual(
            declared(["gradle/libs.versions.toml": "[libraries]\njunit = \"junit:junit:4.13.2\"\n"]),
            ["java test_framework=junit4 (depends on junit4)", "kotlin test_framework=junit4 (depends on junit4)"])
        let vintage = "<dependency><artifactId>junit</artifactId></dependency>\n<groupId>org.junit.jupiter</groupId>\n"
        XCTAssertEqual(declared(["pom.xml": vintage]), [], "JUnit 4 beside 5 is a migration under way")
        let okio = "[libraries]\nkotlin-test = { module = \"org.jetbrains.kotlin:kotlin-test\" }\ntest-junit = { module = \"junit:junit\" }\n"
        XCTAssertEqual(declared(["gradle/libs.versions.toml": okio]), [], "kotlin.test beside JUnit: two frameworks")
    }

    /// scalafmt and PHP-CS-Fixer, with their defaults; the .NET formatter's brace setting in `.editorconfig`.
    func testScalaPHPAndCSharpFormattersDeclareTheirSettings() {
        XCTAssertEqual(
            declared([".scalafmt.conf": "version = \"3.8.3\"\n\nmaxColumn = 100\nnewlines.source = keep\n"]),
            [
                "scala indent_size=2 (indent.main (default))",
                "scala indent_style=space (scalafmt (default))",
                "scala max_line_length=100 (maxColumn)",
            ])
        XCTAssertEqual(
            declared([".scalafmt.conf": "docstrings = JavaDoc\n"]),
            [
                "scala indent_size=2 (indent.main (default))", "scala indent_style=space (scalafmt (default))",
                "scala max_line_length=80 (maxColumn (default))",
            ],
            "scalafmt before 3.0 named no version")
        let symfony = "<?php\n\nreturn (new PhpCsFixer\\Config())\n    ->setRules([\n        '@Symfony' => true,\n    ]);\n"
        XCTAssertEqual(
            declared([".php-cs-fixer.dist.php": symfony]),
            [
                "php brace_style=next-line-for-declarations (@Symfony (default))",
                "php final_newline=true (@Symfony (default))",
                "php indent_size=4 (@Symfony (default))",
                "php indent_style=space (@Symfony (default))",
                "php line_endings=lf (@Symfony (default))",
                "php quote_style=single (@Symfony (default))",
                "php trim_trailing_whitespace=true (@Symfony (default))",
            ])
        let tabs = "<?php\nreturn (new PhpCsFixer\\Config())\n    ->setIndent(\"\\t\")\n    ->setRules(['@PSR12' => true]);\n"
        XCTAssertEqual(
            declared([".php-cs-fixer.php": tabs]).filter { $0.contains("indent") || $0.contains("quote") },
            ["php indent_style=tab (setIndent)"], "PSR-12 alone says nothing of quotes")
        XCTAssertEqual(declared([".php-cs-fixer.php": "<?php\nreturn new PhpCsFixer\\Config();\n"]), [], "no rule set, no defaults")
        XCTAssertEqual(
            declared([".editorconfig": "[*.cs]\ncsharp_new_line_before_open_brace = all\n[*]\ncsharp_new_line_before_open_brace = none\n"])
                .filter { $0.contains("brace") },
            ["csharp brace_style=same-line ([*] csharp_new_line_before_open_brace)"],
            "a later section overrides; the key speaks for C# alone")
        XCTAssertEqual(
            declared([".editorconfig": "[*.cs]\ncsharp_new_line_before_open_brace = types, methods, properties\n"]).filter { $0.contains("brace") },
            ["csharp brace_style=next-line-for-declarations ([*.cs] csharp_new_line_before_open_brace)"],
            "control blocks keep their brace on their line")
        let ownBraces =
            "<?php\nreturn (new PhpCsFixer\\Config())->setRules([\n    '@PSR12' => true,\n    'braces_position' => ['functions_opening_brace' => 'same_line'],\n]);\n"
        XCTAssertEqual(
            declared([".php-cs-fixer.php": ownBraces]).filter { $0.contains("brace") }, [], "a configuration placing braces itself is not read")
    }

    func testClangFormatStylesThatBreakBeforeFunctionBracesAreSplit() {
        XCTAssertEqual(
            declared([".clang-format": "BasedOnStyle: LLVM\nBreakBeforeBraces: Linux\n"]).filter { $0.hasPrefix("c brace") },
            ["c brace_style=next-line-for-declarations (BreakBeforeBraces)"])
        XCTAssertEqual(
            declared([".clang-format": "BasedOnStyle: WebKit\n"]).filter { $0.hasPrefix("c brace") },
            ["c brace_style=next-line-for-declarations (BasedOnStyle WebKit (default))"])
        XCTAssertEqual(declared([".clang-format": "BreakBeforeBraces: Custom\n"]).filter { $0.hasPrefix("c brace") }, [])
    }

    func testLintersDeclareOnlyWhatTheyConfigure() {
        let eslint = """
            rules:
              indent: [error, 2, { SwitchCase: 1 }]
              quotes: [error, single]
              semi: [error, never]
              comma-dangle: ["error", "always-multiline"]
              max-len: off
            """
        XCTAssertEqual(
            declared([".eslintrc.yml": eslint]).filter { $0.hasPrefix("javascript") },
            [
                "javascript indent_size=2 (indent)",
                "javascript indent_style=space (indent)",
                "javascript quote_style=single (quotes)",
                "javascript semicolons=false (semi)",
                "javascript trailing_commas=multiline (comma-dangle)",
            ])
        XCTAssertEqual(
            declared(["setup.cfg": "[metadata]\nname = x\n\n[flake8]\nmax-line-length = 100\n"]),
            ["python max_line_length=100 ([flake8] max-line-length)"])
        // flake8-bugbear's B950 in place of E501 (Black's own advice): lines may run 10% past the setting.
        let bugbear = "[flake8]\nselect = B, E, F, W, B9\nignore =\n    # handled by B950\n    E501\nmax-line-length = 80\n"
        XCTAssertEqual(declared(["setup.cfg": bugbear]), ["python max_line_length=88 ([flake8] max-line-length + 10%, bugbear B950)"])
        XCTAssertEqual(
            declared([".flake8": "[flake8]\nextend-select = B950\nmax-line-length = 79\n"]),
            ["python max_line_length=79 ([flake8] max-line-length)"], "with E501 still on, 79 is the limit")
        // E501 ignored without B950 (requests' setup.cfg, beside black): flake8 holds no width.
        XCTAssertEqual(declared(["setup.cfg": "[flake8]\nignore = E203, E501, W503\n"]), [])
        XCTAssertEqual(declared([".flake8": "[flake8]\nextend-ignore =\n    # black wraps\n    E501,\n    W503\nmax-line-length = 88\n"]), [])
        XCTAssertEqual(
            declared([".flake8": "[flake8]\nignore = E203\n[other]\nignore = E501\n"]),
            ["python max_line_length=79 ([flake8] max-line-length (default))"])
        XCTAssertEqual(
            declared([".swiftlint.yml": "line_length:\n  warning: 140\n  error: 200\n"]),
            ["swift max_line_length=140 (line_length.warning)"])
        XCTAssertEqual(
            declared([".rubocop.yml": "Layout/LineLength:\n  Max: 100\nStyle/StringLiterals:\n  EnforcedStyle: double_quotes\n"]),
            [
                "ruby max_line_length=100 (Layout/LineLength Max)",
                "ruby quote_style=double (Style/StringLiterals EnforcedStyle)",
            ])
        XCTAssertEqual(declared([".husky/commit-msg": "npx --no -- commitlint --edit $1\n"]), ["* commit_convention=conventional (commitlint)"])
    }

    func testHostileEditorConfigGlobsStayBounded() {
        let header = String(repeating: "{a,b}", count: 20) + ".py"
        XCTAssertEqual(EditorConfig.expand(header).count, 64)
        XCTAssertEqual(EditorConfig.expand("{a,{b,c}}.py").count, 3, "nested braces terminate")
        XCTAssertEqual(declared([".editorconfig": "[\(header)]\nindent_size = 3\n"]), [])
    }

    func testAReversedRangeInASectionHeaderCoversNoFile() {
        XCTAssertEqual(declared([".editorconfig": "[*.[z-a]y]\nindent_size = 3\n"]), [])
    }

    func testUnreadableConfigurationYieldsNothingRatherThanAnError() {
        XCTAssertEqual(
            declared([".swift-format": "{ not json", ".prettierrc": "\u{0}\u{1}{{{ ]", "pyproject.toml": "[tool.black\nline-length = = 3"]), [])
    }

    // MARK: Declared meets mined

    /// Python in 4 spaces for 6 commits; the configuration under test decides the rest.
    private func pythonRepository(config: [String: String]) throws -> GitFixture {
        let fixture = try GitFixture()
        for index in 0..<6 {
            var files = ["app/m\(index).py": Code.pythonModule("m\(index)")]
            if index == 0 { files.merge(config) { $1 } }
            try fixture.commit("feat: add m\(index)", files: files)
        }
        return fixture
    }

    func testADisagreeingDeclarationIsReportedAndTheCodeWins() throws {
        let fixture = try pythonRepository(config: [".editorconfig": "[*.py]\nindent_style = space\nindent_size = 2\n"])
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rule = try rule("python-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(rule.facts[.indentSize], .int(4), "the code, not the file, decides the fact")
        XCTAssertEqual(rule.source, "both", "indent_style agrees")
        let size = try XCTUnwrap(rule.declared?.first { $0.fact == "indent_size" })
        XCTAssertEqual(size.agrees, false)
        XCTAssertEqual(size.line, 3)
        XCTAssertTrue(
            rule.statement.hasSuffix(
                "`.editorconfig` ([*.py] indent_size, line 3) declares indent_size 2, but merged code keeps 4: follow the code."),
            rule.statement)
    }

    func testIgnoreConfigFindsTheSameMinedFactsWithoutDeclarations() throws {
        let fixture = try pythonRepository(config: ["pyproject.toml": "[tool.black]\nline-length = 100\n"])
        let withConfig = try makeStore(), withoutConfig = try makeStore()
        try mine(fixture.path, into: withConfig)
        try mine(fixture.path, into: withoutConfig) { $0.ignoreConfig = true }
        let declaredRules = try skills(of: fixture.path, in: withConfig).flatMap(\.rules)
        let minedRules = try skills(of: fixture.path, in: withoutConfig).flatMap(\.rules)
        XCTAssertTrue(minedRules.allSatisfy { $0.source == "mined" && $0.declared == nil })
        for rule in minedRules {
            XCTAssertEqual(declaredRules.first { $0.id == rule.id }?.facts, rule.facts, "\(rule.id) has the same facts either way")
        }
        let quotes = try XCTUnwrap(declaredRules.first { $0.id == "python-style/quotes" } ?? declaredRules.first { $0.facts[.quoteStyle] != nil })
        XCTAssertEqual(quotes.facts[.quoteStyle], .string("double"))
        XCTAssertTrue(["declared", "both", "mined"].contains(quotes.source))
        let indentation = try XCTUnwrap(declaredRules.first { $0.id == "python-style/indentation" })
        XCTAssertEqual(indentation.source, "both", "black's 4 spaces agree with the code")
    }

    func testAConfigurationChangeTheCodeHasNotFollowedMakesTheRuleStale() throws {
        let history = try ReplayedHistory(store: try makeStore())
        for index in 0..<6 {
            var files = ConventionCode.python(index, indent: 4)
            if index == 0 { files[".editorconfig"] = "[*.py]\nindent_style = space\nindent_size = 4\n" }
            try history.commit("feat(app): add m\(index)", files: files)
        }
        XCTAssertEqual(history.last?.rule("python-style/indentation")?.source, "both")
        XCTAssertNil(history.last?.rule("python-style/indentation")?.stale)

        // The file now asks for 2 spaces; merged code has not moved yet.
        let changed = try history.commit("chore: two-space indentation", files: [".editorconfig": "[*.py]\nindent_style = space\nindent_size = 2\n"])
        let rule = try XCTUnwrap(changed.rule("python-style/indentation"))
        let drift = try XCTUnwrap(rule.stale, "a changed declaration the code does not follow is stale")
        XCTAssertEqual(drift.configFile, ".editorconfig")
        XCTAssertEqual(
            drift.reason,
            "`.editorconfig` ([*.py] indent_size, line 3) now declares indent_size 2 (was 4), but merged code still keeps 4: follow the code until merges follow the file."
        )
        XCTAssertEqual(changed.status("python-style"), .stale)
        // It stays stale while the disagreement holds.
        let next = try history.commit("feat(app): add m6", files: ConventionCode.python(6, indent: 4))
        XCTAssertEqual(next.rule("python-style/indentation")?.stale?.configFile, ".editorconfig")
        XCTAssertEqual(next.rule("python-style/indentation")?.stale?.reason, drift.reason, "it keeps the words it was raised with")
        // The file gives way: active again.
        let reverted = try history.commit("chore: back to four", files: [".editorconfig": "[*.py]\nindent_style = space\nindent_size = 4\n"])
        XCTAssertNil(reverted.rule("python-style/indentation")?.stale)
        XCTAssertEqual(reverted.status("python-style"), .active)
    }

    func testAConfigurationMovedToAnotherFileWithTheSameValueAnnouncesNothing() throws {
        let history = try ReplayedHistory(store: try makeStore())
        // Code wrapped at 88 columns, which flake8's 100 does not describe.
        let module = { (index: Int) in
            "def f\(index)():\n"
                + (0..<60).map { line in
                    let width = line % 4 == 0 ? 88 - line % 5 : 20 + (line * 7) % 50
                    return "    x = " + String(repeating: "a", count: width - 8)
                }.joined(separator: "\n") + "\n"
        }
        for index in 0..<6 {
            var files = ["src/m\(index).py": module(index)]
            if index == 0 { files["setup.cfg"] = "[flake8]\nmax-line-length = 100\n" }
            try history.commit("Add m\(index)", files: files)
        }
        let before = try XCTUnwrap(history.last?.rule("python-style/line-length"))
        XCTAssertEqual(before.facts[.maxLineLength], .int(88))
        XCTAssertEqual(before.declared?.first?.agrees, false)
        XCTAssertNil(before.stale)

        try history.fixture.git("rm", "-q", "setup.cfg")
        let moved = try history.commit("Move the flake8 settings to .flake8", files: [".flake8": "[flake8]\nmax-line-length = 100\n"])
        XCTAssertEqual(moved.rule("python-style/line-length")?.declared?.first?.file, ".flake8")
        XCTAssertNil(moved.rule("python-style/line-length")?.stale, "the same value in another file is no new announcement")

        let changed = try history.commit("Allow 120 columns", files: [".flake8": "[flake8]\nmax-line-length = 120\n"])
        XCTAssertEqual(changed.rule("python-style/line-length")?.stale?.configFile, ".flake8")
        XCTAssertTrue(changed.rule("python-style/line-length")?.stale?.reason.contains("(was 100)") == true)
    }

    func testADeclaredOnlyRuleWhoseFileIsRemovedGoesStale() throws {
        let history = try ReplayedHistory(store: try makeStore())
        for index in 0..<6 {
            var files = ConventionCode.python(index, indent: 4)
            // The modules import nothing, so only the file speaks about imports.
            if index == 0 { files["pyproject.toml"] = "[tool.isort]\nprofile = \"black\"\n" }
            try history.commit("feat(app): add m\(index)", files: files)
        }
        let declaredOnly = try XCTUnwrap(history.last?.rule("python-style/imports"))
        XCTAssertEqual(declaredOnly.source, "declared")
        XCTAssertEqual(declaredOnly.facts, ["imports_sorted": .bool(true), "imports_grouped": .bool(true)])
        XCTAssertEqual(declaredOnly.confidence, DeclaredStyle.formatterConfidence)
        XCTAssertEqual(declaredOnly.evidence.first?.path, "pyproject.toml")

        try history.fixture.git("rm", "-q", "pyproject.toml")
        try history.fixture.git("commit", "-q", "-m", "chore: drop isort")
        let removed = try history.mineAgain()
        let rule = try XCTUnwrap(removed.rule(declaredOnly.id))
        XCTAssertEqual(
            rule.stale?.reason, "`pyproject.toml` no longer declares it (the file was removed or changed), and merged code has not shown it.")
        XCTAssertEqual(removed.status(declaredOnly.id.components(separatedBy: "/")[0]), .stale)
    }

    // MARK: Unconfirmed

    func testARuleNoMergeHasKeptForLongIsUnconfirmed() throws {
        let fixture = try GitFixture()
        let start: Int64 = 1_600_000_000
        // pytest tests early on, then 200 commits, one a day, that touch only application code.
        for index in 0..<6 {
            try fixture.commit(
                "feat: add m\(index)",
                files: [
                    "app/m\(index).py": Code.pythonModule("m\(index)"),
                    "tests/test_m\(index).py": Code.pytestFile("m\(index)", importing: true),
                ],
                at: start + Int64(index) * 3_600)
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertNil(try rule("testing/python-framework", of: fixture.path, in: store).unconfirmed)
        let later = start + 86_400
        for index in 0..<SkillPolicy.standard.unconfirmedCommits {
            try fixture.commit(
                "feat: tweak \(index)",
                files: ["app/m\(index % 6).py": Code.pythonModule("m\(index % 6)") + "def f\(index)():\n    return \(index)\n"],
                at: later + Int64(index) * 86_400)
        }
        try mine(fixture.path, into: store)
        let rule = try rule("testing/python-framework", of: fixture.path, in: store)
        XCTAssertEqual(rule.unconfirmed, "No merge has kept it in the last 200 commits (199 days): check that it still holds before relying on it.")
        XCTAssertNil(rule.stale)
        XCTAssertEqual(try skills(of: fixture.path, in: store).first { $0.name == "testing" }?.status, .unconfirmed)
        XCTAssertNil(try self.rule("python-style/indentation", of: fixture.path, in: store).unconfirmed, "indentation is kept by every commit")
    }
}
