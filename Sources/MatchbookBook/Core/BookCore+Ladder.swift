import MatchbookMemory

/// Side ladders: each side of a book is a sorted array of `LadderEntry` (key, level handle) in a segment of the
/// shared ladder table, ascending by key with the BEST price at the END (bids: key = price; asks: key = ~price).
///
/// - Lookup scans a few entries back from the end (most traffic is near the touch), then binary-searches.
/// - Inserting or removing a level moves only the entries better than it (a short move near the touch).
/// - A side takes a small segment with its first level, moves to a large segment when the small one is full,
///   back to a small one when it shrinks to a quarter of the small size, and frees its segment when empty.
///
/// Not thread-safe: owned by one engine thread.
extension BookCore {
    /// Entries scanned back from the best before switching to binary search.
    @inlinable
    static var _linearScanLimit: Int { 8 }

    /// Reads side `side` of book `book`.
    @inlinable @inline(__always)
    func _sideLadder(_ book: Int, _ side: Side) -> SideLadder {
        side == .buy ? _books[book].bids : _books[book].asks
    }

    /// Writes side `side` of book `book`.
    @inlinable @inline(__always)
    func _setSideLadder(_ book: Int, _ side: Side, _ ladder: SideLadder) {
        if side == .buy { _books[book].bids = ladder } else { _books[book].asks = ladder }
    }

    /// Where `key` is, or where it would go, in `ladder` (position relative to `ladder.start`).
    /// O(1) near the touch, O(log levels) otherwise.
    @inlinable
    func _search(_ ladder: SideLadder, key: UInt32) -> (position: Int, found: Bool) {
        let start = Int(ladder.start)
        let count = Int(ladder.count)
        var high = count
        var scanned = 0
        while high > 0 && scanned < Self._linearScanLimit {
            let entryKey = _ladder[start &+ high &- 1].key
            if entryKey == key { return (high &- 1, true) }
            if entryKey < key { return (high, false) }
            high &-= 1
            scanned &+= 1
        }
        var low = 0
        while low < high {
            let middle = (low &+ high) >> 1
            if _ladder[start &+ middle].key < key { low = middle &+ 1 } else { high = middle }
        }
        return (low, low < count && _ladder[start &+ low].key == key)
    }

    /// The best level of a side, `.none` when the side is empty. O(1).
    @inlinable
    public func bestLevel(locate: UInt16, side: Side) -> PoolHandle<PriceLevel> {
        let ladder = _sideLadder(Int(locate), side)
        guard ladder.count > 0 else { return .none }
        return _ladder[Int(ladder.start) &+ Int(ladder.count) &- 1].level
    }

    /// Levels on a side. O(1).
    @inlinable @inline(__always)
    public func levelCount(locate: UInt16, side: Side) -> Int {
        Int(_sideLadder(Int(locate), side).count)
    }

    /// The level `rank` steps from the best (0 = best). O(1). Precondition: `rank < levelCount`.
    @inlinable @inline(__always)
    public func level(locate: UInt16, side: Side, rank: Int) -> PoolHandle<PriceLevel> {
        let ladder = _sideLadder(Int(locate), side)
        precondition(UInt(bitPattern: rank) < UInt(ladder.count), "level rank out of range")
        return _ladder[Int(ladder.start) &+ Int(ladder.count) &- 1 &- rank].level
    }

    /// The level at exactly `priceTicks`, `.none` if there is none. O(1) near the touch, O(log levels) else.
    @inlinable
    public func findLevel(locate: UInt16, side: Side, priceTicks: UInt32) -> PoolHandle<PriceLevel> {
        let ladder = _sideLadder(Int(locate), side)
        let (position, found) = _search(ladder, key: LadderEntry.key(priceTicks: priceTicks, side: side))
        return found ? _ladder[Int(ladder.start) &+ position].level : .none
    }

    /// Puts `entry` at `position` of a side, moving the better entries up by one. The caller has made room
    /// (`_reserveLadderSlot`). O(count - position).
    @inlinable
    func _insertEntry(_ entry: LadderEntry, at position: Int, book: Int, side: Side) {
        var ladder = _sideLadder(book, side)
        let start = Int(ladder.start)
        var index = start &+ Int(ladder.count)
        let target = start &+ position
        while index > target {
            _ladder[index] = _ladder[index &- 1]
            index &-= 1
        }
        _ladder[target] = entry
        ladder.count &+= 1
        _setSideLadder(book, side, ladder)
    }

    /// Makes room for one more level on a side: takes a segment for an empty side, or moves a full small segment
    /// to a large one. O(1), or O(smallLadderLevels) for the move.
    @inlinable
    mutating func _reserveLadderSlot(book: Int, side: Side) throws(BookCapacityError) {
        let ladder = _sideLadder(book, side)
        if ladder.count < ladder.capacity { return }
        try _growLadder(book: book, side: side)
    }

