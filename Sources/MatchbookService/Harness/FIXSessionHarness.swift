import Logging
import MatchbookBook
import MatchbookFIX
import MatchbookMemory
import NIOCore
import NIOEmbedded

/// The gateway's session layer in memory — the real `FIXConnectionHandler` and `ServiceGateway` on an embedded
/// channel, no sockets and no engine thread (commands land in a ring that is emptied and dropped) — for fuzzing
/// and tests. Each `feed` hands bytes to the connection and returns what the service wrote back.
public final class FIXSessionHarness {
    private let loop = EmbeddedEventLoop()
    private let channel: EmbeddedChannel
    private let gateway: ServiceGateway

    /// The command ring every harness pushes into and empties (one per process: making an arena reads
    /// /proc/self/smaps to report its pages, too slow to do per fuzz input). Harnesses are used one thread at a
    /// time, one after another.
    ///
    /// Invariant: `ring` is allocated once, initialized before use and never freed (it lives as long as the process,
    /// like the arena whose memory it points into), so the producer's pointer to it is always valid.
    private final class SharedRing: @unchecked Sendable {
        // @unchecked: used by one thread at a time (the fuzzer's or a test's), never concurrently.
        let arena: Arena
        let ring: UnsafeMutablePointer<SPSCRing>
        let consumer: SPSCRingConsumer
        let producer: CommandProducer

        init() {
            arena = try! Arena(ArenaConfiguration(
                totalBytes: 2 << 20, scratchBytes: 64 << 10,
                pages: PageSourceOptions(policy: .off, prefault: false, lock: false)))
            ring = UnsafeMutablePointer<SPSCRing>.allocate(capacity: 1)
            ring.initialize(to: try! SPSCRing(arena: arena, slotBytes: 64, slotCount: 1 << 10, name: "harness"))
            consumer = ring.pointee.makeConsumer()
            producer = CommandProducer(ring: ring, wake: WakeSignal())
        }
    }

    private static let shared = SharedRing()

    /// A gateway with the demo's shape: CLIENT1/CLIENT2 (demo passwords), AAPL and MSFT, TargetCompID MATCHBOOK.
    public init() throws {
        let symbols = ["AAPL", "MSFT"].map {
            SymbolConfiguration(name: $0, tickSize: 100, lotSize: 1, priceBandLowTicks: 10_000,
                                priceBandHighTicks: 10_000_000)
        }
        let credentials = try SessionCredentials(entries: [
            .init(senderCompID: "CLIENT1", username: "client1", password: "client1-demo"),
            .init(senderCompID: "CLIENT2", username: "client2", password: "client2-demo"),
        ])
        var logger = Logger(label: "harness")
        logger.logLevel = .critical
        gateway = ServiceGateway(
            configuration: ServiceConfiguration(symbols: symbols), credentials: credentials,
            producers: [Self.shared.producer], routes: [0, 0], eventLoop: loop, logger: logger)
        channel = EmbeddedChannel(handler: FIXConnectionHandler(gateway: gateway), loop: loop)
    }

    deinit {
        _ = try? channel.finish()
    }

    /// Whether the service still has the connection open.
    public var isOpen: Bool { channel.isActive }

    /// Hands `bytes` to the connection; returns everything the service wrote back.
    public func feed(_ bytes: [UInt8]) -> [UInt8] {
        guard channel.isActive else { return [] }
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        try? channel.writeInbound(buffer)
        loop.run()
        let commands = Self.shared.consumer
        while commands.peek() != nil { commands.release() }  // no engine: commands are dropped
        var out: [UInt8] = []
        while let written = try? channel.readOutbound(as: ByteBuffer.self) {
            out += written.readableBytesView
        }
        return out
    }

    /// A whole FIX 4.4 message from CLIENT1 around `body` (MsgType onwards, SOH-terminated): header, BodyLength
    /// and CheckSum written here, so a fuzzer's bytes reach the session and application layers.
    public static func frame(body: [UInt8], sequence: Int) -> [UInt8] {
        let header = Array("49=CLIENT1\u{1}56=MATCHBOOK\u{1}34=\(sequence)\u{1}52=20240102-13:45:01.250\u{1}".utf8)
        let content = body.prefix { $0 != 0 } // a body's own NULs would be cut by a C client anyway
        var typeAndRest = Array(content)
        if typeAndRest.isEmpty { typeAndRest = Array("35=0\u{1}".utf8) }
        let text = Array(typeAndRest.prefix(while: { $0 != 1 })) + [1]  // the first field (35=…)
        let rest = typeAndRest.count > text.count ? Array(typeAndRest[text.count...]) : []
        let bodyBytes = text + header + rest
        var message = Array("8=FIX.4.4\u{1}9=\(bodyBytes.count)\u{1}".utf8) + bodyBytes
        let sum = message.reduce(UInt8(0), &+)
        let digits = String(sum)
        message += Array(("10=" + String(repeating: "0", count: 3 - digits.count) + digits + "\u{1}").utf8)
        return message
    }

    /// The Logon of CLIENT1 with the demo password (sequence 1, ResetSeqNumFlag).
    public static var logon: [UInt8] {
        frame(body: Array("35=A\u{1}98=0\u{1}108=30\u{1}141=Y\u{1}553=client1\u{1}554=client1-demo\u{1}".utf8), sequence: 1)
    }
}
