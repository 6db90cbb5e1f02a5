import Testing

@testable import MatchbookITCH

@Suite("Frame reader")
struct FrameReaderTests {
    func addOrder(reference: UInt64, length: Int = 36) -> HandMessage {
        var message = HandMessage(type: "A", length: length)
        message.header(locate: 1, tracking: 0, timestamp: 1_000)
        message.put64(11, reference)
        message.put8(19, UInt8(ascii: "B"))
        message.put32(20, 100)
        message.putASCII(24, "AAPL", width: 8)
        message.put32(32, 1_500_000)
        return message
    }

    func systemEvent(_ code: Character) -> [UInt8] {
        var message = HandMessage(type: "S", length: 12)
        message.put8(11, code.asciiValue!)
        return message.framed
    }

    @Test("the meatpy golden file parses with no faults and the expected counts")
    func goldenFile() throws {
        let bytes = try loadSampleITCH()
        #expect(bytes.count == 590)
        for mode in [ITCHParseMode.strict, .tolerant] {
            let outcome = parseWhole(bytes, mode: mode)
            #expect(outcome.error == nil)
            let statistics = outcome.statistics
            #expect(statistics.faults == 0 && statistics.unknownMessages == 0)
            #expect(statistics.messages == 20)
            #expect(statistics.bytesConsumed == 590)
            let expected: [ITCHMessageType: UInt64] = [
                .systemEvent: 6, .stockDirectory: 2, .addOrder: 7, .orderExecuted: 2, .trade: 1, .orderCancel: 1,
                .orderDelete: 1,
            ]
            for type in ITCHMessageType.allCases {
                #expect(statistics.counts[type] == expected[type, default: 0], "\(type)")
            }
            #expect(statistics.counts.total == 20)
        }
        // A few fields, checked against a hex dump of the file.
        try bytes.withUnsafeBytes { buffer in
            var reader = ITCHFrameReader(bytes: buffer)
            var directories: [String] = []
            var firstAdd: ITCH.AddOrder?
            while let frame = try reader.next() {
                if let directory = frame.view(as: ITCH.StockDirectory.self) {
                    directories.append(directory.stock.string)
                }
                if firstAdd == nil, let add = frame.view(as: ITCH.AddOrder.self) { firstAdd = add }
            }
            #expect(directories == ["MEAT", "PYTH"])
            let add = try #require(firstAdd)
            #expect(add.orderReference == 1_001)
            #expect(add.side == UInt8(ascii: "B"))
            #expect(add.shares == 200)
            #expect(add.stock.string == "MEAT")
            #expect(add.priceTicks == 1_000_000)
            #expect(add.stockLocate == 1)
        }
    }

    @Test("a file that ends mid-message gives truncated with the frame's offset")
    func truncated() {
        let first = systemEvent("O")
        let cut = Array(addOrder(reference: 7).framed.prefix(2 + 12))
        let bytes = first + cut
        let strict = parseWhole(bytes, mode: .strict)
        #expect(strict.error == .truncated(offset: 14, type: "A", need: 36, have: 12))
        #expect(strict.frames.count == 1)
        let tolerant = parseWhole(bytes, mode: .tolerant)
        #expect(tolerant.error == nil)
        #expect(tolerant.frames.count == 1)
        #expect(tolerant.statistics.faults == 1)
        #expect(tolerant.statistics.firstFault == .truncated(offset: 14, type: "A", need: 36, have: 12))
        // Only the length prefix left: the type is unknown.
        let headerOnly = parseWhole(first + [0, 36], mode: .strict)
        #expect(headerOnly.error == .truncated(offset: 14, type: "?", need: 36, have: 0))
        // The description says what, where and what to do.
        let text = ITCHError.truncated(offset: 1_048_570, type: "A", need: 36, have: 12).description
        #expect(text.contains("1048570") && text.contains("'A'") && text.contains("tolerant"))
    }

    @Test("a file that ends inside the 2-byte length gives truncatedFrameHeader")
    func truncatedHeader() {
        let bytes = systemEvent("O") + [0x00]
        #expect(parseWhole(bytes, mode: .strict).error == .truncatedFrameHeader(offset: 14))
        let tolerant = parseWhole(bytes, mode: .tolerant)
        #expect(tolerant.frames.count == 1 && tolerant.statistics.faults == 1 && tolerant.error == nil)
    }

