import Foundation

/// The generator's working state for one day: its random source, writer, and per-symbol book model.
/// Internal; see ``ITCHDayGenerator`` for the contract.
internal struct _DayState {
    /// Ladder width per symbol, in 1-cent levels around the symbol's reference price.
    static let ladderWidth = 2048
    /// ITCH price ticks per cent (4 implied decimals).
    static let ticksPerCent: UInt32 = 100

    struct LiveOrder {
        var reference: UInt64
        var level: Int32
        var shares: UInt32
    }

    struct SymbolBook {
        var stock: ITCHStock
        var lowestCents: Int  // price in cents of ladder level 0
        var mid: Int
        var bestBid: Int  // -1 when no bid
        var bestAsk: Int  // ladderWidth when no ask
        var halted = false
    }

    var random: SplitMix64
    var writer: ITCHWriter
    let symbolCount: Int
    let totalMessages: Int
    var books: [SymbolBook] = []
    /// Resting orders per level: `(symbol * ladderWidth + level) * 2 + side` (side 0 bid, 1 ask).
    var levelCounts: [Int32]
    /// Live orders per `symbol * 2 + side`.
    var live: [[LiveOrder]]
    /// Cumulative Zipf weights over symbols, for activity.
    var zipfCumulative: [Double] = []
    var nextReference: UInt64 = 1
    var nextMatch: UInt64 = 1
    var clock: UInt64 = 0
    var haltedSymbol: Int?

    init(seed: UInt64, symbols: Int, messages: Int) {
        random = SplitMix64(seed: seed ^ 0x4954_4348_3530_0001)
        symbolCount = symbols
        totalMessages = messages
        writer = ITCHWriter(reservingCapacity: messages * 38 + 64)
        levelCounts = [Int32](repeating: 0, count: symbols * Self.ladderWidth * 2)
        live = [[LiveOrder]](repeating: [], count: symbols * 2)
        let names = Self.symbolNames(count: symbols, seed: seed)
        var total = 0.0
        for rank in 0..<symbols {
            total += 1.0 / pow(Double(rank + 1), 1.1)
            zipfCumulative.append(total)
        }
        for index in 0..<symbols {
            let priceCents = 1_500 + random.below(40_000)  // $15 … $415
            books.append(
                SymbolBook(
                    stock: ITCHStock(names[index]), lowestCents: priceCents - Self.ladderWidth / 2,
                    mid: Self.ladderWidth / 2, bestBid: -1, bestAsk: Self.ladderWidth))
        }
    }

