import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MatchbookBook
import MatchbookFIX
@testable import MatchbookService
import Testing

/// Malformed FIX over real sockets: 600 mutated messages (bytes flipped, cut, duplicated, garbage spliced in),
/// each on a logged-on session, while a second session keeps trading. The service must never crash, must answer
/// every mutation with a Reject, a Logout or by waiting for more bytes, and the other session must be served
/// throughout.
@Suite("Malformed FIX", .serialized)
struct MalformedFIXTests {
    /// A blocking FIX client of our own codec (the simplefix tests cover a foreign client).
    final class Client {
        let socket: Int32
        var encoder: FIXOutboundEncoder
        var sequence = 1
        var pending: [UInt8] = []

        init(port: Int, compID: String, password: String) throws {
            let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            var timeout = timeval(tv_sec: 3, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            socket = descriptor
            encoder = FIXOutboundEncoder(senderCompID: compID, targetCompID: "MATCHBOOK")
            try #require(connected == 0)
            send(FIXLogon(heartBtIntSeconds: 30, resetSeqNumFlag: true, username: compID.lowercased(),
                          password: password))
        }

        deinit { close(socket) }

        func bytes(_ body: some FIXMessageBody) -> [UInt8] {
            var out: [UInt8] = []
            encoder.encode(body, msgSeqNum: sequence, sendingTimeNanos: 1_700_000_000_000_000_000, into: &out)
            sequence += 1
            return out
        }

        func send(_ body: some FIXMessageBody) { write(bytes(body)) }

        func write(_ data: [UInt8]) { _ = data.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) } }

        /// The next message, or nil when the connection closed or 3 s passed.
        func next() -> FIXDecodedMessage? {
            let decoder = FIXFrameDecoder()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                if case .message(let range) = decoder.nextFrame(in: pending) {
                    let frame = Array(pending[range])
                    pending.removeFirst(range.upperBound)
                    return try? FIXMessageDecoder.decode(frame)
                }
                let count = recv(socket, &buffer, buffer.count, 0)
                if count <= 0 { return nil }
                pending += buffer[0..<count]
            }
        }

        func next(where predicate: (FIXDecodedMessage) -> Bool) -> FIXDecodedMessage? {
            while let message = next() { if predicate(message) { return message } }
            return nil
        }
    }

    @Test("600 mutated messages never crash the service or disturb another session")
    func mutations() async throws {
        let server = try await FIXClientEndToEndTests.startServer()
        defer { server.shutdown() }
        var random = SystemRandomNumberGenerator()
        let steady = try Client(port: server.fixPort, compID: "CLIENT2", password: "client2-demo")
        #expect(steady.next { if case .session(.logon) = $0.message { true } else { false } } != nil)
        var outcomes: [String: Int] = [:]
        var victim: Client? = nil
        for round in 0..<600 {
            if victim == nil {
                victim = try Client(port: server.fixPort, compID: "CLIENT1", password: "client1-demo")
                guard victim!.next(where: { if case .session(.logon) = $0.message { true } else { false } }) != nil
                else { Issue.record("round \(round): CLIENT1 could not log on again"); return }
            }
            let client = victim!
            var message = client.bytes(FIXNewOrderSingle(
                clOrdID: "M\(round)", symbol: "AAPL", side: .buy, orderType: .limit, orderQuantity: 10,
                price: FIXDecimal(50), transactTimeNanos: 1_700_000_000_000_000_000))
            switch round % 5 {
            case 0: message[Int.random(in: 0..<message.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            case 1: message.removeLast(Int.random(in: 1...8, using: &random))  // then the next message follows it
            case 2: message.insert(contentsOf: (0..<Int.random(in: 1...20, using: &random)).map { _ in
                        UInt8.random(in: 0...255, using: &random) }, at: Int.random(in: 0..<message.count, using: &random))
            case 3:  // a well-framed message with a field broken inside (BodyLength and CheckSum recomputed)
                let body = Array("35=D\u{1}49=CLIENT1\u{1}56=MATCHBOOK\u{1}34=\(client.sequence - 1)\u{1}".utf8)
                    + Array("52=20240102-13:45:01.250\u{1}11=Q\(round)\u{1}55=AAPL\u{1}54=7\u{1}38=x\u{1}40=2\u{1}".utf8)
                var framed = Array("8=FIX.4.4\u{1}9=\(body.count)\u{1}".utf8) + body
                let sum = framed.reduce(UInt8(0), &+)
                framed += Array("10=\(String(format: "%03d", Int(sum)))\u{1}".utf8)
                message = framed
            default: message = (0..<Int.random(in: 1...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            client.write(message)
            // A probe after it: a TestRequest answered means the session survived; else the service closed it.
            let probe = "P\(round)"
            client.send(FIXTestRequest(testReqID: probe))
            let answer = client.next { decoded in
                switch decoded.message {
                case .session(.heartbeat(let heartbeat)): heartbeat.testReqID == probe
                case .session(.logout): true
                default: false
                }
            }
            switch answer?.message {
            case .session(.heartbeat): outcomes["survived", default: 0] += 1
            case .session(.logout): outcomes["logged out", default: 0] += 1; victim = nil
            default: outcomes["closed", default: 0] += 1; victim = nil
            }
            if round % 50 == 0 {
                // The other session is served all along.
                steady.send(FIXTestRequest(testReqID: "S\(round)"))
                let heartbeat = steady.next { decoded in
                    if case .session(.heartbeat(let heartbeat)) = decoded.message { heartbeat.testReqID == "S\(round)" }
                    else { false }
                }
                #expect(heartbeat != nil, "round \(round): the steady session got no answer")
            }
        }
        #expect((outcomes["survived"] ?? 0) > 50 && (outcomes["logged out"] ?? 0) + (outcomes["closed"] ?? 0) > 50,
                "\(outcomes)")
        let health = try FIXClientEndToEndTests.httpGet(port: server.httpPort, path: "/health")
        #expect(health.hasSuffix("ok\n"))
    }
}
