import Foundation
import Testing

@testable import MatchbookITCH

@Suite("Input")
struct InputTests {
    func parseInput(_ path: String, chunkBytes: Int = ITCHChunkBuffer.defaultCapacity) throws
        -> (ParseOutcome, ITCHInput.Kind)
    {
        var input = try ITCHInput(path: path, chunk: ITCHChunkBuffer(capacityBytes: chunkBytes))
        var parser = ITCHStreamParser(mode: .strict)
        var outcome = ParseOutcome()
        try input.parse(into: &parser) { frame in
            outcome.frames.append(RecordedFrame(offset: frame.offset, type: frame.type.rawValue,
                                                bytes: Array(frame.bytes)))
        }
        outcome.statistics = parser.statistics
        return (outcome, input.kind)
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = temporaryPath(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a plain file is memory-mapped and parses like the buffer")
    func plainFile() throws {
        let bytes = ITCHDayGenerator(seed: 3, messages: 5_000, symbols: 20).generate()
        let path = try write(bytes, "day.itch")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (outcome, kind) = try parseInput(path)
        #expect(kind == .mappedFile)
        #expect(outcome == parseWhole(bytes, mode: .strict))
        #expect(outcome.statistics.messages == 5_000)
    }

    @Test("gzip input equals plain input, detected by magic bytes whatever the name")
    func gzipFile() throws {
        let bytes = ITCHDayGenerator(seed: 4, messages: 20_000, symbols: 50).generate()
        let compressed = try itchGzip(bytes)
        #expect(compressed.count < bytes.count / 2)
        #expect(compressed.prefix(2) == [0x1F, 0x8B])
        let expected = parseWhole(bytes, mode: .strict)
        for name in ["day.itch.gz", "day-without-extension.itch"] {
            let path = try write(compressed, name)
            defer { try? FileManager.default.removeItem(atPath: path) }
            // A small chunk forces frames to straddle chunks.
            for chunkBytes in [4_096, ITCHChunkBuffer.defaultCapacity] {
                let (outcome, kind) = try parseInput(path, chunkBytes: chunkBytes)
                #expect(kind == .gzipFile)
                #expect(outcome == expected)
            }
        }
    }

    @Test("concatenated gzip members are read one after another")
    func gzipMembers() throws {
        let day = ITCHDayGenerator(seed: 8, messages: 300, symbols: 4).generate()
        let half = 2 + Int(day[0]) << 8 + Int(day[1])  // the first frame, to split on a frame boundary
        let compressed = try itchGzip(Array(day[..<half])) + itchGzip(Array(day[half...]))
        let path = try write(compressed, "members.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (outcome, _) = try parseInput(path)
        #expect(outcome == parseWhole(day, mode: .strict))
    }

    @Test("a pipe is read with read(2), plain or gzip")
    func pipes() throws {
        let bytes = ITCHDayGenerator(seed: 6, messages: 3_000, symbols: 10).generate()
        let expected = parseWhole(bytes, mode: .strict)
        for payload in [bytes, try itchGzip(bytes)] {
            let pipe = Pipe()
            let writer = pipe.fileHandleForWriting
            let thread = Thread {
                writer.write(Data(payload))
                try? writer.close()
            }
            thread.start()
            let path = "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)"
            let (outcome, kind) = try parseInput(path, chunkBytes: 8_192)
            #expect(kind == (payload == bytes ? .stream : .gzipStream))
            #expect(outcome == expected)
        }
    }

    @Test("empty file, missing file, corrupt and truncated gzip give clear results")
    func failures() throws {
        let empty = try write([], "empty.itch")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let (outcome, kind) = try parseInput(empty)
        #expect(kind == .mappedFile && outcome.frames.isEmpty)

        #expect(throws: ITCHInputError.self) { _ = try parseInput("/nonexistent/day.itch") }
        do {
            _ = try parseInput("/nonexistent/day.itch")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("open failed") && text.contains("/nonexistent"))
        }

        let bytes = ITCHDayGenerator(seed: 9, messages: 2_000, symbols: 5).generate()
        var corrupt = try itchGzip(bytes)
        for index in stride(from: 20, to: corrupt.count - 10, by: 7) { corrupt[index] ^= 0x5A }
        let corruptPath = try write(corrupt, "corrupt.gz")
        defer { try? FileManager.default.removeItem(atPath: corruptPath) }
        #expect(throws: ITCHInputError.self) { _ = try parseInput(corruptPath) }

        let truncated = Array(try itchGzip(bytes).prefix(1_000))
        let truncatedPath = try write(truncated, "truncated.gz")
        defer { try? FileManager.default.removeItem(atPath: truncatedPath) }
        do {
            _ = try parseInput(truncatedPath)
            Issue.record("a truncated gzip file must not parse cleanly")
        } catch {
            // Either the gzip layer or the framing layer reports it, depending on where the cut falls.
            let text = String(describing: error)
            #expect(text.contains("truncated") || text.contains("gzip"))
        }
    }

    @Test("a borrowed chunk buffer is used without being freed")
    func borrowedChunk() throws {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 8_192, alignment: 64)
        defer { memory.deallocate() }
        let bytes = ITCHDayGenerator(seed: 12, messages: 1_000, symbols: 3).generate()
        let path = try write(try itchGzip(bytes), "borrowed.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var input = try ITCHInput(path: path, chunk: ITCHChunkBuffer(borrowing: memory))
        var parser = ITCHStreamParser()
        var count = 0
        try input.parse(into: &parser) { _ in count += 1 }
        #expect(count == 1_000)
    }
}
