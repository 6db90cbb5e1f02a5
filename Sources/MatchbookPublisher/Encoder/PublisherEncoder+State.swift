import MatchbookBook
import MatchbookMemory

/// The encoder's whole state as bytes, for a service snapshot, and back: the published depth of every book, the
/// channel and book sequences, the epoch lists and the counters. A publisher restored from it continues the
/// channel exactly where the snapshot left it: the same journal replayed after it gives the same sequence
/// numbers as the run that wrote it. Cold path (an allocation is fine).
///
/// ```
///  "MBPE" version(4) depth(4) books(4) | lastSequence … sequenceGaps (8 × 8) | refreshCursor(4)
///  active(4) [locate(2)]… | dirty(4) [locate(2)]… | per book: bookSequence(4) symbol(8) flags(1)
///  | per book and side: levels in the book(4) cached(1) [price(4) orders(4) shares(8)]…
/// ```
/// All integers little-endian. The snapshot file that carries it is checksummed as a whole.
extension PublisherEncoder {
    static let stateMagic: UInt32 = 0x4550_424D  // "MBPE"
    static let stateVersion: UInt32 = 1

    /// The state as bytes. O(books × depth).
    func stateBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + bookCount * 13 + bookCount * 2 * (5 + depth * 16))
        func put<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
        }
        put(Self.stateMagic)
        put(Self.stateVersion)
        put(UInt32(depth))
        put(UInt32(bookCount))
        for counter in [_stats.lastSequence, UInt64(_stats.levelUpdates), UInt64(_stats.symbolDefinitions),
                        UInt64(_stats.trades), UInt64(_stats.snapshotEpochs), UInt64(_stats.snapshots),
                        UInt64(_stats.refreshSnapshots), UInt64(_stats.sequenceGaps)] {
            put(counter)
        }
        put(UInt32(refreshCursor))
        put(UInt32(activeCount))
        for index in 0..<activeCount { put(activeList[index]) }
        put(UInt32(dirtyCount))
        for index in 0..<dirtyCount { put(dirtyList[index]) }
        for book in 0..<bookCount {
            put(bookSequences[book])
            put(symbols[book])
            put(dirtyFlags[book])
        }
        for slot in 0..<(bookCount * 2) {
            put(sideLevels[slot])
            let count = Int(cacheCounts[slot])
            put(UInt8(count))
            for rank in 0..<count {
                let level = cache[slot * depth + rank]
                put(level.priceTicks)
                put(level.orders)
                put(level.shares)
            }
        }
        return out
    }

    /// Replaces the state with `state` (decoded and checked beforehand: nothing here can fail); the next epoch
    /// snapshots every book that ever had levels, so subscribers that join the restarted service get every book
    /// at once.
    mutating func restore(_ state: PublisherState) {
        _stats.lastSequence = state.counters[0]
        _stats.levelUpdates = Int(state.counters[1])
        _stats.symbolDefinitions = Int(state.counters[2])
        _stats.trades = Int(state.counters[3])
        _stats.snapshotEpochs = Int(state.counters[4])
        _stats.snapshots = Int(state.counters[5])
        _stats.refreshSnapshots = Int(state.counters[6])
        _stats.sequenceGaps = Int(state.counters[7])
        refreshCursor = state.refreshCursor
        activeCount = state.active.count
        for (index, locate) in state.active.enumerated() { activeList[index] = locate }
        dirtyCount = state.dirty.count
        for (index, locate) in state.dirty.enumerated() { dirtyList[index] = locate }
        for book in 0..<bookCount {
            bookSequences[book] = state.bookSequences[book]
            symbols[book] = state.symbols[book]
            dirtyFlags[book] = state.flags[book]
        }
        for slot in 0..<(bookCount * 2) {
            sideLevels[slot] = state.sideLevels[slot]
            let levels = state.levels[slot]
            cacheCounts[slot] = UInt8(levels.count)
            for (rank, level) in levels.enumerated() { cache[slot * depth + rank] = level }
        }
        snapshotAllNext = true
    }
}

