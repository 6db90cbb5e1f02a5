/// The generator's non-order messages: session, directory, trading actions and the rarer types.
extension _DayState {
    /// A reference price between the touch (or near the mid), in ITCH ticks.
    func referenceTicks(_ symbol: Int) -> UInt32 {
        let book = books[symbol]
        let level: Int
        if book.bestBid >= 0 && book.bestAsk < Self.ladderWidth {
            level = (book.bestBid + book.bestAsk) / 2
        } else {
            level = book.mid
        }
        return priceTicks(symbol, level)
    }

    mutating func systemEvent(_ code: Unicode.Scalar) {
        writer.begin(.systemEvent, locate: 0, tracking: 0, timestampNanos: clock)
        writer.char(code)
        writer.finish()
    }

    mutating func stockDirectory(_ symbol: Int) {
        writer.begin(.stockDirectory, locate: UInt16(symbol + 1), tracking: 0, timestampNanos: clock)
        writer.stock(books[symbol].stock)
        writer.char(["Q", "G", "S"][random.below(3)])  // market category
        writer.char("N")  // financial status: normal
        writer.u32(100)  // round lot
        writer.char("N")  // round lots only
        writer.char(symbol == 9 ? "Q" : "C")  // issue classification: QQQ-like ETF or common
        writer.u16(symbol == 9 ? 0x4954 : 0x4320)  // issue sub-type "IT" / "C "
        writer.char("P")  // production
        writer.char("N")  // short sale threshold
        writer.char("N")  // IPO flag
        writer.char(symbol < 100 ? "1" : "2")  // LULD tier
        writer.char(symbol == 9 ? "Y" : "N")  // ETP
        writer.u32(symbol == 9 ? 1 : 0)  // ETP leverage
        writer.char("N")  // inverse
        writer.finish()
    }

    mutating func tradingAction(_ symbol: Int, state: Unicode.Scalar, reason: String) {
        writer.begin(.stockTradingAction, locate: UInt16(symbol + 1), tracking: 0, timestampNanos: clock)
        writer.stock(books[symbol].stock)
        writer.char(state)
        writer.u8(0x20)
        writer.alpha4(ITCHAlpha4(reason))
        writer.finish()
    }

    mutating func mwcbDeclineLevel() {
        writer.begin(.mwcbDeclineLevel, locate: 0, tracking: 0, timestampNanos: clock)
        writer.u64(5_536_123_000_000)  // 55,361.23 with 8 decimals
        writer.u64(5_119_812_000_000)
        writer.u64(4_583_211_000_000)
        writer.finish()
    }

