#if canImport(Glibc)
import Glibc
#endif
import Atomics
import MatchbookBook
import MatchbookMemory
import MatchbookPublisher

/// Shared between the gateway and one engine thread: the rings' consumer/producer ends that cross threads,
/// a stop flag and counters. The engine thread owns the arena the rings live in and hands the other ends out
/// through `ready` once it has built them.
public final class EngineLink: @unchecked Sendable {
    // @unchecked: the ring ends are used by one thread each (documented at each); the rest are atomics.
    /// Set once by the engine thread before `ready` flips: the gateway's producer of commands lives in the
    /// engine's arena, so the engine builds it and publishes it here.
    var commandProducer: CommandProducer?
    var replyConsumer: SPSCRingConsumer?
    let ready = ManagedAtomic<Bool>(false)
    /// The reply ring lives in the engine's arena: the engine thread may not return (and unmap it) while the
    /// gateway's reply pump still watches it. Set when a pump is started for this engine, and when it has ended.
    let pumpStarted = ManagedAtomic<Bool>(false)
    let pumpEnded = ManagedAtomic<Bool>(false)
    /// Wakes the engine thread when it sleeps on an empty command ring, and the reply pump on an empty reply ring.
    let commandWake = WakeSignal()
    let replyWake = WakeSignal()
    /// Set when the engine thread's work threw before it was ready (the error comes back from `join`).
    let failed = ManagedAtomic<Bool>(false)
    let stop = ManagedAtomic<Bool>(false)
    /// Commands applied, and reply slots written.
    public let commandsApplied = ManagedAtomic<Int>(0)
    public let repliesWritten = ManagedAtomic<Int>(0)
    public let restingOrders = ManagedAtomic<Int>(0)
    /// What the market-data publisher wrote, set when the engine thread ends.
    public var marketData: PublisherStats?
    /// Set before `stop`: the engine writes its books' levels into `bookLines` as it ends (`serve --book-out`).
    let exportBooks = ManagedAtomic<Bool>(false)
    /// `symbol,side,price,shares,orders` lines of this engine's books, set when the thread ends.
    public var bookLines: [String] = []
    /// The engine's state as of the last `.snapshot` command, published by `snapshotsWritten` (release/acquire).
    var snapshot: [UInt8] = []
    let snapshotsWritten = ManagedAtomic<Int>(0)
    /// The market-data publisher's state at the same command, published by `publisherStatesWritten`: written
    /// by the publisher's drain thread when it reaches the engine's mark, or empty (by the engine thread) when
    /// the mark could not reach it (its ring was full). The gateway waits for both before writing a snapshot.
    var publisherState: [UInt8] = []
    let publisherStatesWritten = ManagedAtomic<Int>(0)
    /// Why a snapshot's publisher state was not restored (the channel then starts over), for the log.
    public var publisherRestoreProblem: String?

    public init() {}
}

/// The gateway's end of the command ring: one producer (the gateway's event loop thread).
///
/// Invariant: `ring` points at the `SPSCRing` value in the engine thread's `serve` frame, whose memory is the
/// engine's arena; both stay valid until that engine thread returns, which it does only after `stop` is set —
/// and the server sets `stop` only after closing every connection, so no push can come later.
final class CommandProducer: @unchecked Sendable {
    // @unchecked: owned by the gateway's one event loop thread after the engine thread hands it over.
    private var ring: UnsafeMutablePointer<SPSCRing>
    private let wake: WakeSignal

    init(ring: UnsafeMutablePointer<SPSCRing>, wake: WakeSignal) {
        self.ring = ring
        self.wake = wake
    }

    /// Puts `command` in the ring (and wakes the engine if it sleeps). False when the ring is full (the engine is
    /// behind): the caller rejects.
    func push(_ command: ServiceCommand) -> Bool {
        guard let slot = ring.pointee.claim() else { return false }
        slot.storeBytes(of: command, as: ServiceCommand.self)
        ring.pointee.publish(byteCount: MemoryLayout<ServiceCommand>.size)
        wake.wakeIfSleeping()
        return true
    }

    /// Commands waiting in the ring.
    func depth() -> Int { ring.pointee.depth() }
}

/// The engine thread's loop: takes commands off the command ring in order, applies them to the matching engine,
/// and writes every resulting event to the reply ring. It consumes a command only when the reply ring has room
/// for its worst case, so back-pressure reaches the command ring (the gateway then refuses new orders) and no
/// reply is ever dropped; the engine never blocks on I/O, never allocates per command and takes no lock.
enum EngineWorker {
    static let commandSlots = 1 << 16
    static let replySlots = 1 << 17
    /// Room kept in the reply ring before a command is taken: a sweep emits one event per fill.
    static let replyHeadroom = 4_096

