import MatchbookBook

/// Writes wire messages into a caller's buffer: fixed little-endian stores, no allocation, no ARC.
///
/// The `unchecked` functions are the hot path: the caller guarantees `destination` has room for the message
/// (`WireFormat.levelUpdateBytes`, …); they return the bytes written. The buffer-pointer overloads check the
/// room and return `nil` when it is too small. Stateless: callable from any thread on its own buffer.
public enum WireEncoder {
    /// Writes the 16-byte header. O(1).
    @inlinable @inline(__always)
    public static func writeHeader(
        _ type: WireMessageType, length: Int, sequence: UInt64, to destination: UnsafeMutableRawPointer
    ) {
        // magic (2) version (1) type (1) length (2) reserved (2) as one little-endian word: one store.
        let word = UInt64(WireFormat.magic) | UInt64(WireFormat.version) << 16 | UInt64(type.rawValue) << 24
            | UInt64(UInt16(truncatingIfNeeded: length)) << 32
        destination.storeBytes(of: word.littleEndian, toByteOffset: 0, as: UInt64.self)
        destination.storeBytes(of: sequence.littleEndian, toByteOffset: 8, as: UInt64.self)
    }

    /// A level update (40 bytes) at `destination`. Returns 40.
    @inlinable @inline(__always)
    public static func writeLevelUpdate(
        _ update: LevelUpdateMessage, sequence: UInt64, unchecked destination: UnsafeMutableRawPointer
    ) -> Int {
        writeHeader(.levelUpdate, length: WireFormat.levelUpdateBytes, sequence: sequence, to: destination)
        destination.storeBytes(of: update.locate.littleEndian, toByteOffset: 16, as: UInt16.self)
        destination.storeBytes(of: update.side.rawValue, toByteOffset: 18, as: UInt8.self)
        destination.storeBytes(of: UInt8(0), toByteOffset: 19, as: UInt8.self)
        destination.storeBytes(of: update.level.priceTicks.littleEndian, toByteOffset: 20, as: UInt32.self)
        destination.storeBytes(of: update.level.shares.littleEndian, toByteOffset: 24, as: UInt64.self)
        destination.storeBytes(of: update.level.orders.littleEndian, toByteOffset: 32, as: UInt32.self)
        destination.storeBytes(of: update.bookSequence.littleEndian, toByteOffset: 36, as: UInt32.self)
        return WireFormat.levelUpdateBytes
    }

    /// A trade (40 bytes) at `destination`. Returns 40.
    @inlinable @inline(__always)
    public static func writeTrade(
        _ trade: TradeMessage, sequence: UInt64, unchecked destination: UnsafeMutableRawPointer
    ) -> Int {
        writeHeader(.trade, length: WireFormat.tradeBytes, sequence: sequence, to: destination)
        destination.storeBytes(of: trade.locate.littleEndian, toByteOffset: 16, as: UInt16.self)
        destination.storeBytes(of: trade.restingSide?.rawValue ?? 0, toByteOffset: 18, as: UInt8.self)
        destination.storeBytes(of: UInt8(0), toByteOffset: 19, as: UInt8.self)
        destination.storeBytes(of: trade.priceTicks.littleEndian, toByteOffset: 20, as: UInt32.self)
        destination.storeBytes(of: trade.shares.littleEndian, toByteOffset: 24, as: UInt64.self)
        destination.storeBytes(of: trade.matchNumber.littleEndian, toByteOffset: 32, as: UInt64.self)
        return WireFormat.tradeBytes
    }

    /// A symbol definition (32 bytes) at `destination`. Returns 32.
    @inlinable @inline(__always)
    public static func writeSymbolDefinition(
        _ definition: SymbolDefinitionMessage, sequence: UInt64, unchecked destination: UnsafeMutableRawPointer
    ) -> Int {
        writeHeader(.symbolDefinition, length: WireFormat.symbolDefinitionBytes, sequence: sequence, to: destination)
        destination.storeBytes(of: definition.locate.littleEndian, toByteOffset: 16, as: UInt16.self)
        destination.storeBytes(of: UInt16(0), toByteOffset: 18, as: UInt16.self)
        destination.storeBytes(of: UInt32(0), toByteOffset: 20, as: UInt32.self)
        destination.storeBytes(of: definition.symbol.bigEndian, toByteOffset: 24, as: UInt64.self)
        return WireFormat.symbolDefinitionBytes
    }

