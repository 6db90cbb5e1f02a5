/// The byte-level pieces of the matching snapshot (layout table: `MatchingEngine+Snapshot.swift`): constants,
/// a little-endian writer and a bounds-checked reader, the checksum, and the symbol and order records as plain
/// values. Cold path: plain Swift, allocation allowed.
enum _MatchingSnapshotFormat {
    /// "MBES" (Matchbook engine snapshot) as the first four bytes.
    static let magic: UInt32 = 0x5345_424D
    static let version: UInt16 = 1
    static let headerBytes = 64
    static let symbolBytes = 32
    static let orderBytes = 56
    static let stopBytes = 52
    static let trailerBytes = 8
    /// Byte offset of `totalBytes` in the header.
    static let totalBytesOffset = 8
    /// Byte offset of the four record counts in the header.
    static let countsOffset = 48

    /// Bytes of a snapshot with these record counts (levels are counted, not stored: their orders carry the
    /// price). UInt32 counts cannot overflow an `Int` here.
    static func totalBytes(symbols: UInt32, orders: UInt32, stops: UInt32) -> Int {
        headerBytes + Int(symbols) * symbolBytes + Int(orders) * orderBytes + Int(stops) * stopBytes
            + trailerBytes
    }

    /// FNV-1a, 64 bits: catches torn and flipped bytes (the journal's own checksums guard the storage).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}

/// Appends little-endian integers to a byte array and patches them later (counts known only after a walk).
struct _SnapshotWriter {
    var bytes: [UInt8]

    mutating func put<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func patch<Value: FixedWidthInteger>(_ value: Value, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for index in 0..<raw.count { bytes[offset + index] = raw[index] }
        }
    }
}

/// Reads little-endian integers with a bounds check on every read: running off the end throws `truncated`.
struct _SnapshotReader {
    let bytes: UnsafeRawBufferPointer
    /// Bytes consumed so far.
    var offset: Int = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func get<Value: FixedWidthInteger>(
        _: Value.Type, _ field: String
    ) throws(MatchingSnapshotError) -> Value {
        let size = MemoryLayout<Value>.size
        guard bytes.count - offset >= size else {
            throw MatchingSnapshotError(
                .truncated, "\(bytes.count) bytes end inside \(field) (needs \(size) from here)", offset: offset)
        }
        let value = Value(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Value.self))
        offset += size
        return value
    }
}

/// One defined symbol: its rules (checked against the restoring engine) and its trading state (restored).
/// Layout: the symbol record table in `MatchingEngine+Snapshot.swift`.
struct _SnapshotSymbol: Equatable {
    var locate: UInt16
    var isHalted: Bool
    var hasLastTrade: Bool
    var lastTradeTicks: UInt32
    var name: UInt64
    var tickSize: UInt32
    var lotSize: UInt32
    var minPriceTicks: UInt32
    var maxPriceTicks: UInt32

    init(locate: UInt16, state: SymbolState, name: UInt64) {
        self.locate = locate
        isHalted = state.isHalted
        hasLastTrade = state.hasLastTrade
        lastTradeTicks = state.lastTradeTicks
        self.name = name
        tickSize = state.tickSize
        lotSize = state.lotSize
        minPriceTicks = state.minPriceTicks
        maxPriceTicks = state.maxPriceTicks
    }

    /// Whether both describe the same instrument (rules and name; trading state aside).
    func hasSameRules(as other: _SnapshotSymbol) -> Bool {
        locate == other.locate && name == other.name && tickSize == other.tickSize && lotSize == other.lotSize
            && minPriceTicks == other.minPriceTicks && maxPriceTicks == other.maxPriceTicks
    }

    func write(to writer: inout _SnapshotWriter) {
        writer.put(locate)
        writer.put(UInt8((isHalted ? 1 : 0) | (hasLastTrade ? 2 : 0)))
        writer.put(UInt8(0))
        writer.put(lastTradeTicks)
        writer.put(name)
        writer.put(tickSize)
        writer.put(lotSize)
        writer.put(minPriceTicks)
        writer.put(maxPriceTicks)
    }

