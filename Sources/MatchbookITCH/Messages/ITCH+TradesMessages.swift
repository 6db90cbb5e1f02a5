// Message views: trades messages. Field offsets are from the TotalView-ITCH 5.0 specification;
// each view reads only inside its fixed length (see ITCHMessageType.fixedLength).

extension ITCH {
    /// Trade, non-cross (P): an execution against a non-displayed order; the book is unchanged.
    ///
    /// Type byte `P`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct Trade: ITCHMessageView {
        public static var messageType: ITCHMessageType { .trade }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Reference of the non-displayed order (0 on current feeds). Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var orderReference: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }

        /// 'B' buy, 'S' sell (of the non-displayed order). Offset 19, 1 byte.
        @inlinable @inline(__always)
        public var side: UInt8 { _loadByte(base, 19) }

        /// Shares executed. Offset 20, 4 bytes.
        @inlinable @inline(__always)
        public var shares: UInt32 { _loadBigEndian(base, 20, as: UInt32.self) }

        /// Symbol. Offset 24, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 24) }

        /// Execution price, 4 implied decimals. Offset 32, 4 bytes.
        @inlinable @inline(__always)
        public var priceTicks: UInt32 { _loadBigEndian(base, 32, as: UInt32.self) }

        /// Day-unique match number. Offset 36, 8 bytes.
        @inlinable @inline(__always)
        public var matchNumber: UInt64 { _loadBigEndian(base, 36, as: UInt64.self) }
    }

    /// Cross Trade (Q): the opening, closing, IPO or halt cross.
    ///
    /// Type byte `Q`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct CrossTrade: ITCHMessageView {
        public static var messageType: ITCHMessageType { .crossTrade }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Shares matched in the cross (8 bytes in 5.0). Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var shares: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }

        /// Symbol. Offset 19, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 19) }

        /// Cross price, 4 implied decimals. Offset 27, 4 bytes.
        @inlinable @inline(__always)
        public var crossPriceTicks: UInt32 { _loadBigEndian(base, 27, as: UInt32.self) }

        /// Day-unique match number. Offset 31, 8 bytes.
        @inlinable @inline(__always)
        public var matchNumber: UInt64 { _loadBigEndian(base, 31, as: UInt64.self) }

        /// 'O' opening, 'C' closing, 'H' IPO/halt, 'I' intraday. Offset 39, 1 byte.
        @inlinable @inline(__always)
        public var crossType: UInt8 { _loadByte(base, 39) }
    }

    /// Broken Trade / Order Execution (B): an earlier execution is broken.
    ///
    /// Type byte `B`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct BrokenTrade: ITCHMessageView {
        public static var messageType: ITCHMessageType { .brokenTrade }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Match number of the broken execution. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var matchNumber: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }
    }

    /// Net Order Imbalance Indicator (I).
    ///
    /// Type byte `I`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct NOII: ITCHMessageView {
        public static var messageType: ITCHMessageType { .noii }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Shares paired at the current reference price. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var pairedShares: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }

        /// Shares not paired. Offset 19, 8 bytes.
        @inlinable @inline(__always)
        public var imbalanceShares: UInt64 { _loadBigEndian(base, 19, as: UInt64.self) }

        /// 'B' buy, 'S' sell, 'N' none, 'O' insufficient orders, 'P' paused. Offset 27, 1 byte.
        @inlinable @inline(__always)
        public var imbalanceDirection: UInt8 { _loadByte(base, 27) }

        /// Symbol. Offset 28, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 28) }

        /// Far price, 4 implied decimals. Offset 36, 4 bytes.
        @inlinable @inline(__always)
        public var farPriceTicks: UInt32 { _loadBigEndian(base, 36, as: UInt32.self) }

        /// Near price, 4 implied decimals. Offset 40, 4 bytes.
        @inlinable @inline(__always)
        public var nearPriceTicks: UInt32 { _loadBigEndian(base, 40, as: UInt32.self) }

        /// Current reference price, 4 implied decimals. Offset 44, 4 bytes.
        @inlinable @inline(__always)
        public var currentReferencePriceTicks: UInt32 { _loadBigEndian(base, 44, as: UInt32.self) }

        /// 'O' opening, 'C' closing, 'H' IPO/halt, 'A' extended trading close. Offset 48, 1 byte.
        @inlinable @inline(__always)
        public var crossType: UInt8 { _loadByte(base, 48) }

        /// 'L' < 1%, '1'...'9', 'A', 'B', 'C' bands, ' ' not computed. Offset 49, 1 byte.
        @inlinable @inline(__always)
        public var priceVariationIndicator: UInt8 { _loadByte(base, 49) }
    }

    /// Retail Price Improvement Indicator (N).
    ///
    /// Type byte `N`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct RPII: ITCHMessageView {
        public static var messageType: ITCHMessageType { .rpii }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Symbol. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 11) }

        /// 'B' buy side, 'S' sell side, 'A' both, 'N' none. Offset 19, 1 byte.
        @inlinable @inline(__always)
        public var interestFlag: UInt8 { _loadByte(base, 19) }
    }

    /// Direct Listing with Capital Raise Price Discovery (O).
    ///
    /// Type byte `O`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct DirectListingCapitalRaise: ITCHMessageView {
        public static var messageType: ITCHMessageType { .directListingCapitalRaise }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Symbol. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 11) }

        /// 'N' not eligible, 'Y' eligible. Offset 19, 1 byte.
        @inlinable @inline(__always)
        public var openEligibilityStatus: UInt8 { _loadByte(base, 19) }

        /// Minimum allowable price, 4 implied decimals. Offset 20, 4 bytes.
        @inlinable @inline(__always)
        public var minimumAllowablePriceTicks: UInt32 { _loadBigEndian(base, 20, as: UInt32.self) }

        /// Maximum allowable price, 4 implied decimals. Offset 24, 4 bytes.
        @inlinable @inline(__always)
        public var maximumAllowablePriceTicks: UInt32 { _loadBigEndian(base, 24, as: UInt32.self) }

        /// Near execution price, 4 implied decimals. Offset 28, 4 bytes.
        @inlinable @inline(__always)
        public var nearExecutionPriceTicks: UInt32 { _loadBigEndian(base, 28, as: UInt32.self) }

        /// Near execution time, nanoseconds since midnight. Offset 32, 8 bytes.
        @inlinable @inline(__always)
        public var nearExecutionTimeNanos: UInt64 { _loadBigEndian(base, 32, as: UInt64.self) }

        /// Lower price range collar, 4 implied decimals. Offset 40, 4 bytes.
        @inlinable @inline(__always)
        public var lowerPriceRangeCollarTicks: UInt32 { _loadBigEndian(base, 40, as: UInt32.self) }

        /// Upper price range collar, 4 implied decimals. Offset 44, 4 bytes.
        @inlinable @inline(__always)
        public var upperPriceRangeCollarTicks: UInt32 { _loadBigEndian(base, 44, as: UInt32.self) }
    }
}
