import Testing
import MatchbookMemory

@Suite("Engine threads")
struct EngineThreadTests {
    @Test("N threads each own an arena; none sees another's memory")
    func privateArenas() throws {
        let threads = try (0..<4).map { number in
            try EngineThread<[Range<UInt>]>(
                name: "test-\(number)", cpu: nil,
                arena: ArenaConfiguration(totalBytes: 4 << 20, scratchBytes: 1 << 20,
                                          pages: PageSourceOptions(policy: .off, lock: false))
            ) { arena, _ in
                let pool = try arena.makePool(of: LineRecord.self, capacity: 1000, name: "records")
                let pattern = UInt64(number + 1) * 0x0101_0101_0101_0101
                let handles = try (0..<1000).map { try pool.allocate(LineRecord(id: pattern, value: UInt64($0))) }
                // Give the other threads time to write theirs, then check ours is intact.
                for _ in 0..<1000 { _ = CPUAffinity.currentCPU }
                for (index, handle) in handles.enumerated() {
                    guard pool[handle].id == pattern, pool[handle].value == UInt64(index) else {
                        throw TestFailure.corrupted(thread: number)
                    }
                }
                let scratch = unsafe UInt(bitPattern: try arena.allocateScratch(byteCount: 64))
                return [scratch..<scratch + 64]
            }
        }
        let ranges = try threads.flatMap { try $0.join() }
        for (i, a) in ranges.enumerated() {
            for b in ranges[(i + 1)...] { #expect(!a.overlaps(b)) }
        }
    }

    @Test("a pinned thread runs on its CPU and builds its arena there")
    func pinning() throws {
        guard let cpu = CPUAffinity.allowedCPUs().last else {
            Issue.record("no allowed CPUs reported")
            return
        }
        let thread = try EngineThread<EngineThreadStart>(
            name: "pinned", cpu: cpu,
            arena: ArenaConfiguration(totalBytes: 2 << 20, scratchBytes: 1 << 20,
                                      pages: PageSourceOptions(policy: .off, lock: false))
        ) { _, start in start }
        let start = try thread.join()
        #expect(start.pinningError == nil)
        #expect(start.cpu == cpu)
    }

    @Test("an error thrown in the thread comes back from join")
    func errorsPropagate() throws {
        let thread = try EngineThread<Int>(
            name: "failing", cpu: nil,
            arena: ArenaConfiguration(totalBytes: 2 << 20, scratchBytes: 1 << 20,
                                      pages: PageSourceOptions(policy: .off, lock: false))
        ) { arena, _ in
            _ = try arena.makePool(of: OddRecord.self, capacity: 1, name: "odd")
            return 1
        }
        #expect(throws: ArenaError.self) { _ = try thread.join() }
    }

    enum TestFailure: Error { case corrupted(thread: Int) }
}
