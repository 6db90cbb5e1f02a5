/// Writes one CSV row each time a book's best bid or best ask changes (price, shares or order count):
///
///     seq,symbol,bid_price,bid_shares,bid_orders,ask_price,ask_shares,ask_orders
///
/// `seq` is the 1-based message number in the file, prices are raw 4-decimal integers, an empty side is `0,0,0`.
/// Rows are formatted into a fixed buffer (no allocation per row) and flushed with write(2) when it fills.
/// Not thread-safe: owned by the engine thread.
struct BBOWriter: ~Copyable {
    static let header = "seq,symbol,bid_price,bid_shares,bid_orders,ask_price,ask_shares,ask_orders\n"
    private var buffer: _UnsafeCSVBuffer
    private(set) var rows = 0

    init?(path: String, bufferBytes: Int) {
        guard let buffer = _UnsafeCSVBuffer(path: path, capacityBytes: bufferBytes) else { return nil }
        self.buffer = buffer
        self.buffer.append(Self.header)
    }

    @inline(__always)
    mutating func write(
        sequence: Int, symbol: UInt64,
        bid: (priceTicks: UInt32, shares: UInt64, orders: UInt32)?,
        ask: (priceTicks: UInt32, shares: UInt64, orders: UInt32)?
    ) {
        buffer.reserveRow()
        buffer.append(decimal: UInt64(sequence))
        buffer.append(byte: 0x2C)
        buffer.append(symbol: symbol)
        appendSide(bid)
        appendSide(ask)
        buffer.append(byte: 0x0A)
        rows &+= 1
    }

    @inline(__always)
    private mutating func appendSide(_ side: (priceTicks: UInt32, shares: UInt64, orders: UInt32)?) {
        buffer.append(byte: 0x2C)
        buffer.append(decimal: UInt64(side?.priceTicks ?? 0))
        buffer.append(byte: 0x2C)
        buffer.append(decimal: side?.shares ?? 0)
        buffer.append(byte: 0x2C)
        buffer.append(decimal: UInt64(side?.orders ?? 0))
    }

    /// Flushes what is buffered; returns errno of the first failed write, or 0.
    mutating func finish() -> Int32 {
        buffer.flush()
        return buffer.writeError
    }
}
