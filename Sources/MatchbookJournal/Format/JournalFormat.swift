import CMatchbookShim

/// The journal's on-disk format, version 1: segment files of checksummed, sequenced records.
///
/// A journal is one directory. Its segments are the files named `journal-<first sequence>.mbj`, the first
/// sequence written as 20 zero-padded decimal digits (`journal-00000000000000000001.mbj`). Other files in the
/// directory are ignored, except that a `journal-*.mbj` name without exactly 20 digits is an error. Each segment is a 32-byte header followed by records, back to back, each record
/// starting 8-byte aligned. All integers are little-endian.
///
/// Segment header (32 bytes):
/// ```
///  offset  size  field
///       0     4  magic "MBJ1" (4D 42 4A 31)
///       4     2  format version, u16 = 1
///       6     2  header size in bytes, u16 = 32 (the first record starts here)
///       8     8  first sequence, u64: the sequence of the segment's first record, = the number in the file name
///      16     8  creation wall time, u64 nanoseconds since the Unix epoch (CLOCK_REALTIME); informative only
///      24     4  header CRC-32C, u32, over bytes 0 ..< 24
///      28     4  reserved, zero
/// ```
///
/// Record (20-byte header, payload, zero padding to a multiple of 8 bytes):
/// ```
///  offset  size  field
///       0     4  payload length L, u32
///       4     4  CRC-32C, u32, over bytes 8 ..< 20+L (sequence, type, reserved bytes, payload)
///       8     8  sequence, u64: 1, 2, 3 … contiguous across the whole journal
///      16     1  type, u8: the caller's record type (the journal does not interpret it)
///      17     3  reserved, zero
///      20     L  payload: the caller's bytes (the journal does not interpret them)
///    20+L     P  padding, zero; P = (8 - (20+L) % 8) % 8, so the record is align8(20+L) bytes, 24 at least
///
///   ┌────────┬────────┬─────────────────┬──────┬─────────┬───────────────────┬─────────┐
///   │ length │ crc32c │ sequence        │ type │ 0  0  0 │ payload (L bytes) │ 0 pad   │
///   └────────┴────────┴─────────────────┴──────┴─────────┴───────────────────┴─────────┘
///   0        4        8                 16     17        20                  20+L      align8(20+L)
///                     └──────────────── covered by the CRC-32C ──────────────┘
/// ```
///
/// CRC-32C is the Castagnoli CRC (reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF;
/// CRC-32C("123456789") = 0xE3069283), computed with the CPU's instruction where there is one.
///
/// A segment never exceeds the writer's segment size (unless a single record needs more, which the writer
/// refuses), and a record never spans two segments. A reader accepts exactly one kind of damage: a torn tail
/// — the last record of the last segment incomplete or failing its checksum with no valid record after it, or a
/// last segment shorter than its header — which it cuts; see ``JournalReader/scan(directory:repair:_:)``.
public enum JournalFormat {
    /// The segment magic, "MBJ1", read as a little-endian u32.
    public static let magic: UInt32 = 0x314A_424D
    /// The format version this build writes and the only one it reads.
    public static let version: UInt16 = 1
    /// Bytes of a segment header; the first record starts at this offset.
    public static let segmentHeaderBytes = 32
    /// Bytes of a record header (length, CRC, sequence, type, reserved); the payload starts at this offset.
    public static let recordHeaderBytes = 20
    /// Records start and end on multiples of this many bytes.
    public static let recordAlignmentBytes = 8
    /// The smallest record: an empty payload, padded.
    public static let minimumRecordBytes = 24
    /// The largest payload a record can declare (the length field is a u32).
    public static let maximumPayloadBytes = Int(UInt32.max) - 24

    /// The bytes a record with `payloadBytes` of payload occupies, padding included: align8(20 + payloadBytes).
    @inline(__always)
    public static func recordBytes(payloadBytes: Int) -> Int {
        (recordHeaderBytes + payloadBytes + (recordAlignmentBytes - 1)) & ~(recordAlignmentBytes - 1)
    }

    /// `journal-<firstSequence as 20 zero-padded digits>.mbj`.
    public static func segmentFileName(firstSequence: UInt64) -> String {
        let digits = String(firstSequence)
        return segmentFilePrefix + String(repeating: "0", count: max(0, 20 - digits.count)) + digits
            + segmentFileSuffix
    }

    static let segmentFilePrefix = "journal-"
    static let segmentFileSuffix = ".mbj"

    /// What a directory entry's name says about it.
    enum _FileNameKind: Equatable {
        /// Not a journal file: ignored.
        case other
        /// A well-formed segment name, with the first sequence it declares.
        case segment(firstSequence: UInt64)
        /// Named `journal-*.mbj` but not 20 decimal digits: an error, never ignored.
        case malformedSegment
    }

    static func classify(fileName name: String) -> _FileNameKind {
        guard name.hasPrefix(segmentFilePrefix), name.hasSuffix(segmentFileSuffix) else { return .other }
        let utf8 = Array(name.utf8)
        let digits = utf8.dropFirst(segmentFilePrefix.utf8.count).dropLast(segmentFileSuffix.utf8.count)
        guard digits.count == 20, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = UInt64(String(decoding: digits, as: UTF8.self))
        else { return .malformedSegment }
        return .segment(firstSequence: value)
    }

    /// CRC-32C of `bytes` (``cmb_crc32c``: hardware where available).
    @inline(__always)
    public static func crc32c(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return cmb_crc32c(0, nil, 0) }
        return cmb_crc32c(0, base, bytes.count)
    }

    /// CRC-32C of `bytes` computed with tables, whatever the CPU (``cmb_crc32c_portable``): the tests' reference.
    static func crc32cPortable(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return cmb_crc32c_portable(0, nil, 0) }
        return cmb_crc32c_portable(0, base, bytes.count)
    }

    /// Whether ``crc32c(_:)`` runs on a CPU instruction on this machine.
    public static var checksumIsHardware: Bool { cmb_crc32c_is_hardware() != 0 }
}