    @Test("a frame shorter than its type's length: strict stops, tolerant skips it by its length")
    func lengthTooShort() {
        var short = HandMessage(type: "A", length: 20)
        short.put64(11, 5)
        let bytes = systemEvent("O") + short.framed + addOrder(reference: 9).framed
        let strict = parseWhole(bytes, mode: .strict)
        #expect(strict.error == .lengthTooShort(offset: 14, type: "A", length: 20, need: 36))
        #expect(strict.frames.count == 1)
        let tolerant = parseWhole(bytes, mode: .tolerant)
        #expect(tolerant.error == nil)
        #expect(tolerant.frames.map(\.type) == [UInt8(ascii: "S"), UInt8(ascii: "A")])
        #expect(tolerant.frames[1].offset == 14 + 22)
        #expect(tolerant.statistics.faults == 1)
        #expect(tolerant.statistics.counts[UInt8(ascii: "A")] == 2)
        #expect(tolerant.statistics.messages == 2)
    }

    @Test("unknown types are skipped by their length and counted, in strict mode too")
    func unknownTypes() {
        var unknown = HandMessage(type: "Z", length: 7)
        unknown.put8(6, 0xFF)
        var tiny = HandMessage(type: "z", length: 1)
        tiny.put8(0, UInt8(ascii: "z"))
        let bytes = unknown.framed + systemEvent("O") + tiny.framed + addOrder(reference: 3).framed
        let outcome = parseWhole(bytes, mode: .strict)
        #expect(outcome.error == nil)
        #expect(outcome.frames.map(\.offset) == [9, 9 + 14 + 3])
        #expect(outcome.statistics.unknownMessages == 2)
        #expect(outcome.statistics.counts[UInt8(ascii: "Z")] == 1)
        #expect(outcome.statistics.counts[UInt8(ascii: "z")] == 1)
        #expect(outcome.statistics.faults == 0)
        #expect(outcome.statistics.messages == 2)
    }

    @Test("a longer-than-needed frame is tolerated and read through its known prefix")
    func longerFrame() throws {
        var long = addOrder(reference: 77, length: 44)
        long.put64(36, 0xFFFF_FFFF_FFFF_FFFF)
        let bytes = long.framed + systemEvent("C")
        let outcome = parseWhole(bytes, mode: .strict)
        #expect(outcome.error == nil && outcome.frames.count == 2)
        #expect(outcome.frames[0].bytes.count == 44)
        #expect(outcome.frames[1].offset == 46)
        try outcome.frames[0].bytes.withUnsafeBytes { buffer in
            let add = try #require(ITCH.AddOrder(bytes: buffer))
            #expect(add.orderReference == 77 && add.shares == 100 && add.priceTicks == 1_500_000)
        }
    }

    @Test("a zero length ends the session; what follows is counted as trailing bytes")
    func endOfSession() {
        let bytes = systemEvent("O") + [0, 0] + systemEvent("C") + [0xDE, 0xAD]
        let outcome = parseWhole(bytes, mode: .strict)
        #expect(outcome.error == nil)
        #expect(outcome.frames.count == 1)
        #expect(outcome.statistics.sessionEnded)
        #expect(outcome.statistics.trailingBytes == 16)
        #expect(outcome.statistics.bytesConsumed == 16)
    }

    @Test("empty input reads nothing")
    func emptyInput() {
        let outcome = parseWhole([], mode: .strict)
        #expect(outcome.frames.isEmpty && outcome.error == nil && outcome.statistics.messages == 0)
    }

    @Test("after a strict-mode fault the reader stays stopped")
    func strictStops() throws {
        var short = HandMessage(type: "D", length: 10)
        short.put8(0, UInt8(ascii: "D"))
        let bytes = short.framed + systemEvent("O")
        bytes.withUnsafeBytes { buffer in
            var reader = ITCHFrameReader(bytes: buffer, mode: .strict)
            #expect(throws: ITCHError.lengthTooShort(offset: 0, type: "D", length: 10, need: 19)) {
                _ = try reader.next()
            }
            #expect(reader.isAtEnd)
            #expect((try? reader.next()) == nil)
        }
    }
}
