import Foundation
import XCTest

@testable import TasteCore

/// Dependencies from the manifests: what each lists, which library a repository uses for a job and which it
/// replaced, and a mined rule that names a library going stale once the library leaves the manifests.
final class DependencyTests: XCTestCase {
    func testEachManifestListsItsDependencyNames() {
        XCTAssertEqual(
            Manifests.parse(
                "package.json",
                """
                {"name": "app", "scripts": {"test": "jest"}, "dependencies": {"axios": "^1"}, "devDependencies": {"jest": "^29", "@types/node": "*"}}
                """), ["axios", "jest", "@types/node"])
        XCTAssertEqual(
            Manifests.parse(
                "Cargo.toml",
                """
                [package]
                name = "app"

                [dependencies]
                anyhow = "1"
                serde = { version = "1", features = ["derive"] }

                [dev-dependencies.tempfile]
                version = "3"
                """), ["anyhow", "serde", "tempfile"])
        XCTAssertEqual(
            Manifests.parse(
                "go.mod",
                "module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/stretchr/testify v1.9.0\n\tgo.uber.org/zap v1.27.0 // indirect\n)\nrequire github.com/spf13/cobra v1.8.0\n"
            ),
            ["github.com/stretchr/testify", "go.uber.org/zap", "github.com/spf13/cobra"])
        XCTAssertEqual(
            Manifests.parse(
                "pyproject.toml",
                """
                [project]
                name = "app"
                description = "Not a dependency"
                classifiers = [
                    "Development Status :: 5 - Production/Stable",
                ]
                dependencies = [
                    "httpx>=0.27",
                    "pydantic_core",
                ]

                [project.optional-dependencies]
                test = ["pytest>=8", "respx"]
                """), ["httpx", "pydantic-core", "pytest", "respx"])
        XCTAssertEqual(Manifests.parse("Gemfile", "source 'https://rubygems.org'\ngem 'rspec', '~> 3'\ngem \"rack\"\n"), ["rspec", "rack"])
        XCTAssertEqual(
            Manifests.parse(
                "Package.swift",
                """
                dependencies: [
                    .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
                    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.3.0"),
                ]
                """), ["swift-log", "swift-argument-parser"])
        XCTAssertEqual(
            Manifests.parse(
                "build.gradle.kts",
                "dependencies {\n    testImplementation(\"org.junit.jupiter:junit-jupiter:5.10.0\")\n    implementation(\"com.squareup.okhttp3:okhttp:4.12.0\")\n}\n"
            ),
            ["junit-jupiter", "okhttp"])
        XCTAssertEqual(
            Manifests.parse(
                "gradle/libs.versions.toml",
                "[libraries]\njunit = { module = \"junit:junit\", version.ref = \"junit\" }\ntruth = \"com.google.truth:truth:1.4\"\nurl = \"see:here\"\n"
            ),
            ["junit", "truth"])
        XCTAssertEqual(
            Manifests.parse("build.gradle", "ext.deps = [\n  'junit': \"junit:junit:${versions.junit}\",\n  'key': 'a:b:c',\n]\n"), ["junit"],
            "okio's build.gradle")
        XCTAssertEqual(Manifests.parse("package.json", "{ not json"), [])
    }