    /// A snapshot's header and fixed part (32 bytes); the caller then writes `bids + asks` levels with
    /// `writeSnapshotLevel(_:index:unchecked:)`, bids best first, then asks best first.
    /// Returns the whole message's length, `WireFormat.snapshotBytes(bids:asks:)`.
    @inlinable @inline(__always)
    public static func writeSnapshotHead(
        locate: UInt16, asOfSequence: UInt64, bookSequence: UInt32, symbol: UInt64, bids: Int, asks: Int,
        unchecked destination: UnsafeMutableRawPointer
    ) -> Int {
        let length = WireFormat.snapshotBytes(bids: bids, asks: asks)
        writeHeader(.snapshot, length: length, sequence: asOfSequence, to: destination)
        destination.storeBytes(of: locate.littleEndian, toByteOffset: 16, as: UInt16.self)
        destination.storeBytes(of: UInt8(truncatingIfNeeded: bids), toByteOffset: 18, as: UInt8.self)
        destination.storeBytes(of: UInt8(truncatingIfNeeded: asks), toByteOffset: 19, as: UInt8.self)
        destination.storeBytes(of: bookSequence.littleEndian, toByteOffset: 20, as: UInt32.self)
        destination.storeBytes(of: symbol.bigEndian, toByteOffset: 24, as: UInt64.self)
        return length
    }

    /// Level number `index` (bids first, then asks) of a snapshot whose head is at `destination`.
    @inlinable @inline(__always)
    public static func writeSnapshotLevel(
        priceTicks: UInt32, shares: UInt64, orders: UInt32, index: Int, unchecked destination: UnsafeMutableRawPointer
    ) {
        let offset = WireFormat.snapshotFixedBytes &+ index &* WireFormat.snapshotLevelBytes
        destination.storeBytes(of: priceTicks.littleEndian, toByteOffset: offset, as: UInt32.self)
        destination.storeBytes(of: orders.littleEndian, toByteOffset: offset &+ 4, as: UInt32.self)
        destination.storeBytes(of: shares.littleEndian, toByteOffset: offset &+ 8, as: UInt64.self)
    }

    /// Encodes `message` at the start of `buffer`; `nil` when the buffer is too small or a snapshot side is
    /// deeper than `WireFormat.maximumDepth`. Returns the bytes written. No allocation.
    public static func encode(_ message: WireMessage, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        switch message {
        case .symbolDefinition(let definition, let sequence):
            guard buffer.count >= WireFormat.symbolDefinitionBytes else { return nil }
            return writeSymbolDefinition(definition, sequence: sequence, unchecked: base)
        case .levelUpdate(let update, let sequence):
            guard buffer.count >= WireFormat.levelUpdateBytes else { return nil }
            return writeLevelUpdate(update, sequence: sequence, unchecked: base)
        case .trade(let trade, let sequence):
            guard buffer.count >= WireFormat.tradeBytes else { return nil }
            return writeTrade(trade, sequence: sequence, unchecked: base)
        case .snapshot(let snapshot):
            let (bids, asks) = (snapshot.bids.count, snapshot.asks.count)
            guard bids <= WireFormat.maximumDepth, asks <= WireFormat.maximumDepth,
                  buffer.count >= WireFormat.snapshotBytes(bids: bids, asks: asks) else { return nil }
            let length = writeSnapshotHead(
                locate: snapshot.locate, asOfSequence: snapshot.asOfSequence, bookSequence: snapshot.bookSequence,
                symbol: snapshot.symbol, bids: bids, asks: asks, unchecked: base)
            for (index, level) in snapshot.bids.enumerated() {
                writeSnapshotLevel(
                    priceTicks: level.priceTicks, shares: level.shares, orders: level.orders, index: index,
                    unchecked: base)
            }
            for (index, level) in snapshot.asks.enumerated() {
                writeSnapshotLevel(
                    priceTicks: level.priceTicks, shares: level.shares, orders: level.orders, index: bids + index,
                    unchecked: base)
            }
            return length
        }
    }
}
