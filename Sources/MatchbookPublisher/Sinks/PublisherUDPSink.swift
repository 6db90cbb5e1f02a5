#if canImport(Glibc)
import Glibc
#endif

/// The UDP sink: each chunk goes out as datagrams of whole wire messages (at most `maximumDatagram` bytes
/// each, a bigger single snapshot alone), to one unicast address or an IPv4 multicast group (TTL 1, looped
/// back to this host). UDP may lose datagrams; subscribers see the hole in the channel sequence and are whole
/// again after the next snapshot epoch.
///
/// A send that would block or fails (ENOBUFS, no route) drops that datagram and counts it: the sink never
/// waits, so a slow network cannot back up the ring. `lossProbability` drops datagrams on purpose (seeded),
/// to test subscribers. Runs on the drain thread.
public final class PublisherUDPSink: MarketDataSink, @unchecked Sendable {
    // @unchecked: used by the drain thread only, after the creating thread hands it over.
    public let address: MarketDataAddress
    public let maximumDatagram: Int
    private let socket: Int32
    private let lossThreshold: UInt64
    private var random: UInt64
    private var destination: sockaddr_in
    public private(set) var datagramsSent = 0
    public private(set) var datagramsDropped = 0
    public private(set) var datagramsDroppedOnPurpose = 0
    public private(set) var firstErrno: Int32 = 0

    public var name: String { "udp \(address)" }

    /// Opens a datagram socket for `address` (`host:port`). Cold path.
    ///
    /// - Throws: `MarketDataSocketError` for a bad address or a socket that cannot be made.
    public init(
        address text: String, maximumDatagram: Int = 8_192, lossProbability: Double = 0, seed: UInt64 = 0x5EED
    ) throws {
        guard let address = MarketDataAddress(text) else {
            throw MarketDataSocketError(call: "parse host:port", address: text, errno: EINVAL)
        }
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw MarketDataSocketError(call: "socket", address: text, errno: errno) }
        var bufferBytes: Int32 = 4 << 20
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &bufferBytes, socklen_t(MemoryLayout<Int32>.size))
        if address.isMulticast {
            var ttl: UInt8 = 1
            var loop: UInt8 = 1
            _ = setsockopt(descriptor, Int32(IPPROTO_IP), IP_MULTICAST_TTL, &ttl, 1)
            _ = setsockopt(descriptor, Int32(IPPROTO_IP), IP_MULTICAST_LOOP, &loop, 1)
        }
        self.address = address
        self.maximumDatagram = max(maximumDatagram, WireFormat.headerBytes)
        socket = descriptor
        destination = address.socketAddress
        let probability = min(max(lossProbability, 0), 1)
        lossThreshold = probability >= 1 ? .max : UInt64(probability * Double(UInt64.max))
        random = seed
    }

    deinit { close(socket) }

    public func deliver(_ chunk: UnsafeRawBufferPointer) {
        guard let base = chunk.baseAddress else { return }
        WireChunk.runs(in: chunk, limit: maximumDatagram) { range in
            if lossThreshold > 0 && nextRandom() < lossThreshold {
                datagramsDroppedOnPurpose += 1
                return
            }
            let sent = withUnsafePointer(to: &destination) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    sendto(socket, base + range.lowerBound, range.count, Int32(MSG_DONTWAIT), address,
                           socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if sent == range.count {
                datagramsSent += 1
            } else {
                datagramsDropped += 1
                if firstErrno == 0 { firstErrno = sent < 0 ? errno : EMSGSIZE }
            }
        }
    }

    /// SplitMix64: a seeded, repeatable loss pattern.
    private func nextRandom() -> UInt64 {
        random &+= 0x9E37_79B9_7F4A_7C15
        var z = random
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// UDP has no end: nothing to flush. A sink whose every datagram failed reports why.
    public func finish() -> String? {
        guard datagramsSent == 0, datagramsDropped > 0 else { return nil }
        return "no datagram reached \(address): \(String(cString: strerror(firstErrno))) (errno \(firstErrno))"
    }
}
