import Foundation
import Testing
import MatchbookBook
import MatchbookMemory

/// `MatchingEngine.writeSnapshot(into:)` / `restoreSnapshot(from:)`: a restored engine must answer every later
/// command exactly as the original (same events field by field, books, ids), a snapshot of a restored engine is
/// the same bytes, and bad bytes, other symbols, a used engine or too small a capacity throw — never trap.
///
/// The randomized run uses the differential test's command mix (`MatchingDifferentialTests.Driver`) over its four
/// symbols: 3,000 commands per seed by default, `MATCHBOOK_MATCHING_STEPS` when set.
@Suite("Matching engine snapshots")
struct MatchingSnapshotTests {
    static let symbols = MatchingDifferentialTests.symbols
    static let locates: ClosedRange<UInt16> = 1...4

    /// Room for the random streams, small enough to map in a few milliseconds.
    static var capacity: MatchingCapacity {
        MatchingCapacity(
            book: BookCapacity(
                books: 8, orders: 8_192, levels: 2_048, smallLadders: 32, smallLadderLevels: 16, largeLadders: 16,
                largeLadderLevels: 512, indexPages: 64, indexDirectoryPages: 256),
            stopOrders: 2_048, stopIndexPages: 64, events: 16 << 10)
    }

    /// One command of a stream, applied identically to every engine it is given to.
    enum Command: CustomStringConvertible {
        case submit(NewOrder)
        case cancel(id: UInt64, owner: UInt32)
        case reduce(id: UInt64, shares: UInt32, owner: UInt32)
        case replace(id: UInt64, price: UInt32?, quantity: UInt32?, owner: UInt32)
        case halt(locate: UInt16, halted: Bool)
        case endOfSession

        func apply(to engine: inout MatchingEngine) {
            switch self {
            case .submit(let order): engine.submit(order)
            case .cancel(let id, let owner): engine.cancel(orderId: id, owner: owner)
            case .reduce(let id, let shares, let owner): engine.reduce(orderId: id, by: shares, owner: owner)
            case .replace(let id, let price, let quantity, let owner):
                engine.replace(orderId: id, newPriceTicks: price, newQuantity: quantity, owner: owner)
            case .halt(let locate, let halted): engine.setHalted(locate: locate, halted)
            case .endOfSession: engine.endOfSession()
            }
        }

        var description: String {
            switch self {
            case .submit(let order): "submit \(order)"
            case .cancel(let id, let owner): "cancel \(id) by \(owner)"
            case .reduce(let id, let shares, let owner): "reduce \(id) by \(shares) owner \(owner)"
            case .replace(let id, let price, let quantity, let owner):
                "replace \(id) price \(String(describing: price)) qty \(String(describing: quantity)) by \(owner)"
            case .halt(let locate, let halted): "halt \(locate) \(halted)"
            case .endOfSession: "end of session"
            }
        }
    }

    /// The differential test's mix: new orders of every type (`Driver.newOrder`), cancels, reduces and replaces
    /// of recent ids (mostly by their owner), halts, and a rare session end. Owners are read from `engine`.
    static func nextCommand(
        _ driver: inout MatchingDifferentialTests.Driver, _ engine: borrowing MatchingEngine, step: Int
    ) -> Command {
        let locate = UInt16(driver.int(1...4))
        let roll = driver.int(0...999)
        if roll < 450 || roll >= 992 { return .submit(driver.newOrder(locate: locate, clientTag: UInt64(step))) }
        if roll >= 990 { return .endOfSession }
        let next = Int(engine.nextOrderId)
        let id = UInt64(driver.int(max(1, next - 400)...next))
        let status = engine.order(id: id)
        let owner = driver.chance(90) ? (status?.owner ?? 1) : UInt32(driver.int(1...6))
        let orderLocate = status?.locate ?? locate
        if roll < 750 { return .cancel(id: id, owner: owner) }
        if roll < 820 {
            let lot = symbols[Int(orderLocate) - 1].lotSize
            return .reduce(id: id, shares: driver.chance(2) ? 0 : lot * UInt32(driver.int(1...15)), owner: owner)
        }
        if roll < 985 {
            let side = status?.side ?? .buy
            let price: UInt32? = driver.chance(60) ? driver.price(locate: orderLocate, side: side) : nil
            let quantity: UInt32? = driver.chance(60) ? driver.quantity(locate: orderLocate) : nil
            return .replace(id: id, price: price, quantity: quantity, owner: owner)
        }
        return .halt(locate: locate, halted: !engine.isHalted(locate: locate) || driver.chance(50))
    }

