import MatchbookMemory

/// The mirror's invariant walker: the core's (`BookCore.invariantViolations`) plus the order index — every
/// indexed reference names a live order with that reference, the index's live count equals the order pool's,
/// and the pages' live counts add up.
///
/// `validateInvariants` traps in checked builds (`MATCHBOOK_CHECKED`) and compiles to nothing in release.
/// Not thread-safe: owned by one engine thread.
extension MarketByOrderBooks {
    /// Everything wrong with book `locate` plus the global counts, empty when sound.
    /// O(levels + orders of the book). Allocates.
    @inline(never)
    public func invariantViolations(locate: UInt16) -> [String] {
        var problems = _core.invariantViolations(locate: locate)
        if _index.count != _core.liveOrderCount {
            problems.append("order index holds \(_index.count), order pool \(_core.liveOrderCount)")
        }
        return problems
    }

    /// Everything wrong anywhere: every book, the pools against the books, and every index entry.
    /// O(books + levels + orders + index range). Allocates.
    @inline(never)
    public func invariantViolations() -> [String] {
        var problems = _core.invariantViolations()
        let entries = _index.allEntries()
        if entries.count != _index.count { problems.append("index counts \(_index.count), holds \(entries.count)") }
        if _index.count != _core.liveOrderCount {
            problems.append("order index holds \(_index.count), order pool \(_core.liveOrderCount)")
        }
        let census = _index.pageCensus()
        if census.entries != _index.count { problems.append("pages count \(census.entries), index \(_index.count)") }
        if census.pages != _index.livePages { problems.append("directory lists \(census.pages) pages") }
        for (reference, handle) in entries {
            guard _core.isLive(handle) else {
                problems.append("reference #\(reference) names a dead order")
                continue
            }
            if _core.order(handle).reference != reference {
                problems.append("reference #\(reference) names order #\(_core.order(handle).reference)")
            }
        }
        return problems
    }

    /// Checked builds: traps with the first problem of book `locate` (and the global counts). Release: nothing.
    @inline(never)
    public func validateInvariants(locate: UInt16) {
        #if MATCHBOOK_CHECKED
        let problems = invariantViolations(locate: locate)
        precondition(problems.isEmpty, "market-by-order invariant broken: \(problems.first ?? "")")
        #endif
    }

    /// Checked builds: traps with the first problem anywhere. Release: nothing.
    @inline(never)
    public func validateAllInvariants() {
        #if MATCHBOOK_CHECKED
        let problems = invariantViolations()
        precondition(problems.isEmpty, "market-by-order invariant broken: \(problems.first ?? "")")
        #endif
    }
}
