import Foundation
import MatchbookBook
import MatchbookITCH
import MatchbookMemory
import Testing

/// `ITCHReplay.run` end to end: bad files are reported with where and why, and nothing already applied is lost.
@Suite("Replay")
struct ReplayTests {
    static func options() -> ReplayOptions {
        var options = ReplayOptions()
        options.capacity = .testing
        options.capacity.books = 256
        options.pages = PageSourceOptions(policy: .auto, lock: false)
        return options
    }

    @Test("a file cut mid-message: tolerant replay counts one fault, keeps every complete message's effect")
    func truncatedTolerant() throws {
        let day = ITCHDayGenerator(seed: 5, messages: 20_000, symbols: 10).generate()
        let cut = Array(day[0..<(day.count - 7)])  // the last frame loses its tail
        let whole = try ITCHReplay.run(.bytes(day, name: "whole"), options: Self.options(), exportLevels: true)
        let truncated = try ITCHReplay.run(.bytes(cut, name: "cut"), options: Self.options(), exportLevels: true)
        #expect(truncated.summary.parseFaults == 1)
        #expect(truncated.summary.messages == whole.summary.messages - 1)
        let fault = try #require(truncated.summary.firstFault)
        #expect(fault.contains("\(lastFrameOffset(in: day))"), "the fault names the frame's offset: \(fault)")
        // Every complete message applied: the books equal a replay of the complete frames only.
        let prefix = Array(day[0..<lastFrameOffset(in: day)])
        let reference = try ITCHReplay.run(.bytes(prefix, name: "prefix"), options: Self.options(), exportLevels: true)
        #expect(truncated.levelsCSV == reference.levelsCSV)
        #expect(reference.summary.parseFaults == 0)
    }

    @Test("a file cut mid-message: strict replay stops with the offset, type, bytes needed and present")
    func truncatedStrict() throws {
        let day = ITCHDayGenerator(seed: 5, messages: 5_000, symbols: 5).generate()
        let cut = Array(day[0..<(day.count - 3)])
        var options = Self.options()
        options.mode = .strict
        let offset = lastFrameOffset(in: day)
        #expect {
            _ = try ITCHReplay.run(.bytes(cut, name: "cut"), options: options)
        } throws: { error in
            guard case ReplayError.input(.parse(.truncated(let at, _, let need, let have))) = error else { return false }
            return at == offset && have == need - 3
        }
    }

    @Test("a missing file is a clear error naming the path")
    func missingFile() {
        #expect {
            _ = try ITCHReplay.run(.file(path: "/nonexistent/day.itch"), options: Self.options())
        } throws: { error in
            "\(error)".contains("/nonexistent/day.itch")
        }
    }

    @Test("feed anomalies are counted and leave the books as they were")
    func anomalies() throws {
        var writer = ITCHWriter()
        writer.begin(.stockDirectory, locate: 1, timestampNanos: 1)
        writer.stock(ITCHStock("TEST"))
        for _ in 0..<(39 - 19) { writer.u8(0x20) }  // the rest of the directory message
        writer.finish()
        func add(_ reference: UInt64, side: Unicode.Scalar, shares: UInt32, price: UInt32) {
            writer.begin(.addOrder, locate: 1, timestampNanos: 2)
            writer.u64(reference); writer.char(side); writer.u32(shares); writer.stock(ITCHStock("TEST")); writer.u32(price)
            writer.finish()
        }
        add(1, side: "B", shares: 100, price: 10_000)
        add(1, side: "B", shares: 50, price: 10_100)  // duplicate reference
        add(2, side: "S", shares: 0, price: 10_200)  // zero shares
        writer.begin(.orderDelete, locate: 1, timestampNanos: 3)
        writer.u64(99)  // unknown reference
        writer.finish()
        writer.begin(.orderExecuted, locate: 1, timestampNanos: 4)
        writer.u64(1); writer.u32(250); writer.u64(7)  // more than the 100 resting: clamped, order gone
        writer.finish()
        add(3, side: "B", shares: 10, price: 9_900)
        let result = try ITCHReplay.run(.bytes(writer.bytes, name: "anomalies"), options: Self.options(),
                                        exportLevels: true, exportOrders: true)
        let anomalies = result.summary.anomalies
        #expect(anomalies.duplicateAdd == 1)
        #expect(anomalies.zeroShareAdd == 1)
        #expect(anomalies.unknownReference == 1)
        #expect(anomalies.oversizedExecution == 1)
        #expect(result.levelsCSV == "symbol,side,price,shares,orders\nTEST,B,9900,10,1\n")
        #expect(result.summary.liveOrders == 1)
    }

    /// The offset of the last frame's length prefix.
    func lastFrameOffset(in bytes: [UInt8]) -> Int {
        var offset = 0
        var last = 0
        while offset + 2 <= bytes.count {
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            if length == 0 || offset + 2 + length > bytes.count { break }
            last = offset
            offset += 2 + length
        }
        return last
    }
}
