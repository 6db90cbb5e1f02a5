import MatchbookMemory

/// Order reference → order handle, as a paged direct index in the arena. ITCH references are unique for the
/// day and rise through it, so neighbouring references share a page and the cache lines of one page: no hash,
/// no probe, two dependent loads per lookup.
///
/// ```
///  reference ──┬── >> 12 ──▶ directory[pageNumber] ──▶ page handle p (or .none)
///              └── & 4095 ──────────────────────────▶ entries[p.index << 12 | offset] ──▶ PoolHandle<Order>
///
///  directory: ArenaTable<PoolHandle<OrderIndexPage>>  (indexDirectoryPages slots, 4 bytes each)
///  pages:     SlotPool<OrderIndexPage>                (live count per page; freed when it reaches 0)
///  entries:   ArenaTable<PoolHandle<Order>>           (4,096 per page slot, 16 KiB)
/// ```
///
/// References at or beyond `indexDirectoryPages << 12` are not indexable: `insert` reports `.outOfRange` and
/// the caller counts it (`FeedAnomaly.referenceOutOfRange`). With the default 2²⁰-page directory (4 MiB) that
/// is every reference of 2³² and above — far beyond a real day — so no overflow table is kept.
///
/// Everything is O(1); a new page costs one fill of its 4,096 entries (amortized one store per reference).
/// Not thread-safe: owned by one engine thread.
public struct OrderIndex: ~Copyable {
    /// References per page: 4,096.
    public static var referencesPerPage: Int { 1 << pageShift }
    /// `reference >> pageShift` is the page number.
    public static var pageShift: Int { 12 }

    @usableFromInline let _directory: ArenaTable<PoolHandle<OrderIndexPage>>
    @usableFromInline let _pages: SlotPool<OrderIndexPage>
    @usableFromInline let _entries: ArenaTable<PoolHandle<Order>>
    @usableFromInline var _liveCount: Int
    /// Lowest and highest directory slot used since the last reset, so a reset clears only those.
    @usableFromInline var _touchedLow: Int
    @usableFromInline var _touchedHigh: Int

    /// What `insert` did.
    @frozen
    public enum InsertResult: Sendable, Equatable {
        /// The reference now maps to the order.
        case inserted
        /// The reference is already live; nothing changed.
        case duplicate
        /// The reference is beyond the directory; nothing changed.
        case outOfRange
        /// No free page for a new page number; nothing changed.
        case pagesExhausted
    }

    /// Carves the directory, the page pool and the entry table from `arena`. Cold path: O(directoryPages).
    public init(arena: borrowing Arena, directoryPages: Int, pages: Int) throws(ArenaError) {
        // Carve everything into locals first: a throw must not leave `self` partly initialized.
        let directory = try arena.makeTable(
            of: PoolHandle<OrderIndexPage>.self, count: directoryPages, name: "order-index-directory")
        let pagePool = try arena.makePool(of: OrderIndexPage.self, capacity: pages, name: "order-index-pages")
        let entries = try arena.makeTable(
            of: PoolHandle<Order>.self, count: pages << Self.pageShift, name: "order-index-entries")
        _directory = directory
        _pages = pagePool
        _entries = entries
        _directory.fill(with: .none)
        _liveCount = 0
        _touchedLow = Int.max
        _touchedHigh = -1
    }

    /// References in the index now.
    @inlinable
    public var count: Int {
        @inline(__always) get { _liveCount }
    }

    /// Pages allocated now.
    @inlinable
    public var livePages: Int { _pages.liveCount }

    /// Whether `reference` is below the directory's range (can be indexed at all).
    @inlinable @inline(__always)
    public func covers(_ reference: UInt64) -> Bool {
        reference >> UInt64(Self.pageShift) < UInt64(_directory.count)
    }

    /// The order of `reference`, `.none` if absent or out of range. O(1).
    @inlinable
    public func lookup(_ reference: UInt64) -> PoolHandle<Order> {
        let pageNumber = reference >> UInt64(Self.pageShift)
        guard pageNumber < UInt64(_directory.count) else { return .none }
        let page = _directory[Int(pageNumber)]
        guard !page.isNone else { return .none }
        return _entries[Int(page.index) << Self.pageShift | Int(reference & 0xFFF)]
    }

