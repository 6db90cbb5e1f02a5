import MatchbookMemory

/// The ITCH 5.0 order messages, applied exactly as the feed states them. Every operation is O(1) at or near
/// the touch (a new price far from the touch adds a binary search and a short move of ladder entries), allocates
/// nothing, and returns a `BookUpdate` whose `topOfBookChanged` says whether to emit a BBO row.
///
/// Checks, in order, each counted and leaving the book unchanged: locate out of range → reference unknown (or
/// out of the index's range for adds) → reference in another locate's book → … (per message below).
///
/// Not thread-safe: owned by one engine thread.
extension MarketByOrderBooks {
    /// Add Order (A) / Add Order with MPID (F): rests `shares` at `priceTicks` on `side`, at the tail of the
    /// level's queue.
    ///
    /// Anomalies (book unchanged): `locateOutOfRange`, `zeroShareAdd`, `zeroPriceAdd`, `referenceOutOfRange`,
    /// `duplicateAdd`, and capacity exhaustion (`ordersExhausted`, `levelsExhausted`, `laddersExhausted`,
    /// `ladderFull`, `indexPagesExhausted`).
    @inlinable
    public mutating func add(
        locate: UInt16, reference: UInt64, side: Side, shares: UInt32, priceTicks: UInt32
    ) -> BookUpdate {
        guard Int(locate) < _core.bookCount else { return _anomaly(.locateOutOfRange, locate: locate) }
        guard shares > 0 else { return _anomaly(.zeroShareAdd, locate: locate) }
        guard priceTicks > 0 else { return _anomaly(.zeroPriceAdd, locate: locate) }
        guard _index.covers(reference) else { return _anomaly(.referenceOutOfRange, locate: locate) }
        guard _index.lookup(reference).isNone else { return _anomaly(.duplicateAdd, locate: locate) }
        return _rest(locate: locate, reference: reference, side: side, shares: shares, priceTicks: priceTicks)
    }

    /// Rests an order whose reference is known to be indexable and absent; undoes the book change when the
    /// index has no page for it.
    @inlinable
    mutating func _rest(
        locate: UInt16, reference: UInt64, side: Side, shares: UInt32, priceTicks: UInt32
    ) -> BookUpdate {
        let inserted: InsertedOrder
        do {
            inserted = try _core.insertOrder(
                locate: locate, side: side, priceTicks: priceTicks, shares: shares, reference: reference)
        } catch {
            return _anomaly(FeedAnomaly(error), locate: locate)
        }
        guard _index.insert(reference, inserted.order) == .inserted else {
            _core.removeOrder(inserted.order)
            return _anomaly(.indexPagesExhausted, locate: locate)
        }
        let level = _core._levels[_core._orders[inserted.order].level]
        return BookUpdate(
            locate: locate, topOfBookChanged: inserted.atBest,
            touch: LevelTouch(
                side: side, priceTicks: priceTicks, shares: level.totalShares, orders: level.orderCount,
                created: level.orderCount == 1))
    }

    /// Order Executed (E): `shares` of the resting order traded at its price; the order keeps the rest and its
    /// queue position, and leaves the book when none remain.
    ///
    /// Anomalies: `locateOutOfRange`, `unknownReference`, `locateMismatch` (book unchanged);
    /// `oversizedExecution` (more than rest: clamped, the order leaves). 0 shares change nothing.
    @inlinable
    public mutating func execute(locate: UInt16, reference: UInt64, shares: UInt32) -> BookUpdate {
        _reduce(locate: locate, reference: reference, shares: shares, oversized: .oversizedExecution)
    }

    /// Order Executed with Price (C): like `execute` — the execution price (`priceTicks`) and printable flag
    /// matter for trade reports, not for the book.
    @inlinable
    public mutating func executeWithPrice(
        locate: UInt16, reference: UInt64, shares: UInt32, priceTicks: UInt32
    ) -> BookUpdate {
        _reduce(locate: locate, reference: reference, shares: shares, oversized: .oversizedExecution)
    }

    /// Order Cancel (X): `shares` of the resting order are cancelled; it keeps its queue position and leaves
    /// the book when none remain.
    ///
    /// Anomalies: as `execute`, with `oversizedCancel` for a cancel larger than the resting shares (clamped).
    @inlinable
    public mutating func cancel(locate: UInt16, reference: UInt64, shares: UInt32) -> BookUpdate {
        _reduce(locate: locate, reference: reference, shares: shares, oversized: .oversizedCancel)
    }

