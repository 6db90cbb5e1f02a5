import Foundation
@testable import MatchbookService
import Testing

/// The service over real TCP with QuickFIX (the C++ FIX engine, through its Python binding from PyPI, in .venv)
/// as the client: a refused logon, two sessions logging on with Username/Password, resting, crossing, partial and
/// full fills, status, replace, cancel, every reject case (order, cancel/replace, session level), ownership across
/// sessions, MarketDataRequest, TestRequest, and a resend in each direction after a reconnect with a sequence gap.
/// QuickFIX validates everything the service sends against its FIX 4.4 data dictionary, and the script fails if
/// QuickFIX rejected anything. The script prints which checks passed and failed.
@Suite("FIX end to end (QuickFIX)", .serialized)
struct QuickFIXEndToEndTests {
    static let python = FIXClientEndToEndTests.python
    static let script = FIXClientEndToEndTests.packageRoot.appendingPathComponent(
        "Tests/MatchbookServiceTests/Resources/fix_client_quickfix.py").path

    /// Runs .venv's python with `arguments`: its exit status and what it printed (stdout and stderr together).
    static func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("QuickFIX drives every order path, reject case and resend; all checks pass", arguments: [1, 2])
    func quickfixSession(engineThreads: Int) async throws {
        let setUp = "run `MATCHBOOK_SETUP_PYTHON=1 Scripts/setup` (Scripts/test does): it builds the QuickFIX "
            + "wheel once into ~/.cache/matchbook/wheels and installs it in .venv"
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            Issue.record("no .venv: \(setUp)")
            return
        }
        let probe = try Self.runPython(["-c", "import quickfix, quickfix44"])
        guard probe.status == 0 else {
            Issue.record("QuickFIX is not importable in .venv (\(probe.output)): \(setUp)")
            return
        }
        let server = try await FIXClientEndToEndTests.startServer(engineThreads: engineThreads)
        defer { server.shutdown() }
        let (outcome, status) = try FIXClientEndToEndTests.runClient(script: Self.script, port: server.fixPort)
        #expect(outcome.failed.isEmpty, "\(outcome.failed)")
        #expect(outcome.passed.count >= 50, "\(outcome.passed)")
        #expect(status == 0)

        // The service counted what QuickFIX did: fills S1×B1, MS×MB, G2×G1; one refused logon; every reject kind.
        let metrics = server.prometheusTextOnLoop()
        #expect(metrics.contains("matchbook_fills_total 3\n"), "\(metrics)")
        #expect(metrics.contains("matchbook_refused_logons_total 1\n"), "\(metrics)")
        // unknownOrder: CLIENT2's cancel and replace of CLIENT1's order, and the cancel of an unknown ClOrdID;
        // cancelReplaceRefused: the replaces below the filled quantity and outside the band.
        let rejects = [
            "unknownSymbol": 1, "priceBand": 1, "offTick": 1, "maxQuantity": 1, "maxNotional": 1, "fokCannotFill": 1,
            "duplicateClOrdID": 1, "postOnlyWouldCross": 1, "unknownOrder": 3, "cancelReplaceRefused": 2,
        ]
        for (reason, count) in rejects {
            #expect(metrics.contains("matchbook_rejects_total{reason=\"\(reason)\"} \(count)\n"), "\(metrics)")
        }
        // Missing OrderQty, OrderQty 0, an unsupported MsgType.
        #expect(metrics.contains("matchbook_session_rejects_total 3\n"), "\(metrics)")

        // What is left in AAPL: D1 (buy 10 @ 90.00) and P0 (sell 10 @ 100.50); the last trade G2 × G1, 30 @ 98.00.
        let book = try FIXClientEndToEndTests.httpGet(port: server.httpPort, path: "/book/AAPL?depth=5")
        #expect(book.contains("""
            "valid":true,"bids":[{"price":"90","shares":10,"orders":1}],\
            "asks":[{"price":"100.5","shares":10,"orders":1}],"lastTrade":{"price":"98","shares":30}}
            """), "\(book)")
    }
}
