#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import MatchbookBook
import MatchbookPublisher

/// `matchbook subscribe (--file FILE | --udp HOST:PORT | --tcp HOST:PORT)`: the reference subscriber over a `replay --snapshots-out`
/// file or the `--md-udp` datagrams. Rebuilds the
/// books from snapshots and level updates, reports gaps, and writes the books it rebuilt.
struct SubscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribe",
        abstract: "Rebuild books from market data (a file or UDP); report gaps and recoveries; show a symbol's depth.")

    @Option(name: .long, help: "Market-data file written by replay --snapshots-out.")
    var file: String?

    @Option(name: .long, help: "Receive the stream as UDP datagrams on HOST:PORT (replay --md-udp); multicast joins.")
    var udp: String?

    @Option(name: .long, help: "Connect to a TCP market-data port HOST:PORT (matchbook serve's marketDataPort).")
    var tcp: String?

    @Option(name: .long, help: "With --udp/--tcp: stop after this many seconds without data, once some came (default 2).")
    var idleSeconds: Double = 2

    @Option(name: .long, help: "With --udp/--tcp: stop after this many seconds in all (default: no limit).")
    var seconds: Double?

    @Option(name: .long, help: "Show this symbol's depth: live in a terminal (--udp), else once at the end.")
    var symbol: String?

    @Option(name: .long, help: "Levels per side in the --symbol view (default 10).")
    var levels: Int = 10

    @Option(name: .long, help: "Write the rebuilt books: symbol,side,price,shares,orders (as replay --book-out).")
    var bookOut: String?

    @Flag(name: .long, help: "Print the subscriber's counters as JSON.")
    var json = false

    func validate() throws {
        guard [file, udp, tcp].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --file, --udp and --tcp")
        }
    }

    func run() throws {
        var subscriber = BookSubscriber()
        var failure: WireError?
        let source: String
        if let file {
            source = file
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("cannot read '\(file)': no such file or no permission")
            }
            do {
                try subscriber.consume([UInt8](data))
            } catch {
                failure = error
            }
        } else if let udp {
            source = "udp \(udp)"
            failure = try receive(from: udp, into: &subscriber)
        } else {
            let address = tcp!
            source = "tcp \(address)"
            failure = try receive(connectingTo: address, into: &subscriber)
        }
        if let symbol, !(file == nil && isatty(STDOUT_FILENO) != 0) {
            print(DepthView.render(subscriber, symbol: symbol, levels: levels))
        }
        if let bookOut {
            do {
                try subscriber.levelsCSV().write(toFile: bookOut, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure("cannot write '\(bookOut)': \(error.localizedDescription)")
            }
        }
        let stats = subscriber.stats
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(stats), as: UTF8.self))
        } else {
            print("""
                read       \(source): \(stats.messages) messages (\(stats.levelUpdates) level updates, \
                \(stats.symbolDefinitions) symbol definitions, \(stats.trades) trades, \(stats.snapshots) snapshots), last \
                sequence \
                \(subscriber.lastSequence)
                gaps       \(stats.channelGaps) on the channel (\(stats.lostMessages) messages lost), \
                \(stats.bookGaps) books discarded, \(stats.recoveries) recovered by a snapshot, \
                \(subscriber.gappedBooks.count) still waiting
                """)
        }
        if let failure { throw CommandFailure("\(source): \(failure)") }
    }

    /// Reads the TCP stream until the server closes it, or idle or out of time; messages may span reads (the
    /// remainder waits for the next one). A malformed message ends the stream (it cannot be re-framed).
    private func receive(connectingTo address: String, into subscriber: inout BookSubscriber) throws -> WireError? {
        guard let target = MarketDataAddress(address) else { throw CommandFailure("bad address '\(address)'") }
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var destination = sockaddr_in()
        destination.sin_family = sa_family_t(AF_INET)
        destination.sin_port = target.port.bigEndian
        inet_pton(AF_INET, target.host, &destination.sin_addr)
        let connected = withUnsafePointer(to: &destination) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            throw CommandFailure("cannot connect to \(address): \(String(cString: strerror(errno)))")
        }
        let live = symbol != nil && isatty(STDOUT_FILENO) != 0
        let start = Date()
        var lastData = Date()
        var lastDraw = Date.distantPast
        var seen = false
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if let seconds, Date().timeIntervalSince(start) >= seconds { break }
            if seen, Date().timeIntervalSince(lastData) >= idleSeconds { break }
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            seen = true
            lastData = Date()
            pending += buffer[0..<count]
            var offset = 0
            let failure: WireError? = pending.withUnsafeBytes { bytes in
                while offset < bytes.count {
                    do throws(WireError) {
                        let (message, length) = try WireDecoder.decode(bytes, at: offset)
                        subscriber.apply(message)
                        offset += length
                    } catch {
                        if case .truncated = error { return nil }  // the rest comes with the next read
                        return error
                    }
                }
                return nil
            }
            if let failure { return failure }
            pending.removeFirst(offset)
            if live, let symbol, Date().timeIntervalSince(lastDraw) > 0.2 {
                print("\u{1B}[H\u{1B}[2J" + DepthView.render(subscriber, symbol: symbol, levels: levels))
                lastDraw = Date()
            }
        }
        if live, let symbol { print("\u{1B}[H\u{1B}[2J" + DepthView.render(subscriber, symbol: symbol, levels: levels)) }
        return nil
    }

    /// Receives datagrams until idle or out of time, applying each; redraws the --symbol view on a terminal.
    /// A malformed datagram is reported and skipped (the next one starts with a whole message again).
    private func receive(from address: String, into subscriber: inout BookSubscriber) throws -> WireError? {
        let receiver: UDPMarketDataReceiver
        do { receiver = try UDPMarketDataReceiver(bind: address) } catch {
            throw CommandFailure("cannot listen on \(address): \(error)")
        }
        let live = symbol != nil && isatty(STDOUT_FILENO) != 0
        let start = Date()
        var lastData = Date()
        var lastDraw = Date.distantPast
        var firstFailure: WireError?
        var seen = false
        while true {
            if let seconds, Date().timeIntervalSince(start) >= seconds { break }
            if seen, Date().timeIntervalSince(lastData) >= idleSeconds { break }
            guard let datagram = receiver.receive(timeoutMilliseconds: 100) else { continue }
            seen = true
            lastData = Date()
            do { try subscriber.consume(datagram) } catch {
                if firstFailure == nil { firstFailure = error }
                printError("skipped a malformed datagram: \(error)")
            }
            if live, let symbol, Date().timeIntervalSince(lastDraw) > 0.2 {
                print("\u{1B}[H\u{1B}[2J" + DepthView.render(subscriber, symbol: symbol, levels: levels))
                lastDraw = Date()
            }
        }
        if live, let symbol { print("\u{1B}[H\u{1B}[2J" + DepthView.render(subscriber, symbol: symbol, levels: levels)) }
        return firstFailure
    }
}

