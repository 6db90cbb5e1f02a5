import MatchbookBook
import MatchbookPublisher
import Testing

/// The trade message (type 4): round trip, the documented 40-byte little-endian layout, and bad side bytes.
@Suite("Wire trade messages")
struct WireTradeTests {
    static var trades: [WireMessage] { [
        .trade(TradeMessage(locate: 7, restingSide: .buy, priceTicks: 1_234_500, shares: 300, matchNumber: 42),
               sequence: 9),
        .trade(TradeMessage(locate: 65_535, restingSide: .sell, priceTicks: .max, shares: .max, matchNumber: .max),
               sequence: .max),
        .trade(TradeMessage(locate: 0, restingSide: nil, priceTicks: 1, shares: 1, matchNumber: 0), sequence: 1),
    ] }

    static func encode(_ message: WireMessage) -> [UInt8] {
        var buffer = [UInt8](repeating: 0xEE, count: 256)
        let length = buffer.withUnsafeMutableBytes { WireEncoder.encode(message, into: $0) }
        return Array(buffer[0..<length!])
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    @Test("a trade round-trips, alone and in a stream with the other message types")
    func roundTrip() throws {
        for message in Self.trades {
            let bytes = Self.encode(message)
            #expect(bytes.count == WireFormat.tradeBytes)
            let decoded = try bytes.withUnsafeBytes { try WireDecoder.decode($0, at: 0) }
            #expect(decoded.message == message)
            #expect(decoded.length == 40)
            #expect(decoded.message.type == .trade)
        }
        let others: [WireMessage] = [
            .symbolDefinition(SymbolDefinitionMessage(locate: 7, symbol: 0x4141_504C_2020_2020), sequence: 8),
            .levelUpdate(LevelUpdateMessage(
                locate: 7, side: .sell, level: LevelView(priceTicks: 5, shares: 6, orders: 1), bookSequence: 3),
                sequence: 10),
        ]
        let stream: [WireMessage] = [others[0], Self.trades[0], others[1], Self.trades[2]]
        let bytes = stream.flatMap(Self.encode)
        let decoded = try WireDecoder.messages(in: bytes)
        #expect(decoded.map(\.message) == stream)
        #expect(decoded.map(\.range) == [0..<32, 32..<72, 72..<112, 112..<152])
    }

    @Test("a trade is the documented 40 little-endian bytes")
    func layout() {
        let bytes = Self.encode(Self.trades[0])
        #expect(Array(bytes[0..<8]) == [0x4D, 0x42, 1, 4, 40, 0, 0, 0])  // "MB", v1, type 4, length 40, reserved
        #expect(Array(bytes[8..<16]) == Self.littleEndian(UInt64(9)))  // sequence
        #expect(Array(bytes[16..<18]) == Self.littleEndian(UInt16(7)))  // locate
        #expect(bytes[18] == 0x42)  // resting side 'B'
        #expect(bytes[19] == 0)  // reserved
        #expect(Array(bytes[20..<24]) == Self.littleEndian(UInt32(1_234_500)))  // price
        #expect(Array(bytes[24..<32]) == Self.littleEndian(UInt64(300)))  // shares
        #expect(Array(bytes[32..<40]) == Self.littleEndian(UInt64(42)))  // match number

        let sell = Self.encode(Self.trades[1])
        #expect(Array(sell[8..<16]) == Self.littleEndian(UInt64.max))
        #expect(Array(sell[16..<18]) == [0xFF, 0xFF])
        #expect(sell[18] == 0x53)  // 'S'
        #expect(Array(sell[20..<40]) == Array(repeating: 0xFF, count: 4) + Array(repeating: 0xFF, count: 16))

        let unknownSide = Self.encode(Self.trades[2])
        #expect(unknownSide[18] == 0)  // side not given
        #expect(Array(unknownSide[16..<18]) == [0, 0])
        #expect(Array(unknownSide[32..<40]) == Array(repeating: 0, count: 8))
    }

    @Test("the hot-path writer and the checked encoder write the same bytes")
    func uncheckedWriter() {
        for message in Self.trades {
            guard case .trade(let trade, let sequence) = message else { continue }
            var buffer = [UInt8](repeating: 0xEE, count: 48)
            let written = buffer.withUnsafeMutableBytes {
                WireEncoder.writeTrade(trade, sequence: sequence, unchecked: $0.baseAddress!)
            }
            #expect(written == 40)
            #expect(Array(buffer[0..<40]) == Self.encode(message))
            #expect(Array(buffer[40...]) == Array(repeating: 0xEE, count: 8))  // nothing past the message
        }
    }

    @Test("a buffer too small for a trade is refused")
    func smallBuffer() {
        var buffer = [UInt8](repeating: 0, count: 39)
        let written = buffer.withUnsafeMutableBytes { WireEncoder.encode(Self.trades[0], into: $0) }
        #expect(written == nil)
    }

    @Test("a side byte other than B, S or 0 is .badSide at the message's offset; a bad length is .badLength")
    func malformed() {
        func decode(_ bytes: [UInt8]) -> WireError? {
            do {
                _ = try WireDecoder.messages(in: bytes)
                return nil
            } catch {
                return error
            }
        }
        let good = Self.encode(Self.trades[0])
        for side: UInt8 in [0x58, 0x62, 0x73, 1, 0xFF] {
            var bytes = good
            bytes[18] = side
            #expect(decode(bytes) == .badSide(offset: 0, side: side))
            // Behind another message, the offset names the trade.
            #expect(decode(Self.encode(Self.trades[2]) + bytes) == .badSide(offset: 40, side: side))
        }
        for side: UInt8 in [0, 0x42, 0x53] {
            var bytes = good
            bytes[18] = side
            #expect(decode(bytes) == nil, "side byte \(side)")
        }
        var long = good
        long[4] = 48
        #expect(decode(long + Array(repeating: 0, count: 8)) == .badLength(offset: 0, type: 4, length: 48, expected: 40))
        #expect(decode(Array(good[0..<39])) == .truncated(offset: 0, need: 40, have: 39))
    }
}
