import Foundation
import Testing

@testable import MatchbookJournal

@Suite("Journal format: CRC-32C, names, layout")
struct JournalFormatTests {
    @Test("CRC-32C matches the published check values, in hardware and in tables")
    func crcCheckValues() {
        func both(_ bytes: [UInt8]) -> (UInt32, UInt32) {
            bytes.withUnsafeBytes { (JournalFormat.crc32c($0), JournalFormat.crc32cPortable($0)) }
        }
        #expect(both(Array("123456789".utf8)) == (0xE306_9283, 0xE306_9283))
        #expect(both([UInt8](repeating: 0, count: 32)) == (0x8A91_36AA, 0x8A91_36AA))  // RFC 3720 B.4
        #expect(both([UInt8](repeating: 0xFF, count: 32)) == (0x62A8_AB43, 0x62A8_AB43))
        #expect(both([]) == (0, 0))
    }

    @Test("hardware and table CRC-32C agree on every length and alignment up to 1 KiB")
    func crcPathsAgree() {
        let bytes = (0..<1100).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
        var mismatches = 0
        bytes.withUnsafeBytes { raw in
            for start in 0..<8 {
                for length in stride(from: 0, through: 1024, by: start == 0 ? 1 : 13) {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)])
                    if JournalFormat.crc32c(slice) != JournalFormat.crc32cPortable(slice) { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("segment file names: 20 digits; malformed journal names are flagged, others ignored")
    func fileNames() {
        #expect(JournalFormat.segmentFileName(firstSequence: 1) == "journal-00000000000000000001.mbj")
        #expect(JournalFormat.segmentFileName(firstSequence: UInt64.max) == "journal-18446744073709551615.mbj")
        #expect(JournalFormat.classify(fileName: "journal-00000000000000000042.mbj") == .segment(firstSequence: 42))
        #expect(JournalFormat.classify(fileName: "journal-42.mbj") == .malformedSegment)
        #expect(JournalFormat.classify(fileName: "journal-0000000000000000004x.mbj") == .malformedSegment)
        #expect(JournalFormat.classify(fileName: "journal-00000000000000000042.mbj.tmp") == .other)
        #expect(JournalFormat.classify(fileName: "notes.txt") == .other)
        #expect(JournalFormat.recordBytes(payloadBytes: 0) == 24)
        #expect(JournalFormat.recordBytes(payloadBytes: 4) == 24)
        #expect(JournalFormat.recordBytes(payloadBytes: 5) == 32)
        #expect(JournalFormat.recordBytes(payloadBytes: 12) == 32)
    }

    @Test("a one-record journal has exactly the documented bytes")
    func exactLayout() throws {
        try withTemporaryDirectory { directory in
            let writer = try JournalWriter(options: JournalOptions(directory: directory, sync: .none), after: nil)
            #expect(try writer.append(type: 0xAB, bytes: [1, 2, 3, 4, 5]) == 1)
            try writer.close()
            let paths = try segmentPaths(directory)
            #expect(paths == [directory + "/journal-00000000000000000001.mbj"])
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: paths[0])))
            #expect(bytes.count == 32 + 32)
            func u16(_ at: Int) -> UInt64 { UInt64(bytes[at]) | UInt64(bytes[at + 1]) << 8 }
            func u32(_ at: Int) -> UInt64 { u16(at) | u16(at + 2) << 16 }
            func u64(_ at: Int) -> UInt64 { u32(at) | u32(at + 4) << 32 }
            #expect(Array(bytes[0..<4]) == Array("MBJ1".utf8))
            #expect(u16(4) == 1)
            #expect(u16(6) == 32)
            #expect(u64(8) == 1)
            let now = UInt64(Date().timeIntervalSince1970 * 1e9)
            #expect(u64(16) <= now && u64(16) > now - 60_000_000_000)
            #expect(
                u32(24) == UInt64(bytes.withUnsafeBytes { JournalFormat.crc32cPortable(.init(rebasing: $0[0..<24])) }))
            #expect(u32(28) == 0)
            // The record at 32.
            #expect(u32(32) == 5)
            #expect(
                u32(36) == UInt64(bytes.withUnsafeBytes { JournalFormat.crc32cPortable(.init(rebasing: $0[40..<57])) }))
            #expect(u64(40) == 1)
            #expect(bytes[48] == 0xAB)
            #expect(Array(bytes[49..<52]) == [0, 0, 0])
            #expect(Array(bytes[52..<57]) == [1, 2, 3, 4, 5])
            #expect(Array(bytes[57..<64]) == [0, 0, 0, 0, 0, 0, 0])
        }
    }

    @Test("sync policy text round-trips and rejects nonsense")
    func syncPolicyText() {
        for policy in [JournalSyncPolicy.none, .everyCommit, .group(intervalMicroseconds: 500)] {
            #expect(JournalSyncPolicy(text: policy.description) == policy)
        }
        #expect(JournalSyncPolicy(text: "group:2000") == .group(intervalMicroseconds: 2000))
        #expect(JournalSyncPolicy(text: "group:0") == .group(intervalMicroseconds: 0))  // syncs back to back
        #expect(JournalSyncPolicy(text: "every").map(\.description) == "every")
        for bad in ["", "always", "group", "group:", "group:-5", "group:1ms", "None"] {
            #expect(JournalSyncPolicy(text: bad) == nil, "\(bad)")
        }
    }
}
