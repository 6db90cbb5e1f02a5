import Testing

@testable import MatchbookITCH

/// Never a crash, whatever the bytes: random garbage and random mutations of a generated day, in strict and
/// tolerant mode, whole and chunked, must only give frames, counts and typed errors.
@Suite("Frame reader robustness")
struct FrameReaderFuzzTests {
    /// Reads every frame and touches every field of its view, so out-of-bounds reads would show (ASan).
    func exercise(_ bytes: [UInt8], mode: ITCHParseMode, random: inout SplitMix64) {
        let whole = parseWhole(bytes, mode: mode)
        var sum: UInt64 = 0
        for frame in whole.frames {
            #expect(frame.bytes.count >= ITCHMessageType(rawValue: frame.type)!.fixedLength)
            frame.bytes.withUnsafeBytes { buffer in
                var reader = ITCHFrameReader(bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<0]))
                _ = try? reader.next()
                let message = ITCHMessage(unchecked: buffer.baseAddress!, type: ITCHMessageType(rawValue: frame.type)!)
                switch message {
                case .addOrder(let add): sum &+= add.orderReference &+ UInt64(add.priceTicks)
                case .noii(let noii): sum &+= noii.pairedShares &+ UInt64(noii.priceVariationIndicator)
                case .directListingCapitalRaise(let listing): sum &+= UInt64(listing.upperPriceRangeCollarTicks)
                default: sum &+= UInt64(frame.bytes.last!)
                }
            }
        }
        if mode == .tolerant { #expect(whole.error == nil) }
        let cuts = (0..<random.below(6)).map { _ in random.below(bytes.count + 1) }.sorted()
        #expect(parseChunked(bytes, cuts: cuts, mode: mode) == whole)
        _ = sum
    }

    @Test("random garbage")
    func garbage() {
        var random = SplitMix64(seed: 0xF0F0)
        for round in 0..<400 {
            let count = random.below(round < 200 ? 64 : 3_000)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            // Bias some lengths small so that frames are found, not only truncations.
            if round % 3 == 0 {
                var index = 0
                while index + 3 < bytes.count {
                    let length = random.below(60)
                    bytes[index] = 0
                    bytes[index + 1] = UInt8(length)
                    bytes[index + 2] = Array("SRHYLVWKJhAFECXDUPQBINOZ".utf8)[random.below(24)]
                    index += 2 + max(length, 1)
                }
            }
            exercise(bytes, mode: .strict, random: &random)
            exercise(bytes, mode: .tolerant, random: &random)
        }
    }

    @Test("random mutations of a generated day")
    func mutations() {
        let day = ITCHDayGenerator(seed: 99, messages: 400, symbols: 5).generate()
        var random = SplitMix64(seed: 0xBEEF)
        for _ in 0..<300 {
            var bytes = day
            for _ in 0..<(1 + random.below(8)) {
                switch random.below(4) {
                case 0: bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.removeLast(random.below(min(bytes.count, 50)))
                case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(bytes.count + 1))
                default:
                    if !bytes.isEmpty { bytes.remove(at: random.below(bytes.count)) }
                }
                if bytes.isEmpty { break }
            }
            exercise(bytes, mode: .strict, random: &random)
            exercise(bytes, mode: .tolerant, random: &random)
        }
    }
}
