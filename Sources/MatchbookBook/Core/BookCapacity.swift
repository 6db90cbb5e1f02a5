import MatchbookMemory

/// How much the book module reserves in the arena at start-up. Nothing grows later: running out is a counted
/// refusal (`BookCapacityError`, `FeedAnomalies`), never a crash and never a call to malloc.
///
/// A side's sorted level array lives in a segment of one shared ladder table. Segments come in two sizes: a
/// side starts with a small one (most books have few levels), moves to a large one when it fills (one copy of
/// `smallLadderLevels` entries), and goes back to a small one when it shrinks to a quarter of the small size.
/// `largeLadderLevels` is therefore the most levels one side of one book can hold.
///
/// The order-id index covers references `0 ..< indexDirectoryPages << 12`; a reference beyond it is refused
/// and counted (`FeedAnomaly.referenceOutOfRange`) — ITCH references are day-unique and rising, and the default
/// directory (2²⁰ pages, 4 MiB) covers every reference below 2³².
public struct BookCapacity: Sendable, Equatable, Codable {
    /// Books, indexed by stock locate `0 ..< books` (ITCH locates start at 1).
    public var books: Int
    /// Live orders across all books.
    public var orders: Int
    /// Live price levels across all books and sides.
    public var levels: Int
    /// Small ladder segments (each side holding at least one level takes one).
    public var smallLadders: Int
    /// Levels a small segment holds.
    public var smallLadderLevels: Int
    /// Large ladder segments, for sides with more than `smallLadderLevels` levels.
    public var largeLadders: Int
    /// Levels a large segment holds: the most levels one side of one book can have.
    public var largeLadderLevels: Int
    /// Live pages of the order-id index (4,096 references, 16 KiB each).
    public var indexPages: Int
    /// Directory slots of the order-id index: references below `indexDirectoryPages << 12` are indexable.
    public var indexDirectoryPages: Int

    public init(
        books: Int, orders: Int, levels: Int, smallLadders: Int, smallLadderLevels: Int, largeLadders: Int,
        largeLadderLevels: Int, indexPages: Int, indexDirectoryPages: Int
    ) {
        self.books = books
        self.orders = orders
        self.levels = levels
        self.smallLadders = smallLadders
        self.smallLadderLevels = smallLadderLevels
        self.largeLadders = largeLadders
        self.largeLadderLevels = largeLadderLevels
        self.indexPages = indexPages
        self.indexDirectoryPages = indexDirectoryPages
    }

    /// A full NASDAQ day (peak ≈ 1.6 M live orders, a few thousand levels in the busiest book), ≈ 340 MiB:
    /// 16,384 books, 2 Mi orders (128 MiB), 512 Ki levels (32 MiB), 32,768 small segments of 64 levels and
    /// 512 large ones of 8,192 (24 MiB), 8,192 index pages (128 MiB) and a 2²⁰-page directory (4 MiB).
    public static var `default`: BookCapacity {
        BookCapacity(
            books: 16_384, orders: 2 << 20, levels: 512 << 10, smallLadders: 32_768, smallLadderLevels: 64,
            largeLadders: 512, largeLadderLevels: 8_192, indexPages: 8_192, indexDirectoryPages: 1 << 20)
    }

    /// A small book set for tests, ≈ 10 MiB: 64 books, 64 Ki orders, 16 Ki levels, 128 small segments of 16
    /// levels, 64 large ones of 1,024, 256 index pages and a 4,096-page directory (references < 16 Mi).
    public static var testing: BookCapacity {
        BookCapacity(
            books: 64, orders: 64 << 10, levels: 16 << 10, smallLadders: 128, smallLadderLevels: 16,
            largeLadders: 64, largeLadderLevels: 1_024, indexPages: 256, indexDirectoryPages: 4_096)
    }

    /// Arena pool-region bytes the books need with this capacity (records, generation tags, tables, 64-byte
    /// rounding): size the arena's `totalBytes` at least this plus its scratch.
    public var requiredArenaBytes: Int {
        func rounded(_ bytes: Int) -> Int { (bytes + 63) & ~63 }
        let pools = rounded(orders * 64) + rounded(orders * 2) + rounded(levels * 64) + rounded(levels * 2)
            + rounded(indexPages * 64) + rounded(indexPages * 2)
        let tables = rounded(books * MemoryLayout<BookHeader>.stride)
            + rounded(ladderEntries * MemoryLayout<LadderEntry>.stride)
            + rounded((smallLadders + largeLadders) * 4)
            + rounded(indexPages * OrderIndex.referencesPerPage * 4) + rounded(indexDirectoryPages * 4)
        return pools + tables + 64 * 64
    }

    /// Entries of the shared ladder table.
    public var ladderEntries: Int { smallLadders * smallLadderLevels + largeLadders * largeLadderLevels }

    /// Throws `.invalidConfiguration` when the sizes cannot work together. Cold path.
    func validate() throws(ArenaError) {
        func fail(_ what: String) -> ArenaError { .invalidConfiguration("book capacity: \(what)") }
        guard books > 0, books <= 65_536 else { throw fail("books must be 1...65536 (UInt16 locates)") }
        guard orders > 0, levels > 0, indexPages > 0, indexDirectoryPages > 0 else {
            throw fail("orders, levels, indexPages and indexDirectoryPages must be positive")
        }
        guard smallLadders > 0, smallLadderLevels >= 4, largeLadders >= 0,
              largeLadderLevels > smallLadderLevels
        else { throw fail("need smallLadders > 0, smallLadderLevels >= 4, largeLadderLevels > smallLadderLevels") }
        guard ladderEntries < Int(UInt32.max), indexDirectoryPages <= Int(UInt32.max) else {
            throw fail("ladder table and index directory must stay below 2^32 entries")
        }
    }
}
