// swift-tools-version: 6.2
import Foundation
import PackageDescription

/// A path dependency's identity is its folder's name, which is wherever the repository was cloned.
let matchbook = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

// Matchbook's benchmarks (package-benchmark), a package of their own so the main build and the test suite do not
// build the benchmark tool. Run from this folder: `swift package benchmark` (see the README).
let package = Package(
    name: "MatchbookBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: []
)

func benchmarkTarget(_ name: String, dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")] + dependencies,
        path: "Benchmarks/\(name)",
        swiftSettings: [.enableExperimentalFeature("Lifetimes")],
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

package.targets += [
    benchmarkTarget("ArenaBenchmarks", dependencies: [.product(name: "MatchbookMemory", package: matchbook)]),
    benchmarkTarget("BookBenchmarks", dependencies: [
        .product(name: "MatchbookMemory", package: matchbook), .product(name: "MatchbookBook", package: matchbook),
    ]),
    benchmarkTarget("ITCHBenchmarks", dependencies: [
        .product(name: "MatchbookMemory", package: matchbook), .product(name: "MatchbookBook", package: matchbook),
        .product(name: "MatchbookITCH", package: matchbook),
    ]),
]
