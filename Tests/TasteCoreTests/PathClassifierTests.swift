import Foundation
import TasteCore
import XCTest

final class PathClassifierTests: XCTestCase {
    func testOwnCodeIsReadInItsLanguage() {
        let classifier = PathClassifier()
        XCTAssertEqual(classifier.decide("Sources/App/Main.swift"), .read(.swift))
        XCTAssertEqual(classifier.decide("cmd/tool/main.go"), .read(.go))
        XCTAssertEqual(classifier.decide("app.py"), .read(.python))
        XCTAssertEqual(classifier.decide("web/src/index.tsx"), .read(.typescript))
        XCTAssertEqual(classifier.decide("src/vendor.go"), .read(.go), "a file named like a vendored folder is own code")
    }

    /// Every miner asks one classifier what a file is for; a .NET project of tests and its parts are tests to all of
    /// them, as they are to the test-layout miner (Humanizer's helpers in `Humanizer.Tests.Shared/`).
    func testTestFoldersIncludeDottedTestProjects() {
        for path in ["src/Humanizer.Tests.Shared/Localisation/Helper.cs", "src/Serilog.Tests/Support/Sink.cs", "Tests/AppTests/Stub.swift"] {
            XCTAssertEqual(FileRole(path: path, language: path.hasSuffix(".cs") ? .csharp : .swift), .test, path)
        }
        for path in ["src/Humanizer/Localisation/Formatter.cs", "src/Humanizer.Core/Score.cs"] {
            XCTAssertEqual(FileRole(path: path, language: .csharp), .library, path)
        }
    }

    func testUnknownExtensionsAreIgnoredNotExcluded() {
        let classifier = PathClassifier()
        for path in ["README.md", "Makefile", "logo.png", "Package.resolved", ".gitignore", "vendor/notes.txt", "data.json"] {
            XCTAssertEqual(classifier.decide(path), .ignore, path)
        }
        XCTAssertEqual(PathClassifier(languages: [.swift]).decide("app.py"), .ignore, "languages no miner reads are ignored")
    }

    func testVendoredFoldersAreExcludedAtAnyDepth() {
        let classifier = PathClassifier()
        for path in [
            "vendor/github.com/x/y.go", "node_modules/left-pad/index.js", "web/node_modules/a/b.js",
            "third_party/zlib/inflate.c", "Pods/Alamofire/Source/AF.swift", "Carthage/Checkouts/x/y.swift",
            "bower_components/jq/jq.js", "Tests/__snapshots__/a.ts", "pkg/testdata/input.go",
            "tests/fixtures/malformed.py", "src/__fixtures__/odd.ts", "pip/_vendor/six.py",
            "include/spdlog/fmt/bundled/format.h", "3rdparty/catch/catch.hpp",
        ] {
            XCTAssertEqual(classifier.decide(path), .exclude, path)
        }
    }

    func testMinifiedBundlesAreExcluded() {
        let classifier = PathClassifier()
        XCTAssertEqual(classifier.decide("public/app.min.js"), .exclude)
        XCTAssertEqual(classifier.decide("app.min.js"), .exclude)
        XCTAssertEqual(classifier.decide("public/app.js"), .read(.javascript))
    }

    func testGitattributesLinguistGeneratedAndVendored() {
        let classifier = PathClassifier(
            gitattributes: """
                # generated code
                Generated/** linguist-generated
                *.pb.go linguist-generated=true
                external/* linguist-vendored
                Generated/Handwritten.swift -linguist-generated
                docs/*.py linguist-vendored=false
                Scripts/** text eol=lf
                # Legacy/** linguist-generated
                """)
        XCTAssertEqual(classifier.decide("Generated/Models.swift"), .exclude)
        XCTAssertEqual(classifier.decide("Generated/Deep/Models.swift"), .exclude)
        XCTAssertEqual(classifier.decide("api/v1/service.pb.go"), .exclude)
        XCTAssertEqual(classifier.decide("external/lib.c"), .exclude)
        XCTAssertEqual(classifier.decide("Generated/Handwritten.swift"), .read(.swift), "-linguist-generated overrides an earlier match")
        XCTAssertEqual(classifier.decide("docs/example.py"), .read(.python))
        XCTAssertEqual(classifier.decide("Scripts/build.sh"), .read(.shell), "other attributes do not exclude")
        XCTAssertEqual(classifier.decide("Legacy/old.swift"), .read(.swift), "commented-out lines do nothing")
        XCTAssertEqual(classifier.decide("api/v1/service.go"), .read(.go))
    }

