// swift-tools-version: 6.2
import Foundation
import PackageDescription

// libFuzzer targets, a package of their own: a fuzzer executable has no `main` of its own and links only with
// `--sanitize=fuzzer`, so it stays out of the main build. Run: Scripts/fuzz (see the README).
let matchbook = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "MatchbookFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "../")],
    targets: [
        .executableTarget(
            name: "ITCHFuzzer",
            dependencies: [
                .product(name: "MatchbookMemory", package: matchbook),
                .product(name: "MatchbookBook", package: matchbook),
                .product(name: "MatchbookITCH", package: matchbook),
            ],
            swiftSettings: [.enableExperimentalFeature("Lifetimes")]
        ),
        .executableTarget(
            name: "FIXFuzzer",
            dependencies: [.product(name: "MatchbookFIX", package: matchbook)]
        ),
        .executableTarget(
            name: "SessionFuzzer",
            dependencies: [
                .product(name: "MatchbookFIX", package: matchbook),
                .product(name: "MatchbookService", package: matchbook),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