    /// Maps `reference` to `order`, taking a page if its page number has none. O(1) (+ a 16 KiB fill for a
    /// new page).
    @inlinable
    public mutating func insert(_ reference: UInt64, _ order: PoolHandle<Order>) -> InsertResult {
        let pageNumber = reference >> UInt64(Self.pageShift)
        guard pageNumber < UInt64(_directory.count) else { return .outOfRange }
        var page = _directory[Int(pageNumber)]
        if page.isNone {
            guard let fresh = _takePage(pageNumber: Int(pageNumber)) else { return .pagesExhausted }
            page = fresh
        }
        let slot = Int(page.index) << Self.pageShift | Int(reference & 0xFFF)
        guard _entries[slot].isNone else { return .duplicate }
        _entries[slot] = order
        _pages[page].liveCount &+= 1
        _liveCount &+= 1
        return .inserted
    }

    /// Removes `reference` and returns its order (`.none`, nothing changed, if absent). Frees the page when its
    /// last reference goes. O(1).
    @inlinable
    @discardableResult
    public mutating func remove(_ reference: UInt64) -> PoolHandle<Order> {
        let pageNumber = reference >> UInt64(Self.pageShift)
        guard pageNumber < UInt64(_directory.count) else { return .none }
        let page = _directory[Int(pageNumber)]
        guard !page.isNone else { return .none }
        let slot = Int(page.index) << Self.pageShift | Int(reference & 0xFFF)
        let order = _entries[slot]
        guard !order.isNone else { return .none }
        _entries[slot] = .none
        _liveCount &-= 1
        _pages[page].liveCount &-= 1
        if _pages[page].liveCount == 0 {
            _pages.free(page)
            _directory[Int(pageNumber)] = .none
        }
        return order
    }

    /// Takes and clears a page for `pageNumber`; `nil` when the pool is empty.
    @inline(never) @usableFromInline
    mutating func _takePage(pageNumber: Int) -> PoolHandle<OrderIndexPage>? {
        let page: PoolHandle<OrderIndexPage>
        do {
            page = try _pages.allocate(OrderIndexPage(pageNumber: UInt32(truncatingIfNeeded: pageNumber)))
        } catch {
            return nil
        }
        let first = Int(page.index) << Self.pageShift
        for slot in first..<(first + Self.referencesPerPage) { _entries[slot] = .none }
        _directory[pageNumber] = page
        _touchedLow = min(_touchedLow, pageNumber)
        _touchedHigh = max(_touchedHigh, pageNumber)
        return page
    }

    /// Forgets every reference: the page pool resets in O(1); the directory is cleared over the range of page
    /// numbers used since the last reset, O(highest - lowest page number used).
    public mutating func removeAll() {
        _pages.resetAll()
        if _touchedLow <= _touchedHigh {
            for pageNumber in _touchedLow..._touchedHigh { _directory[pageNumber] = .none }
        }
        _liveCount = 0
        _touchedLow = Int.max
        _touchedHigh = -1
    }

    /// Every (reference, order) pair, page by page. O(directory range used + entries of live pages).
    /// Allocates: cold path (invariant walks, tests).
    @inline(never)
    public func allEntries() -> [(reference: UInt64, order: PoolHandle<Order>)] {
        var result: [(reference: UInt64, order: PoolHandle<Order>)] = []
        guard _touchedLow <= _touchedHigh else { return result }
        for pageNumber in _touchedLow..._touchedHigh {
            let page = _directory[pageNumber]
            guard !page.isNone else { continue }
            let first = Int(page.index) << Self.pageShift
            for offset in 0..<Self.referencesPerPage where !_entries[first + offset].isNone {
                let reference = UInt64(pageNumber) << UInt64(Self.pageShift) | UInt64(offset)
                result.append((reference, _entries[first + offset]))
            }
        }
        return result
    }

    /// Sum of the pages' live counts and the number of non-empty directory slots, for invariant walks.
    /// O(directory range used). Cold path.
    @inline(never)
    public func pageCensus() -> (pages: Int, entries: Int) {
        var pages = 0
        var entries = 0
        guard _touchedLow <= _touchedHigh else { return (0, 0) }
        for pageNumber in _touchedLow..._touchedHigh {
            let page = _directory[pageNumber]
            guard !page.isNone else { continue }
            pages += 1
            entries += Int(_pages[page].liveCount)
        }
        return (pages, entries)
    }
}
