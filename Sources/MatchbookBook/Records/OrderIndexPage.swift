/// The control record of one page of the order-id index: 4,096 consecutive order references. The page's
/// 4,096 `PoolHandle<Order>` entries live in the index's entry table at `page.index << 12` (16 KiB a page);
/// this record only counts them, so the page can go back to its pool when its last order leaves.
///
///     byte 0           4            8                                              64
///          ┌───────────┬────────────┬──────────────────────────────────────────────┐
///          │ liveCount │ pageNumber │ padding (56 bytes)                           │
///          │ UInt32    │ UInt32     │                                              │
///          └───────────┴────────────┴──────────────────────────────────────────────┘
@frozen
public struct OrderIndexPage: BitwiseCopyable, Sendable {
    /// Live entries in the page (1...4096 while the page is allocated).
    public var liveCount: UInt32
    /// `reference >> 12` of the page's references: its slot in the directory.
    public var pageNumber: UInt32
    @usableFromInline var _padding: InlineArray<56, UInt8>

    @inlinable
    public init(pageNumber: UInt32) {
        self.liveCount = 0
        self.pageNumber = pageNumber
        self._padding = InlineArray(repeating: 0)
    }
}
