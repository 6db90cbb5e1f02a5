/// Finds complete FIX 4.4 messages in a byte stream.
///
/// ```
///   | 8=FIX.4.4␁ | 9=123␁ | 35=D␁ ... last field␁ | 10=ccc␁ | next message ...
///                         ^──── BodyLength bytes ───^
///   ^──────────── CheckSum: sum of these bytes mod 256 ─────^
/// ```
///
/// Hand it the unconsumed bytes (which may hold zero, one or several messages and a partial tail); it answers
/// about the first message only and the caller consumes that many bytes. It never traps, whatever the bytes, and
/// never reads past the buffer. Cost: O(message length) for the checksum, no allocation; an error's
/// resynchronisation scan is O(buffer length).
///
/// A value type with no state beyond its limit: share it freely; the buffers are the caller's.
public struct FIXFrameDecoder: Sendable {
    /// The largest BodyLength accepted, in bytes. Default 64 KiB.
    public let maxBodyLength: Int

    /// A decoder that accepts BodyLength up to `maxBodyLength` bytes (clamped to `0...(1 << 40)`).
    public init(maxBodyLength: Int = 64 << 10) {
        self.maxBodyLength = min(max(0, maxBodyLength), 1 << 40)
    }

    /// The first message at the start of `buffer`: its byte range, `needMoreData`, or a framing error with the
    /// offset of the fault and the bytes to skip to resynchronise. O(message length), no allocation.
    public func nextFrame(in buffer: UnsafeRawBufferPointer) -> FIXFrameResult {
        let bytes = buffer.baseAddress == nil ? UnsafeRawBufferPointer(start: nil, count: 0) : buffer
        if bytes.isEmpty { return .needMoreData }
        // 8=FIX.4.4<SOH>
        switch _UnsafeFIXBytes.compare(bytes, at: 0, with: "8=FIX.4.4\u{1}") {
        case .match: break
        case .prefix: return .needMoreData
        case .mismatch(let at):
            let skip = Self.skipDistance(bytes)
            return .framingError(at < 2 ? .garbageBeforeBeginString(offset: 0, skip: skip)
                : .badBeginString(offset: at, skip: skip))
        }
        // 9=<digits><SOH>
        let bodyLengthTag = 10
        switch _UnsafeFIXBytes.compare(bytes, at: bodyLengthTag, with: "9=") {
        case .match: break
        case .prefix: return .needMoreData
        case .mismatch(let at): return .framingError(.missingBodyLength(offset: at, skip: Self.skipDistance(bytes)))
        }
        let digitsStart = bodyLengthTag + 2
        var index = digitsStart
        var bodyLength = 0
        while true {
            guard let byte = _UnsafeFIXBytes.byte(bytes, at: index) else { return .needMoreData }
            if byte == FIXVersion.fieldDelimiter { break }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                return .framingError(.badBodyLength(offset: index, skip: Self.skipDistance(bytes)))
            }
            bodyLength = bodyLength * 10 + Int(byte &- UInt8(ascii: "0"))
            if bodyLength > maxBodyLength {
                return .framingError(.bodyLengthTooLarge(
                    offset: digitsStart, length: bodyLength, limit: maxBodyLength, skip: Self.skipDistance(bytes)))
            }
            index += 1
        }
        if index == digitsStart {
            return .framingError(.badBodyLength(offset: index, skip: Self.skipDistance(bytes)))
        }
        let bodyStart = index + 1
        let trailerStart = bodyStart + bodyLength
        // <SOH>10=ccc<SOH>: the SOH before 10= is the body's last byte (or 9='s own SOH for an empty body).
        switch _UnsafeFIXBytes.compare(bytes, at: trailerStart - 1, with: "\u{1}10=") {
        case .match: break
        case .prefix: return .needMoreData
        case .mismatch:
            return .framingError(.missingChecksum(offset: trailerStart, skip: Self.skipDistance(bytes)))
        }
        var found = 0
        for position in (trailerStart + 3)..<(trailerStart + 6) {
            guard let byte = _UnsafeFIXBytes.byte(bytes, at: position) else { return .needMoreData }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                return .framingError(.badChecksum(offset: trailerStart, skip: Self.skipDistance(bytes)))
            }
            found = found * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        guard let terminator = _UnsafeFIXBytes.byte(bytes, at: trailerStart + 6) else { return .needMoreData }
        guard terminator == FIXVersion.fieldDelimiter, found <= 255 else {
            return .framingError(.badChecksum(offset: trailerStart, skip: Self.skipDistance(bytes)))
        }
        let expected = _UnsafeFIXBytes.checksum(bytes, 0..<trailerStart)
        guard expected == UInt8(found) else {
            return .framingError(.checksumMismatch(
                offset: trailerStart, expected: expected, found: UInt8(found), skip: Self.skipDistance(bytes)))
        }
        return .message(0..<(trailerStart + 7))
    }

    /// ``nextFrame(in:)`` over `bytes[start...]`; the range in a `.message` result is relative to `start`.
    public func nextFrame(in bytes: [UInt8], from start: Int = 0) -> FIXFrameResult {
        guard start >= 0, start <= bytes.count else { return .needMoreData }
        return bytes.withUnsafeBytes { nextFrame(in: UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }

    /// Bytes to discard so that the buffer starts at the next possible message (at least 1).
    @inline(never)
    static func skipDistance(_ bytes: UnsafeRawBufferPointer) -> Int {
        max(1, _UnsafeFIXBytes.resynchronisationPoint(bytes, from: 1))
    }
}
