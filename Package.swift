// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "Taste",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "taste", targets: ["taste"]),
        .library(name: "TasteCore", targets: ["TasteCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // The C boundary: libgit2 from Debian's libgit2-dev. Only TasteCore/Git imports it.
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // The PostgreSQL client (fleet mode): libpq, loaded when a command first connects, not linked, so that
        // every other command starts without it. Only TasteCore/Fleet imports it.
        .target(name: "CLibPQ"),
        // C calls Swift cannot make itself: peer credentials, detaching the daemon, libgit2's init without the CA
        // bundle it would parse.
        .target(name: "CTasteSystem"),
        .target(
            name: "TasteCore",
            dependencies: [
                "CGit2",
                "CLibPQ",
                "CTasteSystem",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "taste",
            dependencies: [
                "TasteCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers both test targets share (processes, git, files, code templates); it holds no tests itself.
        .target(
            name: "TasteTestSupport",
            path: "Tests/TasteTestSupport"
        ),
        .testTarget(
            name: "TasteCoreTests",
            dependencies: ["TasteCore", "TasteTestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "TasteCLITests",
            dependencies: ["TasteCore", "TasteTestSupport"]
        ),
    ]
)

// `make fuzz` builds the libFuzzer targets (Fuzz/); the package leaves them out otherwise, so that neither the build
// nor `make test` pays for them.
if ProcessInfo.processInfo.environment["TASTE_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "TasteFuzz",
            dependencies: ["TasteCore", "TasteTestSupport"],
            path: "Fuzz/TasteFuzz"
        )
    )
}
