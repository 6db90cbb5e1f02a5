import MatchbookBook

/// Cold-path CSV exports of the final books (they allocate freely).
enum BookExport {
    /// L2: `symbol,side,price,shares,orders`, books by symbol, bids best first, then asks best first.
    /// `maxLevels` limits the depth per side.
    static func levels(_ books: borrowing MarketByOrderBooks, maxLevels: Int = .max) -> String {
        var text = "symbol,side,price,shares,orders\n"
        for (locate, symbol) in sortedBooks(books) {
            for side in [Side.buy, .sell] {
                for level in books.depth(locate: locate, side: side, maxLevels: maxLevels) {
                    text += "\(symbol),\(side == .buy ? "B" : "S"),\(level.priceTicks),\(level.shares),\(level.orders)\n"
                }
            }
        }
        return text
    }

    /// L3: `symbol,side,price,ref,shares`, levels best first, orders in queue order.
    static func orders(_ books: borrowing MarketByOrderBooks) -> String {
        var text = "symbol,side,price,ref,shares\n"
        for (locate, symbol) in sortedBooks(books) {
            for side in [Side.buy, .sell] {
                for order in books.orders(locate: locate, side: side) {
                    text += "\(symbol),\(side == .buy ? "B" : "S"),\(order.priceTicks),\(order.reference),\(order.shares)\n"
                }
            }
        }
        return text
    }

    /// Books that hold orders, sorted by symbol (then locate); a book without a directory message is named by
    /// its locate.
    private static func sortedBooks(_ books: borrowing MarketByOrderBooks) -> [(UInt16, String)] {
        books.activeLocates.map { ($0, books.symbol(locate: $0) ?? "\($0)") }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    }
}