    func testLaterGitattributesLineWins() {
        let classifier = PathClassifier(gitattributes: "*.swift -linguist-generated\nModels/*.swift linguist-generated\n")
        XCTAssertEqual(classifier.decide("Models/User.swift"), .exclude)
        XCTAssertEqual(classifier.decide("App/User.swift"), .read(.swift))
    }

    func testConfiguredExcludes() {
        let classifier = PathClassifier(excludes: ["legacy/", "Tests/Fixtures/**", "*.generated.swift"])
        XCTAssertEqual(classifier.decide("legacy/old.py"), .exclude)
        XCTAssertEqual(classifier.decide("src/legacy/old.py"), .exclude)
        XCTAssertEqual(classifier.decide("Tests/Fixtures/Sample/a.swift"), .exclude)
        XCTAssertEqual(classifier.decide("Sources/Model.generated.swift"), .exclude)
        XCTAssertEqual(classifier.decide("Tests/Unit/a.swift"), .read(.swift))
        XCTAssertEqual(classifier.decide("Sources/Model.swift"), .read(.swift))
    }

    func testGeneratedMarkersInAFilesHead() {
        XCTAssertTrue(PathClassifier.isGenerated(Data("// Code generated by protoc-gen-go. DO NOT EDIT.\npackage api\n".utf8), language: .c))
        XCTAssertTrue(PathClassifier.isGenerated(Data("# @generated by buck\n".utf8), language: .python))
        XCTAssertTrue(PathClassifier.isGenerated(Data("/* This file is auto-generated. */\n".utf8), language: .c))
        XCTAssertTrue(PathClassifier.isGenerated(Data("// AUTOGENERATED FILE\n".utf8), language: .c))
        XCTAssertTrue(PathClassifier.isGenerated(Data("// Do not edit: run make\n".utf8), language: .c))
        XCTAssertTrue(
            PathClassifier.isGenerated(
                Data("/* eslint-disable */\n\n// This file was automatically generated by TanStack Router.\nimport { Route } from './r'\n".utf8),
                language: .typescript))
        XCTAssertTrue(
            PathClassifier.isGenerated(
                Data("/* eslint-disable */\n/**\n * Mock Service Worker.\n * - Please do NOT modify this file.\n */\n".utf8),
                language: .javascript))
        XCTAssertFalse(
            PathClassifier.isGenerated(Data("// Ids are automatically generated by the database.\nexport {}\n".utf8), language: .typescript))
        XCTAssertFalse(PathClassifier.isGenerated(Data("// Written by hand.\nstruct A {}\n".utf8), language: .c))
        XCTAssertFalse(PathClassifier.isGenerated(Data(), language: .c))
        XCTAssertFalse(PathClassifier.isGenerated(Data([0xFF, 0xFE, 0x00, 0xC3]), language: .c), "invalid UTF-8 is no marker")
        XCTAssertFalse(
            PathClassifier.isGenerated(Data("puts \"// DO NOT EDIT: written by this script\"\n".utf8), language: .ruby),
            "a generator script prints the marker; its own code is not generated")
        XCTAssertFalse(
            PathClassifier.isGenerated(Data("out.write <<~SWIFT\n/// DO NOT EDIT this file\nSWIFT\n".utf8), language: .ruby),
            "nor does a template in a heredoc")
        XCTAssertTrue(PathClassifier.isGenerated(Data(" * @generated\n".utf8), language: .c), "inside a doc block")
        let late = Data((String(repeating: "x", count: 3000) + "\n// @generated\n").utf8)
        XCTAssertFalse(PathClassifier.isGenerated(late, language: .c), "only the head of the file counts")
    }
}
