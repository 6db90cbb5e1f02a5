// Encoding and decoding of the 32-byte segment header (layout in `JournalFormat`).

/// A decoded segment header.
struct _SegmentHeader: Equatable {
    /// The sequence of the segment's first record.
    var firstSequence: UInt64
    /// CLOCK_REALTIME nanoseconds when the writer created the segment.
    var createdWallNanos: UInt64

    /// Writes the 32 header bytes at `destination` (which must have room for them), CRC included.
    func encode(into destination: UnsafeMutableRawPointer) {
        destination.storeBytes(of: JournalFormat.magic.littleEndian, toByteOffset: 0, as: UInt32.self)
        destination.storeBytes(of: JournalFormat.version.littleEndian, toByteOffset: 4, as: UInt16.self)
        destination.storeBytes(
            of: UInt16(JournalFormat.segmentHeaderBytes).littleEndian, toByteOffset: 6, as: UInt16.self)
        destination.storeBytes(of: firstSequence.littleEndian, toByteOffset: 8, as: UInt64.self)
        destination.storeBytes(of: createdWallNanos.littleEndian, toByteOffset: 16, as: UInt64.self)
        let crc = JournalFormat.crc32c(UnsafeRawBufferPointer(start: destination, count: 24))
        destination.storeBytes(of: crc.littleEndian, toByteOffset: 24, as: UInt32.self)
        destination.storeBytes(of: UInt32(0), toByteOffset: 28, as: UInt32.self)
    }

    /// The header in the first 32 bytes of `bytes`, or why they are not one (the reason becomes part of a
    /// ``JournalError/badHeader(path:reason:)``).
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<_SegmentHeader, _HeaderProblem> {
        guard bytes.count >= JournalFormat.segmentHeaderBytes else {
            return .failure(.init("the file has \(bytes.count) bytes, fewer than the 32-byte header"))
        }
        let magic = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        guard magic == JournalFormat.magic else {
            return .failure(.init("magic is \(_hex(magic)), not \"MBJ1\": this is not a journal segment"))
        }
        let version = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
        guard version == JournalFormat.version else {
            return .failure(
                .init(
                    "unknown format version \(version); this build reads version \(JournalFormat.version) only "
                        + "(was it written by a newer Matchbook?)"))
        }
        let headerBytes = Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 6, as: UInt16.self)))
        guard headerBytes == JournalFormat.segmentHeaderBytes else {
            return .failure(.init("header size is \(headerBytes), version 1 has 32"))
        }
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
        let computed = JournalFormat.crc32c(UnsafeRawBufferPointer(rebasing: bytes[0..<24]))
        guard stored == computed else {
            return .failure(.init("header checksum is \(_hex(stored)), the header's bytes give \(_hex(computed))"))
        }
        let reserved = bytes.loadUnaligned(fromByteOffset: 28, as: UInt32.self)
        guard reserved == 0 else { return .failure(.init("reserved header bytes 28..<32 are not zero")) }
        return .success(
            _SegmentHeader(
                firstSequence: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                createdWallNanos: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self))))
    }

    /// Whether `bytes` (fewer than 32) could be the start of the header of the segment named for
    /// `firstSequence`: a header torn by a crash, not foreign bytes. Only the magic, version, header size and
    /// first sequence are known in advance.
    static func isPrefixOfHeader(_ bytes: UnsafeRawBufferPointer, firstSequence: UInt64) -> Bool {
        var expected = [UInt8](repeating: 0, count: 16)
        expected.withUnsafeMutableBytes { buffer in
            let base = buffer.baseAddress!
            base.storeBytes(of: JournalFormat.magic.littleEndian, toByteOffset: 0, as: UInt32.self)
            base.storeBytes(of: JournalFormat.version.littleEndian, toByteOffset: 4, as: UInt16.self)
            base.storeBytes(of: UInt16(JournalFormat.segmentHeaderBytes).littleEndian, toByteOffset: 6, as: UInt16.self)
            base.storeBytes(of: firstSequence.littleEndian, toByteOffset: 8, as: UInt64.self)
        }
        return zip(bytes.prefix(16), expected).allSatisfy { $0 == $1 }
    }
}

/// Why 32 bytes are not a valid segment header.
struct _HeaderProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// `0x` and 8 hexadecimal digits.
func _hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
