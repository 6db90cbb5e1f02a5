import Foundation
import Testing

@testable import MatchbookITCH

/// An independent, simple book model: live orders in a dictionary, prices per locate and side.
struct ReferenceBook {
    struct Order {
        var locate: UInt16
        var isBuy: Bool
        var priceTicks: UInt32
        var shares: UInt32
    }

    var orders: [UInt64: Order] = [:]
    /// Resting orders per (locate, side) per price.
    var levels: [UInt32: [UInt32: Int]] = [:]
    var problems: [String] = []
    var lastReference: UInt64 = 0

    static func key(_ locate: UInt16, _ isBuy: Bool) -> UInt32 { UInt32(locate) << 1 | (isBuy ? 1 : 0) }

    func bestBid(_ locate: UInt16) -> UInt32? { levels[Self.key(locate, true)]?.keys.max() }
    func bestAsk(_ locate: UInt16) -> UInt32? { levels[Self.key(locate, false)]?.keys.min() }

    mutating func add(_ reference: UInt64, _ order: Order) {
        if reference <= lastReference { problems.append("reference \(reference) does not rise") }
        lastReference = max(lastReference, reference)
        if orders[reference] != nil { problems.append("duplicate \(reference)") }
        orders[reference] = order
        levels[Self.key(order.locate, order.isBuy), default: [:]][order.priceTicks, default: 0] += 1
        checkUncrossed(order.locate, reference)
    }

    mutating func remove(_ reference: UInt64) -> Order? {
        guard let order = orders.removeValue(forKey: reference) else {
            problems.append("unknown reference \(reference)")
            return nil
        }
        let key = Self.key(order.locate, order.isBuy)
        levels[key]![order.priceTicks]! -= 1
        if levels[key]![order.priceTicks]! == 0 { levels[key]![order.priceTicks] = nil }
        return order
    }

    mutating func reduce(_ reference: UInt64, by shares: UInt32, removeAtZero: Bool) {
        guard let order = orders[reference] else {
            problems.append("unknown reference \(reference)")
            return
        }
        if shares > order.shares || shares == 0 {
            problems.append("reduce \(reference) by \(shares) of \(order.shares)")
        }
        if shares >= order.shares {
            if removeAtZero { _ = remove(reference) } else { problems.append("cancel removes all of \(reference)") }
        } else {
            orders[reference]!.shares -= shares
        }
    }

    mutating func checkUncrossed(_ locate: UInt16, _ reference: UInt64) {
        if let bid = bestBid(locate), let ask = bestAsk(locate), bid >= ask {
            problems.append("locate \(locate) crossed at \(reference): bid \(bid) >= ask \(ask)")
        }
    }

    mutating func apply(_ frame: ITCHFrame) {
        switch frame.message {
        case .addOrder(let add):
            self.add(add.orderReference, Order(locate: add.stockLocate, isBuy: add.side == UInt8(ascii: "B"),
                                               priceTicks: add.priceTicks, shares: add.shares))
        case .addOrderMPID(let add):
            self.add(add.orderReference, Order(locate: add.stockLocate, isBuy: add.side == UInt8(ascii: "B"),
                                               priceTicks: add.priceTicks, shares: add.shares))
        case .orderDelete(let delete):
            _ = remove(delete.orderReference)
        case .orderCancel(let cancel):
            reduce(cancel.orderReference, by: cancel.cancelledShares, removeAtZero: false)
        case .orderExecuted(let execution):
            reduce(execution.orderReference, by: execution.executedShares, removeAtZero: true)
        case .orderExecutedWithPrice(let execution):
            reduce(execution.orderReference, by: execution.executedShares, removeAtZero: true)
        case .orderReplace(let replace):
            if let old = remove(replace.originalOrderReference) {
                add(replace.newOrderReference, Order(locate: old.locate, isBuy: old.isBuy,
                                                     priceTicks: replace.priceTicks, shares: replace.shares))
            }
        default:
            break
        }
    }
}

@Suite("Day generator")
struct GeneratorTests {
    @Test("deterministic per seed; different seeds differ")
    func deterministic() {
        let first = ITCHDayGenerator(seed: 42, messages: 10_000, symbols: 30).generate()
        let second = ITCHDayGenerator(seed: 42, messages: 10_000, symbols: 30).generate()
        let other = ITCHDayGenerator(seed: 43, messages: 10_000, symbols: 30).generate()
        #expect(first == second)
        #expect(first != other)
    }

