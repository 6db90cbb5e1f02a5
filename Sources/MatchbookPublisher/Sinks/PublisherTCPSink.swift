#if canImport(Glibc)
import Glibc
#endif

/// The TCP sink: a listening socket; every connected subscriber gets the stream from the chunk after it
/// connected (chunks hold whole messages, so it starts on a message boundary: a late joiner, recovered by the
/// snapshots and the refresh). Sends never wait: a subscriber whose socket cannot take a whole chunk right now is
/// too slow — it is disconnected and counted, and the others go on. Runs on the drain thread.
public final class PublisherTCPSink: MarketDataSink, @unchecked Sendable {
    // @unchecked: used by the drain thread only, after the creating thread hands it over.
    public let address: MarketDataAddress
    /// The port actually bound (port 0 picks a free one).
    public let port: UInt16
    private let listener: Int32
    private var subscribers: [Int32] = []
    public private(set) var subscribersAccepted = 0
    public private(set) var subscribersDropped = 0
    private var closed = false

    public var name: String { "tcp \(address.host):\(port)" }

    /// Listens on `address` (`host:port`). Cold path.
    ///
    /// - Throws: `MarketDataSocketError` naming the call that failed.
    public init(listen text: String) throws {
        guard let address = MarketDataAddress(text) else {
            throw MarketDataSocketError(call: "parse host:port", address: text, errno: EINVAL)
        }
        let descriptor = Glibc.socket(
            AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { throw MarketDataSocketError(call: "socket", address: text, errno: errno) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var local = address.socketAddress
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(descriptor, 64) == 0 else {
            let error = errno
            Glibc.close(descriptor)
            throw MarketDataSocketError(call: "bind/listen", address: text, errno: error)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.address = address
        port = UInt16(bigEndian: actual.sin_port)
        listener = descriptor
    }

    deinit { _ = finish() }

    /// Subscribers connected now.
    public var subscriberCount: Int { subscribers.count }

    public func deliver(_ chunk: UnsafeRawBufferPointer) {
        acceptWaiting()
        guard let base = chunk.baseAddress, !subscribers.isEmpty else { return }
        var index = 0
        while index < subscribers.count {
            let sent = Glibc.send(subscribers[index], base, chunk.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            if sent == chunk.count {
                index += 1
            } else {
                // Too slow (or gone): a part of a chunk would leave it mid-message, so it goes.
                Glibc.close(subscribers[index])
                subscribers.remove(at: index)
                subscribersDropped += 1
            }
        }
    }

    private func acceptWaiting() {
        while true {
            let client = Glibc.accept(listener, nil, nil)
            guard client >= 0 else { return }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            var bufferBytes: Int32 = 4 << 20
            _ = setsockopt(client, SOL_SOCKET, SO_SNDBUF, &bufferBytes, socklen_t(MemoryLayout<Int32>.size))
            var one: Int32 = 1
            _ = setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            subscribers.append(client)
            subscribersAccepted += 1
        }
    }

    public func finish() -> String? {
        guard !closed else { return nil }
        closed = true
        for subscriber in subscribers { Glibc.close(subscriber) }
        subscribers.removeAll()
        Glibc.close(listener)
        return nil
    }
}