    @inline(never) @usableFromInline
    mutating func _growLadder(book: Int, side: Side) throws(BookCapacityError) {
        var ladder = _sideLadder(book, side)
        if ladder.capacity == 0 {
            if let start = _takeSmallSegment() {
                ladder = SideLadder(start: start, capacity: _smallLevels, count: 0)
            } else if let start = _takeLargeSegment() {
                ladder = SideLadder(start: start, capacity: _largeLevels, count: 0)
            } else {
                throw .laddersExhausted
            }
        } else if ladder.capacity == _smallLevels && _largeLevels > _smallLevels {
            guard let start = _takeLargeSegment() else { throw .laddersExhausted }
            _moveEntries(from: ladder.start, to: start, count: ladder.count)
            _releaseSegment(start: ladder.start, capacity: ladder.capacity)
            ladder = SideLadder(start: start, capacity: _largeLevels, count: ladder.count)
        } else {
            throw .ladderFull
        }
        _setSideLadder(book, side, ladder)
    }

    /// Removes the empty level `level` (at `priceTicks`) from its side and frees it. O(levels better than it).
    @inlinable
    mutating func _removeLevel(_ level: PoolHandle<PriceLevel>, priceTicks: UInt32, book: Int, side: Side) {
        var ladder = _sideLadder(book, side)
        let start = Int(ladder.start)
        let last = start &+ Int(ladder.count) &- 1
        var index: Int
        if _ladder[last].level == level {
            index = last
        } else {
            let (position, found) = _search(ladder, key: LadderEntry.key(priceTicks: priceTicks, side: side))
            precondition(found, "level missing from its ladder")
            index = start &+ position
        }
        while index < last {
            _ladder[index] = _ladder[index &+ 1]
            index &+= 1
        }
        ladder.count &-= 1
        _levels.free(level)
        _setSideLadder(book, side, ladder)
        if ladder.count == 0 || (ladder.capacity > _smallLevels && ladder.count <= _smallLevels / 4) {
            _shrinkLadder(book: book, side: side)
        }
    }

    /// Frees the segment of an empty side, or moves a mostly empty large segment back to a small one.
    @inline(never) @usableFromInline
    mutating func _shrinkLadder(book: Int, side: Side) {
        let ladder = _sideLadder(book, side)
        if ladder.count == 0 {
            _releaseSegment(start: ladder.start, capacity: ladder.capacity)
            _setSideLadder(book, side, .empty)
        } else if let start = _takeSmallSegment() {
            _moveEntries(from: ladder.start, to: start, count: ladder.count)
            _releaseSegment(start: ladder.start, capacity: ladder.capacity)
            _setSideLadder(book, side, SideLadder(start: start, capacity: _smallLevels, count: ladder.count))
        }
    }

    @inlinable
    func _moveEntries(from source: UInt32, to destination: UInt32, count: UInt32) {
        var offset = 0
        while offset < Int(count) {
            _ladder[Int(destination) &+ offset] = _ladder[Int(source) &+ offset]
            offset &+= 1
        }
    }

    @usableFromInline
    mutating func _takeSmallSegment() -> UInt32? {
        if _segments.smallFree > 0 {
            _segments.smallFree &-= 1
            return _freeSegments[Int(_segments.smallFree)]
        }
        guard Int(_segments.smallUntouched) < capacity.smallLadders else { return nil }
        defer { _segments.smallUntouched &+= 1 }
        return _segments.smallUntouched &* _smallLevels
    }

    @usableFromInline
    mutating func _takeLargeSegment() -> UInt32? {
        let base = capacity.smallLadders
        if _segments.largeFree > 0 {
            _segments.largeFree &-= 1
            return _freeSegments[base &+ Int(_segments.largeFree)]
        }
        guard Int(_segments.largeUntouched) < capacity.largeLadders else { return nil }
        defer { _segments.largeUntouched &+= 1 }
        return UInt32(base) &* _smallLevels &+ _segments.largeUntouched &* _largeLevels
    }

    @usableFromInline
    mutating func _releaseSegment(start: UInt32, capacity segmentLevels: UInt32) {
        if segmentLevels == _smallLevels {
            _freeSegments[Int(_segments.smallFree)] = start
            _segments.smallFree &+= 1
        } else {
            _freeSegments[capacity.smallLadders &+ Int(_segments.largeFree)] = start
            _segments.largeFree &+= 1
        }
    }

    /// Ladder segments in use (small, large): for invariants and reports.
    public var ladderSegmentsInUse: (small: Int, large: Int) {
        (Int(_segments.smallUntouched) - Int(_segments.smallFree),
         Int(_segments.largeUntouched) - Int(_segments.largeFree))
    }
}
