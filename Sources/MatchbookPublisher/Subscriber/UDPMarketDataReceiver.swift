#if canImport(Glibc)
import Glibc
#endif

/// The receiving end of `PublisherUDPSink`: a datagram socket bound to `host:port` (a multicast group is joined
/// on every interface). Each datagram holds whole wire messages. Cold path (a subscriber's own thread).
public final class UDPMarketDataReceiver {
    public let address: MarketDataAddress
    private let socket: Int32
    private var buffer = [UInt8](repeating: 0, count: 65_536)

    /// The port actually bound (useful with port 0).
    public let port: UInt16

    /// Binds `address` (`host:port`; port 0 picks a free one).
    ///
    /// - Throws: `MarketDataSocketError` naming the call that failed.
    public init(bind text: String) throws {
        guard let address = MarketDataAddress(text) else {
            throw MarketDataSocketError(call: "parse host:port", address: text, errno: EINVAL)
        }
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw MarketDataSocketError(call: "socket", address: text, errno: errno) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var bufferBytes: Int32 = 16 << 20
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &bufferBytes, socklen_t(MemoryLayout<Int32>.size))
        var local = address.socketAddress
        if address.isMulticast { local.sin_addr.s_addr = INADDR_ANY.bigEndian }
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let error = errno
            close(descriptor)
            throw MarketDataSocketError(call: "bind", address: text, errno: error)
        }
        if address.isMulticast {
            var request = ip_mreq()
            request.imr_multiaddr = address.socketAddress.sin_addr
            request.imr_interface.s_addr = INADDR_ANY.bigEndian
            guard setsockopt(descriptor, Int32(IPPROTO_IP), IP_ADD_MEMBERSHIP, &request,
                             socklen_t(MemoryLayout<ip_mreq>.size)) == 0 else {
                let error = errno
                close(descriptor)
                throw MarketDataSocketError(call: "join multicast group", address: text, errno: error)
            }
        }
        var bound4 = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound4) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.address = address
        socket = descriptor
        port = UInt16(bigEndian: bound4.sin_port)
    }

    deinit { close(socket) }

    /// The next datagram, waiting at most `timeoutMilliseconds`; nil on timeout. O(datagram).
    public func receive(timeoutMilliseconds: Int32) -> [UInt8]? {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) > 0 else { return nil }
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Array(buffer[0..<count])
    }
}
