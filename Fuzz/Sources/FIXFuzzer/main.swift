import MatchbookFIX

/// Any bytes through the FIX framer and message decoder: every frame found is decoded (a message or a typed
/// reject), every framing error is skipped by its resynchronisation distance, which must make progress. The
/// bytes are also decoded whole, unframed, since the decoder must survive anything a caller hands it. A decoded
/// message is re-encoded and must frame and decode back to itself. A trap or a sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let decoder = FIXFrameDecoder(maxBodyLength: 4_096)
    var offset = 0
    while offset < bytes.count {
        let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        switch decoder.nextFrame(in: rest) {
        case .message(let range):
            let frame = UnsafeRawBufferPointer(rebasing: rest[range])
            if let decoded = try? FIXMessageDecoder.decode(frame) { checkReencodes(decoded) }
            offset += range.upperBound
        case .needMoreData:
            offset = bytes.count
        case .framingError(let error):
            guard error.skip >= 1 else { fatalError("framing error without progress: \(error)") }
            offset += error.skip
        }
    }
    _ = try? FIXMessageDecoder.decode(bytes)
    return 0
}

/// Encodes `decoded` again and checks it decodes to the same message and header.
func checkReencodes(_ decoded: FIXDecodedMessage) {
    var encoder = FIXOutboundEncoder(
        senderCompID: decoded.header.senderCompID, targetCompID: decoded.header.targetCompID)
    var out: [UInt8] = []
    encoder.encode(
        decoded.message, msgSeqNum: decoded.header.msgSeqNum, sendingTimeNanos: decoded.header.sendingTimeNanos,
        possDup: decoded.header.possDup, origSendingTimeNanos: decoded.header.origSendingTimeNanos, into: &out)
    guard case .message(let range) = FIXFrameDecoder(maxBodyLength: 1 << 20).nextFrame(in: out),
        range.upperBound == out.count
    else { fatalError("re-encoded message does not frame") }
    let again: FIXDecodedMessage
    do {
        again = try FIXMessageDecoder.decode(out)
    } catch {
        fatalError("re-encoded message does not decode: \(error)")
    }
    guard again.message == decoded.message else {
        fatalError("re-encoded message differs: \(decoded.message) vs \(again.message)")
    }
}
