import NIOCore
import NIOHTTP1

/// `/health` and `/metrics` (Prometheus text) on the HTTP port, answered on the gateway's event loop.
final class HTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: NIO calls a handler on its channel's event loop only.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let service: MatchbookServer
    private var path = "/"
    private var method = HTTPMethod.GET

    init(service: MatchbookServer) { self.service = service }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            path = head.uri
            method = head.method
        case .body: break
        case .end:
            let (status, body, type): (HTTPResponseStatus, String, String)
            switch path.split(separator: "?").first.map(String.init) ?? path {
            case "/health": (status, body, type) = (.ok, "ok\n", "text/plain")
            case "/metrics": (status, body, type) = (.ok, service.prometheusText(), "text/plain; version=0.0.4")
            case "/snapshot" where method == .POST:
                let (ok, json) = service.snapshotJSON()
                (status, body, type) = (ok ? .ok : .serviceUnavailable, json, "application/json")
            case "/snapshot": (status, body, type) = (.methodNotAllowed, "POST /snapshot takes a snapshot\n", "text/plain")
            case "/session/end" where method == .POST:
                let (ok, json) = service.endSessionJSON()
                (status, body, type) = (ok ? .ok : .serviceUnavailable, json, "application/json")
            case "/session/end":
                (status, body, type) = (.methodNotAllowed, "POST /session/end ends the trading session\n", "text/plain")
            case let book where book.hasPrefix("/book/"):
                let (found, json) = service.bookJSON(path: path)
                (status, body, type) = (found ? .ok : .notFound, json, "application/json")
            default:
                (status, body, type) = (.notFound,
                                        "not found: try /health, /metrics, /book/SYMBOL?depth=N or POST /snapshot\n",
                                        "text/plain")
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: type)
            headers.add(name: "Content-Length", value: "\(body.utf8.count)")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                          promise: nil)
            var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
            buffer.writeString(body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
