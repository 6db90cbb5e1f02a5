import MatchbookFIX
import Testing

@Suite("Frame decoder")
struct FIXFrameDecoderTests {
    /// A FIX 4.4 Heartbeat published as an example (yajul's Fix44Examples), BodyLength 87 and CheckSum 026
    /// as sent: our framer must agree with both numbers.
    static let publishedHeartbeat = soh(
        "8=FIX.4.4|9=87|35=0|34=39|49=PEPTESTING|52=20090625-20:41:47.165|56=TESTCOMPANY1|"
            + "57=testtrader1-salut|10=026|")

    @Test("a published message frames with its own BodyLength and CheckSum")
    func publishedExample() throws {
        let bytes = Self.publishedHeartbeat
        #expect(FIXFrameDecoder().nextFrame(in: bytes) == .message(0..<bytes.count))
        // The body-length arithmetic by hand: from after "9=87|" up to and including the SOH before "10=".
        let bodyStart = soh("8=FIX.4.4|9=87|").count
        let trailerStart = bytes.count - soh("10=026|").count
        #expect(trailerStart - bodyStart == 87)
        #expect(bytes[..<trailerStart].reduce(0) { $0 + Int($1) } % 256 == 26)
        let decoded = try FIXMessageDecoder.decode(bytes)
        #expect(decoded.header.msgSeqNum == 39)
        #expect(decoded.header.senderCompID == "PEPTESTING")
        #expect(decoded.message == .session(.heartbeat(FIXHeartbeat())))
        // One flipped CheckSum digit is a mismatch naming both numbers.
        var corrupt = bytes
        corrupt[corrupt.count - 2] = UInt8(ascii: "7")
        #expect(FIXFrameDecoder().nextFrame(in: corrupt)
            == .framingError(.checksumMismatch(offset: trailerStart, expected: 26, found: 27, skip: corrupt.count)))
    }

    @Test("our encoder's checksum and body length for a fixed message")
    func encoderKnownValues() {
        var encoder = FIXOutboundEncoder(senderCompID: "PEPTESTING", targetCompID: "TESTCOMPANY1")
        var out: [UInt8] = []
        // 2009-06-25 20:41:47.165 UTC
        encoder.encode(FIXHeartbeat(), msgSeqNum: 39, sendingTimeNanos: 1_245_962_507_165_000_000, into: &out)
        let expected = framed("35=0|49=PEPTESTING|56=TESTCOMPANY1|34=39|52=20090625-20:41:47.165|")
        #expect(out == expected)
        // Worked out independently (python3: len(body), sum(bytes) % 256): BodyLength 66, CheckSum 164.
        let literal = soh(
            "8=FIX.4.4|9=66|35=0|49=PEPTESTING|56=TESTCOMPANY1|34=39|52=20090625-20:41:47.165|10=164|")
        #expect(out == literal)
    }

    @Test("every truncation of a valid stream needs more data and never yields a wrong message")
    func truncations() {
        let first = framed("35=0|" + header)
        let message = framed("35=1|" + header + "112=PING|")
        for stream in [Self.publishedHeartbeat, message, first] {
            for cut in 0..<stream.count {
                #expect(FIXFrameDecoder().nextFrame(in: Array(stream[..<cut])) == .needMoreData, "cut at \(cut)")
            }
        }
    }

    @Test("two messages back to back, split at every byte")
    func backToBackSplits() {
        let one = framed("35=1|" + header + "112=PING|")
        let two = framed("35=5|" + header + "58=bye now|")
        let stream = one + two
        for cut in 0...stream.count {
            let result = frames(of: stream, cuts: [cut])
            #expect(result.errors.isEmpty)
            #expect(result.frames == [one, two], "split at \(cut)")
        }
        for first in stride(from: 0, to: stream.count, by: 7) {
            for second in stride(from: first, to: stream.count, by: 5) {
                #expect(frames(of: stream, cuts: [first, second]).frames == [one, two])
            }
        }
        // Both in one buffer: the first result covers only the first message.
        #expect(FIXFrameDecoder().nextFrame(in: stream) == .message(0..<one.count))
        #expect(FIXFrameDecoder().nextFrame(in: stream, from: one.count) == .message(0..<two.count))
    }

    @Test("garbage before a message is skipped to the next 8=FIX")
    func garbageResync() {
        let message = framed("35=0|" + header)
        // Near misses ("8=FI ", "8=F<SOH>") are not resynchronisation points.
        let garbage = Array("xx8=FI 8=F\u{1}junk".utf8)
        let result = frames(of: garbage + message + garbage + message, cuts: [])
        #expect(result.frames == [message, message])
        #expect(!result.errors.isEmpty)
        #expect(FIXFrameDecoder().nextFrame(in: garbage + message)
            == .framingError(.garbageBeforeBeginString(offset: 0, skip: garbage.count)))
        // A partial "8=FI" at the end is kept: more bytes may complete it.
        #expect(FIXFrameDecoder().nextFrame(in: Array("abc8=FI".utf8))
            == .framingError(.garbageBeforeBeginString(offset: 0, skip: 3)))
        #expect(FIXFrameDecoder().nextFrame(in: Array("abc".utf8))
            == .framingError(.garbageBeforeBeginString(offset: 0, skip: 3)))
    }

    @Test("each framing error names its offset and a skip to the next message")
    func framingErrors() {
        let good = framed("35=0|" + header)
        let decoder = FIXFrameDecoder()
        func result(_ bytes: [UInt8]) -> FIXFrameResult { decoder.nextFrame(in: bytes + good) }
        let fix42 = soh("8=FIX.4.2|9=5|35=0|10=000|")
        #expect(result(fix42) == .framingError(.badBeginString(offset: 8, skip: fix42.count)))
        let noLength = soh("8=FIX.4.4|35=0|10=000|")
        #expect(result(noLength) == .framingError(.missingBodyLength(offset: 10, skip: noLength.count)))
        let letters = soh("8=FIX.4.4|9=1x|35=0|10=000|")
        #expect(result(letters) == .framingError(.badBodyLength(offset: 13, skip: letters.count)))
        let empty = soh("8=FIX.4.4|9=|35=0|10=000|")
        #expect(result(empty) == .framingError(.badBodyLength(offset: 12, skip: empty.count)))
        let huge = soh("8=FIX.4.4|9=70000|35=0|10=000|")
        #expect(result(huge)
            == .framingError(.bodyLengthTooLarge(offset: 12, length: 70_000, limit: 65_536, skip: huge.count)))
        #expect(FIXFrameDecoder(maxBodyLength: 10).nextFrame(in: good)
            == .framingError(.bodyLengthTooLarge(offset: 12, length: 58, limit: 10, skip: good.count)))
        // BodyLength one too short: the trailer is not where the length says.
        var short = good
        let lengthDigit = 13
        short[lengthDigit] -= 1
        #expect(decoder.nextFrame(in: short + good)
            == .framingError(.missingChecksum(offset: short.count - 8, skip: short.count)))
        var badDigits = good
        badDigits[badDigits.count - 3] = UInt8(ascii: "x")
        #expect(decoder.nextFrame(in: badDigits + good)
            == .framingError(.badChecksum(offset: good.count - 7, skip: good.count)))
        var tooBig = good
        tooBig.replaceSubrange((good.count - 4)..<(good.count - 1), with: Array("999".utf8))
        #expect(decoder.nextFrame(in: tooBig)
            == .framingError(.badChecksum(offset: good.count - 7, skip: good.count)))
        // Every error's skip lands on the next message.
        for bad in [fix42, noLength, letters, empty, huge] {
            #expect(frames(of: bad + good, cuts: []).frames == [good])
        }
        #expect(FIXFramingError.checksumMismatch(offset: 5, expected: 1, found: 2, skip: 9).description
            .contains("offset 5"))
    }

    @Test("empty input and nil buffers need more data")
    func empty() {
        #expect(FIXFrameDecoder().nextFrame(in: UnsafeRawBufferPointer(start: nil, count: 0)) == .needMoreData)
        #expect(FIXFrameDecoder().nextFrame(in: [UInt8]()) == .needMoreData)
        #expect(FIXFrameDecoder().nextFrame(in: [1, 2, 3], from: 9) == .needMoreData)
    }
}
