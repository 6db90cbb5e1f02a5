import MatchbookBook
import MatchbookPublisher
import Testing

/// The wire format: every message round-trips, the bytes are the documented little-endian layout, and bad
/// input is a typed error naming the offset, never a crash.
@Suite("Wire format")
struct WireFormatTests {
    // Computed, not a stored global: a lazily initialized global array shows as a leak under LeakSanitizer.
    static var samples: [WireMessage] { [
        .symbolDefinition(SymbolDefinitionMessage(locate: 7, symbol: symbol("AAPL")), sequence: 1),
        .levelUpdate(LevelUpdateMessage(
            locate: 7, side: .buy, level: LevelView(priceTicks: 1_234_500, shares: 300, orders: 2), bookSequence: 1),
            sequence: 2),
        .levelUpdate(LevelUpdateMessage(
            locate: 65_535, side: .sell, level: LevelView(priceTicks: .max, shares: 0, orders: 0),
            bookSequence: .max), sequence: .max),
        .snapshot(SnapshotMessage(
            locate: 7, asOfSequence: 2, bookSequence: 1, symbol: symbol("AAPL"),
            bids: [LevelView(priceTicks: 1_234_500, shares: 300, orders: 2),
                   LevelView(priceTicks: 1_234_400, shares: UInt64(UInt32.max) + 5, orders: 9)],
            asks: [LevelView(priceTicks: 1_234_600, shares: 100, orders: 1)])),
        .snapshot(SnapshotMessage(locate: 1, asOfSequence: 0, bookSequence: 0, symbol: 0, bids: [], asks: [])),
    ] }

    static func symbol(_ text: String) -> UInt64 {
        var value: UInt64 = 0
        var bytes = Array(text.utf8.prefix(8))
        while bytes.count < 8 { bytes.append(0x20) }
        for byte in bytes { value = value << 8 | UInt64(byte) }
        return value
    }

    static func encode(_ message: WireMessage) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBytes { WireEncoder.encode(message, into: $0) }
        return Array(buffer[0..<length!])
    }

    static var stream: [UInt8] { samples.flatMap(encode) }

    @Test("every message type round-trips, alone and as one stream")
    func roundTrip() throws {
        for message in Self.samples {
            let bytes = Self.encode(message)
            let decoded = try bytes.withUnsafeBytes { try WireDecoder.decode($0, at: 0) }
            #expect(decoded.message == message)
            #expect(decoded.length == bytes.count)
        }
        let all = try WireDecoder.messages(in: Self.stream)
        #expect(all.map(\.message) == Self.samples)
        #expect(all.last?.range.upperBound == Self.stream.count)
    }

    @Test("a level update is the documented 40 little-endian bytes")
    func levelUpdateLayout() {
        let bytes = Self.encode(Self.samples[1])
        #expect(bytes.count == WireFormat.levelUpdateBytes)
        #expect(Array(bytes[0..<8]) == [0x4D, 0x42, 1, 2, 40, 0, 0, 0])  // "MB", v1, type 2, length 40
        #expect(Array(bytes[8..<16]) == [2, 0, 0, 0, 0, 0, 0, 0])  // sequence 2
        #expect(Array(bytes[16..<20]) == [7, 0, 0x42, 0])  // locate 7, side B
        #expect(Array(bytes[20..<24]) == [0x44, 0xD6, 0x12, 0])  // 1,234,500
        #expect(bytes[24] == 44 && bytes[25] == 1)  // 300 shares
        #expect(bytes[32] == 2 && bytes[36] == 1)  // 2 orders, book sequence 1
        let definition = Self.encode(Self.samples[0])
        #expect(Array(definition[24..<32]) == Array("AAPL    ".utf8))  // symbol in reading order
    }

    @Test("a buffer too small is refused, not overrun")
    func smallBuffer() {
        var buffer = [UInt8](repeating: 0, count: 39)
        let written = buffer.withUnsafeMutableBytes { WireEncoder.encode(Self.samples[1], into: $0) }
        #expect(written == nil)
    }

    @Test("bad magic, version, type, length and side are typed errors with the offset")
    func malformed() {
        let good = Self.encode(Self.samples[1])
        func decode(_ bytes: [UInt8]) -> WireError? {
            do {
                _ = try WireDecoder.messages(in: bytes)
                return nil
            } catch {
                return error
            }
        }
        var bytes = good
        bytes[0] = 0x58
        #expect(decode(bytes) == .badMagic(offset: 0, found: 0x4258))
        bytes = good
        bytes[2] = 9
        #expect(decode(bytes) == .unsupportedVersion(offset: 0, found: 9))
        bytes = good
        bytes[3] = 77
        #expect(decode(bytes) == .unknownType(offset: 0, type: 77))
        bytes = good
        bytes[4] = 41
        #expect(decode(bytes) == .badLength(offset: 0, type: 2, length: 41, expected: 40))
        bytes = good
        bytes[18] = 0x58
        #expect(decode(bytes) == .badSide(offset: 0, side: 0x58))
        // A snapshot whose level counts disagree with its length.
        var snapshot = Self.encode(Self.samples[3])
        snapshot[18] = 3
        #expect(decode(snapshot) == .badLength(offset: 0, type: 3, length: 80, expected: 96))
        // The offset of the bad message in a stream.
        #expect(decode(Self.encode(Self.samples[0]) + Array(good[0..<20]))
            == .truncated(offset: 32, need: 40, have: 20))
        #expect(decode(Self.encode(Self.samples[0]) + Array(repeating: 0, count: 16))
            == .badMagic(offset: 32, found: 0))
    }

    @Test("every cut of a stream is a truncation error at the cut message, never a crash")
    func everyPrefix() throws {
        let stream = Self.stream
        let starts = try WireDecoder.messages(in: stream).map(\.range.lowerBound)
        for cut in 0..<stream.count where !starts.contains(cut) {
            let prefix = Array(stream[0..<cut])
            #expect(throws: WireError.self) { try WireDecoder.messages(in: prefix) }
            do {
                _ = try WireDecoder.messages(in: prefix)
            } catch {
                guard case .truncated(let offset, _, _) = error else {
                    Issue.record("cut at \(cut): \(error)")
                    continue
                }
                #expect(offset == starts.last { $0 < cut })
            }
        }
    }

    @Test("random corruption of a stream decodes or throws, never traps")
    func corruption() {
        var random = SystemRandomNumberGenerator()
        let stream = Self.stream
        for _ in 0..<2_000 {
            var bytes = stream
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            _ = try? WireDecoder.messages(in: bytes)
            _ = try? WireDecoder.messages(in: (0..<Int.random(in: 0...64)).map { _ in UInt8.random(in: 0...255) })
        }
    }
}
