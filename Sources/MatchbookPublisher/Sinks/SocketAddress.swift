#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 `host:port` for the market-data sockets (numeric host; `localhost` means 127.0.0.1).
public struct MarketDataAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: UInt16

    /// Parses `host:port`. Returns nil for anything else (the caller names the option in its error).
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.isEmpty || host == "localhost" { host = "127.0.0.1" }
        var probe = in_addr()
        guard inet_pton(AF_INET, host, &probe) == 1 else { return nil }
        self.host = host
        self.port = port
    }

    public var description: String { "\(host):\(port)" }

    /// The address as `sockaddr_in`.
    var socketAddress: sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        _ = inet_pton(AF_INET, host, &address.sin_addr)
        return address
    }

    /// Whether the host is an IPv4 multicast group (224.0.0.0/4).
    var isMulticast: Bool {
        let address = UInt32(bigEndian: socketAddress.sin_addr.s_addr)
        return address >> 28 == 0xE
    }
}

/// A socket call that failed: which, and errno.
public struct MarketDataSocketError: Error, Sendable, CustomStringConvertible {
    public var call: String
    public var address: String
    public var errno: Int32

    public var description: String {
        "\(call) for \(address) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Frames of the wire format inside a chunk: the length field (header bytes 4–5) of each message.
enum WireChunk {
    /// Calls `body` with the byte range of each run of whole messages of at most `limit` bytes (a single
    /// message longer than `limit` is a run of its own). O(messages).
    static func runs(in chunk: UnsafeRawBufferPointer, limit: Int, _ body: (Range<Int>) -> Void) {
        var start = 0
        var offset = 0
        while offset + WireFormat.headerBytes <= chunk.count {
            let length = Int(UInt16(littleEndian: chunk.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self)))
            guard length >= WireFormat.headerBytes, offset + length <= chunk.count else { break }
            if offset + length - start > limit && offset > start {
                body(start..<offset)
                start = offset
            }
            offset += length
        }
        if offset > start { body(start..<offset) }
    }
}
