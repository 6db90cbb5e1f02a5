import MatchbookMemory

/// Small arenas for tests: pre-faulting fresh memory runs at ~0.4 GB/s on these guests, so keep them small.
enum TestArenas {
    static func small(
        totalBytes: Int = 8 << 20, scratchBytes: Int = 2 << 20, policy: PagePolicy = .auto
    ) throws -> Arena {
        try Arena(ArenaConfiguration(
            totalBytes: totalBytes, scratchBytes: scratchBytes,
            pages: PageSourceOptions(policy: policy, unavailableKinds: [.hugetlb])))
    }
}

/// A 64-byte record (one cache line).
struct LineRecord: BitwiseCopyable, Equatable {
    var id: UInt64
    var value: UInt64
    var padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    static func == (lhs: LineRecord, rhs: LineRecord) -> Bool { lhs.id == rhs.id && lhs.value == rhs.value }
}

/// A 128-byte record (two lines).
struct TwoLineRecord: BitwiseCopyable {
    var words: InlineArray<16, UInt64>
}

/// A record whose stride is not a multiple of 64: pools must refuse it.
struct OddRecord: BitwiseCopyable {
    var a: UInt64
    var b: UInt32
}
