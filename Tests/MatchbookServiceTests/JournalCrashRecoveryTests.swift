import Foundation
import Testing

/// Durability with the real binary and SIGKILL: `Resources/journal_crash_recovery.py` (simplefix) drives
/// `matchbook serve` over FIX, kills it at random moments while orders are in flight, restarts it on the same
/// journal, and checks every acknowledged order is back with its leaves quantity, nothing unacknowledged is
/// there, the missed reports come by resend, and the books equal `matchbook journal replay` (twice, identical).
@Suite("Journal: crash under load", .serialized)
struct JournalCrashRecoveryTests {
    /// The `matchbook` executable next to this test bundle (`swift build --build-tests` builds both).
    static var binary: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("matchbook").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return "matchbook"
    }

    @Test("kill -9 under load, snapshots, restart: every acknowledged order is back", arguments: [
        ("every", 1, 1, "archive"), ("group:1000", 2, 2, "delete"), ("none", 1, 3, "keep"),
    ])
    func crashUnderLoad(sync: String, engineThreads: Int, seed: Int, retention: String) throws {
        let python = FIXClientEndToEndTests.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Issue.record("no .venv with simplefix: run `MATCHBOOK_SETUP_PYTHON=1 Scripts/setup` (Scripts/test does)")
            return
        }
        let binary = Self.binary
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record(Comment(rawValue: "no matchbook executable next to the tests (\(CommandLine.arguments[0])): "
                + "build with `swift build --build-tests`"))
            return
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("matchbook-crash-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let script = FIXClientEndToEndTests.packageRoot.appendingPathComponent(
            "Tests/MatchbookServiceTests/Resources/journal_crash_recovery.py").path
        let config = FIXClientEndToEndTests.packageRoot.appendingPathComponent("Config/matchbook.json").path
        let rounds = ProcessInfo.processInfo.environment["MATCHBOOK_CRASH_ROUNDS"] ?? "5"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            script, binary, config, work.path, rounds, sync, "\(engineThreads)", "\(seed)", retention,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        struct Outcome: Decodable {
            var passed: [String]
            var failed: [String]
            var stats: [String: Int]
        }
        let outcome = try JSONDecoder().decode(Outcome.self, from: data)
        #expect(outcome.failed.isEmpty, "\(outcome.failed)")
        #expect(outcome.passed.count >= 12, "\(outcome.passed)")
        #expect((outcome.stats["kills"] ?? 0) >= 1 && (outcome.stats["acked"] ?? 0) > 0, "\(outcome.stats)")
        #expect(process.terminationStatus == 0)
    }
}
