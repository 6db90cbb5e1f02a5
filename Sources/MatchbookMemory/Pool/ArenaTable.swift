/// A fixed-length array of trivial elements carved from an arena at start-up, zeroed once: direct indexes
/// (stock locate → book, order reference page → handles), price ladders, counters. Never grows.
///
/// Starts on a 64-byte line. Like `SlotPool` it is a view into its arena: keep it with the arena that made it.
/// Not thread-safe: owned by one engine thread.
@safe
public struct ArenaTable<Element: BitwiseCopyable>: ~Copyable {
    @usableFromInline let elements: UnsafeMutablePointer<Element>
    /// Number of elements.
    public let count: Int

    @usableFromInline
    init(elements: UnsafeMutablePointer<Element>, count: Int) {
        unsafe self.elements = elements
        self.count = count
    }

    /// Element `index`, in place; the bounds check is one unsigned compare.
    @inlinable
    public subscript(index: Int) -> Element {
        @inline(__always) unsafeAddress {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "arena table index out of range")
            return unsafe UnsafePointer(elements + index)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "arena table index out of range")
            return unsafe elements + index
        }
    }

    /// Sets every element to `value`. O(count).
    public func fill(with value: Element) {
        unsafe elements.update(repeating: value, count: count)
    }

    /// A read-only view of the elements; lives as long as the borrow of the table.
    public var span: Span<Element> {
        @_lifetime(borrow self) get {
            let span = unsafe Span(_unsafeStart: elements, count: count)
            return unsafe _overrideLifetime(span, borrowing: self)
        }
    }

    /// A mutable view of the elements.
    public var mutableSpan: MutableSpan<Element> {
        @_lifetime(borrow self) get {
            let span = unsafe MutableSpan(_unsafeStart: elements, count: count)
            return unsafe _overrideLifetime(span, borrowing: self)
        }
    }
}

@available(*, unavailable, message: "a table belongs to the engine thread that owns its arena")
extension ArenaTable: Sendable {}
