import Foundation
import Testing

@testable import MatchbookITCH

/// Builds one ITCH message by hand, field by field at explicit offsets (independent of `ITCHWriter`).
struct HandMessage {
    var bytes: [UInt8]

    init(type: Character, length: Int) {
        bytes = [UInt8](repeating: 0, count: length)
        bytes[0] = type.asciiValue!
    }

    mutating func put8(_ offset: Int, _ value: UInt8) { bytes[offset] = value }

    mutating func putBigEndian(_ offset: Int, _ value: UInt64, width: Int) {
        for index in 0..<width {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt64(8 * (width - 1 - index)))
        }
    }

    mutating func put16(_ offset: Int, _ value: UInt16) { putBigEndian(offset, UInt64(value), width: 2) }
    mutating func put32(_ offset: Int, _ value: UInt32) { putBigEndian(offset, UInt64(value), width: 4) }
    mutating func put64(_ offset: Int, _ value: UInt64) { putBigEndian(offset, value, width: 8) }

    mutating func putASCII(_ offset: Int, _ text: String, width: Int) {
        let utf8 = Array(text.utf8)
        for index in 0..<width { bytes[offset + index] = index < utf8.count ? utf8[index] : 0x20 }
    }

    /// Sets the common header: locate, tracking number, 6-byte timestamp.
    mutating func header(locate: UInt16, tracking: UInt16, timestamp: UInt64) {
        put16(1, locate)
        put16(3, tracking)
        putBigEndian(5, timestamp, width: 6)
    }

    /// The message with its 2-byte big-endian frame length.
    var framed: [UInt8] { [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes }
}

/// A frame as recorded by the tests: stream offset, type byte, message bytes.
struct RecordedFrame: Equatable {
    var offset: Int
    var type: UInt8
    var bytes: [UInt8]
}

/// What one parse produced.
struct ParseOutcome: Equatable {
    var frames: [RecordedFrame] = []
    var statistics = ITCHParseStatistics()
    var error: ITCHError?
}

/// Parses `bytes` in one buffer with `ITCHFrameReader`.
func parseWhole(_ bytes: [UInt8], mode: ITCHParseMode) -> ParseOutcome {
    var outcome = ParseOutcome()
    bytes.withUnsafeBytes { buffer in
        var reader = ITCHFrameReader(bytes: buffer, mode: mode)
        do throws(ITCHError) {
            while let frame = try reader.next() {
                outcome.frames.append(RecordedFrame(offset: frame.offset, type: frame.type.rawValue,
                                                    bytes: Array(frame.bytes)))
            }
        } catch {
            outcome.error = error
        }
        outcome.statistics = reader.statistics
    }
    return outcome
}

/// Parses `bytes` with `ITCHStreamParser`, cut into chunks at `cuts` (sorted offsets), then `finish()`.
func parseChunked(_ bytes: [UInt8], cuts: [Int], mode: ITCHParseMode) -> ParseOutcome {
    var outcome = ParseOutcome()
    var parser = ITCHStreamParser(mode: mode)
    let bounds = [0] + cuts + [bytes.count]
    bytes.withUnsafeBytes { buffer in
        do throws(ITCHError) {
            for index in 0..<(bounds.count - 1) {
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[bounds[index]..<bounds[index + 1]])
                try parser.feed(chunk) { frame in
                    outcome.frames.append(RecordedFrame(offset: frame.offset, type: frame.type.rawValue,
                                                        bytes: Array(frame.bytes)))
                }
            }
            try parser.finish()
        } catch {
            outcome.error = error
        }
    }
    outcome.statistics = parser.statistics
    return outcome
}

/// The meatpy golden file (BSD-3, see Resources/NOTICE-meatpy.txt), loaded relative to this source file.
func loadSampleITCH() throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/sample.itch50")
    return [UInt8](try Data(contentsOf: url))
}

/// A fresh temporary path.
func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "matchbook-itch-\(getpid())-\(UUID().uuidString)-\(name)"
}