    init(from reader: inout _SnapshotReader) throws(MatchingSnapshotError) {
        let start = reader.offset
        locate = try reader.get(UInt16.self, "symbol locate")
        let bits = try reader.get(UInt8.self, "symbol state")
        let reserved = try reader.get(UInt8.self, "symbol reserved byte")
        guard bits & ~3 == 0, reserved == 0 else {
            throw MatchingSnapshotError(.corrupt, "symbol \(locate): unknown state bits \(bits)/\(reserved)",
                                        offset: start + 2)
        }
        isHalted = bits & 1 != 0
        hasLastTrade = bits & 2 != 0
        lastTradeTicks = try reader.get(UInt32.self, "symbol last trade")
        name = try reader.get(UInt64.self, "symbol name")
        tickSize = try reader.get(UInt32.self, "symbol tick size")
        lotSize = try reader.get(UInt32.self, "symbol lot size")
        minPriceTicks = try reader.get(UInt32.self, "symbol minimum price")
        maxPriceTicks = try reader.get(UInt32.self, "symbol maximum price")
    }
}

/// One resting order: the plain fields of `Order` and its `RestingOrderInfo` (no handles). Layout: the resting
/// order record table in `MatchingEngine+Snapshot.swift`.
struct _SnapshotOrder {
    var orderId: UInt64
    var entrySequence: UInt64
    var clientTag: UInt64
    var priceTicks: UInt32
    var shares: UInt32
    var hidden: UInt32
    var owner: UInt32
    var cumulativeFilled: UInt32
    var displayPeak: UInt32
    var stopPriceTicks: UInt32
    var locate: UInt16
    var sideRaw: UInt8
    var flags: UInt8
    /// Where the record starts in the snapshot (for errors; not written).
    var offset: Int = 0

    init(_ order: Order, _ info: RestingOrderInfo) {
        orderId = order.reference
        entrySequence = order.entrySequence
        clientTag = info.clientTag
        priceTicks = order.priceTicks
        shares = order.shares
        hidden = order.reservedWord
        owner = order.participant
        cumulativeFilled = info.cumulativeFilled
        displayPeak = info.displayPeak
        stopPriceTicks = info.stopPriceTicks
        locate = order.locate
        sideRaw = order.sideRaw
        flags = order.flags
    }

    var info: RestingOrderInfo {
        RestingOrderInfo(
            clientTag: clientTag, cumulativeFilled: cumulativeFilled, displayPeak: displayPeak,
            stopPriceTicks: stopPriceTicks)
    }

    func write(to writer: inout _SnapshotWriter) {
        writer.put(orderId)
        writer.put(entrySequence)
        writer.put(clientTag)
        writer.put(priceTicks)
        writer.put(shares)
        writer.put(hidden)
        writer.put(owner)
        writer.put(cumulativeFilled)
        writer.put(displayPeak)
        writer.put(stopPriceTicks)
        writer.put(locate)
        writer.put(sideRaw)
        writer.put(flags)
    }

    init(from reader: inout _SnapshotReader) throws(MatchingSnapshotError) {
        offset = reader.offset
        orderId = try reader.get(UInt64.self, "order id")
        entrySequence = try reader.get(UInt64.self, "order entry sequence")
        clientTag = try reader.get(UInt64.self, "order client tag")
        priceTicks = try reader.get(UInt32.self, "order price")
        shares = try reader.get(UInt32.self, "order displayed shares")
        hidden = try reader.get(UInt32.self, "order hidden shares")
        owner = try reader.get(UInt32.self, "order owner")
        cumulativeFilled = try reader.get(UInt32.self, "order filled shares")
        displayPeak = try reader.get(UInt32.self, "order display peak")
        stopPriceTicks = try reader.get(UInt32.self, "order stop price")
        locate = try reader.get(UInt16.self, "order locate")
        sideRaw = try reader.get(UInt8.self, "order side")
        flags = try reader.get(UInt8.self, "order flags")
    }
}

/// A waiting stop: the plain fields of `StopOrder` (its list links are re-derived on restore). Layout: the
/// waiting stop record table in `MatchingEngine+Snapshot.swift`.
extension StopOrder {
    func write(to writer: inout _SnapshotWriter) {
        writer.put(orderId)
        writer.put(clientTag)
        writer.put(entrySequence)
        writer.put(quantity)
        writer.put(priceTicks)
        writer.put(stopPriceTicks)
        writer.put(owner)
        writer.put(displayPeak)
        writer.put(locate)
        writer.put(sideRaw)
        writer.put(typeRaw)
        writer.put(flags)
        writer.put(UInt8(0))
        writer.put(UInt16(0))
    }