    /// Plausible, unique, deterministic 1…5-letter symbols: a few well-known ones, then made-up ones.
    static func symbolNames(count: Int, seed: UInt64) -> [String] {
        let known = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "AMD", "INTC", "QQQ", "NFLX",
                     "ADBE", "CSCO", "PEP", "AVGO", "COST", "TXN", "QCOM", "SBUX", "MRNA"]
        var names: [String] = []
        var seen = Set<String>()
        for name in known.prefix(count) {
            names.append(name)
            seen.insert(name)
        }
        var random = SplitMix64(seed: seed ^ 0x5359_4D42_4F4C_5321)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        while names.count < count {
            let length = 3 + random.below(3)
            let name = String((0..<length).map { _ in letters[random.below(26)] })
            if seen.insert(name).inserted { names.append(name) }
        }
        return names
    }

    // MARK: - The day

    mutating func run() {
        let fixed = 6 + 2 * symbolCount + 1
        let body = max(0, totalMessages - fixed)
        let startOfMessages: UInt64 = 3 * 3_600_000_000_000 + 5 * 60_000_000_000
        clock = startOfMessages
        systemEvent("O")
        clock = 4 * 3_600_000_000_000
        systemEvent("S")
        for index in 0..<symbolCount {
            tick(1_000)
            stockDirectory(index)
        }
        for index in 0..<symbolCount {
            tick(1_000)
            tradingAction(index, state: "T", reason: "    ")
        }
        tick(1_000)
        mwcbDeclineLevel()
        clock = 9 * 3_600_000_000_000 + 30 * 60_000_000_000
        systemEvent("Q")
        let close: UInt64 = 16 * 3_600_000_000_000
        let step = max(1, (close - clock) / UInt64(max(body, 1)))
        for _ in 0..<body {
            tick(step)
            activity()
        }
        clock = max(clock, close)
        systemEvent("M")
        clock = max(clock + 1, 20 * 3_600_000_000_000)
        systemEvent("E")
        clock += 5 * 60_000_000_000
        systemEvent("C")
    }

    /// Moves the clock forward by 1…`step` ns (strictly increasing timestamps).
    mutating func tick(_ step: UInt64) { clock += 1 + UInt64(random.below(Int(step))) }

    mutating func zipfSymbol() -> Int {
        let target = random.unit() * zipfCumulative[zipfCumulative.count - 1]
        var low = 0
        var high = zipfCumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if zipfCumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    mutating func activity() {
        let symbol = zipfSymbol()
        let draw = random.unit()
        switch draw {
        case ..<0.44: addOrder(symbol)
        case ..<0.87: if !deleteOrder(symbol) { addOrder(symbol) }
        case ..<0.94: if !replaceOrder(symbol) { addOrder(symbol) }
        case ..<0.965: if !executeOrder(symbol) { addOrder(symbol) }
        case ..<0.975: if !cancelOrder(symbol) { addOrder(symbol) }
        default: otherMessage(symbol)
        }
    }

    // MARK: - Book model

    @inline(__always)
    func levelIndex(_ symbol: Int, _ level: Int, _ side: Int) -> Int {
        (symbol * Self.ladderWidth + level) * 2 + side
    }

    func priceTicks(_ symbol: Int, _ level: Int) -> UInt32 {
        UInt32(books[symbol].lowestCents + level) * Self.ticksPerCent
    }

    mutating func rest(_ symbol: Int, side: Int, level: Int, shares: UInt32) -> UInt64 {
        let reference = nextReference
        nextReference += 1
        live[symbol * 2 + side].append(LiveOrder(reference: reference, level: Int32(level), shares: shares))
        levelCounts[levelIndex(symbol, level, side)] += 1
        if side == 0 {
            books[symbol].bestBid = max(books[symbol].bestBid, level)
        } else {
            books[symbol].bestAsk = min(books[symbol].bestAsk, level)
        }
        return reference
    }

    /// Removes live order `slot` of `(symbol, side)` and repairs the best price.
    mutating func remove(_ symbol: Int, side: Int, slot: Int) {
        let key = symbol * 2 + side
        let level = Int(live[key][slot].level)
        live[key].swapAt(slot, live[key].count - 1)
        live[key].removeLast()
        let index = levelIndex(symbol, level, side)
        levelCounts[index] -= 1
        guard levelCounts[index] == 0 else { return }
        if side == 0, books[symbol].bestBid == level {
            var best = level - 1
            while best >= 0 && levelCounts[levelIndex(symbol, best, 0)] == 0 { best -= 1 }
            books[symbol].bestBid = best
        } else if side == 1, books[symbol].bestAsk == level {
            var best = level + 1
            while best < Self.ladderWidth && levelCounts[levelIndex(symbol, best, 1)] == 0 { best += 1 }
            books[symbol].bestAsk = best
        }
    }

    /// A price level for a new order on `side` near the touch that cannot cross; nil if none fits.
    mutating func newLevel(_ symbol: Int, side: Int) -> Int? {
        let book = books[symbol]
        let distance = min(Int(-log(1.0 - random.unit()) * 2.5), 60)
        if side == 0 {
            let level = min(book.mid - 1 - distance, book.bestAsk - 1)
            return level >= 0 ? level : nil
        } else {
            let level = max(book.mid + 1 + distance, book.bestBid + 1)
            return level < Self.ladderWidth ? level : nil
        }
    }

    mutating func newShares() -> UInt32 {
        let draw = random.below(100)
        if draw < 8 { return UInt32(1 + random.below(99)) }  // odd lot
        if draw < 95 { return UInt32(100 * (1 + random.below(10))) }
        return UInt32(100 * (10 + random.below(90)))
    }

    /// A live order of `(symbol, side)`: the best-priced of up to four random picks (executions hit the
    /// touch), or any random one.
    mutating func pickOrder(_ symbol: Int, side: Int, nearTouch: Bool) -> Int? {
        let count = live[symbol * 2 + side].count
        guard count > 0 else { return nil }
        var slot = random.below(count)
        if nearTouch {
            for _ in 0..<3 {
                let other = random.below(count)
                let level = live[symbol * 2 + side][other].level
                let current = live[symbol * 2 + side][slot].level
                if side == 0 ? level > current : level < current { slot = other }
            }
        }
        return slot
    }

    mutating func pickSide(_ symbol: Int) -> Int? {
        let bids = live[symbol * 2].count
        let asks = live[symbol * 2 + 1].count
        if bids + asks == 0 { return nil }
        return random.below(bids + asks) < bids ? 0 : 1
    }

    // MARK: - Order activity

    mutating func addOrder(_ symbol: Int) {
        if random.below(100) < 5 {
            let move = random.below(2) == 0 ? -1 : 1
            books[symbol].mid = min(max(books[symbol].mid + move, Self.ladderWidth / 4), 3 * Self.ladderWidth / 4)
        }
        var side = random.below(2)
        var level = newLevel(symbol, side: side)
        if level == nil {
            side = 1 - side
            level = newLevel(symbol, side: side)
        }
        guard let level else {
            otherMessage(symbol)
            return
        }
        let shares = newShares()
        let reference = rest(symbol, side: side, level: level, shares: shares)
        let withMPID = random.below(10) == 0
        writer.begin(withMPID ? .addOrderMPID : .addOrder, locate: UInt16(symbol + 1), tracking: tracking(),
                     timestampNanos: clock)
        writer.u64(reference)
        writer.char(side == 0 ? "B" : "S")
        writer.u32(shares)
        writer.stock(books[symbol].stock)
        writer.u32(priceTicks(symbol, level))
        if withMPID { writer.alpha4(Self.mpids[random.below(Self.mpids.count)]) }
        writer.finish()
    }

    mutating func deleteOrder(_ symbol: Int) -> Bool {
        guard let side = pickSide(symbol), let slot = pickOrder(symbol, side: side, nearTouch: false) else {
            return false
        }
        let reference = live[symbol * 2 + side][slot].reference
        remove(symbol, side: side, slot: slot)
        writer.begin(.orderDelete, locate: UInt16(symbol + 1), tracking: tracking(), timestampNanos: clock)
        writer.u64(reference)
        writer.finish()
        return true
    }

    mutating func replaceOrder(_ symbol: Int) -> Bool {
        guard let side = pickSide(symbol), let slot = pickOrder(symbol, side: side, nearTouch: false) else {
            return false
        }
        let old = live[symbol * 2 + side][slot]
        remove(symbol, side: side, slot: slot)
        let book = books[symbol]
        var level = Int(old.level) + random.below(5) - 2
        level = side == 0 ? min(level, book.bestAsk - 1) : max(level, book.bestBid + 1)
        level = min(max(level, 0), Self.ladderWidth - 1)
        if side == 0 ? level >= book.bestAsk : level <= book.bestBid { level = Int(old.level) }
        let shares = random.below(3) == 0 ? newShares() : old.shares
        let reference = rest(symbol, side: side, level: level, shares: shares)
        writer.begin(.orderReplace, locate: UInt16(symbol + 1), tracking: tracking(), timestampNanos: clock)
        writer.u64(old.reference)
        writer.u64(reference)
        writer.u32(shares)
        writer.u32(priceTicks(symbol, level))
        writer.finish()
        return true
    }

    mutating func executeOrder(_ symbol: Int) -> Bool {
        guard let side = pickSide(symbol), let slot = pickOrder(symbol, side: side, nearTouch: true) else {
            return false
        }
        let key = symbol * 2 + side
        let order = live[key][slot]
        let executed: UInt32 =
            order.shares == 1 || random.below(10) < 4 ? order.shares : UInt32(1 + random.below(Int(order.shares) - 1))
        if executed == order.shares {
            remove(symbol, side: side, slot: slot)
        } else {
            live[key][slot].shares -= executed
        }
        let match = nextMatch
        nextMatch += 1
        let withPrice = random.below(5) == 0
        writer.begin(withPrice ? .orderExecutedWithPrice : .orderExecuted, locate: UInt16(symbol + 1),
                     tracking: tracking(), timestampNanos: clock)
        writer.u64(order.reference)
        writer.u32(executed)
        writer.u64(match)
        if withPrice {
            writer.char(random.below(10) == 0 ? "N" : "Y")
            writer.u32(priceTicks(symbol, Int(order.level)))
        }
        writer.finish()
        return true
    }

    mutating func cancelOrder(_ symbol: Int) -> Bool {
        guard let side = pickSide(symbol), let slot = pickOrder(symbol, side: side, nearTouch: false) else {
            return false
        }
        let key = symbol * 2 + side
        let order = live[key][slot]
        guard order.shares >= 2 else { return deleteOrder(symbol) }
        let cancelled = UInt32(1 + random.below(Int(order.shares) - 1))
        live[key][slot].shares -= cancelled
        writer.begin(.orderCancel, locate: UInt16(symbol + 1), tracking: tracking(), timestampNanos: clock)
        writer.u64(order.reference)
        writer.u32(cancelled)
        writer.finish()
        return true
    }

    mutating func tracking() -> UInt16 { UInt16(1 + random.below(8)) }

    static let mpids = [ITCHAlpha4("GSCO"), ITCHAlpha4("MSCO"), ITCHAlpha4("UBSS"), ITCHAlpha4("NITE"),
                        ITCHAlpha4("CDRG"), ITCHAlpha4("VIRT"), ITCHAlpha4("JPMS"), ITCHAlpha4("SUSQ")]
}
