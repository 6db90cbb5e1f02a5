import Foundation
import Logging
import MatchbookFIX
@testable import MatchbookService
import Testing

/// The risk checks that the demo limits are too wide to reach: maximum notional and the per-session order rate,
/// with tight limits set on the command line as an operator would. Each refusal is an ExecutionReport 150=8 that
/// says why, counted in /metrics by reason, and the book never sees the order.
@Suite("Risk checks", .serialized)
struct RiskCheckTests {
    static func server(_ arguments: [String]) async throws -> MatchbookServer {
        let configuration = try await ServiceConfiguration.load(
            configFile: FIXClientEndToEndTests.packageRoot.appendingPathComponent("Config/matchbook.json").path,
            environment: [:],
            arguments: ["--fix-port", "0", "--http-port", "0", "--market-data-port", "0", "--page-policy", "off",
                        "--journal-sync", "off"] + arguments)
        let credentials = try SessionCredentials.load(path: configuration.sessionsFile)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let server = MatchbookServer(configuration: configuration, credentials: credentials, logger: logger)
        try server.start()
        return server
    }

    static func order(_ client: MalformedFIXTests.Client, _ id: String, quantity: UInt32, price: String) {
        client.send(FIXNewOrderSingle(
            clOrdID: id, symbol: "AAPL", side: .buy, orderType: .limit, orderQuantity: quantity,
            price: try! FIXDecimal(parsing: price), transactTimeNanos: 1_700_000_000_000_000_000))
    }

    static func report(_ client: MalformedFIXTests.Client, _ id: String) -> FIXExecutionReport? {
        let message = client.next { decoded in
            if case .exchange(.executionReport(let report)) = decoded.message { report.clOrdID == id } else { false }
        }
        if case .exchange(.executionReport(let report)) = message?.message { return report }
        return nil
    }

    @Test("an order over the maximum notional is refused; one at the limit is accepted")
    func notional() async throws {
        let server = try await Self.server(["--risk-max-notional", "10000.00"])
        defer { server.shutdown() }
        let client = try MalformedFIXTests.Client(port: server.fixPort, compID: "CLIENT1", password: "client1-demo")
        _ = client.next()  // Logon
        Self.order(client, "N1", quantity: 100, price: "100.00")  // exactly 10,000.00
        let accepted = Self.report(client, "N1")
        #expect(accepted?.execType == .new, "\(String(describing: accepted))")
        Self.order(client, "N2", quantity: 101, price: "100.00")  // 10,100.00
        let refused = Self.report(client, "N2")
        #expect(refused?.execType == .rejected && refused?.ordStatus == .rejected)
        #expect(refused?.text?.contains("notional") == true, "\(String(describing: refused?.text))")
        let metrics = server.prometheusTextOnLoop()
        #expect(metrics.contains("matchbook_rejects_total{reason=\"maxNotional\"} 1\n"), "\(metrics)")
        #expect(metrics.contains("matchbook_orders_accepted_total 1\n"))
    }

    @Test("a session over its order rate is refused until the next second; another session is not limited")
    func rate() async throws {
        let server = try await Self.server(["--risk-max-orders-per-second-per-session", "5"])
        defer { server.shutdown() }
        let first = try MalformedFIXTests.Client(port: server.fixPort, compID: "CLIENT1", password: "client1-demo")
        let second = try MalformedFIXTests.Client(port: server.fixPort, compID: "CLIENT2", password: "client2-demo")
        _ = first.next()
        _ = second.next()
        for index in 0..<8 { Self.order(first, "R\(index)", quantity: 1, price: "10.00") }
        // Refusals come straight from the gateway, acceptances after the engine: collect by ClOrdID.
        var byID: [String: FIXExecutionReport] = [:]
        while byID.count < 8, let message = first.next() {
            if case .exchange(.executionReport(let report)) = message.message, let id = report.clOrdID {
                byID[id] = report
            }
        }
        let reports = (0..<8).map { byID["R\($0)"] }
        let accepted = reports.filter { $0?.execType == .new }.count
        let refused = reports.filter { $0?.execType == .rejected }
        // Within one second: 5 pass, 3 are refused (a window boundary between sends could let one more pass).
        #expect((5...6).contains(accepted), "\(reports.map { $0?.execType })")
        #expect(refused.count == 8 - accepted && refused.allSatisfy { $0?.text?.contains("rate") == true })
        Self.order(second, "S0", quantity: 1, price: "10.00")
        #expect(Self.report(second, "S0")?.execType == .new)
        try await Task.sleep(nanoseconds: 1_100_000_000)
        Self.order(first, "R8", quantity: 1, price: "10.00")
        #expect(Self.report(first, "R8")?.execType == .new, "a new second, a new allowance")
    }
}
