import MatchbookFIX
import Testing

/// Random byte mutations of valid messages never trap: every input frames and decodes to a message or a typed
/// error, and the framer always makes progress.
@Suite("Mutation robustness")
struct FIXMutationTests {
    static func corpus() -> [[UInt8]] {
        var encoder = FIXOutboundEncoder(senderCompID: "MATCHBOOK", targetCompID: "CLIENT")
        return FIXRoundTripTests.messages.enumerated().map { index, message in
            var out: [UInt8] = []
            encoder.encode(message, msgSeqNum: index + 1, sendingTimeNanos: FIXRoundTripTests.time, into: &out)
            return out
        }
    }

    /// Frames everything in `bytes`, decoding each frame; returns (messages, framing errors, decode errors).
    static func exercise(_ bytes: [UInt8]) -> (Int, Int, Int) {
        let decoder = FIXFrameDecoder()
        var start = 0
        var counts = (0, 0, 0)
        while start < bytes.count {
            switch decoder.nextFrame(in: bytes, from: start) {
            case .message(let range):
                #expect(range.lowerBound == 0 && range.upperBound > 0)
                do {
                    _ = try FIXMessageDecoder.decode(
                        bytes, range: (start + range.lowerBound)..<(start + range.upperBound))
                    counts.0 += 1
                } catch {
                    #expect(!error.detail.isEmpty)
                    counts.2 += 1
                }
                start += range.upperBound
            case .needMoreData:
                return counts
            case .framingError(let error):
                #expect(error.skip >= 1)
                counts.1 += 1
                start += error.skip
            }
        }
        return counts
    }

    @Test("5,000 random mutations of valid messages decode or fail typed")
    func mutations() {
        let corpus = Self.corpus()
        var random = TestRandom(seed: 0xF1F)
        var totals = (0, 0, 0)
        let interesting: [UInt8] = [0x01, UInt8(ascii: "="), UInt8(ascii: "0"), UInt8(ascii: "9"), UInt8(ascii: "8"),
                                    UInt8(ascii: "."), UInt8(ascii: "-"), 0xFF, 0x00, UInt8(ascii: "Y")]
        for round in 0..<5_000 {
            // Half the rounds mutate the body and re-frame it (correct BodyLength and CheckSum) so the field and
            // message decoders see the damage; the others mutate whole streams so the framer does.
            let reframe = round % 2 == 0
            var bytes = corpus[random.below(corpus.count)]
            if reframe {
                bytes = body(of: bytes)
            } else if round % 3 == 0 {
                bytes += corpus[random.below(corpus.count)]
            }
            for _ in 0..<(1 + random.below(4)) {
                guard !bytes.isEmpty else { break }
                let at = random.below(bytes.count)
                switch random.below(5) {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes[at] = interesting[random.below(interesting.count)]
                case 2: bytes.remove(at: at)
                case 3: bytes.insert(interesting[random.below(interesting.count)], at: at)
                default: bytes.removeSubrange(at..<min(bytes.count, at + random.below(20)))
                }
            }
            if reframe { bytes = framed(bytes: bytes) }
            let counts = Self.exercise(bytes)
            totals = (totals.0 + counts.0, totals.1 + counts.1, totals.2 + counts.2)
            // Also decode the mutated bytes directly, unframed: the decoder must not trap either.
            _ = try? FIXMessageDecoder.decode(bytes)
        }
        // The mix must actually exercise all three outcomes.
        #expect(totals.0 > 100)
        #expect(totals.1 > 100)
        #expect(totals.2 > 100)
    }

    @Test("random garbage never traps")
    func garbage() {
        var random = TestRandom(seed: 5)
        for _ in 0..<500 {
            var bytes = (0..<random.below(400)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if random.below(2) == 0, !bytes.isEmpty {
                let prefix = soh("8=FIX.4.4|9=\(random.below(300))|35=D|")
                bytes = prefix + bytes
            }
            _ = Self.exercise(bytes)
            _ = try? FIXMessageDecoder.decode(bytes)
        }
    }
}
