// Message views: orders messages. Field offsets are from the TotalView-ITCH 5.0 specification;
// each view reads only inside its fixed length (see ITCHMessageType.fixedLength).

extension ITCH {
    /// Add Order, no MPID attribution (A): a new displayed order rests on the book.
    ///
    /// Type byte `A`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct AddOrder: ITCHMessageView {
        public static var messageType: ITCHMessageType { .addOrder }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Order reference, unique for the day; rises through the day. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var orderReference: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }

        /// 'B' buy, 'S' sell. Offset 19, 1 byte.
        @inlinable @inline(__always)
        public var side: UInt8 { _loadByte(base, 19) }

        /// Displayed shares. Offset 20, 4 bytes.
        @inlinable @inline(__always)
        public var shares: UInt32 { _loadBigEndian(base, 20, as: UInt32.self) }

        /// Symbol. Offset 24, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 24) }

        /// Limit price, 4 implied decimals (10_000 = $1). Offset 32, 4 bytes.
        @inlinable @inline(__always)
        public var priceTicks: UInt32 { _loadBigEndian(base, 32, as: UInt32.self) }
    }

    /// Add Order with MPID attribution (F).
    ///
    /// Type byte `F`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct AddOrderMPID: ITCHMessageView {
        public static var messageType: ITCHMessageType { .addOrderMPID }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// Order reference, unique for the day. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var orderReference: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }

        /// 'B' buy, 'S' sell. Offset 19, 1 byte.
        @inlinable @inline(__always)
        public var side: UInt8 { _loadByte(base, 19) }

        /// Displayed shares. Offset 20, 4 bytes.
        @inlinable @inline(__always)
        public var shares: UInt32 { _loadBigEndian(base, 20, as: UInt32.self) }

        /// Symbol. Offset 24, 8 bytes.
        @inlinable @inline(__always)
        public var stock: ITCHStock { _loadStock(base, 24) }

        /// Limit price, 4 implied decimals. Offset 32, 4 bytes.
        @inlinable @inline(__always)
        public var priceTicks: UInt32 { _loadBigEndian(base, 32, as: UInt32.self) }

        /// Market participant identifier, 4 ASCII bytes. Offset 36, 4 bytes.
        @inlinable @inline(__always)
        public var attribution: ITCHAlpha4 { _loadAlpha4(base, 36) }
    }

    /// Order Executed (E): shares of a resting order executed at its own price.
    ///
    /// Type byte `E`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct OrderExecuted: ITCHMessageView {
        public static var messageType: ITCHMessageType { .orderExecuted }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// The resting order. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var orderReference: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }

        /// Shares executed; the order keeps `shares - executedShares`. Offset 19, 4 bytes.
        @inlinable @inline(__always)
        public var executedShares: UInt32 { _loadBigEndian(base, 19, as: UInt32.self) }

        /// Day-unique match number (also used by broken trades). Offset 23, 8 bytes.
        @inlinable @inline(__always)
        public var matchNumber: UInt64 { _loadBigEndian(base, 23, as: UInt64.self) }
    }

    /// Order Executed With Price (C): executed at a price other than the order's.
    ///
    /// Type byte `C`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct OrderExecutedWithPrice: ITCHMessageView {
        public static var messageType: ITCHMessageType { .orderExecutedWithPrice }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// The resting order. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var orderReference: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }

        /// Shares executed. Offset 19, 4 bytes.
        @inlinable @inline(__always)
        public var executedShares: UInt32 { _loadBigEndian(base, 19, as: UInt32.self) }

        /// Day-unique match number. Offset 23, 8 bytes.
        @inlinable @inline(__always)
        public var matchNumber: UInt64 { _loadBigEndian(base, 23, as: UInt64.self) }

        /// 'Y' printable (counts in volume), 'N' not. Offset 31, 1 byte.
        @inlinable @inline(__always)
        public var printable: UInt8 { _loadByte(base, 31) }

        /// Execution price, 4 implied decimals. Offset 32, 4 bytes.
        @inlinable @inline(__always)
        public var executionPriceTicks: UInt32 { _loadBigEndian(base, 32, as: UInt32.self) }
    }

    /// Order Cancel (X): part of a resting order cancelled.
    ///
    /// Type byte `X`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct OrderCancel: ITCHMessageView {
        public static var messageType: ITCHMessageType { .orderCancel }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// The resting order. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var orderReference: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }

        /// Shares removed from the order. Offset 19, 4 bytes.
        @inlinable @inline(__always)
        public var cancelledShares: UInt32 { _loadBigEndian(base, 19, as: UInt32.self) }
    }

    /// Order Delete (D): the whole order leaves the book.
    ///
    /// Type byte `D`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct OrderDelete: ITCHMessageView {
        public static var messageType: ITCHMessageType { .orderDelete }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// The resting order. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var orderReference: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }
    }

    /// Order Replace (U): cancel-replace; the new order loses time priority.
    ///
    /// Type byte `U`. A zero-copy view: valid only while the buffer it points into is alive.
    @frozen
    public struct OrderReplace: ITCHMessageView {
        public static var messageType: ITCHMessageType { .orderReplace }
        /// The first byte of the message (its type byte).
        public let base: UnsafeRawPointer

        @inlinable @inline(__always)
        public init(unchecked base: UnsafeRawPointer) { self.base = base }

        /// The order that leaves the book. Offset 11, 8 bytes.
        @inlinable @inline(__always)
        public var originalOrderReference: UInt64 { _loadBigEndian(base, 11, as: UInt64.self) }

        /// The new order (same side and symbol). Offset 19, 8 bytes.
        @inlinable @inline(__always)
        public var newOrderReference: UInt64 { _loadBigEndian(base, 19, as: UInt64.self) }

        /// Shares of the new order. Offset 27, 4 bytes.
        @inlinable @inline(__always)
        public var shares: UInt32 { _loadBigEndian(base, 27, as: UInt32.self) }

        /// Price of the new order, 4 implied decimals. Offset 31, 4 bytes.
        @inlinable @inline(__always)
        public var priceTicks: UInt32 { _loadBigEndian(base, 31, as: UInt32.self) }
    }
}
