import MatchbookBook
import MatchbookMemory

/// The diff of the published depth against the book: one touched level (the common case), or a whole side.
///
/// Invariant: before an operation, `cache[book, side]` equals the book's top `depth` levels of that side
/// (price, shares, orders), best first, and `cacheCounts` their number. Each function restores it after an
/// operation that changed only the levels it is told about, emitting exactly the level updates that turn
/// the old published depth into the new one.
extension PublisherEncoder {
    /// The sort key of a price on `side`: larger is better on both sides.
    @inline(__always)
    static func key(_ priceTicks: UInt32, _ side: Side) -> UInt32 {
        side == .buy ? priceTicks : ~priceTicks
    }

    /// The level at `priceTicks` is now `shares`/`orders` (0/0: it left; `created`: it is new); nothing else
    /// on that side changed since the cache was last right. O(depth) compares and moves in the encoder's own
    /// cache.
    ///
    /// Returns false when the level that moves up is needed to finish: the level left the published depth and
    /// a level below it moves up (`pullUp`, from the next record). Everything else is published before it returns.
    mutating func levelTouched(
        locate: UInt16, side: Side, priceTicks: UInt32, shares: UInt64, orders: UInt32, created: Bool
    ) -> Bool {
        let removed = orders == 0
        let slot = Int(locate) &* 2 &+ (side == .buy ? 0 : 1)
        let base = slot &* depth
        var count = Int(cacheCounts[slot])
        if created { sideLevels[slot] &+= 1 } else if removed { sideLevels[slot] &-= 1 }
        let key = Self.key(priceTicks, side)
        // A change below a full published depth is invisible in it.
        if count == depth && key < Self.key(cache[base &+ depth &- 1].priceTicks, side) { return true }
        // Rank of the price among the published levels (first level not better than it).
        var rank = 0
        while rank < count && Self.key(cache[base &+ rank].priceTicks, side) > key { rank &+= 1 }
        markDirty(locate)
        if rank < count && cache[base &+ rank].priceTicks == priceTicks {
            if !removed {
                // The level is still there: its shares or orders changed.
                let level = _CachedLevel(priceTicks: priceTicks, orders: orders, shares: shares)
                if cache[base &+ rank] != level {
                    cache[base &+ rank] = level
                    emit(locate: locate, side: side, priceTicks: priceTicks, shares: shares, orders: orders)
                }
                return true
            }
            // The level left: close the gap; the first level below the old depth (if any) moves up.
            emit(locate: locate, side: side, priceTicks: priceTicks, shares: 0, orders: 0)
            var index = rank
            while index &+ 1 < count {
                cache[base &+ index] = cache[base &+ index &+ 1]
                index &+= 1
            }
            count &-= 1
            cacheCounts[slot] = UInt8(truncatingIfNeeded: count)
            return Int(sideLevels[slot]) <= count
        }
        // Not published before and within the depth: a new level at `rank`.
        guard !removed else { return true }  // a level the cache never held (cannot happen)
        if count == depth {
            // The last published level falls out of the depth.
            emit(locate: locate, side: side, priceTicks: cache[base &+ depth &- 1].priceTicks, shares: 0, orders: 0)
            count &-= 1
        }
        var index = count
        while index > rank {
            cache[base &+ index] = cache[base &+ index &- 1]
            index &-= 1
        }
        cache[base &+ rank] = _CachedLevel(priceTicks: priceTicks, orders: orders, shares: shares)
        cacheCounts[slot] = UInt8(truncatingIfNeeded: count &+ 1)
        emit(locate: locate, side: side, priceTicks: priceTicks, shares: shares, orders: orders)
        return true
    }

    /// Finishes a `levelTouched` that returned false: `level` (the engine's level at rank `depth - 1` after the
    /// operation, the first one below the published depth before the removal) moves up into it.
    mutating func pullUp(locate: UInt16, side: Side, level: _CachedLevel) {
        let slot = Int(locate) &* 2 &+ (side == .buy ? 0 : 1)
        let count = Int(cacheCounts[slot])
        guard count < depth else { return }
        cache[slot &* depth &+ count] = level
        cacheCounts[slot] = UInt8(truncatingIfNeeded: count &+ 1)
        emit(locate: locate, side: side, priceTicks: level.priceTicks, shares: level.shares, orders: level.orders)
    }

    /// Diffs one whole side of `locate` — its top `count` levels now in `current`, `levels` levels in all —
    /// against the cache, writes level updates, updates the cache. O(depth²) compares worst case. Returns
    /// whether anything was published.
    mutating func diffSide(locate: UInt16, side: Side, levels: UInt32, count newCount: Int) -> Bool {
        let slot = Int(locate) &* 2 &+ (side == .buy ? 0 : 1)
        let base = slot &* depth
        let oldCount = Int(cacheCounts[slot])
        sideLevels[slot] = levels
        var changed = newCount != oldCount
        var rank = 0
        while !changed && rank < newCount {
            if cache[base &+ rank] != current[rank] { changed = true }
            rank &+= 1
        }
        guard changed else { return false }
        // Prices that left the published depth.
        var old = 0
        while old < oldCount {
            let price = cache[base &+ old].priceTicks
            var found = false
            var new = 0
            while new < newCount {
                if current[new].priceTicks == price { found = true; break }
                new &+= 1
            }
            if !found { emit(locate: locate, side: side, priceTicks: price, shares: 0, orders: 0) }
            old &+= 1
        }
        // Prices that are new or changed.
        var new = 0
        while new < newCount {
            let now = current[new]
            var same = false
            old = 0
            while old < oldCount {
                if cache[base &+ old].priceTicks == now.priceTicks { same = cache[base &+ old] == now; break }
                old &+= 1
            }
            if !same {
                emit(locate: locate, side: side, priceTicks: now.priceTicks, shares: now.shares, orders: now.orders)
            }
            new &+= 1
        }
        new = 0
        while new < newCount {
            cache[base &+ new] = current[new]
            new &+= 1
        }
        cacheCounts[slot] = UInt8(truncatingIfNeeded: newCount)
        return true
    }
}
