import CMatchbookShim

extension JournalWriter {
    /// Appends one record: frames `payload` with the next sequence and `type`, checksums it, and copies it into
    /// the pending buffer. Nothing reaches the kernel until ``commit()``.
    ///
    /// O(payload bytes); no system call, and no allocation once the pending buffer has grown to the largest batch.
    /// - Returns: the record's sequence (1, 2, 3 … journal-wide, contiguous).
    /// - Throws: ``JournalError/recordTooLarge(path:payloadBytes:limitBytes:)`` (nothing appended), or why the
    ///   writer cannot work (``JournalError/closed(path:)``, ``JournalError/writerFailed(path:cause:)``).
    @discardableResult
    public func append(type: UInt8, payload: UnsafeRawBufferPointer) throws -> UInt64 {
        let record = try beginRecord(type: type, payloadBytes: payload.count)
        if let source = payload.baseAddress, payload.count > 0 {
            (record + JournalFormat.recordHeaderBytes).copyMemory(from: source, byteCount: payload.count)
        }
        return finishRecord(record, payloadBytes: payload.count)
    }

    /// Appends one record whose payload `encode` writes in place, straight into the pending buffer (no copy).
    ///
    /// `encode` receives exactly `payloadBytes` bytes (uninitialized: write them all) and must not call the
    /// writer. If it throws, nothing is appended and the error is rethrown.
    /// - Returns: the record's sequence.
    @discardableResult
    public func append(
        type: UInt8, payloadBytes: Int, encode: (UnsafeMutableRawBufferPointer) throws -> Void
    ) throws -> UInt64 {
        precondition(!isEncoding, "JournalWriter.append called from inside another append's encode closure")
        precondition(payloadBytes >= 0, "negative payload size")
        let mark = (
            pendingBytes: pending.count, fillBytes: segmentFillBytes, starts: segmentStarts.count,
            sequence: appendedSequence
        )
        let record = try beginRecord(type: type, payloadBytes: payloadBytes)
        isEncoding = true
        defer { isEncoding = false }
        do {
            try encode(
                UnsafeMutableRawBufferPointer(start: record + JournalFormat.recordHeaderBytes, count: payloadBytes))
        } catch {
            pending.count = mark.pendingBytes
            segmentFillBytes = mark.fillBytes
            segmentStarts.removeLast(segmentStarts.count - mark.starts)
            appendedSequence = mark.sequence
            throw error
        }
        return finishRecord(record, payloadBytes: payloadBytes)
    }

    /// Appends one record with the bytes of `bytes` as its payload (copied once; a contiguous collection such as
    /// `[UInt8]` is copied with one `memcpy`).
    /// - Returns: the record's sequence.
    @inlinable
    @discardableResult
    public func append(type: UInt8, bytes: some Collection<UInt8>) throws -> UInt64 {
        if let sequence = try bytes.withContiguousStorageIfAvailable({
            try append(type: type, payload: UnsafeRawBufferPointer($0))
        }) {
            return sequence
        }
        return try append(type: type, payloadBytes: bytes.count) { $0.copyBytes(from: bytes) }
    }

    /// Reserves a record of `payloadBytes` in the pending buffer (starting a new segment first when it would not
    /// fit in the current one) and writes its header, sequence included, but not its CRC; zeroes its padding.
    /// Returns the record's start, valid until the next reservation.
    @inline(__always)
    func beginRecord(type: UInt8, payloadBytes: Int) throws -> UnsafeMutableRawPointer {
        if isStopped { try throwUnusable() }
        guard payloadBytes <= maximumPayloadBytes else {
            throw JournalError.recordTooLarge(
                path: directory, payloadBytes: payloadBytes, limitBytes: maximumPayloadBytes)
        }
        let recordBytes = JournalFormat.recordBytes(payloadBytes: payloadBytes)
        if segmentFillBytes == 0 || segmentFillBytes + recordBytes > options.segmentBytes {
            startSegment()
        }
        let record = pending.reserve(recordBytes)
        let sequence = appendedSequence + 1
        // The last 8 bytes hold all the padding (at most 7 bytes; a record has 24 at least). Zero them first:
        // the header and payload written next overwrite what is not padding.
        record.storeBytes(of: UInt64(0), toByteOffset: recordBytes - 8, as: UInt64.self)
        record.storeBytes(of: UInt32(truncatingIfNeeded: payloadBytes).littleEndian, toByteOffset: 0, as: UInt32.self)
        record.storeBytes(of: UInt32(0), toByteOffset: 4, as: UInt32.self)
        record.storeBytes(of: sequence.littleEndian, toByteOffset: 8, as: UInt64.self)
        record.storeBytes(of: UInt32(type).littleEndian, toByteOffset: 16, as: UInt32.self)  // type, 3 zero bytes
        pending.count += recordBytes
        segmentFillBytes += recordBytes
        appendedSequence = sequence
        return record
    }

    /// Stores the CRC-32C of the record at `record` (its payload now in place) and counts it.
    @inline(__always)
    func finishRecord(_ record: UnsafeMutableRawPointer, payloadBytes: Int) -> UInt64 {
        let crc = cmb_crc32c(0, record + 8, JournalFormat.recordHeaderBytes - 8 + payloadBytes)
        record.storeBytes(of: crc.littleEndian, toByteOffset: 4, as: UInt32.self)
        counters.records &+= 1
        counters.payloadBytes &+= UInt64(payloadBytes)
        counters.bytes &+= UInt64(JournalFormat.recordBytes(payloadBytes: payloadBytes))
        return appendedSequence
    }

    /// Starts a new segment inside the pending bytes: its header goes into the buffer, and the commit that
    /// writes it creates the file. Cold: once per segment.
    @inline(never)
    func startSegment() {
        let firstSequence = appendedSequence + 1
        segmentStarts.append(_PendingSegmentStart(byteOffset: pending.count, firstSequence: firstSequence))
        let header = pending.reserve(JournalFormat.segmentHeaderBytes)
        _SegmentHeader(firstSequence: firstSequence, createdWallNanos: _JournalIO.wallClockNanos())
            .encode(into: header)
        pending.count += JournalFormat.segmentHeaderBytes
        counters.bytes &+= UInt64(JournalFormat.segmentHeaderBytes)
        segmentFillBytes = JournalFormat.segmentHeaderBytes
    }
}