    /// Order Delete (D): the order leaves the book.
    ///
    /// Anomalies (book unchanged): `locateOutOfRange`, `unknownReference`, `locateMismatch`.
    @inlinable
    public mutating func delete(locate: UInt16, reference: UInt64) -> BookUpdate {
        guard Int(locate) < _core.bookCount else { return _anomaly(.locateOutOfRange, locate: locate) }
        let order = _index.lookup(reference)
        guard !order.isNone else { return _anomaly(.unknownReference, locate: locate) }
        let record = _core._orders[order]
        guard record.locate == locate else { return _anomaly(.locateMismatch, locate: locate) }
        let level = _core._levels[record.level]
        _index.remove(reference)
        return BookUpdate(
            locate: locate, topOfBookChanged: _core.removeOrder(order),
            touch: LevelTouch(
                side: record.side, priceTicks: record.priceTicks,
                shares: level.totalShares &- UInt64(record.shares), orders: level.orderCount &- 1))
    }

    /// Order Replace (U): the original order leaves; a new order `newReference` rests `shares` at `priceTicks`
    /// on the same side, at the tail of its level (it loses time priority, even at the same price).
    /// `topOfBookChanged` compares the best bid and ask before and after, so a replace that leaves them equal
    /// (same price and size at the touch) emits no row.
    ///
    /// Anomalies (book unchanged): `locateOutOfRange`, `unknownReference`, `locateMismatch`, `zeroShareAdd`,
    /// `zeroPriceAdd`, `referenceOutOfRange` / `duplicateAdd` for the new reference, and capacity exhaustion
    /// (the new order is rested before the original leaves, so a full order pool refuses a replace).
    @inlinable
    public mutating func replace(
        locate: UInt16, originalReference: UInt64, newReference: UInt64, shares: UInt32, priceTicks: UInt32
    ) -> BookUpdate {
        guard Int(locate) < _core.bookCount else { return _anomaly(.locateOutOfRange, locate: locate) }
        let original = _index.lookup(originalReference)
        guard !original.isNone else { return _anomaly(.unknownReference, locate: locate) }
        let record = _core._orders[original]
        guard record.locate == locate else { return _anomaly(.locateMismatch, locate: locate) }
        guard shares > 0 else { return _anomaly(.zeroShareAdd, locate: locate) }
        guard priceTicks > 0 else { return _anomaly(.zeroPriceAdd, locate: locate) }
        guard _index.covers(newReference) else { return _anomaly(.referenceOutOfRange, locate: locate) }
        guard _index.lookup(newReference).isNone else { return _anomaly(.duplicateAdd, locate: locate) }
        let before = _core.topOfBook(locate: locate)
        let added = _rest(
            locate: locate, reference: newReference, side: record.side, shares: shares, priceTicks: priceTicks)
        guard added.anomaly == nil, var touch = added.touch else { return added }
        let originalLevel = _core._levels[record.level]
        _index.remove(originalReference)
        _core.removeOrder(original)
        if record.priceTicks == priceTicks {
            // One level: it held the original, now holds the new order in its place at the tail.
            touch.shares &-= UInt64(record.shares)
            touch.orders &-= 1
        } else {
            touch.otherPriceTicks = record.priceTicks
            touch.otherShares = originalLevel.totalShares &- UInt64(record.shares)
            touch.otherOrders = originalLevel.orderCount &- 1
        }
        return BookUpdate(
            locate: locate, topOfBookChanged: _core.topOfBook(locate: locate) != before, touch: touch)
    }

    /// E, C and X: take shares off a resting order, clamping (and counting `oversized`) beyond its shares.
    @inlinable
    mutating func _reduce(
        locate: UInt16, reference: UInt64, shares: UInt32, oversized: FeedAnomaly
    ) -> BookUpdate {
        guard Int(locate) < _core.bookCount else { return _anomaly(.locateOutOfRange, locate: locate) }
        let order = _index.lookup(reference)
        guard !order.isNone else { return _anomaly(.unknownReference, locate: locate) }
        let record = _core._orders[order]
        let resting = record.shares
        guard record.locate == locate else { return _anomaly(.locateMismatch, locate: locate) }
        guard shares > 0 else { return BookUpdate(locate: locate, topOfBookChanged: false) }
        var anomaly: FeedAnomaly? = nil
        if shares > resting {
            _anomalies.record(oversized)
            anomaly = oversized
        }
        let level = _core._levels[record.level]
        let changed: Bool
        let touch: LevelTouch
        if shares >= resting {
            _index.remove(reference)
            changed = _core.removeOrder(order)
            touch = LevelTouch(
                side: record.side, priceTicks: record.priceTicks, shares: level.totalShares &- UInt64(resting),
                orders: level.orderCount &- 1)
        } else {
            changed = _core.reduceOrder(order, by: shares)
            touch = LevelTouch(
                side: record.side, priceTicks: record.priceTicks, shares: level.totalShares &- UInt64(shares),
                orders: level.orderCount)
        }
        return BookUpdate(locate: locate, topOfBookChanged: changed, anomaly: anomaly, touch: touch)
    }
}