    /// `orderIds`: this engine's first order id and the step between its ids (engine k of n: k + 1 and n), so
    /// the engines share one id space.
    /// `restore`: a `MatchingEngine` snapshot to start from (recovery), published to market data as it starts.
    static func run(
        arena: borrowing Arena, symbols: [SymbolRules], capacity: MatchingCapacity, link: EngineLink,
        marketData: PublisherOptions, sinks: [any MarketDataSink], orderIds: (first: UInt64, step: UInt64),
        restore: [UInt8]? = nil
    ) throws {
        do {
            try serve(arena: arena, symbols: symbols, capacity: capacity, link: link, marketData: marketData,
                      sinks: sinks, orderIds: orderIds, restore: restore)
        } catch {
            link.failed.store(true, ordering: .releasing)
            throw error
        }
    }

    private static func serve(
        arena: borrowing Arena, symbols: [SymbolRules], capacity: MatchingCapacity, link: EngineLink,
        marketData: PublisherOptions, sinks: [any MarketDataSink], orderIds: (first: UInt64, step: UInt64),
        restore: [UInt8]?
    ) throws {
        var engine = try MatchingEngine(arena: arena, capacity: capacity, symbols: symbols)
        engine.numberOrders(from: orderIds.first, step: orderIds.step)
        let parts = restore.map(EngineState.split)
        if let parts { try restoreState(parts.engine, into: &engine) }
        let stateHandler: @Sendable ([UInt8]) -> Void = { [link] state in
            link.publisherState = state
            link.publisherStatesWritten.wrappingIncrement(ordering: .releasing)
        }
        var restoredChannel = false
        var publisher: SnapshotPublisher
        if let state = parts?.publisher, !state.isEmpty {
            do {
                // The channel goes on where the snapshot left it: the journal after it gives the same numbers.
                publisher = try SnapshotPublisher(
                    arena: arena, bookCount: capacity.book.books, options: marketData, sinks: sinks,
                    restoring: state, stateHandler: stateHandler)
                restoredChannel = true
            } catch {
                link.publisherRestoreProblem = "\(error)"
                publisher = try SnapshotPublisher(
                    arena: arena, bookCount: capacity.book.books, options: marketData, sinks: sinks,
                    stateHandler: stateHandler)
            }
        } else {
            publisher = try SnapshotPublisher(
                arena: arena, bookCount: capacity.book.books, options: marketData, sinks: sinks,
                stateHandler: stateHandler)
        }
        if !restoredChannel {
            for rules in symbols { publisher.defineSymbol(locate: rules.locate, symbol: symbolWord(rules.symbol)) }
            if restore != nil {
                for rules in symbols { publisher.bookChanged(locate: rules.locate, books: engine) }
            }
        }
        var commands = try SPSCRing(arena: arena, slotBytes: 64, slotCount: commandSlots, name: "service-commands")
        var replies = try SPSCRing(arena: arena, slotBytes: 128, slotCount: replySlots, name: "service-replies")
        let commandConsumer = commands.makeConsumer()
        link.replyConsumer = replies.makeConsumer()
        // The producer end of the command ring is used by the gateway thread through a pointer to this frame's
        // `commands`: it stays valid until this function returns, which happens only after `stop` is set and
        // the gateway has stopped pushing.
        try withUnsafeMutablePointer(to: &commands) { commandsPointer in
            link.commandProducer = CommandProducer(ring: commandsPointer, wake: link.commandWake)
            link.ready.store(true, ordering: .releasing)
            var idle = 0
            while true {
                guard let slot = commandConsumer.peek() else {
                    if idle & 63 == 0 { publisher.idle(timestamp: monotonicNanos(), books: engine) }  // flushes, timed epochs
                    if link.stop.load(ordering: .relaxed) { break }
                    idle &+= 1
                    // Spin briefly, then sleep until the gateway pushes a command (it wakes us) or 1 ms passes
                    // (market-data flushes and timed epochs): on 2 cores a spinning engine starves the gateway.
                    if idle > 2_000 {
                        link.commandWake.prepareToSleep()
                        if commandConsumer.hasWaiting || link.stop.load(ordering: .relaxed) {
                            link.commandWake.cancelSleep()
                        } else {
                            link.commandWake.sleep(timeoutNanoseconds: 1_000_000)
                        }
                        idle = 1
                    }
                    continue
                }
                idle = 0
                guard replies.slotCount - replies.depth() >= replyHeadroom else { continue }
                let command = slot.loadUnaligned(as: ServiceCommand.self)
                commandConsumer.release()
                if command.kindRaw == ServiceCommandKind.snapshot.rawValue {
                    // Cold path (an operator's request or a graceful stop): a plain array is fine here.
                    var bytes: [UInt8] = []
                    engine.writeSnapshot(into: &bytes)
                    link.snapshot = bytes
                    // The publisher's drain answers the mark with its state at this same command.
                    if !publisher.markState(books: engine) {
                        link.publisherState = []
                        link.publisherStatesWritten.wrappingIncrement(ordering: .releasing)
                    }
                    link.snapshotsWritten.wrappingIncrement(ordering: .releasing)
                } else {
                    apply(command, engine: &engine, replies: &replies, publisher: &publisher)
                }
                link.replyWake.wakeIfSleeping()
                link.commandsApplied.wrappingIncrement(ordering: .relaxed)
                link.restingOrders.store(engine.restingOrderCount, ordering: .relaxed)
            }
        }
        replies.close()
        link.replyWake.wakeIfSleeping()
        link.marketData = publisher.finish(books: engine)
        if link.exportBooks.load(ordering: .acquiring) { link.bookLines = levelLines(engine, symbols: symbols) }
        // Keep the arena (and so the reply ring) until the pump has seen the end and stopped touching it.
        if link.pumpStarted.load(ordering: .acquiring) {
            while !link.pumpEnded.load(ordering: .acquiring) {
                link.replyWake.wakeIfSleeping()
                usleep(1_000)
            }
        }
    }

