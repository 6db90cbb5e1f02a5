#if canImport(Glibc)
import Glibc
#endif
import CMatchbookShim
import Foundation
import Histogram
import MatchbookBook
import MatchbookFIX

/// `matchbook loadgen`: open-loop FIX clients over TCP. Each session sends NewOrderSingles on a fixed schedule
/// (rate ÷ sessions per second each) whatever the answers do, and measures order→ack from the order's
/// *intended* send time to the first execution report for it, so a stall is charged to every order it delays
/// (no coordinated omission). Orders alternate buy and sell at one price, so every second one crosses and the
/// book stays small.
public struct FIXLoadGenerator: Sendable {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var port = 9878
        public var targetCompID = "MATCHBOOK"
        public var sessions: [(compID: String, username: String, password: String)] = []
        public var rate = 10_000
        public var seconds = 5.0
        public var symbol = "AAPL"
        public var price = "100.00"
        public init() {}
    }

    public struct Result: Sendable, Codable {
        public var sent = 0
        public var acknowledged = 0
        public var rejected = 0
        public var seconds = 0.0
        public var offeredRate = 0
        public var achievedRate = 0.0
        /// Whether every order went out within 1 ms of its intended time (the rate was sustained).
        public var sustained = true
        public var maxSendLagMicroseconds = 0.0
        /// How late orders went out against their intended times, at the 99th percentile (the sender's own
        /// lateness: a woken thread, a busy CPU; already inside every order→ack figure).
        public var sendLagP99Microseconds = 0.0
        /// Order→ack from the intended send time, nanoseconds: count, p50, p90, p99, p999, p9999, max.
        public var latency: [String: UInt64] = [:]
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    /// Runs the load; throws when a session cannot connect or log on (naming it and why).
    public func run() throws -> Result {
        precondition(!options.sessions.isEmpty, "at least one session")
        let clients = try options.sessions.map { try LoadClient.connect(options: options, session: $0) }
        let perSession = max(1, options.rate / clients.count)
        let start = Self.monotonic() + 50_000_000
        let threads = clients.map { client in
            Thread { client.run(rate: perSession, seconds: options.seconds, start: start, options: options) }
        }
        for thread in threads { thread.start() }
        for client in clients { client.done.wait() }
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        var lags = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        var result = Result()
        for client in clients {
            histogram.add(client.histogram)
            lags.add(client.sendLags)
            result.sent += client.sent
            result.acknowledged += client.acknowledged
            result.rejected += client.rejected
            result.maxSendLagMicroseconds = max(result.maxSendLagMicroseconds, Double(client.maxLag) / 1_000)
        }
        result.seconds = options.seconds
        result.offeredRate = perSession * clients.count
        result.achievedRate = Double(result.sent) / options.seconds
        result.sendLagP99Microseconds = Double(lags.valueAtPercentile(99)) / 1_000
        result.sustained = result.maxSendLagMicroseconds <= 1_000 && result.acknowledged == result.sent
        result.latency = [
            "count": histogram.totalCount, "p50": histogram.valueAtPercentile(50),
            "p90": histogram.valueAtPercentile(90), "p99": histogram.valueAtPercentile(99),
            "p999": histogram.valueAtPercentile(99.9), "p9999": histogram.valueAtPercentile(99.99),
            "max": histogram.max,
        ]
        for client in clients { client.close() }
        return result
    }

    static func monotonic() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

/// One loadgen session: a blocking socket, a sender (the caller's thread) and a reader thread.
final class LoadClient: @unchecked Sendable {
    // @unchecked: the sender thread writes `sent`/`intended`, the reader thread the rest; `done` orders the
    // final reads after both finish (intended times are in a preallocated array indexed by order number).
    let socket: Int32
    let compID: String
    var encoder: FIXOutboundEncoder
    var nextSequence = 2
    var sent = 0
    var acknowledged = 0
    var rejected = 0
    var maxLag: UInt64 = 0
    /// Each order's lateness leaving the sender (now − intended), nanoseconds.
    var sendLags = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    var intended: UnsafeMutablePointer<UInt64>
    var capacity: Int
    let done = DispatchSemaphore(value: 0)
    private var readerDone = DispatchSemaphore(value: 0)
    private var expected = 0

    init(socket: Int32, compID: String, targetCompID: String) {
        self.socket = socket
        self.compID = compID
        encoder = FIXOutboundEncoder(senderCompID: compID, targetCompID: targetCompID)
        capacity = 0
        intended = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    }

    deinit { intended.deallocate() }

    static func connect(
        options: FIXLoadGenerator.Options, session: (compID: String, username: String, password: String)
    ) throws -> LoadClient {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw LoadGeneratorError.connect(session.compID, String(cString: strerror(errno))) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(options.port).bigEndian
        inet_pton(AF_INET, options.host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(descriptor)
            throw LoadGeneratorError.connect(session.compID, String(cString: strerror(errno)))
        }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let client = LoadClient(socket: descriptor, compID: session.compID, targetCompID: options.targetCompID)
        var bytes: [UInt8] = []
        client.encoder.encode(
            FIXLogon(heartBtIntSeconds: 30, resetSeqNumFlag: true, username: session.username,
                     password: session.password),
            msgSeqNum: 1, sendingTimeNanos: FIXSessionClock.now(), into: &bytes)
        client.write(bytes)
        // Wait for the Logon answer.
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0, String(decoding: buffer[0..<count], as: UTF8.self).contains("\u{1}35=A\u{1}") else {
            Glibc.close(descriptor)
            throw LoadGeneratorError.logon(session.compID,
                count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : "connection closed")
        }
        return client
    }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + offset, bytes.count - offset, 0) }
            if written <= 0 { return }
            offset += written
        }
    }

    func close() { Glibc.close(socket) }

    func run(rate: Int, seconds: Double, start: UInt64, options: FIXLoadGenerator.Options) {
        let total = Int(Double(rate) * seconds)
        capacity = total
        intended.deallocate()
        intended = UnsafeMutablePointer<UInt64>.allocate(capacity: max(total, 1))
        intended.initialize(repeating: 0, count: max(total, 1))
        expected = total
        let reader = Thread { self.read() }
        reader.start()
        let interval = 1_000_000_000 / UInt64(max(rate, 1))
        let runID = String(start % 1_000_000_007, radix: 36)
        let price = (try? FIXDecimal(parsing: options.price)) ?? FIXDecimal(100)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 16)
        // Sleep to each order's time (a 1 µs timer slack instead of the default 50 µs), never spin: on 2 cores a
        // spinning sender takes a core from the service it measures. Every order already due when the thread
        // wakes goes out in one write; each is still timed from its own intended send time, so the sender's
        // lateness is charged to the latency, never hidden.
        _ = cmb_set_timer_slack(1_000)
        var index = 0
        while index < total {
            let due = start + UInt64(index) * interval
            let now = FIXLoadGenerator.monotonic()
            if now < due {
                var wake = timespec(tv_sec: Int(due / 1_000_000_000), tv_nsec: Int(due % 1_000_000_000))
                _ = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wake, nil)
                continue
            }
            maxLag = max(maxLag, now - due)
            bytes.removeAll(keepingCapacity: true)
            while index < total && start + UInt64(index) * interval <= now && bytes.count < 60_000 {
                intended[index] = start + UInt64(index) * interval
                _ = sendLags.record(now - intended[index])
                let order = FIXNewOrderSingle(
                    clOrdID: "\(runID)-\(index)", symbol: options.symbol, side: index % 2 == 0 ? .buy : .sell,
                    orderType: .limit, timeInForce: .day, orderQuantity: 100, price: price,
                    transactTimeNanos: FIXSessionClock.now())
                encoder.encode(order, msgSeqNum: nextSequence, sendingTimeNanos: FIXSessionClock.now(), into: &bytes)
                nextSequence += 1
                index += 1
            }
            write(bytes)
            sent = index
        }
        readerDone.wait()
        done.signal()
    }

    /// Reads execution reports; the first one for each ClOrdID is its ack. Stops when all are acked or 5 s pass
    /// without data after the last send.
    private func read() {
        var pending: [UInt8] = []
        pending.reserveCapacity(1 << 20)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let decoder = FIXFrameDecoder()
        var seen = [Bool](repeating: false, count: max(expected, 1))
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        while acknowledged + rejected < expected {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            let now = FIXLoadGenerator.monotonic()
            pending.append(contentsOf: buffer[0..<count])
            var consumed = 0
            while case .message(let range) = decoder.nextFrame(in: pending, from: consumed) {
                let frame = (consumed + range.lowerBound)..<(consumed + range.upperBound)
                consumed += range.upperBound
                // Only execution reports (35=8) count; the order number is ClOrdID's suffix (11=run-N). A scan of
                // the frame's fields, no decoding into Strings: at 50,000 orders a second the reader must keep up.
                guard let report = Self.executionReport(in: pending, frame), report.orderNumber < seen.count,
                      !seen[report.orderNumber] else { continue }
                seen[report.orderNumber] = true
                if report.rejected { rejected += 1 } else { acknowledged += 1 }
                let due = intended[report.orderNumber]
                if due != 0, now > due { _ = histogram.record(now - due) }
            }
            pending.removeSubrange(0..<consumed)
        }
        readerDone.signal()
    }

    /// The order number (the digits after the last `-` of ClOrdID, tag 11) and whether ExecType (150) is
    /// Rejected (8), when `frame` of `bytes` is an ExecutionReport (35=8) with such a ClOrdID.
    static func executionReport(in bytes: [UInt8], _ frame: Range<Int>) -> (orderNumber: Int, rejected: Bool)? {
        let soh: UInt8 = 0x01, equals: UInt8 = 0x3D
        var isReport = false
        var orderNumber: Int?
        var rejected = false
        var position = frame.lowerBound
        while position < frame.upperBound {
            // One field: tag digits, '=', value, SOH.
            var tag = 0
            while position < frame.upperBound && bytes[position] != equals {
                tag = tag * 10 + Int(bytes[position] &- 0x30)
                position += 1
            }
            position += 1
            let value = position
            while position < frame.upperBound && bytes[position] != soh { position += 1 }
            switch tag {
            case 35: isReport = position - value == 1 && bytes[value] == 0x38  // "8"
            case 150: rejected = position - value == 1 && bytes[value] == 0x38  // "8": Rejected
            case 11:
                var number = 0
                var digits = 0
                var index = position - 1
                var scale = 1
                while index >= value && bytes[index] != 0x2D {  // back to the last '-'
                    guard bytes[index] >= 0x30 && bytes[index] <= 0x39 else { return nil }
                    number += Int(bytes[index] - 0x30) * scale
                    scale *= 10
                    digits += 1
                    index -= 1
                }
                orderNumber = digits > 0 && index >= value ? number : nil
            default: break
            }
            position += 1
        }
        guard isReport, let orderNumber else { return nil }
        return (orderNumber, rejected)
    }
}

enum FIXSessionClock {
    static func now() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}

public enum LoadGeneratorError: Error, CustomStringConvertible {
    case connect(String, String)
    case logon(String, String)

    public var description: String {
        switch self {
        case .connect(let session, let why): "session \(session): cannot connect: \(why)"
        case .logon(let session, let answer): "session \(session): logon failed: \(answer)"
        }
    }
}