    @Test("the day is well framed, has the requested size, opens and closes like NASDAQ")
    func structure() throws {
        let symbols = 25
        let bytes = ITCHDayGenerator(seed: 1, messages: 20_000, symbols: symbols).generate()
        let outcome = parseWhole(bytes, mode: .strict)
        #expect(outcome.error == nil && outcome.statistics.faults == 0 && outcome.statistics.unknownMessages == 0)
        #expect(outcome.frames.count == 20_000)
        var events: [UInt8] = []
        var directory: [UInt16: String] = [:]
        var lastTimestamp: UInt64 = 0
        try bytes.withUnsafeBytes { buffer in
            var reader = ITCHFrameReader(bytes: buffer)
            while let frame = try reader.next() {
                let timestamp = _loadTimestamp48(frame.base, 5)
                #expect(timestamp >= lastTimestamp)
                lastTimestamp = timestamp
                if let event = frame.view(as: ITCH.SystemEvent.self) { events.append(event.eventCode) }
                if let entry = frame.view(as: ITCH.StockDirectory.self) {
                    directory[entry.stockLocate] = entry.stock.string
                    #expect(entry.stock.bytes.count == 8 && entry.roundLotSize == 100)
                }
            }
        }
        #expect(events == Array("OSQMEC".utf8))
        #expect(directory.count == symbols)
        #expect(Set(directory.keys) == Set(1...UInt16(symbols)))
        #expect(directory[1] == "AAPL")
        #expect(Set(directory.values).count == symbols)
        #expect(ITCHDayGenerator(seed: 1, messages: 20_000, symbols: symbols).symbolNames()
                == (1...symbols).map { directory[UInt16($0)]! })
    }

    @Test("never crosses; only live orders are touched, never beyond their shares; references rise")
    func consistentBook() {
        for seed: UInt64 in [1, 2, 3] {
            let bytes = ITCHDayGenerator(seed: seed, messages: 60_000, symbols: 40).generate()
            var book = ReferenceBook()
            bytes.withUnsafeBytes { buffer in
                var reader = ITCHFrameReader(bytes: buffer)
                while let frame = try? reader.next() { book.apply(frame) }
            }
            #expect(book.problems.isEmpty, "seed \(seed): \(book.problems.prefix(5))")
            #expect(book.orders.count > 100)
        }
    }

    @Test("the message mix is within tolerances and activity is skewed across symbols")
    func mix() {
        let total = 200_000
        let bytes = ITCHDayGenerator(seed: 7, messages: total, symbols: 100).generate()
        let outcome = parseWhole(bytes, mode: .strict)
        let counts = outcome.statistics.counts
        func share(_ types: ITCHMessageType...) -> Double {
            Double(types.reduce(0) { $0 + counts[$1] }) / Double(total)
        }
        #expect(abs(share(.addOrder, .addOrderMPID) - 0.44) < 0.03)
        #expect(abs(share(.orderDelete) - 0.43) < 0.03)
        #expect(abs(share(.orderReplace) - 0.07) < 0.015)
        #expect((0.015...0.035).contains(share(.orderExecuted, .orderExecutedWithPrice)))
        #expect((0.005...0.015).contains(share(.orderCancel)))
        #expect(counts[.addOrderMPID] > 0 && counts[.orderExecutedWithPrice] > 0)
        for type in ITCHMessageType.allCases {
            #expect(counts[type] > 0, "no \(type) in the day")
        }
        // Zipf: the busiest symbol carries far more than the median one.
        var perLocate = [Int](repeating: 0, count: 101)
        for frame in outcome.frames where frame.type == UInt8(ascii: "A") {
            perLocate[Int(frame.bytes[1]) << 8 | Int(frame.bytes[2])] += 1
        }
        let sorted = perLocate.dropFirst().sorted()
        #expect(sorted.last! > 10 * sorted[50])
    }

    @Test("tiny days and gzip output")
    func tinyAndGzip() throws {
        let tiny = ITCHDayGenerator(seed: 1, messages: 0, symbols: 1).generate()
        let outcome = parseWhole(tiny, mode: .strict)
        #expect(outcome.error == nil && outcome.frames.count == 9)
        let day = ITCHDayGenerator(seed: 2, messages: 1_000, symbols: 5)
        let compressed = try day.generateGzip()
        #expect(compressed.prefix(2) == [0x1F, 0x8B])
        let path = temporaryPath("day.itch.gz")
        try day.write(toPath: path, gzip: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var input = try ITCHInput(path: path)
        var parser = ITCHStreamParser()
        var frames = 0
        try input.parse(into: &parser) { _ in frames += 1 }
        #expect(frames == 1_000)
    }
}
