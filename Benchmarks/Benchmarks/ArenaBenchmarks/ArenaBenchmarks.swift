import Benchmark
import MatchbookMemory

#if canImport(Glibc)
import Glibc
#endif

/// The arena's hot operations against the system allocator doing the same work, side by side in one run.
/// Thresholds (Benchmarks/Thresholds/) gate the counts that must be zero — mallocs — not the times, which these
/// shared machines cannot hold steady.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        // Retain/release counts are left out: on Swift 6.3 Linux package-benchmark counts them through runtime
        // hooks that crash without its swift-runtime-interposer package, which these machines do not have.
        // Scripts/check-hot-path counts swift_retain/swift_release calls under callgrind instead.
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(3),
        maxIterations: 20
    )

    /// A 64-byte record: the size of an order slot.
    struct Record: BitwiseCopyable {
        var words: InlineArray<8, UInt64>
    }
    let arenaConfiguration = ArenaConfiguration(
        totalBytes: 64 << 20, scratchBytes: 32 << 20, pages: PageSourceOptions(policy: .auto))

    Benchmark("ArenaPoolAllocateFree64B") { benchmark in
        let arena = try Arena(arenaConfiguration)
        let pool = try arena.makePool(of: Record.self, capacity: 1024, name: "bench")
        let record = Record(words: .init(repeating: 1))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let handle = try pool.allocate(record)
            blackHole(handle)
            pool.free(handle)
        }
        benchmark.stopMeasurement()
    }

    Benchmark("SystemMallocFree64B") { benchmark in
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let pointer = malloc(64)
            blackHole(pointer)
            free(pointer)
        }
        benchmark.stopMeasurement()
    }

    Benchmark("ArenaScratchAllocate64BResetEvery4096") { benchmark in
        var arena = try Arena(arenaConfiguration)
        benchmark.startMeasurement()
        var count = 0
        for _ in benchmark.scaledIterations {
            let address = unsafe try arena.allocateScratch(byteCount: 64)
            blackHole(unsafe address)
            count &+= 1
            if count == 4096 {
                count = 0
                arena.resetEpoch()
            }
        }
        benchmark.stopMeasurement()
    }

    Benchmark("SystemMalloc64BFreeAllEvery4096") { benchmark in
        let pointers = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: 4096)
        defer { pointers.deallocate() }
        benchmark.startMeasurement()
        var count = 0
        for _ in benchmark.scaledIterations {
            let pointer = malloc(64)
            pointers[count] = pointer
            count &+= 1
            if count == 4096 {
                for index in 0..<4096 { free(pointers[index]) }
                count = 0
            }
        }
        for index in 0..<count { free(pointers[index]) }
        benchmark.stopMeasurement()
    }
}