    /// Reads the fields; `side` and `type` are checked by the caller before the record is used.
    init(from reader: inout _SnapshotReader) throws(MatchingSnapshotError) {
        let start = reader.offset
        let orderId = try reader.get(UInt64.self, "stop id")
        let clientTag = try reader.get(UInt64.self, "stop client tag")
        let entrySequence = try reader.get(UInt64.self, "stop entry sequence")
        let quantity = try reader.get(UInt32.self, "stop quantity")
        let priceTicks = try reader.get(UInt32.self, "stop limit price")
        let stopPriceTicks = try reader.get(UInt32.self, "stop price")
        let owner = try reader.get(UInt32.self, "stop owner")
        let displayPeak = try reader.get(UInt32.self, "stop display peak")
        let locate = try reader.get(UInt16.self, "stop locate")
        let sideRaw = try reader.get(UInt8.self, "stop side")
        let typeRaw = try reader.get(UInt8.self, "stop type")
        let flags = try reader.get(UInt8.self, "stop flags")
        let reserved = (try reader.get(UInt8.self, "stop reserved"), try reader.get(UInt16.self, "stop reserved"))
        guard reserved == (0, 0) else {
            throw MatchingSnapshotError(.corrupt, "stop \(orderId): reserved bytes not zero", offset: start + 49)
        }
        self.init(
            orderId: orderId, clientTag: clientTag, entrySequence: entrySequence, quantity: quantity,
            priceTicks: priceTicks, stopPriceTicks: stopPriceTicks, owner: owner, locate: locate, side: .buy,
            type: .stop, flags: flags)
        self.displayPeak = displayPeak
        self.sideRaw = sideRaw
        self.typeRaw = typeRaw
    }
}

/// The 64-byte header, read and checked: magic, version, length against the bytes given and the record counts,
/// checksum, and scalars an engine could have.
struct _SnapshotHeader {
    var totalBytes: Int
    var nextOrderId: UInt64
    var orderIdStep: UInt64
    var nextMatchId: UInt64
    var sequence: UInt64
    var symbolCount: UInt32
    var levelCount: UInt32
    var orderCount: UInt32
    var stopCount: UInt32

    init(from reader: inout _SnapshotReader) throws(MatchingSnapshotError) {
        typealias Format = _MatchingSnapshotFormat
        let given = reader.bytes.count
        let magic = try reader.get(UInt32.self, "magic")
        guard magic == Format.magic else {
            throw MatchingSnapshotError(.corrupt, "not a matching snapshot (no MBES magic)", offset: 0)
        }
        let version = try reader.get(UInt16.self, "version")
        guard version == Format.version else {
            throw MatchingSnapshotError(
                .unsupportedVersion, "layout version \(version); this build reads version \(Format.version)",
                offset: 4)
        }
        guard try reader.get(UInt16.self, "reserved") == 0 else {
            throw MatchingSnapshotError(.corrupt, "reserved header bytes are not zero", offset: 6)
        }
        let total = try reader.get(UInt64.self, "total length")
        guard total <= UInt64(given) else {
            throw MatchingSnapshotError(
                .truncated, "the snapshot is \(total) bytes, \(given) were given", offset: given)
        }
        guard total == UInt64(given) else {
            throw MatchingSnapshotError(
                .corrupt, "\(given) bytes given for a snapshot of \(total): pass exactly one snapshot",
                offset: Int(total))
        }
        totalBytes = Int(total)
        nextOrderId = try reader.get(UInt64.self, "next order id")
        orderIdStep = try reader.get(UInt64.self, "order id step")
        nextMatchId = try reader.get(UInt64.self, "next match id")
        sequence = try reader.get(UInt64.self, "sequence")
        symbolCount = try reader.get(UInt32.self, "symbol count")
        levelCount = try reader.get(UInt32.self, "level count")
        orderCount = try reader.get(UInt32.self, "order count")
        stopCount = try reader.get(UInt32.self, "stop count")
        let expected = Format.totalBytes(symbols: symbolCount, orders: orderCount, stops: stopCount)
        guard expected == totalBytes else {
            throw MatchingSnapshotError(
                .corrupt, "the record counts make \(expected) bytes, the header says \(totalBytes)",
                offset: Format.countsOffset)
        }
        let checksumOffset = totalBytes - Format.trailerBytes
        let stored = UInt64(
            littleEndian: reader.bytes.loadUnaligned(fromByteOffset: checksumOffset, as: UInt64.self))
        let computed = Format.checksum(UnsafeRawBufferPointer(rebasing: reader.bytes[..<checksumOffset]))
        guard stored == computed else {
            throw MatchingSnapshotError(.corrupt, "checksum mismatch: the bytes were damaged", offset: checksumOffset)
        }
        guard nextOrderId >= 1, orderIdStep >= 1, nextMatchId >= 1 else {
            throw MatchingSnapshotError(
                .corrupt, "order ids, their step and match ids start at 1", offset: Format.totalBytesOffset + 8)
        }
    }
}
