import MatchbookBook
import MatchbookITCH
import MatchbookMemory

/// One arena and one set of books for the whole fuzzing run (building them per input would fuzz mmap instead).
final class FuzzState {
    let arena: Arena
    var engine: ReplayEngine

    init() {
        var options = ReplayOptions()
        options.capacity = .testing
        options.measureLatency = false
        arena = try! Arena(ArenaConfiguration(
            totalBytes: options.capacity.requiredArenaBytes + (4 << 20), scratchBytes: 1 << 20,
            pages: PageSourceOptions(policy: .off, lock: false)))
        engine = try! ReplayEngine(arena: arena, options: options)
    }
}

nonisolated(unsafe) let state = FuzzState()

/// Any bytes through the ITCH parser and the market-by-order books, in both parse modes: errors and counted
/// anomalies are fine, a trap or a sanitizer report is a finding. The books' invariants are checked after each
/// input, and the session is ended so inputs do not leak into each other.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    for mode in [ITCHParseMode.tolerant, .strict] {
        var parser = ITCHStreamParser(mode: mode)
        try? state.engine.replay(bytes, parser: &parser)
        let violations = state.engine.books.invariantViolations()
        if !violations.isEmpty { fatalError("book invariants broken: \(violations.prefix(3))") }
        state.engine.endOfSession()
    }
    return 0
}
