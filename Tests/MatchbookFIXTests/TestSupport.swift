import MatchbookFIX

/// Bytes of `text` with `|` standing for SOH.
func soh(_ text: String) -> [UInt8] {
    text.utf8.map { $0 == UInt8(ascii: "|") ? 0x01 : $0 }
}

/// A whole FIX 4.4 message around `body` (`|` for SOH, from MsgType on, ending with `|`), with correct
/// BodyLength and CheckSum.
func framed(_ body: String) -> [UInt8] {
    let bodyBytes = soh(body)
    var message = soh("8=FIX.4.4|9=\(bodyBytes.count)|") + bodyBytes
    let sum = message.reduce(UInt8(0)) { $0 &+ $1 }
    let digits = String(sum)
    message += soh("10=" + String(repeating: "0", count: 3 - digits.count) + digits + "|")
    return message
}

/// A whole message around `body` bytes (MsgType on, SOH-terminated), with correct BodyLength and CheckSum.
func framed(bytes body: [UInt8]) -> [UInt8] {
    var message = soh("8=FIX.4.4|9=\(body.count)|") + body
    let sum = message.reduce(UInt8(0)) { $0 &+ $1 }
    let digits = String(sum)
    message += soh("10=" + String(repeating: "0", count: 3 - digits.count) + digits + "|")
    return message
}

/// The body of a framed message: from after BodyLength's SOH up to and including the SOH before CheckSum.
func body(of message: [UInt8]) -> [UInt8] {
    guard let first = message.firstIndex(of: 0x01),
        let second = message[(first + 1)...].firstIndex(of: 0x01), message.count >= second + 8
    else { return [] }
    return Array(message[(second + 1)..<(message.count - 7)])
}

/// The standard header fields a test message starts with.
let header = "49=CLIENT|56=MATCHBOOK|34=7|52=20240102-13:45:01.250|"

/// Frames and decodes `bytes` (which must hold exactly one valid frame).
func decodeFramed(_ bytes: [UInt8]) throws(FIXDecodeError) -> FIXDecodedMessage {
    guard case .message(let range) = FIXFrameDecoder().nextFrame(in: bytes), range.upperBound == bytes.count else {
        throw FIXDecodeError(.other, tag: nil, detail: "test input does not frame")
    }
    return try FIXMessageDecoder.decode(bytes, range: range)
}

/// Splits `bytes` into frames with the decoder, feeding it the buffer as it would grow at each `cuts` point;
/// returns the frames found and the errors met.
func frames(of bytes: [UInt8], cuts: [Int]) -> (frames: [[UInt8]], errors: [FIXFramingError]) {
    let decoder = FIXFrameDecoder()
    var buffered: [UInt8] = []
    var found: [[UInt8]] = []
    var errors: [FIXFramingError] = []
    var fed = 0
    for cut in cuts.sorted() + [bytes.count] where cut >= fed {
        buffered += bytes[fed..<cut]
        fed = cut
        loop: while true {
            switch decoder.nextFrame(in: buffered) {
            case .message(let range):
                found.append(Array(buffered[range]))
                buffered.removeFirst(range.upperBound)
            case .needMoreData:
                break loop
            case .framingError(let error):
                errors.append(error)
                buffered.removeFirst(min(error.skip, buffered.count))
            }
        }
    }
    return (found, errors)
}

/// A small deterministic generator for the randomized tests.
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
}
