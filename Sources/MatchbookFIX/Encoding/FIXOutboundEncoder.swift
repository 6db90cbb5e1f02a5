/// Encodes outbound messages of one session: the standard header (8, 9, 35, 49, 56, 34, 52 and, for resends,
/// 43 and 122), the typed body, BodyLength and CheckSum.
///
/// It owns one reused ``FIXMessageBuilder``, so encoding allocates nothing once warm except when a String field
/// is longer than the builder's scratch (it grows once). Sequence numbers and clocks are the caller's (the
/// session layer). Cost: O(message length). Not thread-safe: one per session.
public struct FIXOutboundEncoder: Sendable {
    /// SenderCompID(49) written on every message.
    public var senderCompID: String
    /// TargetCompID(56) written on every message.
    public var targetCompID: String
    /// The reused builder (after `encode`, it holds the last message's body).
    public private(set) var builder: FIXMessageBuilder

    public init(senderCompID: String, targetCompID: String, capacityBytes: Int = 512) {
        self.senderCompID = senderCompID
        self.targetCompID = targetCompID
        self.builder = FIXMessageBuilder(capacityBytes: capacityBytes)
    }

    /// Builds `body` with the header into the builder (call a `write` after, or use the `encode` forms).
    /// `sendingTimeNanos` is nanoseconds since the epoch (written to the millisecond, UTC). A resend sets
    /// `possDup` and passes the original sending time.
    public mutating func build(
        _ body: some FIXMessageBody, msgSeqNum: Int, sendingTimeNanos: Int64, possDup: Bool = false,
        origSendingTimeNanos: Int64? = nil
    ) {
        builder.start(msgType: type(of: body).msgType)
        builder.append(tag: FIXTag.senderCompID, senderCompID)
        builder.append(tag: FIXTag.targetCompID, targetCompID)
        builder.append(tag: FIXTag.msgSeqNum, msgSeqNum)
        builder.append(tag: FIXTag.sendingTime, timestampNanos: sendingTimeNanos)
        if possDup {
            builder.append(tag: FIXTag.possDupFlag, true)
            builder.append(tag: FIXTag.origSendingTime, timestampNanos: origSendingTimeNanos ?? sendingTimeNanos)
        }
        body.encodeBody(into: &builder)
    }

    /// Encodes `body` and appends the whole message to `out`. O(message length).
    public mutating func encode(
        _ body: some FIXMessageBody, msgSeqNum: Int, sendingTimeNanos: Int64, possDup: Bool = false,
        origSendingTimeNanos: Int64? = nil, into out: inout [UInt8]
    ) {
        build(body, msgSeqNum: msgSeqNum, sendingTimeNanos: sendingTimeNanos, possDup: possDup,
              origSendingTimeNanos: origSendingTimeNanos)
        builder.write(to: &out)
    }

    /// Encodes `body` into the start of `buffer`; returns the bytes written, or throws `.bufferTooSmall`
    /// (nothing written). O(message length).
    public mutating func encode(
        _ body: some FIXMessageBody, msgSeqNum: Int, sendingTimeNanos: Int64, possDup: Bool = false,
        origSendingTimeNanos: Int64? = nil, into buffer: UnsafeMutableRawBufferPointer
    ) throws(FIXEncodeError) -> Int {
        build(body, msgSeqNum: msgSeqNum, sendingTimeNanos: sendingTimeNanos, possDup: possDup,
              origSendingTimeNanos: origSendingTimeNanos)
        return try builder.write(into: buffer)
    }

    /// Encodes any decoded-family message (session, application or exchange) and appends it to `out`.
    public mutating func encode(
        _ message: FIXMessage, msgSeqNum: Int, sendingTimeNanos: Int64, possDup: Bool = false,
        origSendingTimeNanos: Int64? = nil, into out: inout [UInt8]
    ) {
        encode(message.body, msgSeqNum: msgSeqNum, sendingTimeNanos: sendingTimeNanos, possDup: possDup,
               origSendingTimeNanos: origSendingTimeNanos, into: &out)
    }

    // MARK: Session conveniences

    /// A SequenceReset-GapFill for resent sequence numbers `msgSeqNum..<newSeqNo` (PossDupFlag=Y, GapFillFlag=Y).
    public mutating func encodeGapFill(
        msgSeqNum: Int, newSeqNo: Int, sendingTimeNanos: Int64, origSendingTimeNanos: Int64? = nil,
        into out: inout [UInt8]
    ) {
        encode(FIXSequenceReset(newSeqNo: newSeqNo, gapFill: true), msgSeqNum: msgSeqNum,
               sendingTimeNanos: sendingTimeNanos, possDup: true, origSendingTimeNanos: origSendingTimeNanos,
               into: &out)
    }
}
