import MatchbookBook

/// Reads wire messages and validates them: magic, version, type, length against the type (and a snapshot's
/// level counts), side bytes. Bad input is a `WireError` naming the offset, never a trap.
/// Snapshots decode into arrays (allocates): a cold-path reader for subscribers, tools and tests.
public enum WireDecoder {
    /// Decodes the message that starts `offset` bytes into `bytes`. O(message bytes).
    ///
    /// - Returns: the message and its length in bytes (advance `offset` by it).
    /// - Throws: `WireError` for a truncated or malformed message.
    public static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(WireError)
        -> (message: WireMessage, length: Int)
    {
        let have = bytes.count - offset
        guard have >= WireFormat.headerBytes else {
            throw .truncated(offset: offset, need: WireFormat.headerBytes, have: max(have, 0))
        }
        func u8(_ at: Int) -> UInt8 { bytes[offset + at] }
        func u16(_ at: Int) -> UInt16 {
            UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + at, as: UInt16.self))
        }
        func u32(_ at: Int) -> UInt32 {
            UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + at, as: UInt32.self))
        }
        func u64(_ at: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + at, as: UInt64.self))
        }
        func symbol(_ at: Int) -> UInt64 {
            UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + at, as: UInt64.self))
        }

        let magic = u16(0)
        guard magic == WireFormat.magic else { throw .badMagic(offset: offset, found: magic) }
        let version = u8(2)
        guard version == WireFormat.version else { throw .unsupportedVersion(offset: offset, found: version) }
        let typeByte = u8(3)
        guard let type = WireMessageType(rawValue: typeByte) else { throw .unknownType(offset: offset, type: typeByte) }
        let length = Int(u16(4))
        let sequence = u64(8)
        let expected: Int
        switch type {
        case .symbolDefinition: expected = WireFormat.symbolDefinitionBytes
        case .levelUpdate: expected = WireFormat.levelUpdateBytes
        case .trade: expected = WireFormat.tradeBytes
        case .snapshot:
            guard length >= WireFormat.snapshotFixedBytes else {
                throw .badLength(
                    offset: offset, type: typeByte, length: length, expected: WireFormat.snapshotFixedBytes)
            }
            guard have >= WireFormat.snapshotFixedBytes else {
                throw .truncated(offset: offset, need: WireFormat.snapshotFixedBytes, have: have)
            }
            expected = WireFormat.snapshotBytes(bids: Int(u8(18)), asks: Int(u8(19)))
        }
        guard length == expected else {
            throw .badLength(offset: offset, type: typeByte, length: length, expected: expected)
        }
        guard have >= length else { throw .truncated(offset: offset, need: length, have: have) }

        switch type {
        case .symbolDefinition:
            return (.symbolDefinition(SymbolDefinitionMessage(locate: u16(16), symbol: symbol(24)), sequence: sequence),
                    length)
        case .levelUpdate:
            let sideByte = u8(18)
            guard let side = Side(rawValue: sideByte) else { throw .badSide(offset: offset, side: sideByte) }
            let level = LevelView(priceTicks: u32(20), shares: u64(24), orders: u32(32))
            return (.levelUpdate(
                LevelUpdateMessage(locate: u16(16), side: side, level: level, bookSequence: u32(36)),
                sequence: sequence), length)
        case .trade:
            let sideByte = u8(18)
            let side = Side(rawValue: sideByte)
            guard side != nil || sideByte == 0 else { throw .badSide(offset: offset, side: sideByte) }
            return (.trade(
                TradeMessage(locate: u16(16), restingSide: side, priceTicks: u32(20), shares: u64(24),
                             matchNumber: u64(32)),
                sequence: sequence), length)
        case .snapshot:
            let (bidCount, askCount) = (Int(u8(18)), Int(u8(19)))
            func level(_ index: Int) -> LevelView {
                let at = WireFormat.snapshotFixedBytes + index * WireFormat.snapshotLevelBytes
                return LevelView(priceTicks: u32(at), shares: u64(at + 8), orders: u32(at + 4))
            }
            let bids = (0..<bidCount).map(level)
            let asks = (0..<askCount).map { level(bidCount + $0) }
            return (.snapshot(SnapshotMessage(
                locate: u16(16), asOfSequence: sequence, bookSequence: u32(20), symbol: symbol(24), bids: bids,
                asks: asks)), length)
        }
    }

    /// Every message of a whole stream with its byte range, in order. Allocates. O(bytes).
    ///
    /// - Throws: the first `WireError` (nothing after a bad message is trusted: lengths frame the stream).
    public static func messages(in bytes: [UInt8]) throws(WireError) -> [(message: WireMessage, range: Range<Int>)] {
        var result: [(message: WireMessage, range: Range<Int>)] = []
        let outcome: WireError? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            do throws(WireError) {
                while offset < buffer.count {
                    let (message, length) = try decode(buffer, at: offset)
                    result.append((message, offset..<(offset + length)))
                    offset += length
                }
                return nil
            } catch {
                return error
            }
        }
        if let outcome { throw outcome }
        return result
    }
}