/// A publisher state decoded from `PublisherEncoder.stateBytes()` and checked against the publisher it is for,
/// in ordinary arrays (cold path), before anything is carved from an arena.
struct PublisherState {
    var counters: [UInt64] = []
    var refreshCursor = 0
    var active: [UInt16] = []
    var dirty: [UInt16] = []
    var bookSequences: [UInt32] = []
    var symbols: [UInt64] = []
    var flags: [UInt8] = []
    var sideLevels: [UInt32] = []
    var levels: [[_CachedLevel]] = []

    /// Decodes `bytes` for a publisher of `depth` and `books`. Throws when they are short, of another layout or
    /// shape, or hold a count out of range.
    init(decoding bytes: [UInt8], depth: Int, books: Int) throws(PublisherStateError) {
        var reader = _StateReader(bytes: bytes)
        guard try reader.read(UInt32.self) == PublisherEncoder.stateMagic else { throw .notPublisherState }
        let version = try reader.read(UInt32.self)
        guard version == PublisherEncoder.stateVersion else { throw .version(version) }
        let savedDepth = Int(try reader.read(UInt32.self))
        let savedBooks = Int(try reader.read(UInt32.self))
        guard savedDepth == depth, savedBooks == books else {
            throw .shape(depth: savedDepth, books: savedBooks, expectedDepth: depth, expectedBooks: books)
        }
        for _ in 0..<8 { counters.append(try reader.read(UInt64.self)) }
        refreshCursor = Int(try reader.read(UInt32.self))
        for _ in 0..<(try reader.count(atMost: books)) { active.append(try reader.locate(below: books)) }
        for _ in 0..<(try reader.count(atMost: books)) { dirty.append(try reader.locate(below: books)) }
        for _ in 0..<books {
            bookSequences.append(try reader.read(UInt32.self))
            symbols.append(try reader.read(UInt64.self))
            flags.append(try reader.read(UInt8.self))
        }
        for _ in 0..<(books * 2) {
            sideLevels.append(try reader.read(UInt32.self))
            let count = Int(try reader.read(UInt8.self))
            guard count <= depth else { throw .outOfRange("cached levels \(count) above depth \(depth)") }
            var side: [_CachedLevel] = []
            for _ in 0..<count {
                let price = try reader.read(UInt32.self)
                let orders = try reader.read(UInt32.self)
                let shares = try reader.read(UInt64.self)
                side.append(_CachedLevel(priceTicks: price, orders: orders, shares: shares))
            }
            levels.append(side)
        }
        guard reader.atEnd else { throw .outOfRange("\(bytes.count - reader.offset) bytes after the state") }
    }
}

/// Publisher state bytes that cannot be restored, said with what was wrong.
public enum PublisherStateError: Error, Equatable, Sendable, CustomStringConvertible {
    case notPublisherState
    case version(UInt32)
    case shape(depth: Int, books: Int, expectedDepth: Int, expectedBooks: Int)
    case truncated(offset: Int)
    case outOfRange(String)

    public var description: String {
        switch self {
        case .notPublisherState: "not a market-data publisher state (bad magic)"
        case .version(let version): "publisher state version \(version) is not known (this build reads 1)"
        case .shape(let depth, let books, let expectedDepth, let expectedBooks):
            "publisher state for depth \(depth) and \(books) books; this publisher has depth \(expectedDepth) and "
                + "\(expectedBooks) books"
        case .truncated(let offset): "publisher state ends early at byte \(offset)"
        case .outOfRange(let what): "publisher state is damaged: \(what)"
        }
    }
}

/// Bounds-checked little-endian reads over state bytes.
private struct _StateReader {
    let bytes: [UInt8]
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(PublisherStateError) -> T {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else { throw .truncated(offset: offset) }
        var value: T = 0
        for index in 0..<size { value |= T(truncatingIfNeeded: bytes[offset + index]) << (8 * index) }
        offset += size
        return value
    }

    mutating func count(atMost limit: Int) throws(PublisherStateError) -> Int {
        let value = Int(try read(UInt32.self))
        guard value <= limit else { throw .outOfRange("a list of \(value) books, above \(limit)") }
        return value
    }

    mutating func locate(below limit: Int) throws(PublisherStateError) -> UInt16 {
        let value = try read(UInt16.self)
        guard Int(value) < limit else { throw .outOfRange("locate \(value) of \(limit) books") }
        return value
    }
}
