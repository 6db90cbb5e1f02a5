import MatchbookFIX
import NIOCore

/// One TCP connection: frames FIX messages out of the byte stream and hands each to the gateway. Garbage is
/// answered with a Logout naming the fault and the connection closes; other sessions are not touched.
final class FIXConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: NIO calls a handler on its channel's event loop only.
    typealias InboundIn = ByteBuffer

    private let gateway: ServiceGateway
    private var pending: [UInt8] = []
    /// Bytes of `pending` already framed.
    private var start = 0
    private var session: FIXSession?
    private let decoder = FIXFrameDecoder()

    init(gateway: ServiceGateway) { self.gateway = gateway }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { pending.append(contentsOf: $0) }
        var consumed = start
        loop: while consumed < pending.count {
            let result = decoder.nextFrame(in: pending, from: consumed)
            switch result {
            case .message(let range):
                let frame = (consumed + range.lowerBound)..<(consumed + range.upperBound)
                consumed += range.upperBound
                // Decoded in place (the gateway copies what it keeps into its own values).
                let current = session
                session = pending.withUnsafeBytes { bytes in
                    gateway.received(UnsafeRawBufferPointer(rebasing: bytes[frame]), session: current,
                                     channel: context.channel)
                }
                if !context.channel.isActive { break loop }
            case .needMoreData:
                break loop
            case .framingError(let error):
                gateway.metrics.framingErrors += 1
                let text = "malformed FIX at byte \(error.offset) of the stream: \(error)"
                if let session {
                    session.send(.session(.logout(FIXLogout(text: text))))
                    session.channel = nil
                }
                gateway.logger.notice("framing error, closing", metadata: ["reason": "\(text)"])
                context.close(promise: nil)
                pending.removeAll()
                start = 0
                return
            }
        }
        // Compact only now and then: dropping the consumed prefix after every read would copy the tail each time.
        start = consumed
        if start == pending.count {
            pending.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 16 {
            pending.removeFirst(start)
            start = 0
        }
        if pending.count - start > 1 << 20 {
            context.close(promise: nil)  // a megabyte without a whole message
            pending.removeAll()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        gateway.disconnected(session, channel: context.channel)
        session = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
