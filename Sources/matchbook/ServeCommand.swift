import ArgumentParser
import Dispatch
import Foundation
import Logging
import MatchbookService

/// Runs an async throwing body from a synchronous command (cold path: configuration loading).
final class BlockingResultBox<T>: @unchecked Sendable {
    // @unchecked: written by the task before `done.signal()`, read after `done.wait()`.
    var result: Result<T, any Error>?
    init() {}
}

func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = BlockingResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// `matchbook serve`: the FIX 4.4 exchange, configured from Config/ (file < environment < command line).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the exchange: FIX 4.4 sessions over TCP, a pinned engine thread, /health and /metrics.",
        discussion: """
            Settings come from --config (default Config/matchbook.json), overridden by MATCHBOOK_* environment \
            variables, overridden by flags after the command (e.g. --fix-port 9999); Config/README.md lists them.
            """)

    @Option(name: .long, help: "The configuration file.")
    var config = "Config/matchbook.json"

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Option(name: .long, help: "At a graceful stop, write the books: symbol,side,price,shares,orders.")
    var bookOut: String?

    @Argument(parsing: .allUnrecognized, help: "Configuration overrides, e.g. --fix-port 9999.")
    var overrides: [String] = []

    func run() throws {
        let configFile = config
        let arguments = overrides
        let configuration: ServiceConfiguration
        let credentials: SessionCredentials
        do {
            configuration = try runBlocking { try await ServiceConfiguration.load(configFile: configFile, arguments: arguments) }
            credentials = try SessionCredentials.load(path: configuration.sessionsFile)
        } catch {
            throw CommandFailure("\(error)")
        }
        var logger = Logger(label: "matchbook.serve")
        logger.logLevel = logLevel
        // SIGTERM and SIGINT are blocked in every thread (the service's threads inherit the mask) and taken by
        // sigwait below: a graceful stop instead of a kill.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        let server = MatchbookServer(configuration: configuration, credentials: credentials, logger: logger)
        server.bookOutPath = bookOut
        do { try server.start() } catch { throw CommandFailure("cannot start: \(error)") }
        if let recovered = server.recoverySummary {
            printError("matchbook serve: journal \(configuration.journalDirectory) "
                + "(sync \(configuration.journalSync.map { "\($0)" } ?? "off")): recovered \(recovered)")
        } else {
            printError("matchbook serve: journal off (journalSync off): a restart starts empty")
        }
        printError("matchbook serve: FIX on \(configuration.listenAddress):\(server.fixPort), HTTP on "
            + "\(configuration.listenAddress):\(server.httpPort) (/health, /metrics); SIGTERM or Ctrl-C stops it")
        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        printError("matchbook serve: signal \(received): stopping (logging out sessions, draining the engine)")
        server.shutdown()
        for problem in server.shutdownProblems { printError("matchbook serve: \(problem)") }
        if !server.shutdownProblems.isEmpty { throw ExitCode.failure }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `matchbook loadgen`: open-loop FIX clients measuring order→ack from the intended send time.
struct LoadgenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadgen",
        abstract: "Open-loop FIX load against matchbook serve: order→ack latency from each order's intended send time.")

    @Option(name: .long, help: "Orders per second in all.") var rate = 10_000
    @Option(name: .long, help: "Seconds of load.") var seconds = 5.0
    @Option(name: .long, help: "FIX sessions (from the sessions file, in order).") var sessions = 1
    @Option(name: .long, help: "Server address.") var host = "127.0.0.1"
    @Option(name: .long, help: "Server FIX port.") var port = 9878
    @Option(name: .long, help: "Symbol to trade.") var symbol = "AAPL"
    @Option(name: .long, help: "The sessions file (credentials).") var sessionsFile = "Config/sessions.json"
    @Flag(name: .long, help: "Print the result as JSON.") var json = false

    func run() throws {
        // The same file the service reads (its `sessions` list of SessionCredentials.Entry).
        struct SessionsFile: Decodable { var sessions: [SessionCredentials.Entry] }
        let entries: [SessionCredentials.Entry]
        do {
            entries = try JSONDecoder().decode(
                SessionsFile.self, from: Data(contentsOf: URL(fileURLWithPath: sessionsFile))).sessions
        } catch {
            throw CommandFailure("cannot read the sessions file '\(sessionsFile)': \(error)")
        }
        guard sessions >= 1, sessions <= entries.count else {
            throw CommandFailure("--sessions \(sessions): the sessions file has \(entries.count)")
        }
        var options = FIXLoadGenerator.Options()
        options.host = host
        options.port = port
        options.rate = rate
        options.seconds = seconds
        options.symbol = symbol
        options.sessions = entries.prefix(sessions).map { ($0.senderCompID, $0.username, $0.password) }
        let result: FIXLoadGenerator.Result
        do { result = try FIXLoadGenerator(options: options).run() } catch { throw CommandFailure("\(error)") }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            let l = result.latency
            func us(_ key: String) -> String { String(format: "%.1f µs", Double(l[key] ?? 0) / 1_000) }
            print("""
                loadgen    \(result.sent) orders in \(result.seconds) s over \(sessions) session(s): offered \
                \(result.offeredRate)/s, sent \(Int(result.achievedRate))/s, \(result.acknowledged) acked, \
                \(result.rejected) rejected — \(result.sustained ? "sustained" : "NOT sustained") \
                (send lag p99 \(String(format: "%.0f", result.sendLagP99Microseconds)) µs, \
                max \(String(format: "%.0f", result.maxSendLagMicroseconds)) µs)
                order→ack  p50 \(us("p50"))  p90 \(us("p90"))  p99 \(us("p99"))  p99.9 \(us("p999"))  max \(us("max"))
                """)
        }
    }
}
