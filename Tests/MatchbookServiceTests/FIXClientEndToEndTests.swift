import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import MatchbookBook
import MatchbookPublisher
@testable import MatchbookService
import Testing

/// The service over real TCP with a FIX client nobody here wrote (simplefix, from PyPI, in .venv): logons, a
/// wrong password, resting, crossing, partial and full fills, status, replace, cancel, every reject case,
/// ownership across sessions, a session Reject, garbage on one connection while another goes on, and a resend
/// after a reconnect with a sequence gap. The script prints which checks passed and failed.
@Suite("FIX end to end (simplefix)", .serialized)
struct FIXClientEndToEndTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let python = packageRoot.appendingPathComponent(".venv/bin/python").path
    static let script = packageRoot.appendingPathComponent(
        "Tests/MatchbookServiceTests/Resources/fix_client_e2e.py").path

    /// The shipped demo configuration on free ports, with a small arena, journaling to `folder` (default: a fresh
    /// temporary one) with `sync` (default: `every` with one engine thread, a group commit with two) or not at
    /// all; `extraArguments` are more command-line keys.
    static func startServer(
        engineThreads: Int = 1, journal: Bool = true, folder: String? = nil, sync: String? = nil,
        extraArguments: [String] = []
    ) async throws -> MatchbookServer {
        let folder = folder
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("matchbook-e2e-\(UUID())").path
        let sync = !journal ? "off" : sync ?? (engineThreads == 1 ? "every" : "group:500")
        let configuration = try await ServiceConfiguration.load(
            configFile: packageRoot.appendingPathComponent("Config/matchbook.json").path, environment: [:],
            arguments: ["--fix-port", "0", "--http-port", "0", "--market-data-port", "0", "--page-policy", "off",
                        "--engine-threads", "\(engineThreads)", "--journal-directory", folder, "--journal-sync", sync,
                        "--session-epoch", "none"] + extraArguments)
        let credentials = try SessionCredentials.load(path: configuration.sessionsFile)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let server = MatchbookServer(configuration: configuration, credentials: credentials, logger: logger)
        try server.start()
        return server
    }

    @Test("simplefix drives every order path and session case; all checks pass", arguments: [1, 2])
    func simplefixSession(engineThreads: Int) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            Issue.record("no .venv with simplefix: run `MATCHBOOK_SETUP_PYTHON=1 Scripts/setup` (Scripts/test does)")
            return
        }
        let server = try await Self.startServer(engineThreads: engineThreads)
        defer { server.shutdown() }
        #expect(server.marketDataPorts.count == engineThreads)
        // A market-data subscriber on the TCP port for the whole run.
        let feed = try TCPFeed(port: server.marketDataPort)
        let (outcome, status) = try Self.runClient(script: Self.script, port: server.fixPort)
        #expect(outcome.failed.isEmpty, "\(outcome.failed)")
        #expect(outcome.passed.count >= 33, "\(outcome.passed)")
        #expect(status == 0)
        // The service counted what the client did.
        let metrics = server.prometheusTextOnLoop()
        #expect(metrics.contains("matchbook_fills_total 3\n"), "\(metrics)")  // S1×B1, MS×MB, G2×G1
        #expect(metrics.contains("matchbook_refused_logons_total 1\n"))
        #expect(metrics.contains("matchbook_rejects_total{reason=\"unknownSymbol\"} 1\n"))

        // What is left in AAPL: D1 (buy 10 @ 90.00) and P0 (sell 10 @ 100.50); the last trade G2 × G1, 30 @ 98.00.
        let book = try Self.httpGet(port: server.httpPort, path: "/book/AAPL?depth=5")
        #expect(book.hasPrefix("HTTP/1.1 200 OK"), "\(book)")
        #expect(book.contains("""
            "valid":true,"bids":[{"price":"90","shares":10,"orders":1}],\
            "asks":[{"price":"100.5","shares":10,"orders":1}],"lastTrade":{"price":"98","shares":30}}
            """), "\(book)")
        let unknown = try Self.httpGet(port: server.httpPort, path: "/book/ZZZZ")
        #expect(unknown.hasPrefix("HTTP/1.1 404"))
        // The TCP subscriber rebuilt the same book from the stream (the publisher flushes when the engine idles).
        try await Task.sleep(nanoseconds: 300_000_000)
        let aapl = feed.book(locate: 1)
        #expect(aapl?.bids == [LevelView(priceTicks: 900_000, shares: 10, orders: 1)], "\(String(describing: aapl))")
        #expect(aapl?.asks == [LevelView(priceTicks: 1_005_000, shares: 10, orders: 1)])
        #expect(aapl?.lastTrade?.shares == 30 && aapl?.lastTrade?.priceTicks == 980_000)
        // It joined after the symbol definitions went out at start-up, before any order: that is its one gap.
        // (The feed is engine 0's channel: symbols 0, n, 2n, … of the configuration; MSFT is on engine 1 when n=2.)
        let channelSymbols = server.configuration.symbols.indices.filter { $0 % engineThreads == 0 }.count
        #expect(feed.stats.channelGaps == 1 && feed.stats.lostMessages == UInt64(channelSymbols), "\(feed.stats)")
        #expect(feed.stats.bookGaps == 0 && feed.stats.trades == (engineThreads == 1 ? 3 : 2), "\(feed.stats)")
    }

    @Test("/health and /metrics answer over HTTP")
    func http() async throws {
        let server = try await Self.startServer()
        defer { server.shutdown() }
        let health = try Self.httpGet(port: server.httpPort, path: "/health")
        #expect(health.hasPrefix("HTTP/1.1 200 OK"), "\(health)")
        #expect(health.hasSuffix("\r\n\r\nok\n"))
        let metrics = try Self.httpGet(port: server.httpPort, path: "/metrics")
        #expect(metrics.contains("# TYPE matchbook_orders_received_total counter"))
        #expect(metrics.contains("matchbook_sessions 0"))
        let missing = try Self.httpGet(port: server.httpPort, path: "/nope")
        #expect(missing.hasPrefix("HTTP/1.1 404"))
    }

    /// What a client script prints: the names of the checks that passed, and of those that failed with why.
    struct Outcome: Decodable {
        var passed: [String]
        var failed: [String]
    }

    /// Runs the client script `script` (in Resources/) with .venv's python against the FIX port `port`: what it
    /// printed and its exit status.
    static func runClient(script: String, port: Int) throws -> (outcome: Outcome, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "\(port)"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let outcome = try #require(try? JSONDecoder().decode(Outcome.self, from: data),
                                   "the script printed no outcome: \(String(decoding: data, as: UTF8.self))")
        return (outcome, process.terminationStatus)
    }

    /// A plain HTTP/1.1 GET over a socket (this platform's Foundation has no HTTP client): the whole response.
    static func httpGet(port: Int, path: String) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        let request = Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[0..<count]
            if let text = String(bytes: response, encoding: .utf8), let end = text.range(of: "\r\n\r\n"),
               let lengthLine = text.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
               let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)),
               text.utf8.count - text.utf8.distance(from: text.utf8.startIndex, to: end.upperBound) >= length {
                break
            }
        }
        return String(decoding: response, as: UTF8.self)
    }
}

/// A market-data subscriber over TCP on its own thread (the reference `BookSubscriber` behind a lock).
final class TCPFeed: @unchecked Sendable {
    // @unchecked: `subscriber` is guarded by `lock`; the socket is read by the feed's thread only.
    private let lock = NSLock()
    private var subscriber = BookSubscriber()
    private let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        Thread { [self] in read() }.start()
    }

    private func read() {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { return }
            pending += buffer[0..<count]
            var offset = 0
            lock.lock()
            pending.withUnsafeBytes { bytes in
                while offset < bytes.count, let (message, length) = try? WireDecoder.decode(bytes, at: offset) {
                    subscriber.apply(message)
                    offset += length
                }
            }
            lock.unlock()
            pending.removeFirst(offset)
        }
    }

    func book(locate: UInt16) -> BookSubscriber.Book? {
        lock.lock()
        defer { lock.unlock() }
        return subscriber.books[locate]
    }

    var stats: BookSubscriber.Stats {
        lock.lock()
        defer { lock.unlock() }
        return subscriber.stats
    }

    deinit { close(socket) }
}