    /// Jest for two years, then Vitest: the manifests say which one to use now and which one it replaced, and
    /// the testing rule follows the runner `package.json` lists now, though the test files still call Jest.
    func testAReplacedLibraryIsNamedAndTheTestingRuleFollowsTheListedRunner() throws {
        let fixture = try GitFixture()
        let start: Int64 = 1_600_000_000
        let year: Int64 = 365 * 86_400
        func package(_ runner: String) -> String {
            "{\n  \"name\": \"app\",\n  \"devDependencies\": {\n    \"\(runner)\": \"^1.0.0\"\n  }\n}\n"
        }
        for index in 0..<6 {
            try fixture.commit(
                "feat: add m\(index)",
                files: [
                    "package.json": package("jest"),
                    "src/m\(index).js": "export function m\(index)(a) {\n  return a + \(index);\n}\n",
                    "test/m\(index).test.js": "test('adds', () => {\n  jest.fn()();\n  expect(m\(index)(1)).toBe(\(index + 1));\n});\n",
                ], at: start + Int64(index) * 86_400)
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(try rule("testing/javascript-framework", of: fixture.path, in: store).facts[.testFramework], .string("jest"))
        XCTAssertEqual(try rule("dependencies/npm-tests", of: fixture.path, in: store).facts[.library], .string("jest"))

        try fixture.commit("build: move to vitest", files: ["package.json": package("vitest")], at: start + 2 * year)
        try mine(fixture.path, into: store)
        let dependency = try rule("dependencies/npm-tests", of: fixture.path, in: store)
        XCTAssertEqual(dependency.facts[.library], .string("vitest"))
        XCTAssertEqual(dependency.facts[.replaced], .strings(["jest"]))
        XCTAssertEqual(dependency.statement, "For tests, use `vitest`. It replaced `jest` (listed until at least 2020-09): do not bring it back.")
        XCTAssertEqual(dependency.evidence.first?.path, "package.json")
        XCTAssertEqual(dependency.evidence.first?.line, 4)
        let testing = try rule("testing/javascript-framework", of: fixture.path, in: store)
        XCTAssertEqual(testing.facts[.testFramework], .string("vitest"))
        XCTAssertEqual(testing.source, "declared")
        XCTAssertNil(testing.stale)
        XCTAssertEqual(
            testing.statement,
            "Write tests with Vitest. `package.json` (devDependencies vitest, line 4) runs it now; most merged test files still keep jest.")
    }

    /// moshi from 2020 to 2021: the coordinates moved from `build.gradle.kts` to `buildSrc`'s dependency object,
    /// and the build file names them by constant. JUnit never left, and the testing rule stays fresh.
    func testCoordinatesInBuildSrcStayListed() throws {
        let fixture = try GitFixture()
        let start: Int64 = 1_600_000_000
        let year: Int64 = 365 * 86_400
        for index in 0..<6 {
            try fixture.commit(
                "Add m\(index)",
                files: [
                    "build.gradle.kts": "dependencies {\n  testImplementation(\"junit:junit:4.12\")\n}\n",
                    "src/main/java/app/M\(index).java":
                        "package app;\n\npublic class M\(index) {\n  public int m() {\n    return \(index);\n  }\n}\n",
                    "src/test/java/app/M\(index)Test.java":
                        "package app;\n\nimport static org.junit.Assert.assertEquals;\n\nimport org.junit.Test;\n\npublic class M\(index)Test {\n  @Test\n  public void m() {\n    assertEquals(\(index), new M\(index)().m());\n  }\n}\n",
                ], at: start + Int64(index) * 86_400)
        }
        try fixture.commit(
            "Move the coordinates to buildSrc",
            files: [
                "build.gradle.kts": "dependencies {\n  testImplementation(Dependencies.Testing.junit)\n}\n",
                "buildSrc/build.gradle.kts": "plugins {\n  `kotlin-dsl`\n}\n",
                "buildSrc/src/main/kotlin/Dependencies.kt":
                    "object Dependencies {\n  object Testing {\n    const val junit = \"junit:junit:4.13\"\n  }\n}\n",
            ], at: start + 2 * year)
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let testing = try rule("testing/java-framework", of: fixture.path, in: store)
        XCTAssertEqual(testing.facts[.testFramework], .string("junit4"))
        XCTAssertNil(testing.stale, testing.stale?.reason ?? "")
        XCTAssertEqual(
            Manifests.parse("buildSrc/src/main/kotlin/Dependencies.kt", "const val junit = \"junit:junit:4.13\"\n"), ["junit"])
    }
}