/// A terminal depth view of one rebuilt book: asks above (best last), bids below (best first).
enum DepthView {
    static func render(_ subscriber: BookSubscriber, symbol: String, levels: Int) -> String {
        guard let (locate, book) = subscriber.books.first(where: {
            BookSubscriber.symbolText($0.value.symbol) == symbol
        }) else {
            return "\(symbol): no book yet (\(subscriber.stats.messages) messages seen)"
        }
        func price(_ ticks: UInt32) -> String {
            let whole = ticks / 10_000, fraction = ticks % 10_000
            return "\(whole)." + String(repeating: "0", count: 4 - String(fraction).count) + String(fraction)
        }
        func row(_ level: LevelView) -> String {
            let shares = String(level.shares)
            let orders = String(level.orders)
            return String(repeating: " ", count: max(0, 12 - shares.count)) + shares + "  "
                + String(repeating: " ", count: max(0, 11 - price(level.priceTicks).count)) + price(level.priceTicks)
                + "  (" + orders + ")"
        }
        var lines = ["\(symbol)  locate \(locate)  seq \(subscriber.lastSequence)"
            + (book.isValid ? "" : "  GAP: waiting for a snapshot")]
        if let trade = book.lastTrade {
            lines.append("last trade \(trade.shares) @ \(price(trade.priceTicks)), \(book.tradedShares) shares traded")
        }
        lines.append("         shares        price  (orders)")
        for level in book.asks.prefix(levels).reversed() { lines.append("ask " + row(level)) }
        lines.append("    ---------------------------------")
        for level in book.bids.prefix(levels) { lines.append("bid " + row(level)) }
        return lines.joined(separator: "\n")
    }
}
