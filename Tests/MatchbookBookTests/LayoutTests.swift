import Testing
import MatchbookBook
import MatchbookMemory

/// Every pool record starts on a cache line and fills whole lines: stride a multiple of 64, alignment ≤ 64.
@Suite("Record layout")
struct LayoutTests {
    @Test("pool records are exactly one 64-byte line")
    func oneLineRecords() {
        #expect(MemoryLayout<Order>.stride == 64)
        #expect(MemoryLayout<PriceLevel>.stride == 64)
        #expect(MemoryLayout<BookHeader>.stride == 64)
        #expect(MemoryLayout<OrderIndexPage>.stride == 64)
    }

    @Test("every record's stride is a multiple of 64 and its alignment at most 64")
    func strideMultipleOf64() {
        let layouts = [
            ("Order", MemoryLayout<Order>.stride, MemoryLayout<Order>.alignment),
            ("PriceLevel", MemoryLayout<PriceLevel>.stride, MemoryLayout<PriceLevel>.alignment),
            ("BookHeader", MemoryLayout<BookHeader>.stride, MemoryLayout<BookHeader>.alignment),
            ("OrderIndexPage", MemoryLayout<OrderIndexPage>.stride, MemoryLayout<OrderIndexPage>.alignment),
            ("EngineEvent", MemoryLayout<EngineEvent>.stride, MemoryLayout<EngineEvent>.alignment),
            ("StopOrder", MemoryLayout<StopOrder>.stride, MemoryLayout<StopOrder>.alignment),
            ("SymbolState", MemoryLayout<SymbolState>.stride, MemoryLayout<SymbolState>.alignment),
        ]
        for (name, stride, alignment) in layouts {
            #expect(stride % 64 == 0, "\(name) stride \(stride)")
            #expect(alignment <= 64, "\(name) alignment \(alignment)")
        }
    }

    @Test("the documented field offsets hold")
    func fieldOffsets() {
        #expect(MemoryLayout<Order>.offset(of: \.shares) == 8)
        #expect(MemoryLayout<Order>.offset(of: \.level) == 16)
        #expect(MemoryLayout<Order>.offset(of: \.locate) == 28)
        #expect(MemoryLayout<Order>.offset(of: \.entrySequence) == 40)
        #expect(MemoryLayout<PriceLevel>.offset(of: \.head) == 16)
        #expect(MemoryLayout<PriceLevel>.offset(of: \.reservedWord) == 28)
        #expect(MemoryLayout<BookHeader>.offset(of: \.bids) == 8)
        #expect(MemoryLayout<BookHeader>.offset(of: \.asks) == 20)
        #expect(MemoryLayout<BookHeader>.offset(of: \.updates) == 40)
    }

    @Test("handles and ladder entries are dense")
    func denseHandles() {
        #expect(MemoryLayout<PoolHandle<Order>>.size == 4)
        #expect(MemoryLayout<LadderEntry>.stride == 8)
        #expect(MemoryLayout<SideLadder>.stride == 12)
    }

    @Test("side raw values are the ITCH bytes")
    func sideBytes() {
        #expect(Side(rawValue: UInt8(ascii: "B")) == .buy)
        #expect(Side(rawValue: UInt8(ascii: "S")) == .sell)
        #expect(Side.buy.opposite == .sell)
    }

    @Test("pools accept every record")
    func poolsAccept() throws {
        let arena = try makeTestArena(megabytes: 8)
        _ = try arena.makePool(of: Order.self, capacity: 16, name: "orders")
        _ = try arena.makePool(of: PriceLevel.self, capacity: 16, name: "levels")
        _ = try arena.makePool(of: BookHeader.self, capacity: 16, name: "books")
        _ = try arena.makePool(of: OrderIndexPage.self, capacity: 16, name: "pages")
    }
}
