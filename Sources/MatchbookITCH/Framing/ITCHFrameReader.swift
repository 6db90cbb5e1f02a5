/// Reads NASDAQ-framed ITCH 5.0 messages from one contiguous buffer, one frame at a time.
///
/// ```
///   | len₀ (2, BE) | message₀ (len₀ bytes) | len₁ | message₁ | ... | 00 00 (end of session) | ignored
///   ^ baseOffset                            ^ position after next()
/// ```
///
/// `next()` hands out only frames of known types whose length covers the type's fixed length. Frames of
/// unknown types are skipped by their length and counted (never a fault). Faults (``ITCHError``) throw in
/// ``ITCHParseMode/strict`` mode (and stop the reader) and are counted in ``ITCHParseMode/tolerant`` mode:
/// a too-short frame is skipped by its length, a truncated tail ends the stream. No input can make it
/// trap: every read is checked against the buffer's count first.
///
/// Cost: O(1) per frame, a handful of compares and one switch; no allocation. The buffer must outlive the
/// reader and the frames it hands out. Not thread-safe: owned by one thread.
public struct ITCHFrameReader {
    @usableFromInline internal var _base: UnsafeRawPointer?
    @usableFromInline internal var _count: Int
    @usableFromInline internal var _position: Int
    @usableFromInline internal var _baseOffset: Int
    /// When set, an incomplete tail is not a fault: `next()` returns `nil` leaving `position` at its start
    /// (the stream parser carries it over to the next chunk).
    @usableFromInline internal var _partialTailAllowed: Bool
    @usableFromInline internal var _stopped: Bool

    /// Strict or tolerant.
    public let mode: ITCHParseMode
    /// Counts and faults so far.
    public var statistics: ITCHParseStatistics

    /// A reader over `bytes`, whose first byte is at stream offset `baseOffset`.
    public init(bytes: UnsafeRawBufferPointer, baseOffset: Int = 0, mode: ITCHParseMode = .strict) {
        _base = bytes.baseAddress
        _count = bytes.baseAddress == nil ? 0 : bytes.count
        _position = 0
        _baseOffset = baseOffset
        _partialTailAllowed = false
        _stopped = false
        self.mode = mode
        statistics = ITCHParseStatistics()
    }

    /// Offset in the buffer of the next unread byte.
    @inlinable
    public var position: Int { _position }

    /// `true` once the buffer is exhausted, the session ended, or (strict mode) a fault stopped the reader.
    @inlinable
    public var isAtEnd: Bool { _stopped || _position >= _count }

    /// Points the reader at a new buffer, keeping statistics and mode (for the stream parser).
    @inlinable
    internal mutating func _retarget(_ base: UnsafeRawPointer?, count: Int, baseOffset: Int, partialTail: Bool) {
        _base = base
        _count = base == nil ? 0 : count
        _position = 0
        _baseOffset = baseOffset
        _partialTailAllowed = partialTail
    }

    /// The next checked frame, or `nil` at the end of the buffer, at the end-of-session marker, or after a
    /// fault that ends the stream. Throws only in strict mode. O(1) per frame, no allocation.
    @inlinable
    public mutating func next() throws(ITCHError) -> ITCHFrame? {
        while !_stopped {
            let remaining = _count &- _position
            if remaining <= 0 { return nil }
            let frameStart = _base.unsafelyUnwrapped + _position
            if remaining < 2 {
                if _partialTailAllowed { return nil }
                try _fault(.truncatedFrameHeader(offset: _baseOffset &+ _position), endsStream: true)
                return nil
            }
            let length = Int(UInt16(bigEndian: frameStart.loadUnaligned(as: UInt16.self)))
            if length == 0 {
                _endSession()
                return nil
            }
            if remaining &- 2 < length {
                if _partialTailAllowed { return nil }
                try _truncated(frameStart, remaining: remaining)
                return nil
            }
            let base = frameStart + 2
            let typeByte = base.load(as: UInt8.self)
            let frameOffset = _baseOffset &+ _position
            _position &+= 2 &+ length
            statistics.bytesConsumed &+= 2 &+ length
            statistics.counts._increment(typeByte)
            guard let (type, fixedLength) = ITCHMessageType.classify(typeByte) else {
                statistics.unknownMessages &+= 1
                continue
            }
            if length < fixedLength {
                try _fault(
                    .lengthTooShort(offset: frameOffset, type: Unicode.Scalar(typeByte), length: length,
                                    need: fixedLength),
                    endsStream: false)
                continue
            }
            statistics.messages &+= 1
            return ITCHFrame(offset: frameOffset, base: base, length: length, type: type)
        }
        return nil
    }

    /// Reads every remaining frame into `body`. Throws only in strict mode.
    @inlinable
    public mutating func forEach(_ body: (ITCHFrame) -> Void) throws(ITCHError) {
        while let frame = try next() { body(frame) }
    }

    @inline(never) @usableFromInline
    internal mutating func _endSession() {
        statistics.sessionEnded = true
        statistics.bytesConsumed &+= 2
        statistics.trailingBytes &+= _count &- _position &- 2
        _position = _count
        _stopped = true
    }

    @inline(never) @usableFromInline
    internal mutating func _truncated(_ frameStart: UnsafeRawPointer, remaining: Int) throws(ITCHError) {
        let length = Int(UInt16(bigEndian: frameStart.loadUnaligned(as: UInt16.self)))
        let type: Unicode.Scalar =
            remaining > 2 ? Unicode.Scalar(frameStart.load(fromByteOffset: 2, as: UInt8.self)) : "?"
        try _fault(.truncated(offset: _baseOffset &+ _position, type: type, need: length, have: remaining &- 2),
                   endsStream: true)
    }

    /// Records a fault; throws it in strict mode. A fault that ends the stream (or any strict-mode fault)
    /// stops the reader.
    @inline(never) @usableFromInline
    internal mutating func _fault(_ error: ITCHError, endsStream: Bool) throws(ITCHError) {
        statistics.faults &+= 1
        if statistics.firstFault == nil { statistics.firstFault = error }
        if endsStream {
            _position = _count
            _stopped = true
        }
        if mode == .strict {
            _stopped = true
            throw error
        }
    }
}
