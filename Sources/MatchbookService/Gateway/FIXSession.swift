import Foundation
import MatchbookFIX
import NIOCore

/// One FIX session (a SenderCompID), event-loop thread only. It outlives its TCP connections: sequence numbers,
/// the outbound messages kept for resends and the session's orders carry over a reconnect.
final class FIXSession {
    let compID: String
    /// The owner id the engine knows this session by.
    let owner: UInt32
    var nextOutbound = 1
    /// The next inbound MsgSeqNum expected; journaled as it moves (before the message is handled), so a restart
    /// neither handles a message twice nor asks for one it has.
    var expectedInbound = 1 {
        didSet { if expectedInbound != oldValue { journal?.append(.inbound(owner: owner, expected: expectedInbound)) } }
    }
    /// The service's journal (nil when journaling is off): every message sent is appended before it is flushed.
    /// Recovery sets it once the journal's records are applied.
    var journal: ServiceJournal?
    var heartbeatSeconds = 30
    var encoder: FIXOutboundEncoder
    /// The last `resendWindow` outbound messages as sent (encoded bytes), by sequence number modulo the window,
    /// for ResendRequest: application messages are resent with PossDupFlag=Y, session messages (and numbers no
    /// longer kept) become a SequenceReset-GapFill. Keeping the bytes costs a reference, not a copy.
    private var kept: [[UInt8]] = []
    var channel: Channel?
    var lastReceivedNanos: Int64 = 0
    var lastSentNanos: Int64 = 0
    var testRequestOutstanding: String?
    /// ClOrdID → client tag, for cancel, replace and status (only this session's orders are reachable).
    var clOrdIDs: [String: UInt64] = [:]
    /// Orders in the current one-second window, for the rate limit.
    var rateWindowStart: Int64 = 0
    var rateWindowCount = 0
    var loggedOn: Bool { channel != nil }
    /// Outbound messages kept for ResendRequest.
    static let resendWindow = 100_000
    private var flushPending = false

    init(compID: String, owner: UInt32, targetCompID: String, journal: ServiceJournal? = nil) {
        self.compID = compID
        self.owner = owner
        self.journal = journal
        encoder = FIXOutboundEncoder(senderCompID: targetCompID, targetCompID: compID)
    }

    static func nowNanos() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// Sends `message` with the next sequence number, keeps it for resends (also while disconnected: a
    /// reconnecting client asks for it). Event loop only.
    func send(_ message: FIXMessage) {
        if let journal, journal.suppressRegenerated() { return }
        let now = Self.nowNanos()
        let sequence = nextOutbound
        nextOutbound += 1
        var bytes: [UInt8] = []
        encoder.encode(message, msgSeqNum: sequence, sendingTimeNanos: now, into: &bytes)
        keep(bytes, sequence: sequence)
        if let journal {
            journal.append(.outbound(.init(
                owner: owner, sequence: sequence, commandSequence: journal.currentCommand,
                nextExecID: journal.nextExecID, bytes: bytes)))
        }
        write(bytes, isLogout: { if case .session(.logout) = message { true } else { false } }(), now: now)
    }

    /// Keeps `bytes` as message `sequence`: a ring indexed by sequence modulo its size, which starts small and
    /// doubles (re-placing what it holds) up to `resendWindow`, so a short session costs little.
    /// Recovery: message `sequence` as the journal holds it (it was sent before the restart).
    func restoreSent(_ bytes: [UInt8], sequence: Int) {
        keep(bytes, sequence: sequence)
        nextOutbound = max(nextOutbound, sequence + 1)
    }

    private func keep(_ bytes: [UInt8], sequence: Int) {
        if kept.count < Self.resendWindow && sequence >= kept.count {
            let size = min(Self.resendWindow, max(256, kept.count * 2, sequence + 1))
            var grown = [[UInt8]](repeating: [], count: size)
            for old in max(1, sequence - kept.count)..<sequence where !kept.isEmpty {
                grown[old % size] = kept[old % kept.count]
            }
            kept = grown
        }
        kept[sequence % kept.count] = bytes
    }

    /// The kept messages, oldest first (a service snapshot).
    var keptMessages: [(Int, [UInt8])] {
        guard !kept.isEmpty else { return [] }
        let first = max(1, nextOutbound - kept.count)
        return (first..<nextOutbound).compactMap { sequence in
            let bytes = kept[sequence % kept.count]
            return bytes.isEmpty ? nil : (sequence, bytes)
        }
    }

    /// Forgets every kept message (ResetSeqNumFlag).
    func forgetSent() { kept.removeAll() }

    /// The kept message `sequence` (decoded again: resends are rare), with its original sending time.
    private func keptMessage(_ sequence: Int) -> FIXDecodedMessage? {
        guard !kept.isEmpty, sequence >= 1, sequence > nextOutbound - 1 - kept.count,
              sequence < nextOutbound else { return nil }
        let bytes = kept[sequence % kept.count]
        guard !bytes.isEmpty, let decoded = try? FIXMessageDecoder.decode(bytes),
              decoded.header.msgSeqNum == sequence else { return nil }
        return decoded
    }

    private func write(_ message: FIXMessage, sequence: Int, now: Int64, possDup: Bool = false,
                       originalNanos: Int64? = nil) {
        var bytes: [UInt8] = []
        encoder.encode(message, msgSeqNum: sequence, sendingTimeNanos: now, possDup: possDup,
                       origSendingTimeNanos: originalNanos, into: &bytes)
        write(bytes, isLogout: false, now: now)
    }

    private func write(_ bytes: [UInt8], isLogout: Bool, now: Int64) {
        guard let channel else { return }
        lastSentNanos = now
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        if isLogout {
            journal?.commitNow()  // what the Logout follows is in the kernel before anything leaves
            channel.writeAndFlush(buffer, promise: nil)  // a Logout is usually followed by a close
            return
        }
        channel.write(buffer, promise: nil)
        if !flushPending {
            // One flush (one write(2)) per event-loop turn for everything this session sent in it, once the
            // journal holds it (with a group commit, at the next sync).
            flushPending = true
            channel.eventLoop.execute { [self] in
                flushPending = false
                guard let journal else {
                    self.channel?.flush()
                    return
                }
                journal.whenDurable { [weak channel] in channel?.flush() }
            }
        }
    }

    /// Answers a ResendRequest for `begin...end` (end 0: up to the last sent): application messages again with
    /// PossDupFlag=Y and their original sending time, runs of session messages (and numbers not kept) as one
    /// SequenceReset-GapFill each.
    func resend(begin: Int, end: Int) {
        let last = end == 0 ? nextOutbound - 1 : min(end, nextOutbound - 1)
        guard begin <= last else { return }
        let now = Self.nowNanos()
        var gapStart: Int?
        for sequence in begin...last {
            if let kept = keptMessage(sequence), case .exchange = kept.message {
                let (message, original) = (kept.message, kept.header.sendingTimeNanos)
                if let start = gapStart {
                    write(.session(.sequenceReset(FIXSequenceReset(newSeqNo: sequence, gapFill: true))),
                          sequence: start, now: now, possDup: true, originalNanos: now)
                    gapStart = nil
                }
                write(message, sequence: sequence, now: now, possDup: true, originalNanos: original)
            } else if gapStart == nil {
                gapStart = sequence
            }
        }
        if let start = gapStart {
            write(.session(.sequenceReset(FIXSequenceReset(newSeqNo: last + 1, gapFill: true))),
                  sequence: start, now: now, possDup: true, originalNanos: now)
        }
    }
}
