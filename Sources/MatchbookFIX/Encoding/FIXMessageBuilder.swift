/// Builds one outbound FIX 4.4 message: body fields first, then BeginString, BodyLength and CheckSum around
/// them.
///
/// ```
///   body scratch:   35=8␁49=EX␁56=CL␁34=7␁52=…␁ 37=…␁ … ␁
///   written:        8=FIX.4.4␁9=<body count>␁ <body scratch> 10=<sum mod 256>␁
/// ```
///
/// The builder keeps its scratch between messages, so after the first few messages appending never allocates
/// (values are written as bytes; Strings are copied from their UTF-8). Appending a field is O(value length);
/// writing the message is O(message length). Values are written as given: the caller keeps SOH out of them
/// (the typed messages do). Not thread-safe: one per session or connection.
public struct FIXMessageBuilder: Sendable {
    /// The body so far: MsgType(35) through the last field's SOH.
    public private(set) var body: [UInt8]

    /// An empty builder reserving `capacityBytes` of scratch.
    public init(capacityBytes: Int = 512) {
        body = []
        body.reserveCapacity(capacityBytes)
    }

    /// Discards the body and starts a message of type `msgType` (writes MsgType(35)). O(1).
    public mutating func start(msgType: FIXMsgType) {
        body.removeAll(keepingCapacity: true)
        append(tag: FIXTag.msgType, msgType.rawValue)
    }

    // MARK: Fields

    /// Appends `tag=value␁` for a string value.
    public mutating func append(tag: Int, _ value: String) {
        appendTag(tag)
        var value = value
        value.withUTF8 { body.append(contentsOf: $0) }
        body.append(FIXVersion.fieldDelimiter)
    }

    /// Appends `tag=value␁` for a signed integer.
    public mutating func append(tag: Int, _ value: Int) {
        appendTag(tag)
        if value < 0 { body.append(UInt8(ascii: "-")) }
        FIXDecimal._appendDigits(UInt64(value.magnitude), to: &body)
        body.append(FIXVersion.fieldDelimiter)
    }

    /// Appends `tag=value␁` for a share count.
    public mutating func append(tag: Int, _ value: UInt32) {
        appendTag(tag)
        FIXDecimal._appendDigits(UInt64(value), to: &body)
        body.append(FIXVersion.fieldDelimiter)
    }

    /// Appends `tag=value␁` for a decimal, in canonical form.
    public mutating func append(tag: Int, _ value: FIXDecimal) {
        appendTag(tag)
        value.append(to: &body)
        body.append(FIXVersion.fieldDelimiter)
    }

    /// Appends `tag=c␁` for a one-byte (char) value.
    public mutating func append(tag: Int, character: UInt8) {
        appendTag(tag)
        body.append(character)
        body.append(FIXVersion.fieldDelimiter)
    }

    /// Appends `tag=Y␁` or `tag=N␁`.
    public mutating func append(tag: Int, _ value: Bool) {
        append(tag: tag, character: value ? UInt8(ascii: "Y") : UInt8(ascii: "N"))
    }

    /// Appends `tag=YYYYMMDD-HH:MM:SS.sss␁` (UTC).
    public mutating func append(tag: Int, timestampNanos: Int64) {
        appendTag(tag)
        FIXTimestamp.appendMilliseconds(epochNanos: timestampNanos, to: &body)
        body.append(FIXVersion.fieldDelimiter)
    }

    /// Appends the field only when `value` is not `nil`.
    public mutating func append(tag: Int, ifPresent value: String?) {
        if let value { append(tag: tag, value) }
    }

    /// Appends the field only when `value` is not `nil`.
    public mutating func append(tag: Int, ifPresent value: FIXDecimal?) {
        if let value { append(tag: tag, value) }
    }

    /// Appends the field only when `value` is not `nil`.
    public mutating func append(tag: Int, ifPresent value: UInt32?) {
        if let value { append(tag: tag, value) }
    }

    /// Appends the field only when `value` is not `nil`.
    public mutating func append(tag: Int, ifPresent value: Int?) {
        if let value { append(tag: tag, value) }
    }

    /// Appends the field only when `value` is not `nil`.
    public mutating func append(tag: Int, timestampNanosIfPresent value: Int64?) {
        if let value { append(tag: tag, timestampNanos: value) }
    }

    private mutating func appendTag(_ tag: Int) {
        FIXDecimal._appendDigits(UInt64(max(0, tag)), to: &body)
        body.append(UInt8(ascii: "="))
    }

    // MARK: Writing

    /// Bytes the finished message takes: `8=FIX.4.4␁9=n␁` + body + `10=ccc␁`. O(1).
    public var encodedByteCount: Int {
        FIXVersion.beginStringField.count + 2 + Self.digitCount(body.count) + 1 + body.count + 7
    }

    /// Appends the finished message (header, body, trailer) to `out`. O(message length).
    public func write(to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: FIXVersion.beginStringField)
        out.append(UInt8(ascii: "9"))
        out.append(UInt8(ascii: "="))
        FIXDecimal._appendDigits(UInt64(body.count), to: &out)
        out.append(FIXVersion.fieldDelimiter)
        out.append(contentsOf: body)
        var sum: UInt8 = 0
        for index in start..<out.count { sum &+= out[index] }
        out.append(UInt8(ascii: "1"))
        out.append(UInt8(ascii: "0"))
        out.append(UInt8(ascii: "="))
        out.append(UInt8(ascii: "0") &+ sum / 100)
        out.append(UInt8(ascii: "0") &+ sum / 10 % 10)
        out.append(UInt8(ascii: "0") &+ sum % 10)
        out.append(FIXVersion.fieldDelimiter)
    }

    /// Writes the finished message to the start of `buffer` and returns its byte count, or throws
    /// `.bufferTooSmall` (writing nothing). O(message length), no allocation once the builder's scratch has
    /// grown. For a NIO `ByteBuffer`: `writeWithUnsafeMutableBytes(minimumWritableBytes: encodedByteCount)`.
    public func write(into buffer: UnsafeMutableRawBufferPointer) throws(FIXEncodeError) -> Int {
        let needed = encodedByteCount
        guard buffer.count >= needed, buffer.baseAddress != nil else {
            throw .bufferTooSmall(needed: needed, available: buffer.count)
        }
        var position = 0
        var sum: UInt8 = 0
        func put(_ byte: UInt8) {
            buffer[position] = byte
            sum &+= byte
            position += 1
        }
        for byte in FIXVersion.beginStringField { put(byte) }
        put(UInt8(ascii: "9"))
        put(UInt8(ascii: "="))
        var divisor = 1
        while body.count / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            put(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: body.count / divisor % 10))
            divisor /= 10
        }
        put(FIXVersion.fieldDelimiter)
        for byte in body { put(byte) }
        let checksum = sum
        put(UInt8(ascii: "1"))
        put(UInt8(ascii: "0"))
        put(UInt8(ascii: "="))
        put(UInt8(ascii: "0") &+ checksum / 100)
        put(UInt8(ascii: "0") &+ checksum / 10 % 10)
        put(UInt8(ascii: "0") &+ checksum % 10)
        put(FIXVersion.fieldDelimiter)
        return position
    }

    /// The finished message as a new array.
    public func bytes() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(encodedByteCount)
        write(to: &out)
        return out
    }

    static func digitCount(_ value: Int) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }
}
