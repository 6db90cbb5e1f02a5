import MatchbookFIX
import MatchbookService

/// The FIX session and application layers under fuzzing: a logged-on CLIENT1 connection of the real gateway
/// (embedded channel, no sockets) gets the input — as raw bytes (first byte even), or (odd) as message bodies
/// separated by 0xFF that the harness frames with a correct header, BodyLength and CheckSum, so mutations reach
/// the logon, sequence, resend, order and risk logic instead of stopping at the checksum. Findings: a trap, a
/// sanitizer report, or anything the service writes back that is not a well-formed FIX message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard count > 0, let start else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let harness = try? FIXSessionHarness() else { fatalError("harness could not start") }
    var written = harness.feed(FIXSessionHarness.logon)
    if bytes[0] & 1 == 0 {
        written += harness.feed(Array(bytes.dropFirst()))
    } else {
        var sequence = 2
        for body in bytes.dropFirst().split(separator: 0xFF, omittingEmptySubsequences: false) where harness.isOpen {
            written += harness.feed(FIXSessionHarness.frame(body: Array(body), sequence: sequence))
            sequence += 1
        }
    }
    checkWellFormed(written)
    return 0
}

/// Every byte the service wrote must belong to a whole, decodable FIX message.
func checkWellFormed(_ bytes: [UInt8]) {
    let decoder = FIXFrameDecoder(maxBodyLength: 1 << 20)
    var offset = 0
    while offset < bytes.count {
        guard case .message(let range) = decoder.nextFrame(in: bytes, from: offset) else {
            fatalError("the service wrote bytes that are not a FIX message at \(offset)")
        }
        do {
            _ = try FIXMessageDecoder.decode(bytes, range: (offset + range.lowerBound)..<(offset + range.upperBound))
        } catch {
            fatalError("the service wrote a message it cannot decode itself: \(error)")
        }
        offset += range.upperBound
    }
}
