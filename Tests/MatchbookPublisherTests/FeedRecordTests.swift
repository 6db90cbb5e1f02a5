import MatchbookPublisher
import Testing

/// The engine-to-drain feed record: 32 bytes, and what `store(to:)` writes `init(loadingFrom:)` reads back.
@Suite("Feed records")
struct FeedRecordTests {
    @Test("a record is 32 bytes (its stride), so records never straddle a 64-byte-multiple chunk")
    func layout() {
        #expect(MemoryLayout<FeedRecord>.size == FeedRecord.bytes)
        #expect(MemoryLayout<FeedRecord>.stride == FeedRecord.bytes)
    }

    @Test("every field round-trips through the four-word store, extremes included", arguments: [
        FeedRecord(.touch, side: 0x42, locate: 1, priceTicks: 1, shares: 1, orders: 1, count: 1, extra: 0),
        FeedRecord(.executionTouch, side: 0x53, locate: .max, priceTicks: .max, shares: .max, orders: .max,
                   count: .max, extra: .max),
        FeedRecord(.gap, extra: 12_345_678_901),
        FeedRecord(.image, side: 0x53, locate: 0x8001, orders: 255, count: 70_000),
    ])
    func roundTrip(record: FeedRecord) {
        var words = [UInt64](repeating: 0xA5A5_A5A5_A5A5_A5A5, count: 4)
        words.withUnsafeMutableBytes { record.store(to: $0.baseAddress!) }
        let back = words.withUnsafeBytes { FeedRecord(loadingFrom: $0.baseAddress!) }
        #expect(back == record)
        #expect(back.kind == record.kind)
    }
}
