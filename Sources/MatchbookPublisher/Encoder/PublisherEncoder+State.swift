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

    /// Copies each book's symbol into `table` (the engine's own list, for definitions it may have to send again).
    func copySymbols(into table: borrowing ArenaTable<UInt64>) {
        var book = 0
        while book < min(bookCount, table.count) {
            table[book] = symbols[book]
            book += 1
        }
    }

    /// Replaces the state with `bytes` (`stateBytes()` of an encoder with the same depth and book count); the
    /// next epoch snapshots every book that ever had levels, so subscribers that join the restarted service
    /// get every book at once. Throws, changing nothing that matters (the caller discards the encoder), when the
    /// bytes are short, of another layout, or hold a count out of range.
    mutating func restoreState(from bytes: [UInt8]) throws(PublisherStateError) {
        var reader = _StateReader(bytes: bytes)
        guard try reader.read(UInt32.self) == Self.stateMagic else { throw .notPublisherState }
        let version = try reader.read(UInt32.self)
        guard version == Self.stateVersion else { throw .version(version) }
        let savedDepth = Int(try reader.read(UInt32.self))
        let savedBooks = Int(try reader.read(UInt32.self))
        guard savedDepth == depth, savedBooks == bookCount else {
            throw .shape(depth: savedDepth, books: savedBooks, expectedDepth: depth, expectedBooks: bookCount)
        }
        _stats.lastSequence = try reader.read(UInt64.self)
        _stats.levelUpdates = Int(try reader.read(UInt64.self))
        _stats.symbolDefinitions = Int(try reader.read(UInt64.self))
        _stats.trades = Int(try reader.read(UInt64.self))
        _stats.snapshotEpochs = Int(try reader.read(UInt64.self))
        _stats.snapshots = Int(try reader.read(UInt64.self))
        _stats.refreshSnapshots = Int(try reader.read(UInt64.self))
        _stats.sequenceGaps = Int(try reader.read(UInt64.self))
        refreshCursor = Int(try reader.read(UInt32.self))
        activeCount = try reader.count(atMost: bookCount)
        for index in 0..<activeCount { activeList[index] = try reader.locate(below: bookCount) }
        dirtyCount = try reader.count(atMost: bookCount)
        for index in 0..<dirtyCount { dirtyList[index] = try reader.locate(below: bookCount) }
        for book in 0..<bookCount {
            bookSequences[book] = try reader.read(UInt32.self)
            symbols[book] = try reader.read(UInt64.self)
            dirtyFlags[book] = try reader.read(UInt8.self)
        }
        for slot in 0..<(bookCount * 2) {
            sideLevels[slot] = try reader.read(UInt32.self)
            let count = Int(try reader.read(UInt8.self))
            guard count <= depth else { throw .outOfRange("cached levels \(count) above depth \(depth)") }
            cacheCounts[slot] = UInt8(count)
            for rank in 0..<count {
                let price = try reader.read(UInt32.self)
                let orders = try reader.read(UInt32.self)
                let shares = try reader.read(UInt64.self)
                cache[slot * depth + rank] = _CachedLevel(priceTicks: price, orders: orders, shares: shares)
            }
        }
        guard reader.atEnd else { throw .outOfRange("\(bytes.count - reader.offset) bytes after the state") }
        snapshotAllNext = true
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
