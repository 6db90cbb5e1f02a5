// swift-tools-version: 6.2
import PackageDescription

/// Checked builds (every debug build, so the whole test suite) compile in generation checks on handles,
/// poisoning of freed and reset memory, and invariant walks. Release builds keep only the cheap checks.
let checkedBuild: [SwiftSetting] = [.define("MATCHBOOK_CHECKED", .when(configuration: .debug))]
/// `Span` views whose lifetime the compiler ties to the arena that hands them out.
let lifetimes: [SwiftSetting] = [.enableExperimentalFeature("Lifetimes")]
let moduleSettings: [SwiftSetting] = checkedBuild + lifetimes

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let atomics: Target.Dependency = .product(name: "Atomics", package: "swift-atomics")
let systemPackage: Target.Dependency = .product(name: "SystemPackage", package: "swift-system")
let histogram: Target.Dependency = .product(name: "Histogram", package: "hdrhistogram-swift")
let compressNIO: Target.Dependency = .product(name: "CompressNIO", package: "compress-nio")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")
let nioHTTP1: Target.Dependency = .product(name: "NIOHTTP1", package: "swift-nio")
let nioEmbedded: Target.Dependency = .product(name: "NIOEmbedded", package: "swift-nio")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let configuration: Target.Dependency = .product(name: "Configuration", package: "swift-configuration")

var targets: [Target] = []

// 1. The one C shim: libnuma (Debian's libnuma-dev, installed by Scripts/setup), the _GNU_SOURCE calls and
//    macros Swift cannot make, and the time-stamp counter. Every name is prefixed `cmb_`.
targets.append(.target(
    name: "CMatchbookShim",
    cSettings: [.define("_GNU_SOURCE")],
    linkerSettings: [.linkedLibrary("numa")]
))
// 2. Memory: page source, arena, pools, epoch scratch, rings, engine threads.
targets.append(.target(
    name: "MatchbookMemory",
    dependencies: ["CMatchbookShim", atomics, systemPackage],
    swiftSettings: moduleSettings + [.strictMemorySafety()]
))
// 3. Latency: clocks, histograms, reports.
targets.append(.target(
    name: "MatchbookLatency",
    dependencies: ["CMatchbookShim", histogram],
    swiftSettings: moduleSettings
))
// 4. Book: orders, levels, books, matching, market-by-order application, events.
targets.append(.target(
    name: "MatchbookBook",
    dependencies: ["MatchbookMemory", "MatchbookLatency"],
    swiftSettings: moduleSettings
))
// 5. Publisher: market-data wire format, snapshot publisher (incrementals + per-epoch L2 snapshots), file
//    sink, reference subscriber.
targets.append(.target(
    name: "MatchbookPublisher",
    dependencies: ["MatchbookMemory", "MatchbookBook", "MatchbookLatency", histogram],
    swiftSettings: moduleSettings
))
// 6. ITCH 5.0: framing, message views, file input, day generator, replay.
targets.append(.target(
    name: "MatchbookITCH",
    dependencies: [
        "MatchbookMemory", "MatchbookBook", "MatchbookLatency", "MatchbookPublisher", compressNIO, nioCore,
    ],
    swiftSettings: moduleSettings
))
// 7. FIX 4.4: tag-value codec (framing, BodyLength, CheckSum), typed session and application messages.
targets.append(.target(
    name: "MatchbookFIX",
    dependencies: ["MatchbookBook"],
    swiftSettings: moduleSettings
))
// 8. Journal: append-only, length-prefixed, checksummed record segments with an fsync policy; the reader that
//    finds the records again, cuts a torn tail and refuses anything else corrupt.
targets.append(.target(
    name: "MatchbookJournal",
    dependencies: ["CMatchbookShim"],
    swiftSettings: moduleSettings
))
// 9. The trading service: configuration, FIX gateway (SwiftNIO), sessions, risk checks, engine threads fed through
//    SPSC rings, HTTP health/metrics.
targets.append(.target(
    name: "MatchbookService",
    dependencies: [
        "CMatchbookShim", "MatchbookMemory", "MatchbookBook", "MatchbookLatency", "MatchbookPublisher", "MatchbookFIX",
        "MatchbookJournal", atomics, nioCore, nioPosix, nioHTTP1, nioEmbedded, logging, configuration,
    ],
    swiftSettings: moduleSettings
))
// 10. The thin command line.
targets.append(.executableTarget(
    name: "matchbook",
    dependencies: [
        "MatchbookMemory", "MatchbookLatency", "MatchbookBook", "MatchbookPublisher", "MatchbookITCH", "MatchbookFIX",
        "MatchbookService", "MatchbookJournal", argumentParser,
    ],
    swiftSettings: moduleSettings
))
// Test support: counts the calling thread's mallocs by interposing the allocator in the test executable, so a test
// can fail when the hot path allocates (it stands aside under the sanitizers, which own malloc there).
targets.append(.target(name: "CMallocCounter", path: "Tests/Support/CMallocCounter"))
// Tests mirror the modules.
targets.append(.testTarget(
    name: "MatchbookMemoryTests", dependencies: ["MatchbookMemory"], swiftSettings: moduleSettings))
