import Foundation
import MatchbookBook
import MatchbookITCH
import MatchbookMemory
import Testing

/// Our books against itch-book (PyPI; a C++ core nobody here wrote), on generated days of several seeds and sizes
/// and on meatpy's golden file: the BBO change stream and the final top-5 depth of every book must be identical,
/// byte for byte. Scripts/setup installs itch-book into .venv (`MATCHBOOK_SETUP_PYTHON=1`, which Scripts/test sets).
@Suite("Books equal itch-book's", .serialized)
struct ReferenceComparisonTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let python = packageRoot.appendingPathComponent(".venv/bin/python").path
    static let script = packageRoot.appendingPathComponent("Scripts/itch_reference.py").path

    struct Day: CustomTestStringConvertible, Sendable {
        var seed: UInt64
        var messages: Int
        var symbols: Int
        var testDescription: String { "seed \(seed), \(messages) messages, \(symbols) symbols" }
    }

    @Test("generated days", arguments: [
        Day(seed: 1, messages: 50_000, symbols: 20),
        Day(seed: 7, messages: 120_000, symbols: 64),
        Day(seed: 2026, messages: 30_000, symbols: 3),
    ])
    func generatedDay(_ day: Day) throws {
        let path = temporaryPath("day-\(day.seed).itch")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ITCHDayGenerator(seed: day.seed, messages: day.messages, symbols: day.symbols).write(toPath: path)
        try compare(path: path, expectAnomalies: false)
    }

    @Test("a generated day read through gzip")
    func gzipDay() throws {
        let path = temporaryPath("day.itch.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ITCHDayGenerator(seed: 11, messages: 40_000, symbols: 10).write(toPath: path, gzip: true)
        let plain = temporaryPath("day.itch")
        defer { try? FileManager.default.removeItem(atPath: plain) }
        try ITCHDayGenerator(seed: 11, messages: 40_000, symbols: 10).write(toPath: plain)
        // itch-book reads the plain bytes; we read the gzip file: the outputs must still be equal.
        try compare(path: path, referencePath: plain, expectAnomalies: false)
    }

    @Test("meatpy's sample.itch50")
    func meatpySample() throws {
        let path = Self.packageRoot.appendingPathComponent("Tests/MatchbookITCHTests/Resources/sample.itch50").path
        try compare(path: path, expectAnomalies: false)
    }

    @Test("meatpy's sample with an unknown-type frame and a too-short frame inserted: same rows, same seq numbers")
    func sampleWithBadFrames() throws {
        let sample = [UInt8](try Data(contentsOf: Self.packageRoot.appendingPathComponent(
            "Tests/MatchbookITCHTests/Resources/sample.itch50")))
        let first = (Int(sample[0]) << 8 | Int(sample[1])) + 2
        let unknown: [UInt8] = [0, 5, 0x7A, 0, 0, 0, 0]  // type 'z', 5 bytes: skipped by its length, counted
        let tooShort: [UInt8] = [0, 10, 0x41] + [UInt8](repeating: 0, count: 9)  // 'A' needs 36 bytes
        let path = temporaryPath("bad-frames.itch")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Array(sample[..<first]) + unknown + tooShort + Array(sample[first...])).write(to: URL(fileURLWithPath: path))
        try compare(path: path, expectAnomalies: false, expectFaults: 1)
    }

    /// Replays `path` through our books and `referencePath` (default: the same file) through itch-book, then
    /// compares the BBO CSVs and the top-5 depth CSVs as bytes.
    func compare(path: String, referencePath: String? = nil, expectAnomalies: Bool, expectFaults: Int = 0) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            Issue.record("no .venv with itch-book: run `MATCHBOOK_SETUP_PYTHON=1 Scripts/setup` (Scripts/test does)")
            return
        }
        let ourBBO = temporaryPath("our-bbo.csv")
        let referenceBBO = temporaryPath("ref-bbo.csv")
        let referenceBook = temporaryPath("ref-book.csv")
        defer {
            for file in [ourBBO, referenceBBO, referenceBook] { try? FileManager.default.removeItem(atPath: file) }
        }
        var options = ReplayOptions()
        options.capacity = .testing
        options.capacity.books = 1_024  // locates 1...K; the testing preset has 64
        options.pages = PageSourceOptions(policy: .auto, lock: false)
        options.bboOutPath = ourBBO
        options.measureLatency = false
        let result = try ITCHReplay.run(.file(path: path), options: options, exportLevels: true, levelsDepth: 5)
        #expect(result.summary.parseFaults == expectFaults)
        if !expectAnomalies { #expect(result.summary.anomalies.total == 0, "\(result.summary.anomalies)") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [
            Self.script, referencePath ?? path, "--bbo-out", referenceBBO, "--book-out", referenceBook, "--depth", "5",
        ]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "itch-book failed: \(message)")

        let ours = try String(contentsOfFile: ourBBO, encoding: .utf8)
        let theirs = try String(contentsOfFile: referenceBBO, encoding: .utf8)
        #expect(ours.split(separator: "\n").count > 1, "no BBO rows at all: the comparison would prove nothing")
        #expect(firstDifference(ours, theirs) == nil, "BBO streams differ: \(firstDifference(ours, theirs) ?? "")")
        let ourBook = result.levelsCSV ?? ""
        let theirBook = try String(contentsOfFile: referenceBook, encoding: .utf8)
        #expect(firstDifference(ourBook, theirBook) == nil, "depth differs: \(firstDifference(ourBook, theirBook) ?? "")")
    }

    /// The first differing line, with its number, or nil when equal.
    func firstDifference(_ a: String, _ b: String) -> String? {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? String(left[index]) : "<end>"
            let r = index < right.count ? String(right[index]) : "<end>"
            if l != r { return "line \(index + 1): ours '\(l)' itch-book '\(r)'" }
        }
        return nil
    }
}
