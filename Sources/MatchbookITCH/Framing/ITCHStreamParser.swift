/// Parses an ITCH 5.0 stream delivered in chunks of any size (gzip output, `read(2)` blocks, a mapping).
///
/// ```
///   chunk k                          chunk k+1
///   [ frame | frame | fra]           [me | frame | frame | fr]      ...
///                     └── carry ─────┘                     └── carry
/// ```
///
/// Complete frames are read in place, zero-copy. A frame that straddles two chunks is copied into the
/// carry buffer (65,537 bytes: the largest frame, 2 + 65,535, allocated once in `init`) and handed out
/// from there. The frames, offsets, counts and faults are exactly those of ``ITCHFrameReader`` over the
/// whole stream at once, wherever the chunks are cut. Call ``finish()`` after the last chunk: a partial
/// frame left in the carry is then reported as truncated.
///
/// No allocation after `init`. Not thread-safe: owned by the one thread that feeds it.
public struct ITCHStreamParser: ~Copyable {
    /// The largest frame: 2-byte length prefix plus a 65,535-byte message.
    public static let carryCapacity = 65_537

    @usableFromInline internal var _reader: ITCHFrameReader
    @usableFromInline internal let _carry: UnsafeMutableRawPointer
    @usableFromInline internal var _carryCount: Int
    /// Stream offset of the first byte of the carry.
    @usableFromInline internal var _carryOffset: Int
    /// Stream offset of the next byte to be fed.
    @usableFromInline internal var _streamOffset: Int

    /// A parser in `mode`; allocates the carry buffer once.
    public init(mode: ITCHParseMode = .strict) {
        _reader = ITCHFrameReader(bytes: UnsafeRawBufferPointer(start: nil, count: 0), mode: mode)
        _carry = UnsafeMutableRawPointer.allocate(byteCount: Self.carryCapacity, alignment: 16)
        _carryCount = 0
        _carryOffset = 0
        _streamOffset = 0
    }

    deinit { _carry.deallocate() }

    /// Strict or tolerant.
    public var mode: ITCHParseMode { _reader.mode }
    /// Counts and faults so far.
    public var statistics: ITCHParseStatistics { _reader.statistics }
    /// Bytes fed so far.
    public var bytesFed: Int { _streamOffset }
    /// `true` after the end-of-session marker or a stream-ending fault: further input is ignored.
    public var isStopped: Bool { _reader._stopped }

    /// Parses `chunk`, calling `body` for each complete frame in order. The frame's bytes are valid only
    /// during the call. Throws the first fault in strict mode (then the parser is stopped).
    /// O(bytes); copies only a frame that straddles chunks.
    @inlinable
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (ITCHFrame) -> Void) throws(ITCHError) {
        guard let chunkBase = chunk.baseAddress, chunk.count > 0 else { return }
        let chunkOffset = _streamOffset
        _streamOffset &+= chunk.count
        if _reader._stopped {
            if _reader.statistics.sessionEnded { _reader.statistics.trailingBytes &+= chunk.count }
            return
        }
        var consumed = 0
        if _carryCount > 0 {
            consumed = _fillCarry(chunkBase, count: chunk.count)
            if !_carryIsComplete {
                return
            }
            _reader._retarget(UnsafeRawPointer(_carry), count: _carryCount, baseOffset: _carryOffset,
                              partialTail: false)
            _carryCount = 0
            while let frame = try _reader.next() { body(frame) }
            if _reader._stopped {
                if _reader.statistics.sessionEnded { _reader.statistics.trailingBytes &+= chunk.count &- consumed }
                return
            }
        }
        _reader._retarget(chunkBase + consumed, count: chunk.count &- consumed, baseOffset: chunkOffset &+ consumed,
                          partialTail: true)
        while let frame = try _reader.next() { body(frame) }
        if !_reader._stopped && _reader._position < _reader._count {
            _startCarry(chunkBase + consumed + _reader._position, count: _reader._count &- _reader._position,
                        offset: chunkOffset &+ consumed &+ _reader._position)
        }
    }

    /// Ends the stream: a partial frame left over is a fault (`truncated` or `truncatedFrameHeader`), thrown
    /// in strict mode, counted in tolerant mode.
    public mutating func finish() throws(ITCHError) {
        guard _carryCount > 0, !_reader._stopped else { return }
        _reader._retarget(UnsafeRawPointer(_carry), count: _carryCount, baseOffset: _carryOffset, partialTail: false)
        _carryCount = 0
        while try _reader.next() != nil {}
    }

    @inlinable
    internal var _carryIsComplete: Bool {
        guard _carryCount >= 2 else { return false }
        let length = Int(UInt16(bigEndian: UnsafeRawPointer(_carry).loadUnaligned(as: UInt16.self)))
        return _carryCount >= 2 &+ length
    }

    /// Copies from the chunk into the carry until it holds the header and then the whole frame (or the
    /// chunk runs out). Returns the bytes taken from the chunk.
    @inline(never) @usableFromInline
    internal mutating func _fillCarry(_ chunkBase: UnsafeRawPointer, count: Int) -> Int {
        var taken = 0
        if _carryCount < 2 {
            let step = min(2 - _carryCount, count)
            (_carry + _carryCount).copyMemory(from: chunkBase, byteCount: step)
            _carryCount += step
            taken = step
            if _carryCount < 2 { return taken }
        }
        let length = Int(UInt16(bigEndian: UnsafeRawPointer(_carry).loadUnaligned(as: UInt16.self)))
        let step = min(2 + length - _carryCount, count - taken)
        (_carry + _carryCount).copyMemory(from: chunkBase + taken, byteCount: step)
        _carryCount += step
        return taken + step
    }

    /// Keeps an incomplete tail (shorter than one frame, so at most 65,536 bytes) for the next chunk.
    @inline(never) @usableFromInline
    internal mutating func _startCarry(_ tail: UnsafeRawPointer, count: Int, offset: Int) {
        precondition(count < Self.carryCapacity, "ITCHStreamParser: a partial frame cannot exceed 65,536 bytes")
        _carry.copyMemory(from: tail, byteCount: count)
        _carryCount = count
        _carryOffset = offset
    }
}
