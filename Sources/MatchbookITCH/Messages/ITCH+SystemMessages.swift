// Message views: system messages. Field offsets are from the TotalView-ITCH 5.0 specification;
// each view reads only inside its fixed length (see ITCHMessageType.fixedLength).

extension ITCH {
    /// System Event (S): market-wide session events.
    ///
    /// Type byte `S`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct SystemEvent: ITCHMessageView {
        public static var messageType: ITCHMessageType { .systemEvent }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// 'O' start of messages, 'S' start of system hours, 'Q' start of market hours, 'M' end of market
        /// hours, 'E' end of system hours, 'C' end of messages. Offset 11, 1 byte.
        @inlinable @inline(__always)
        public var eventCode: UInt8 { _loadByte(base, 11) }
    }

    /// Stock Directory (R): one per security at the start of the day; binds the locate code to the symbol.
    ///
    /// Type byte `R`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct StockDirectory: ITCHMessageView {
        public static var messageType: ITCHMessageType { .stockDirectory }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Symbol, 8 bytes space-padded. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 11) }

        /// Listing market: 'Q' NASDAQ Global Select, 'G', 'S', 'N' NYSE, 'A', 'P', 'Z', 'V', ' '. Offset 19, 1
        /// byte.
        @inlinable @inline(__always)
        public var marketCategory: UInt8 { _loadByte(base, 19) }

        /// Financial status (NASDAQ-listed only). Offset 20, 1 byte.
        @inlinable @inline(__always)
        public var financialStatusIndicator: UInt8 { _loadByte(base, 20) }

        /// Shares in a round lot. Offset 21, 4 bytes.
        @inlinable @inline(__always)
        public var roundLotSize: UInt32 { _loadBigEndian(base, 21, as: UInt32.self) }

        /// 'Y' only round lots accepted, 'N' otherwise. Offset 25, 1 byte.
        @inlinable @inline(__always)
        public var roundLotsOnly: UInt8 { _loadByte(base, 25) }

        /// Security class. Offset 26, 1 byte.
        @inlinable @inline(__always)
        public var issueClassification: UInt8 { _loadByte(base, 26) }

        /// Two ASCII characters, first in the high byte. Offset 27, 2 bytes.
        @inlinable @inline(__always)
        public var issueSubType: UInt16 { _loadBigEndian(base, 27, as: UInt16.self) }

        /// 'P' live/production, 'T' test. Offset 29, 1 byte.
        @inlinable @inline(__always)
        public var authenticity: UInt8 { _loadByte(base, 29) }

        /// 'Y', 'N' or ' '. Offset 30, 1 byte.
        @inlinable @inline(__always)
        public var shortSaleThresholdIndicator: UInt8 { _loadByte(base, 30) }

        /// 'Y', 'N' or ' '. Offset 31, 1 byte.
        @inlinable @inline(__always)
        public var ipoFlag: UInt8 { _loadByte(base, 31) }

        /// '1', '2' or ' '. Offset 32, 1 byte.
        @inlinable @inline(__always)
        public var luldReferencePriceTier: UInt8 { _loadByte(base, 32) }

        /// 'Y', 'N' or ' '. Offset 33, 1 byte.
        @inlinable @inline(__always)
        public var etpFlag: UInt8 { _loadByte(base, 33) }

        /// Leverage factor of an ETP (integer). Offset 34, 4 bytes.
        @inlinable @inline(__always)
        public var etpLeverageFactor: UInt32 { _loadBigEndian(base, 34, as: UInt32.self) }

        /// 'Y' inverse ETP, 'N' otherwise. Offset 38, 1 byte.
        @inlinable @inline(__always)
        public var inverseIndicator: UInt8 { _loadByte(base, 38) }
    }

    /// Stock Trading Action (H): halts, pauses, quotation-only periods and resumptions.
    ///
    /// Type byte `H`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct StockTradingAction: ITCHMessageView {
        public static var messageType: ITCHMessageType { .stockTradingAction }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Symbol. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 11) }

        /// 'H' halted, 'P' paused, 'Q' quotation only, 'T' trading. Offset 19, 1 byte.
        @inlinable @inline(__always)
        public var tradingState: UInt8 { _loadByte(base, 19) }

        /// Reserved. Offset 20, 1 byte.
        @inlinable @inline(__always)
        public var reserved: UInt8 { _loadByte(base, 20) }

        /// Reason code, 4 ASCII bytes. Offset 21, 4 bytes.
        @inlinable @inline(__always)
        public var reason: ITCHAlpha4 { _loadAlpha4(base, 21) }
    }

    /// Reg SHO Short Sale Price Test Restriction (Y).
    ///
    /// Type byte `Y`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct RegSHORestriction: ITCHMessageView {
        public static var messageType: ITCHMessageType { .regSHORestriction }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Symbol. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 11) }

        /// '0' no test in effect, '1' in effect (intra-day drop), '2' remains in effect. Offset 19, 1 byte.
        @inlinable @inline(__always)
        public var regSHOAction: UInt8 { _loadByte(base, 19) }
    }

    /// Market Participant Position (L).
    ///
    /// Type byte `L`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct MarketParticipantPosition: ITCHMessageView {
        public static var messageType: ITCHMessageType { .marketParticipantPosition }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Market participant identifier, 4 ASCII bytes. Offset 11, 4 bytes.
        @inlinable @inline(__always)
        public var mpid: ITCHAlpha4 { _loadAlpha4(base, 11) }

        /// Symbol. Offset 15, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 15) }

        /// 'Y' or 'N'. Offset 23, 1 byte.
        @inlinable @inline(__always)
        public var primaryMarketMaker: UInt8 { _loadByte(base, 23) }

        /// 'N' normal, 'P' passive, 'S' syndicate, 'R' pre-syndicate, 'L' penalty. Offset 24, 1 byte.
        @inlinable @inline(__always)
        public var marketMakerMode: UInt8 { _loadByte(base, 24) }

        /// 'A' active, 'E' excused, 'W' withdrawn, 'S' suspended, 'D' deleted. Offset 25, 1 byte.
        @inlinable @inline(__always)
        public var marketParticipantState: UInt8 { _loadByte(base, 25) }
    }

    /// Market-Wide Circuit Breaker Decline Level (V). Prices have 8 implied decimals.
    ///
    /// Type byte `V`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct MWCBDeclineLevel: ITCHMessageView {
        public static var messageType: ITCHMessageType { .mwcbDeclineLevel }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Level 1 price, `Price(8)`: 8 implied decimals. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var level1Price8: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }

        /// Level 2 price, 8 implied decimals. Offset 19, 8 bytes.
        @inlinable @inline(__always)
        public var level2Price8: UInt64 { _loadBigEndian(base, 19, as: UInt64.self) }

        /// Level 3 price, 8 implied decimals. Offset 27, 8 bytes.
        @inlinable @inline(__always)
        public var level3Price8: UInt64 { _loadBigEndian(base, 27, as: UInt64.self) }
    }

    /// Market-Wide Circuit Breaker Status (W).
    ///
    /// Type byte `W`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct MWCBStatus: ITCHMessageView {
        public static var messageType: ITCHMessageType { .mwcbStatus }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// '1', '2' or '3'. Offset 11, 1 byte.
        @inlinable @inline(__always)
        public var breachedLevel: UInt8 { _loadByte(base, 11) }
    }

    /// IPO Quoting Period Update (K).
    ///
    /// Type byte `K`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct IPOQuotingPeriodUpdate: ITCHMessageView {
        public static var messageType: ITCHMessageType { .ipoQuotingPeriodUpdate }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Symbol. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 11) }

        /// Quotation release time, seconds since midnight. Offset 19, 4 bytes.
        @inlinable @inline(__always)
        public var ipoQuotationReleaseTimeSeconds: UInt32 { _loadBigEndian(base, 19, as: UInt32.self) }

        /// 'A' anticipated release time, 'C' canceled/postponed. Offset 23, 1 byte.
        @inlinable @inline(__always)
        public var ipoQuotationReleaseQualifier: UInt8 { _loadByte(base, 23) }

        /// IPO price, 4 implied decimals. Offset 24, 4 bytes.
        @inlinable @inline(__always)
        public var ipoPriceTicks: UInt32 { _loadBigEndian(base, 24, as: UInt32.self) }
    }

    /// Limit Up-Limit Down Auction Collar (J).
    ///
    /// Type byte `J`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct LULDAuctionCollar: ITCHMessageView {
        public static var messageType: ITCHMessageType { .luldAuctionCollar }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Symbol. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 11) }

        /// Reference price, 4 implied decimals. Offset 19, 4 bytes.
        @inlinable @inline(__always)
        public var auctionCollarReferencePriceTicks: UInt32 { _loadBigEndian(base, 19, as: UInt32.self) }

        /// Upper collar, 4 implied decimals. Offset 23, 4 bytes.
        @inlinable @inline(__always)
        public var upperAuctionCollarPriceTicks: UInt32 { _loadBigEndian(base, 23, as: UInt32.self) }

        /// Lower collar, 4 implied decimals. Offset 27, 4 bytes.
        @inlinable @inline(__always)
        public var lowerAuctionCollarPriceTicks: UInt32 { _loadBigEndian(base, 27, as: UInt32.self) }

        /// Number of extensions to the reopening auction. Offset 31, 4 bytes.
        @inlinable @inline(__always)
        public var auctionCollarExtension: UInt32 { _loadBigEndian(base, 31, as: UInt32.self) }
    }

    /// Operational Halt (h).
    ///
    /// Type byte `h`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct OperationalHalt: ITCHMessageView {
        public static var messageType: ITCHMessageType { .operationalHalt }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Symbol. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 11) }

        /// 'Q' NASDAQ, 'B' BX, 'X' PSX. Offset 19, 1 byte.
        @inlinable @inline(__always)
        public var marketCode: UInt8 { _loadByte(base, 19) }

        /// 'H' halted, 'T' resumed. Offset 20, 1 byte.
        @inlinable @inline(__always)
        public var operationalHaltAction: UInt8 { _loadByte(base, 20) }
    }
}
