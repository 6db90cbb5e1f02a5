/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seedable generator, 64 bits of state, one add and three
/// xor-shift-multiplies per draw. Deterministic per seed on every platform — the generator and the tests
/// rely on that. Not cryptographic. A value type: not shared between threads.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline internal var _state: UInt64

    public init(seed: UInt64) { _state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        _state &+= 0x9E37_79B9_7F4A_7C15
        var z = _state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` (`bound` > 0), by multiply-high (bias below 2⁻³² for small bounds).
    @inlinable
    public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in [0, 1).
    @inlinable
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
