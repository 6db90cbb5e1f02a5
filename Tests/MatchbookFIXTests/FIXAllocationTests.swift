import CMallocCounter
import MatchbookFIX
import Testing

/// The gateway's per-message path — framing a stream and walking every field of each message — allocates
/// nothing: 4,000 messages cost exactly the allocations of 1,000 (none).
@Suite("FIX hot path allocations")
struct FIXAllocationTests {
    /// `count` back-to-back NewOrderSingles with distinct ClOrdIDs.
    static func stream(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for index in 0..<count {
            bytes += framed(
                "35=D|" + header + "11=ORD\(index)|55=AAPL|54=\(index % 2 + 1)|38=100|40=2|44=101.25|59=0|"
                    + "60=20240102-13:45:01.250|")
        }
        return bytes
    }

    /// Frames every message and sums every field's tag and value length; returns (messages, checksum).
    static func walk(_ bytes: UnsafeRawBufferPointer) -> (messages: Int, sum: Int) {
        let decoder = FIXFrameDecoder()
        var offset = 0
        var messages = 0
        var sum = 0
        while offset < bytes.count {
            guard case .message(let range) = decoder.nextFrame(in: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            else { break }
            let view = FIXMessageView(
                bytes: UnsafeRawBufferPointer(rebasing: bytes[(offset + range.lowerBound)..<(offset + range.upperBound)]))
            var fields = view.fields()
            while let field = try? fields.next() { sum &+= field.tag &+ field.valueRange.count }
            messages += 1
            offset += range.upperBound
        }
        return (messages, sum)
    }

    @Test(
        "framing and field iteration allocate nothing per message",
        .enabled(if: cmc_active() != 0, "the sanitizers own malloc; the checked build counts")
    )
    func framingDoesNotAllocate() {
        let short = Self.stream(1_000)
        let long = Self.stream(4_000)
        _ = short.withUnsafeBytes { Self.walk($0) }  // warm-up
        let beforeShort = cmc_thread_allocations()
        let shortResult = short.withUnsafeBytes { Self.walk($0) }
        let shortAllocations = cmc_thread_allocations() - beforeShort
        let beforeLong = cmc_thread_allocations()
        let longResult = long.withUnsafeBytes { Self.walk($0) }
        let longAllocations = cmc_thread_allocations() - beforeLong
        #expect(shortResult.messages == 1_000 && longResult.messages == 4_000)
        #expect(longResult.sum > shortResult.sum)
        #expect(shortAllocations == longAllocations, "\(shortAllocations) for 1k, \(longAllocations) for 4k")
        #expect(longAllocations == 0, "framing and field iteration allocated \(longAllocations) times")
    }
}