    /// One of the rarer messages, for `symbol` when it names one.
    mutating func otherMessage(_ symbol: Int) {
        let locate = UInt16(symbol + 1)
        let stock = books[symbol].stock
        let draw = random.below(1_000)
        switch draw {
        case ..<450:  // P: hidden (non-displayed) execution between the touch
            writer.begin(.trade, locate: locate, tracking: tracking(), timestampNanos: clock)
            writer.u64(0)
            writer.char(random.below(2) == 0 ? "B" : "S")
            writer.u32(newShares())
            writer.stock(stock)
            writer.u32(referenceTicks(symbol))
            writer.u64(nextMatch)
            nextMatch += 1
        case ..<700:  // I: net order imbalance
            let reference = referenceTicks(symbol)
            writer.begin(.noii, locate: locate, tracking: tracking(), timestampNanos: clock)
            writer.u64(UInt64(random.below(1_000_000)))
            writer.u64(UInt64(random.below(100_000)))
            writer.char(["B", "S", "N", "O"][random.below(4)])
            writer.stock(stock)
            writer.u32(reference &+ 100)
            writer.u32(reference &- 100)
            writer.u32(reference)
            writer.char(random.below(2) == 0 ? "O" : "C")
            writer.char("L")
        case ..<750:  // Q: cross trade
            writer.begin(.crossTrade, locate: locate, tracking: tracking(), timestampNanos: clock)
            writer.u64(UInt64(1_000 + random.below(1_000_000)))
            writer.stock(stock)
            writer.u32(referenceTicks(symbol))
            writer.u64(nextMatch)
            nextMatch += 1
            writer.char(["O", "C", "H", "I"][random.below(4)])
        case ..<780:  // B: an earlier execution broken
            guard nextMatch > 1 else { return regSHOFallback(symbol) }
            writer.begin(.brokenTrade, locate: locate, tracking: tracking(), timestampNanos: clock)
            writer.u64(1 + UInt64(random.below(Int(nextMatch - 1))))
        case ..<820:  // Y: Reg SHO
            writer.begin(.regSHORestriction, locate: locate, tracking: tracking(), timestampNanos: clock)
            writer.stock(stock)
            writer.char(["0", "1", "2"][random.below(3)])
        case ..<880:  // H: halt one symbol, resume it at the next H
            if let halted = haltedSymbol {
                books[halted].halted = false
                haltedSymbol = nil
                tradingAction(halted, state: "T", reason: "    ")
            } else {
                books[symbol].halted = true
                haltedSymbol = symbol
                tradingAction(symbol, state: random.below(4) == 0 ? "P" : "H", reason: "LUDP")
            }
            return
        case ..<920:  // N: retail price improvement
            writer.begin(.rpii, locate: locate, tracking: tracking(), timestampNanos: clock)
            writer.stock(stock)
            writer.char(["B", "S", "A", "N"][random.below(4)])
        case ..<940:  // L: market participant position
            writer.begin(.marketParticipantPosition, locate: locate, tracking: tracking(), timestampNanos: clock)
            writer.alpha4(Self.mpids[random.below(Self.mpids.count)])
            writer.stock(stock)
            writer.char(random.below(2) == 0 ? "Y" : "N")
            writer.char("N")
            writer.char("A")
        case ..<960:  // J: LULD auction collar
            let reference = referenceTicks(symbol)
            writer.begin(.luldAuctionCollar, locate: locate, tracking: tracking(), timestampNanos: clock)
            writer.stock(stock)
            writer.u32(reference)
            writer.u32(reference &+ reference / 20)
            writer.u32(reference &- reference / 20)
            writer.u32(UInt32(random.below(3)))
        case ..<970:  // K: IPO quoting period
            writer.begin(.ipoQuotingPeriodUpdate, locate: locate, tracking: tracking(), timestampNanos: clock)
            writer.stock(stock)
            writer.u32(UInt32(clock / 1_000_000_000) + 900)
            writer.char("A")
            writer.u32(referenceTicks(symbol))
        case ..<980:  // h: operational halt
            writer.begin(.operationalHalt, locate: locate, tracking: tracking(), timestampNanos: clock)
            writer.stock(stock)
            writer.char("Q")
            writer.char(random.below(2) == 0 ? "H" : "T")
        case ..<990:  // O: direct listing with capital raise
            let reference = referenceTicks(symbol)
            writer.begin(.directListingCapitalRaise, locate: locate, tracking: tracking(), timestampNanos: clock)
            writer.stock(stock)
            writer.char("Y")
            writer.u32(reference &- reference / 10)
            writer.u32(reference &+ reference / 10)
            writer.u32(reference)
            writer.u64(clock + 60_000_000_000)
            writer.u32(reference &- reference / 20)
            writer.u32(reference &+ reference / 20)
        case ..<995:  // W: circuit breaker status
            writer.begin(.mwcbStatus, locate: 0, tracking: tracking(), timestampNanos: clock)
            writer.char("1")
        default:  // V: decline levels (re-sent)
            mwcbDeclineLevel()
            return
        }
        writer.finish()
    }

    /// Stand-in when a rare message has nothing to refer to yet: a Reg SHO message for `symbol`.
    private mutating func regSHOFallback(_ symbol: Int) {
        writer.begin(.regSHORestriction, locate: UInt16(symbol + 1), tracking: tracking(), timestampNanos: clock)
        writer.stock(books[symbol].stock)
        writer.char("0")
        writer.finish()
    }
}
