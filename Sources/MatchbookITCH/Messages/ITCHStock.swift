/// An 8-byte, space-padded ASCII field (stock symbols, `Alpha(8)` in the specification), held by value.
///
/// `rawValue` is the 8 bytes read big-endian, so the first character is the most significant byte: two
/// symbols compare and hash as one integer, with no `String` on the hot path. `string` trims the
/// padding for cold paths (reports, tests).
@frozen
public struct ITCHStock: Hashable, Sendable, CustomStringConvertible {
    /// The 8 ASCII bytes, first character in the most significant byte.
    public var rawValue: UInt64

    @inlinable
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Pads (with spaces) or cuts `symbol` to 8 ASCII bytes. Cold path.
    public init(_ symbol: String) {
        var value: UInt64 = 0
        var bytes = Array(symbol.utf8.prefix(8))
        while bytes.count < 8 { bytes.append(0x20) }
        for byte in bytes { value = value << 8 | UInt64(byte) }
        self.rawValue = value
    }

    /// The 8 bytes in wire order.
    public var bytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: rawValue >> UInt64(56 - 8 * $0)) } }

    /// The symbol with trailing spaces removed. Allocates: cold paths only.
    public var string: String {
        var bytes = self.bytes
        while let last = bytes.last, last == 0x20 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { string }
}

/// A 4-byte ASCII field (`Alpha(4)`: MPIDs, attributions, reasons, Reg SHO actions), held by value.
@frozen
public struct ITCHAlpha4: Hashable, Sendable, CustomStringConvertible {
    /// The 4 ASCII bytes, first character in the most significant byte.
    public var rawValue: UInt32

    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Pads (with spaces) or cuts `text` to 4 ASCII bytes. Cold path.
    public init(_ text: String) {
        var value: UInt32 = 0
        var bytes = Array(text.utf8.prefix(4))
        while bytes.count < 4 { bytes.append(0x20) }
        for byte in bytes { value = value << 8 | UInt32(byte) }
        self.rawValue = value
    }

    /// The text with trailing spaces removed. Allocates: cold paths only.
    public var string: String {
        var bytes = (0..<4).map { UInt8(truncatingIfNeeded: rawValue >> UInt32(24 - 8 * $0)) }
        while let last = bytes.last, last == 0x20 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { string }
}