    // MARK: Helpers

    /// Restores `bytes` into `engine`: the error it threw, `nil` on success.
    static func restore(_ bytes: [UInt8], into engine: inout MatchingEngine) -> MatchingSnapshotError? {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(MatchingSnapshotError) in try engine.restoreSnapshot(from: raw) }
        }
        if case .failure(let error) = result { return error }
        return nil
    }

    static func snapshot(of engine: borrowing MatchingEngine) -> [UInt8] {
        var bytes: [UInt8] = []
        engine.writeSnapshot(into: &bytes)
        return bytes
    }

    /// A fresh engine restored from `engine`'s snapshot; checks its own snapshot is the same bytes.
    static func restored(
        from engine: borrowing MatchingEngine, capacity: MatchingCapacity = Self.capacity
    ) throws -> MatchingTestEngine {
        let bytes = snapshot(of: engine)
        var copy = try MatchingTestEngine(capacity: capacity, symbols: symbols, prefault: false)
        if let error = restore(bytes, into: &copy.engine) { throw error }
        #expect(snapshot(of: copy.engine) == bytes, "a restored engine writes the same snapshot")
        #expect(copy.engine.invariantViolations().isEmpty)
        return copy
    }

    /// Records an issue and returns false when the books, stops, statuses or counters of `locates` differ.
    static func expectSameState(
        _ original: borrowing MatchingEngine, _ copy: borrowing MatchingEngine, locates: [UInt16], _ place: String
    ) -> Bool {
        var problems: [String] = []
        if original.nextOrderId != copy.nextOrderId { problems.append("next order id") }
        if original.restingOrderCount != copy.restingOrderCount || original.levelCount != copy.levelCount
            || original.waitingStopCount != copy.waitingStopCount
        {
            problems.append("counts")
        }
        for locate in locates {
            for side in Side.allCases {
                let orders = original.orders(locate: locate, side: side)
                if orders != copy.orders(locate: locate, side: side) { problems.append("book \(locate) \(side)") }
                if original.depth(locate: locate, side: side) != copy.depth(locate: locate, side: side) {
                    problems.append("depth \(locate) \(side)")
                }
                for view in orders where original.order(id: view.orderId) != copy.order(id: view.orderId) {
                    problems.append("status of \(view.orderId)")
                }
            }
            let stops = original.waitingStops(locate: locate)
            if stops.map({ "\($0)" }) != copy.waitingStops(locate: locate).map({ "\($0)" }) {
                problems.append("stops \(locate)")
            }
            for stop in stops where original.order(id: stop.orderId) != copy.order(id: stop.orderId) {
                problems.append("status of stop \(stop.orderId)")
            }
            if original.lastTradePrice(locate: locate) != copy.lastTradePrice(locate: locate)
                || original.isHalted(locate: locate) != copy.isHalted(locate: locate)
            {
                problems.append("trading state \(locate)")
            }
        }
        if !problems.isEmpty { Issue.record("\(place): \(problems.prefix(8))") }
        return problems.isEmpty
    }

    /// FNV-1a 64 over all but the last 8 bytes, stored in them: a deliberately damaged snapshot that still
    /// passes the checksum, so the field checks behind it are what is tested.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var sealed = bytes
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in sealed[..<(sealed.count - 8)] { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        for index in 0..<8 { sealed[sealed.count - 8 + index] = UInt8(truncatingIfNeeded: hash >> (8 * index)) }
        return sealed
    }

    /// A small engine with a bit of everything: bids and asks on two books, GTC, an iceberg with hidden
    /// shares, a trade (last price), a waiting stop and a GTC stop-limit, a halted book.
    static func smallEngine(capacity: MatchingCapacity = Self.capacity) throws -> MatchingTestEngine {
        var t = try MatchingTestEngine(capacity: capacity, symbols: symbols, prefault: false)
        t.engine.submit(NewOrder(locate: 1, side: .buy, quantity: 100, priceTicks: 10_000, owner: 1, clientTag: 7))
        t.engine.submit(NewOrder(locate: 1, side: .buy, timeInForce: .gtc, quantity: 50, priceTicks: 9_990, owner: 2))
        t.engine.submit(NewOrder(
            locate: 1, side: .sell, quantity: 60, priceTicks: 10_010, displayQuantity: 20, owner: 3,
            selfTradePrevention: .cancelBoth))
        t.engine.submit(NewOrder(locate: 2, side: .sell, quantity: 10, priceTicks: 10_000, owner: 4))
        t.engine.submit(NewOrder(locate: 2, side: .buy, quantity: 4, priceTicks: 10_000, owner: 5))
        t.engine.submit(NewOrder(locate: 2, side: .buy, type: .stop, quantity: 5, stopPriceTicks: 10_050, owner: 6))
        t.engine.submit(NewOrder(
            locate: 1, side: .sell, type: .stopLimit, timeInForce: .gtc, quantity: 30, priceTicks: 9_900,
            stopPriceTicks: 9_950, owner: 1))
        t.engine.setHalted(locate: 3, true)
        _ = t.drain()
        return t
    }

    // Offsets into `smallEngine`'s snapshot: the 64-byte header, 4 symbols of 32 bytes, then orders of 56.
    static let firstOrder = 64 + 4 * 32

    // MARK: 1. Randomized equivalence

    @Test("a restored engine answers every later command as the original does")
    func randomizedEquivalence() throws {
        let environment = ProcessInfo.processInfo.environment
        let steps = environment["MATCHBOOK_MATCHING_STEPS"].flatMap { Int($0) } ?? 3_000
        for seed in UInt64(0)..<4 { try run(seed: 0x534E_4150_0000 + seed, steps: steps) }
    }

    func run(seed: UInt64, steps: Int) throws {
        var driver = MatchingDifferentialTests.Driver(seed: seed)
        var original = try MatchingTestEngine(capacity: Self.capacity, symbols: Self.symbols, prefault: false)
        // Odd seeds number orders as one of five engines sharing an id space: the step must carry over.
        if seed % 2 == 1 { original.engine.numberOrders(from: seed % 5 + 1, step: 5) }
        var copy = try Self.restored(from: original.engine)
        var nextSnapshot = driver.int(200...800)
        var snapshots = 0
        var restingAtSnapshots = 0
        for step in 0..<steps {
            if step == nextSnapshot {
                copy = try Self.restored(from: original.engine)
                guard Self.expectSameState(original.engine, copy.engine, locates: Array(Self.locates),
                                           "seed \(seed) step \(step) after restore")
                else { return }
                snapshots += 1
                restingAtSnapshots += original.engine.restingOrderCount + original.engine.waitingStopCount
                nextSnapshot = step + driver.int(200...800)
            }
            let command: Command = step == steps / 2
                ? .endOfSession : Self.nextCommand(&driver, original.engine, step: step)
            command.apply(to: &original.engine)
            command.apply(to: &copy.engine)
            let events = original.drain()
            let copyEvents = copy.drain()
            guard events == copyEvents else {
                Issue.record(
                    "seed \(seed) step \(step) \(command): events differ\noriginal: \(events)\ncopy: \(copyEvents)")
                return
            }
            let touched = Set(events.map(\.locate)).filter { Self.locates.contains($0) }
            guard Self.expectSameState(original.engine, copy.engine, locates: touched.sorted(),
                                       "seed \(seed) step \(step) \(command)")
            else { return }
        }
        _ = Self.expectSameState(original.engine, copy.engine, locates: Array(Self.locates), "seed \(seed) end")
        #expect(copy.engine.invariantViolations().isEmpty)
        #expect(original.engine.droppedEvents == 0)
        #expect(snapshots >= steps / 1_000, "seed \(seed): \(snapshots) snapshots")
        #expect(restingAtSnapshots > snapshots, "seed \(seed): the snapshots held orders")
    }

    @Test("GTC orders carried by endOfSession() snapshot and restore, and trade on alike")
    func afterEndOfSession() throws {
        var original = try Self.smallEngine()
        var driver = MatchingDifferentialTests.Driver(seed: 77)
        for step in 0..<300 { Self.nextCommand(&driver, original.engine, step: step).apply(to: &original.engine) }
        original.engine.endOfSession()
        _ = original.drain()
        let carried = original.engine.restingOrderCount + original.engine.waitingStopCount
        #expect(carried > 0)
        var copy = try Self.restored(from: original.engine)
        _ = Self.expectSameState(original.engine, copy.engine, locates: Array(Self.locates), "after session")
        for step in 300..<800 {
            let command = Self.nextCommand(&driver, original.engine, step: step)
            command.apply(to: &original.engine)
            command.apply(to: &copy.engine)
            let events = original.drain()
            guard events == copy.drain() else {
                Issue.record("step \(step) \(command): events differ")
                return
            }
        }
        _ = Self.expectSameState(original.engine, copy.engine, locates: Array(Self.locates), "end")
    }

    // MARK: 2. Round trips

    @Test("an empty engine round-trips to the same bytes")
    func emptyRoundTrip() throws {
        let empty = try MatchingTestEngine(capacity: Self.capacity, symbols: Self.symbols, prefault: false)
        let bytes = Self.snapshot(of: empty.engine)
        #expect(bytes.count == 64 + 32 * Self.symbols.count + 8)
        #expect(Array(bytes.prefix(6)) == [0x4D, 0x42, 0x45, 0x53, 1, 0])
        let copy = try Self.restored(from: empty.engine)
        #expect(Self.snapshot(of: copy.engine) == bytes)
        #expect(copy.engine.nextOrderId == 1 && copy.engine.restingOrderCount == 0)
    }

    @Test("a snapshot appends to the bytes it is given")
    func appends() throws {
        let t = try Self.smallEngine()
        let alone = Self.snapshot(of: t.engine)
        var bytes: [UInt8] = [1, 2, 3]
        t.engine.writeSnapshot(into: &bytes)
        #expect(Array(bytes.prefix(3)) == [1, 2, 3] && Array(bytes.dropFirst(3)) == alone)
    }

    // MARK: 3. Bad input

    @Test("every truncation throws and leaves the engine fresh")
    func truncations() throws {
        let bytes = Self.snapshot(of: try Self.smallEngine().engine)
        var target = try MatchingTestEngine(capacity: Self.capacity, symbols: Self.symbols, prefault: false)
        for length in 0..<bytes.count {
            let error = Self.restore(Array(bytes.prefix(length)), into: &target.engine)
            #expect(error?.kind == .truncated, "length \(length): \(String(describing: error))")
        }
        #expect(target.engine.restingOrderCount == 0 && target.engine.waitingStopCount == 0)
        #expect(Self.restore(bytes + [0], into: &target.engine)?.kind == .corrupt, "a byte too many")
        #expect(Self.restore(bytes, into: &target.engine) == nil, "the whole snapshot still restores")
    }

    @Test("a damaged byte anywhere throws; an unknown version says so")
    func damagedBytes() throws {
        let bytes = Self.snapshot(of: try Self.smallEngine().engine)
        var target = try MatchingTestEngine(capacity: Self.capacity, symbols: Self.symbols, prefault: false)
        var version = bytes
        version[4] ^= 0xFF
        #expect(Self.restore(version, into: &target.engine)?.kind == .unsupportedVersion)
        var magic = bytes
        magic[0] = 0x58
        #expect(Self.restore(magic, into: &target.engine)?.kind == .corrupt)
        for offset in 0..<bytes.count {
            var damaged = bytes
            damaged[offset] ^= 0x10
            #expect(Self.restore(damaged, into: &target.engine) != nil, "flipped byte \(offset) restored")
        }
        #expect(Self.restore(bytes, into: &target.engine) == nil)
    }

    @Test("fields no engine could write throw even with a valid checksum, and roll back")
    func impossibleFields() throws {
        let bytes = Self.snapshot(of: try Self.smallEngine().engine)
        var target = try MatchingTestEngine(capacity: Self.capacity, symbols: Self.symbols, prefault: false)
        let order = Self.firstOrder
        let secondOrder = order + 56
        var cases: [(String, [UInt8])] = []
        var noShares = bytes
        noShares.replaceSubrange((order + 28)..<(order + 32), with: [0, 0, 0, 0])
        cases.append(("no displayed shares", noShares))
        var side = bytes
        side[order + 54] = 0x58
        cases.append(("side X", side))
        var flags = bytes
        flags[order + 55] = 0x40
        cases.append(("unknown flag bit", flags))
        var idTwice = bytes
        idTwice.replaceSubrange(secondOrder..<(secondOrder + 8), with: bytes[order..<(order + 8)])
        cases.append(("an id twice (found while inserting: rolls back)", idTwice))
        var hiddenNoPeak = bytes
        hiddenNoPeak.replaceSubrange((order + 32)..<(order + 36), with: [5, 0, 0, 0])
        hiddenNoPeak.replaceSubrange((order + 44)..<(order + 48), with: [0, 0, 0, 0])
        cases.append(("hidden shares without a peak", hiddenNoPeak))
        var offTick = bytes
        offTick.replaceSubrange((order + 24)..<(order + 28), with: [0xFF, 0xFF, 0xFF, 0x7F])
        cases.append(("price outside the band", offTick))
        var futureId = bytes
        futureId.replaceSubrange(order..<(order + 8), with: [0, 0, 0, 0, 0, 0, 0, 0x10])
        cases.append(("an id not yet handed out", futureId))
        var levels = bytes
        levels[52] &+= 1
        cases.append(("a level count the orders do not make", levels))
        var swapped = bytes
        swapped.replaceSubrange(order..<(order + 56), with: bytes[secondOrder..<(secondOrder + 56)])
        swapped.replaceSubrange(secondOrder..<(secondOrder + 56), with: bytes[order..<(order + 56)])
        cases.append(("levels out of best-first order", swapped))
        var crossed = bytes
        crossed.replaceSubrange((order + 2 * 56 + 24)..<(order + 2 * 56 + 28), with: [0x10, 0x27, 0, 0])
        cases.append(("a crossed book (ask 10,000 against bid 10,000)", crossed))
        let stop = bytes.count - 8 - 52
        var stopType = bytes
        stopType[stop + 47] = OrderType.limit.rawValue
        cases.append(("a stop of type limit", stopType))
        for (what, damaged) in cases {
            let error = Self.restore(Self.resealed(damaged), into: &target.engine)
            #expect(error?.kind == .corrupt, "\(what): \(String(describing: error))")
            #expect(target.engine.restingOrderCount == 0 && target.engine.levelCount == 0
                    && target.engine.waitingStopCount == 0 && target.engine.indexedCounts == (0, 0, 0, 0), "\(what)")
        }
        #expect(Self.restore(bytes, into: &target.engine) == nil, "the engine is still fresh")
        #expect(target.engine.invariantViolations().isEmpty)
    }

    @Test("any resealed single-byte change throws or restores a sound engine, never traps")
    func resealedMutations() throws {
        let bytes = Self.snapshot(of: try Self.smallEngine().engine)
        var driver = MatchingDifferentialTests.Driver(seed: 5)
        var target = try MatchingTestEngine(capacity: Self.capacity, symbols: Self.symbols, prefault: false)
        var restoredCount = 0
        for offset in 0..<(bytes.count - 8) {
            var damaged = bytes
            damaged[offset] = driver.chance(50) ? damaged[offset] ^ UInt8(1 << driver.int(0...7)) : 0
            guard damaged != bytes else { continue }
            if Self.restore(Self.resealed(damaged), into: &target.engine) == nil {
                restoredCount += 1
                #expect(target.engine.invariantViolations().isEmpty, "byte \(offset)")
                target = try MatchingTestEngine(capacity: Self.capacity, symbols: Self.symbols, prefault: false)
            } else {
                #expect(target.engine.restingOrderCount == 0 && target.engine.waitingStopCount == 0)
            }
        }
        #expect(restoredCount > 0, "tags, owners and the like are free fields")
    }

    @Test("other symbols or a used engine are refused")
    func mismatchedEngines() throws {
        let bytes = Self.snapshot(of: try Self.smallEngine().engine)
        var otherTick = Self.symbols
        otherTick[1].tickSize = 10
        var otherName = Self.symbols
        otherName[0].symbol = "ZZZ"
        var moved = Self.symbols
        moved[3].locate = 5
        for (what, symbols) in [("tick", otherTick), ("name", otherName), ("locate", moved),
                                ("one fewer", Array(Self.symbols.dropLast()))] {
            var target = try MatchingTestEngine(capacity: Self.capacity, symbols: symbols, prefault: false)
            #expect(Self.restore(bytes, into: &target.engine)?.kind == .symbolMismatch, "\(what)")
        }
        var used = try MatchingTestEngine(capacity: Self.capacity, symbols: Self.symbols, prefault: false)
        used.engine.submit(NewOrder(locate: 1, side: .buy, quantity: 10, priceTicks: 10_000))
        #expect(Self.restore(bytes, into: &used.engine)?.kind == .engineNotFresh)
        used.engine.submit(NewOrder(locate: 1, side: .sell, quantity: 10, priceTicks: 10_000))
        #expect(used.engine.restingOrderCount == 0)
        #expect(Self.restore(bytes, into: &used.engine)?.kind == .engineNotFresh, "empty, but it has traded")
    }

    // MARK: 4. Capacity

    @Test("an engine too small for the snapshot throws capacity and stays fresh")
    func capacity() throws {
        let bytes = Self.snapshot(of: try Self.smallEngine().engine)
        var fewOrders = Self.capacity
        fewOrders.book.orders = 3
        var fewStops = Self.capacity
        fewStops.stopOrders = 1
        for (what, capacity) in [("orders", fewOrders), ("stops", fewStops)] {
            var target = try MatchingTestEngine(capacity: capacity, symbols: Self.symbols, prefault: false)
            let error = Self.restore(bytes, into: &target.engine)
            #expect(error?.kind == .capacity, "\(what): \(String(describing: error))")
        }
        // Ids beyond a small id index are found while inserting: the engine is rolled back to fresh.
        var source = try MatchingTestEngine(capacity: Self.capacity, symbols: Self.symbols, prefault: false)
        source.engine.numberOrders(from: 10_000, step: 1)
        source.engine.submit(NewOrder(locate: 1, side: .buy, quantity: 10, priceTicks: 10_000))
        source.engine.submit(NewOrder(locate: 2, side: .buy, type: .stop, quantity: 5, stopPriceTicks: 10_050))
        var smallIndex = Self.capacity
        smallIndex.book.indexDirectoryPages = 2
        var target = try MatchingTestEngine(capacity: smallIndex, symbols: Self.symbols, prefault: false)
        let error = Self.restore(Self.snapshot(of: source.engine), into: &target.engine)
        #expect(error?.kind == .capacity, "\(String(describing: error))")
        #expect(target.engine.restingOrderCount == 0 && target.engine.indexedCounts == (0, 0, 0, 0))
        #expect(Self.restore(bytes, into: &target.engine) == nil, "rolled back to fresh")
    }
}

extension MatchingTestEngine {
    /// As `init(capacity:symbols:)`, optionally without pre-faulting the arena (these tests build many engines).
    init(capacity: MatchingCapacity, symbols: [SymbolRules], prefault: Bool) throws {
        let scratchBytes = 1 << 20
        let totalBytes = (capacity.requiredArenaBytes + scratchBytes + (1 << 20) + (2 << 20 - 1)) & ~(2 << 20 - 1)
        let arena = try Arena(ArenaConfiguration(
            totalBytes: totalBytes, scratchBytes: scratchBytes,
            pages: PageSourceOptions(policy: .off, prefault: prefault, lock: false)))
        let engine = try MatchingEngine(arena: arena, capacity: capacity, symbols: symbols)
        self.arena = arena
        self.engine = engine
    }
}