    /// What a service snapshot keeps of one engine thread: the matching engine's state and its market-data
    /// publisher's, in one blob: `"MBES"`, the engine part's length (8, little-endian), the engine part, then
    /// the publisher part (empty when the publisher's state was not whole). A blob without the magic is an
    /// engine part alone (snapshots written before publisher states were kept).
    enum EngineState {
        static let magic: [UInt8] = Array("MBES".utf8)

        static func join(engine: [UInt8], publisher: [UInt8]) -> [UInt8] {
            var blob = magic
            withUnsafeBytes(of: UInt64(engine.count).littleEndian) { blob.append(contentsOf: $0) }
            blob += engine
            blob += publisher
            return blob
        }

        static func split(_ blob: [UInt8]) -> (engine: [UInt8], publisher: [UInt8]) {
            guard blob.count >= 12, Array(blob[0..<4]) == magic else { return (blob, []) }
            var length = 0
            for index in 0..<8 { length |= Int(blob[4 + index]) << (8 * index) }
            guard length >= 0, length <= blob.count - 12 else { return (blob, []) }
            return (Array(blob[12..<(12 + length)]), Array(blob[(12 + length)...]))
        }
    }

    /// Restores a `MatchingEngine.writeSnapshot` state into a fresh `engine` (recovery, `journal replay`).
    static func restoreState(_ bytes: [UInt8], into engine: inout MatchingEngine) throws(MatchingSnapshotError) {
        // (A typed-throws closure here crashes Swift 6.3.1's IRGen: the error is carried out by hand.)
        var failure: MatchingSnapshotError?
        bytes.withUnsafeBytes { raw in
            do { try engine.restoreSnapshot(from: raw) } catch let error as MatchingSnapshotError {
                failure = error
            } catch {}
        }
        if let failure { throw failure }
    }

    /// `symbol,side,price,shares,orders` of every level of `symbols`' books, bids best first then asks, books by
    /// symbol — the lines of `replay --book-out` (cold path).
    static func levelLines(_ engine: borrowing MatchingEngine, symbols: [SymbolRules]) -> [String] {
        var lines: [String] = []
        for rules in symbols.sorted(by: { $0.symbol < $1.symbol }) {
            for side in [Side.buy, .sell] {
                for rank in 0..<engine.levelCount(locate: rules.locate, side: side) {
                    guard let level = engine.level(locate: rules.locate, side: side, rank: rank) else { break }
                    lines.append("\(rules.symbol),\(side == .buy ? "B" : "S"),\(level.priceTicks),\(level.shares),"
                        + "\(level.orders)")
                }
            }
        }
        return lines
    }

    /// Applies `command` to `engine` (new order, cancel, replace; status changes nothing): the engine's events
    /// and changed books wait in it for the caller. Shared by the engine thread and `journal replay`.
    @inline(__always)
    static func applyToBooks(_ command: ServiceCommand, engine: inout MatchingEngine) {
        switch command.kind {
        case .newOrder:
            _ = engine.submit(NewOrder(
                locate: command.locate, side: Side(rawValue: command.sideRaw) ?? .buy,
                type: OrderType(rawValue: command.orderTypeRaw) ?? .limit,
                timeInForce: TimeInForce(rawValue: command.timeInForceRaw) ?? .day, quantity: command.quantity,
                priceTicks: command.priceTicks, stopPriceTicks: command.stopPriceTicks,
                displayQuantity: command.displayQuantity, postOnly: command.postOnly != 0, owner: command.owner,
                clientTag: command.clientTag))
        case .cancel:
            _ = engine.cancel(orderId: command.orderId, owner: command.owner)
        case .replace:
            _ = engine.replace(
                orderId: command.orderId, newPriceTicks: command.priceTicks == 0 ? nil : command.priceTicks,
                newQuantity: command.quantity == 0 ? nil : command.quantity, owner: command.owner)
        case .endOfSession:
            engine.endOfSession()
        case .status, .snapshot, nil:
            break
        }
    }

