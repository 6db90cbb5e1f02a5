/// The only place the codec reads raw memory. Every other file goes through these helpers.
///
/// Invariants the callers keep (and the helpers check where a check is one compare):
/// - `bytes` is a live buffer for the duration of the call (callers pass the buffer they were handed);
/// - indices are in `0..<bytes.count`; a `nil` base address is treated as an empty buffer.
@usableFromInline
internal enum _UnsafeFIXBytes {
    /// The byte at `index`, or `nil` past the end. O(1).
    @inlinable @inline(__always)
    static func byte(_ bytes: UnsafeRawBufferPointer, at index: Int) -> UInt8? {
        guard let base = bytes.baseAddress, index >= 0, index < bytes.count else { return nil }
        return base.load(fromByteOffset: index, as: UInt8.self)
    }

    /// Sum of `bytes[range]` modulo 256 (the FIX CheckSum). O(n). `range` is clamped to the buffer.
    @inlinable
    static func checksum(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> UInt8 {
        guard let base = bytes.baseAddress else { return 0 }
        let lower = max(0, range.lowerBound)
        let upper = min(bytes.count, range.upperBound)
        var sum: UInt8 = 0
        var index = lower
        while index < upper {
            sum &+= base.load(fromByteOffset: index, as: UInt8.self)
            index &+= 1
        }
        return sum
    }

    /// Whether `bytes[start...]` begins with `pattern` (as far as the buffer goes when `partialAtEnd`).
    ///
    /// Returns `.match` if all of `pattern` is there, `.prefix` if the buffer ends before the pattern does but
    /// what is there agrees, `.mismatch(at:)` with the buffer index of the first differing byte.
    @inlinable
    static func compare(_ bytes: UnsafeRawBufferPointer, at start: Int, with pattern: StaticString) -> _PatternMatch {
        let count = pattern.utf8CodeUnitCount
        let patternBase = pattern.utf8Start
        var offset = 0
        while offset < count {
            guard let byte = byte(bytes, at: start &+ offset) else { return .prefix }
            if byte != patternBase[offset] { return .mismatch(at: start &+ offset) }
            offset &+= 1
        }
        return .match
    }

    /// Index of the first occurrence of `8=FIX` at or after `start`; when there is none, the index where a
    /// proper prefix of it begins at the very end of the buffer (it may complete with more data), else
    /// `bytes.count`. O(n).
    @inlinable
    static func resynchronisationPoint(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = max(0, start)
        while index < bytes.count {
            if byte(bytes, at: index) == UInt8(ascii: "8") {
                switch compare(bytes, at: index, with: "8=FIX") {
                case .match, .prefix: return index
                case .mismatch: break
                }
            }
            index &+= 1
        }
        return bytes.count
    }
}

/// The outcome of ``_UnsafeFIXBytes/compare(_:at:with:)``.
@usableFromInline
internal enum _PatternMatch: Equatable {
    case match
    case prefix
    case mismatch(at: Int)
}