targets.append(.testTarget(
    name: "MatchbookLatencyTests", dependencies: ["MatchbookLatency"], swiftSettings: moduleSettings))
targets.append(.testTarget(
    name: "MatchbookBookTests", dependencies: ["MatchbookBook", "MatchbookMemory"],
    exclude: ["Scenarios"],  // scenario scripts, read from the source tree by ScenarioTests
    swiftSettings: moduleSettings))
targets.append(.testTarget(
    name: "MatchbookPublisherTests",
    dependencies: ["MatchbookPublisher", "MatchbookITCH", "MatchbookBook", "MatchbookMemory", "CMallocCounter"],
    swiftSettings: moduleSettings))
targets.append(.testTarget(
    name: "MatchbookITCHTests",
    dependencies: ["MatchbookITCH", "MatchbookBook", "MatchbookMemory", "MatchbookLatency", "CMallocCounter"],
    resources: [.copy("Resources")],
    swiftSettings: moduleSettings))

targets.append(.testTarget(
    name: "MatchbookFIXTests", dependencies: ["MatchbookFIX", "MatchbookBook", "CMallocCounter"],
    swiftSettings: moduleSettings))

targets.append(.testTarget(
    name: "MatchbookJournalTests", dependencies: ["MatchbookJournal"], swiftSettings: moduleSettings))
targets.append(.testTarget(
    name: "MatchbookServiceTests",
    dependencies: [
        "MatchbookService", "MatchbookFIX", "MatchbookBook", "MatchbookMemory", "MatchbookPublisher",
        "MatchbookJournal", "CMallocCounter",
    ],
    exclude: ["Resources"],  // the Python FIX clients (simplefix, QuickFIX), run from the source tree
    swiftSettings: moduleSettings))

let package = Package(
    name: "Matchbook",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "matchbook", targets: ["matchbook"]),
        .library(name: "MatchbookMemory", targets: ["MatchbookMemory"]),
        .library(name: "MatchbookLatency", targets: ["MatchbookLatency"]),
        .library(name: "MatchbookBook", targets: ["MatchbookBook"]),
        .library(name: "MatchbookPublisher", targets: ["MatchbookPublisher"]),
        .library(name: "MatchbookITCH", targets: ["MatchbookITCH"]),
        .library(name: "MatchbookFIX", targets: ["MatchbookFIX"]),
        .library(name: "MatchbookJournal", targets: ["MatchbookJournal"]),
        .library(name: "MatchbookService", targets: ["MatchbookService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.1.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.40.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(
            url: "https://github.com/apple/swift-configuration.git", from: "1.0.0",
            traits: ["JSON", "CommandLineArguments"]),
    ],
    targets: targets,
    swiftLanguageModes: [.v6]
)