    /// The 8 ASCII bytes of a symbol, space padded, read big-endian (as the wire format and ITCH carry them).
    static func symbolWord(_ symbol: String) -> UInt64 {
        var word: UInt64 = 0
        let bytes = Array(symbol.utf8.prefix(8)) + [UInt8](repeating: 0x20, count: max(0, 8 - symbol.utf8.count))
        for byte in bytes { word = word << 8 | UInt64(byte) }
        return word
    }

    @inline(__always)
    static func monotonicNanos() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    @inline(__always)
    static func apply(
        _ command: ServiceCommand, engine: inout MatchingEngine, replies: inout SPSCRing,
        publisher: inout SnapshotPublisher
    ) {
        switch command.kind {
        case .newOrder, .cancel, .replace, .snapshot, .endOfSession:
            applyToBooks(command, engine: &engine)
        case .status:
            writeStatus(command, engine: engine, replies: &replies)
            return
        case nil:
            write(ServiceReply(kind: .malformed, event: EngineEvent(
                kind: .rejected, operation: .submit, orderId: command.orderId, owner: command.owner, locate: 0,
                side: .buy, reason: .invalidCombination), commandSequence: command.sequence,
                commandClientTag: command.clientTag), to: &replies)
            return
        }
        var index = 0
        while index < engine.eventCount {
            let event = engine.event(at: index)
            write(ServiceReply(kind: .event, event: event, commandSequence: command.sequence,
                               commandClientTag: command.clientTag), to: &replies)
            if event.kindRaw == EngineEventKind.fill.rawValue {
                // The maker rests on the side opposite the taker's.
                publisher.trade(
                    locate: event.locate, priceTicks: event.priceTicks, shares: UInt64(event.quantity),
                    restingSide: event.sideRaw == Side.buy.rawValue ? .sell : .buy, matchNumber: event.matchId)
            }
            index &+= 1
        }
        engine.clearEvents()
        if command.kindRaw == ServiceCommandKind.endOfSession.rawValue {
            write(ServiceReply(kind: .sessionEnded, event: EngineEvent(
                kind: .expired, operation: .session, orderId: 0, owner: 0, locate: command.locate, side: .buy,
                reason: .none), commandSequence: command.sequence, commandClientTag: 0), to: &replies)
        }
        // Market data: every book the command changed, diffed against the published depth.
        index = 0
        while index < engine.changedBookCount {
            publisher.bookChanged(locate: engine.changedBook(at: index), books: engine)
            index &+= 1
        }
        engine.clearChangedBooks()
        _ = publisher.messageHandled(timestamp: monotonicNanos())
    }

    static func writeStatus(_ command: ServiceCommand, engine: borrowing MatchingEngine, replies: inout SPSCRing) {
        if let status = engine.order(id: command.orderId), status.owner == command.owner {
            let event = EngineEvent(
                kind: .accepted, operation: .submit, orderId: status.orderId, owner: status.owner,
                locate: status.locate, side: status.side, priceTicks: status.priceTicks,
                quantity: status.cumulativeFilled, leaves: status.leaves, clientTag: status.clientTag)
            write(ServiceReply(kind: .status, event: event, commandSequence: command.sequence,
                               commandClientTag: command.clientTag, cumulativeFilled: status.cumulativeFilled),
                  to: &replies)
        } else {
            // Unknown, done, or another owner's: the same answer, so one session cannot probe another's ids.
            let event = EngineEvent(
                kind: .rejected, operation: .submit, orderId: command.orderId, owner: command.owner, locate: 0,
                side: .buy, reason: .unknownOrder)
            write(ServiceReply(kind: .status, event: event, commandSequence: command.sequence,
                               commandClientTag: command.clientTag), to: &replies)
        }
    }

    @inline(__always)
    static func write(_ reply: ServiceReply, to replies: inout SPSCRing) {
        // Room was checked before the command was taken (replyHeadroom); a sweep larger than that waits here for
        // the gateway, the one place the engine waits — it has no other work it could do first.
        var slot = replies.claim()
        while slot == nil {
            slot = replies.claim()
        }
        slot!.storeBytes(of: reply, as: ServiceReply.self)
        replies.publish(byteCount: MemoryLayout<ServiceReply>.size)
    }
}
