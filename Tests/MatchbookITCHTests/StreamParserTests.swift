import Testing

@testable import MatchbookITCH

@Suite("Stream parser")
struct StreamParserTests {
    @Test("the golden file split at every byte position parses identically to the whole buffer")
    func everySplitOfGoldenFile() throws {
        let bytes = try loadSampleITCH()
        let whole = parseWhole(bytes, mode: .strict)
        for cut in 0...bytes.count {
            #expect(parseChunked(bytes, cuts: [cut], mode: .strict) == whole, "cut at \(cut)")
        }
    }

    @Test("a generated day split at every byte position, and in random chunks, parses identically")
    func everySplitOfGeneratedDay() {
        let bytes = ITCHDayGenerator(seed: 11, messages: 150, symbols: 3).generate()
        let whole = parseWhole(bytes, mode: .strict)
        #expect(whole.error == nil && whole.frames.count == 150)
        for cut in 0...bytes.count where parseChunked(bytes, cuts: [cut], mode: .strict) != whole {
            Issue.record("cut at \(cut) differs")
            break
        }
        var random = SplitMix64(seed: 5)
        for _ in 0..<200 {
            let cuts = (0..<random.below(40)).map { _ in random.below(bytes.count + 1) }.sorted()
            #expect(parseChunked(bytes, cuts: cuts, mode: .strict) == whole)
        }
        // One byte at a time.
        #expect(parseChunked(bytes, cuts: Array(1..<bytes.count), mode: .strict) == whole)
    }

    @Test("faults are the same wherever the stream is cut (truncated tail, short frame, end of session)")
    func faultsAcrossSplits() throws {
        let sample = try loadSampleITCH()
        var short = HandMessage(type: "E", length: 12)
        short.put8(0, UInt8(ascii: "E"))
        let cases: [[UInt8]] = [
            Array(sample.prefix(300)),  // truncated mid-message
            Array(sample.prefix(587)) + [0x00],  // ends inside a frame length... after a partial frame
            sample + [0x00],  // ends inside a frame length
            Array(sample.prefix(124)) + short.framed + Array(sample.dropFirst(124)),
            Array(sample.prefix(200)) + [0, 0] + Array(sample.dropFirst(200)),
        ]
        for bytes in cases {
            for mode in [ITCHParseMode.strict, .tolerant] {
                let whole = parseWhole(bytes, mode: mode)
                for cut in 0...bytes.count {
                    #expect(parseChunked(bytes, cuts: [cut], mode: mode) == whole, "cut at \(cut) \(mode)")
                }
            }
        }
        let strict = parseWhole(Array(sample.prefix(300)), mode: .strict)
        #expect(strict.error == .truncated(offset: 276, type: "A", need: 36, have: 22))
    }

    @Test("a maximum-length frame (65,535 bytes) straddling chunks goes through the carry buffer")
    func maximumFrame() {
        var big = HandMessage(type: "Z", length: 65_535)
        big.put8(65_534, 1)
        var add = HandMessage(type: "A", length: 65_535)
        add.put64(11, 99)
        let bytes = big.framed + add.framed
        let whole = parseWhole(bytes, mode: .strict)
        #expect(whole.frames.count == 1 && whole.statistics.unknownMessages == 1)
        for cut in [1, 2, 3, 1_000, 65_536, 65_537, 65_538, 65_539, 100_000, 131_073] {
            #expect(parseChunked(bytes, cuts: [cut], mode: .strict) == whole, "cut at \(cut)")
        }
    }

    @Test("input after the end of session is ignored and counted")
    func afterEndOfSession() throws {
        let sample = try loadSampleITCH()
        let bytes = sample + [0, 0] + sample
        let chunked = parseChunked(bytes, cuts: [10, 591, 592, 800], mode: .strict)
        #expect(chunked == parseWhole(bytes, mode: .strict))
        #expect(chunked.statistics.sessionEnded && chunked.statistics.trailingBytes == 590)
    }
}
