/// Why `MatchingEngine.restoreSnapshot(from:)` refused a snapshot: what is wrong, where, and what to do. The
/// engine is left as it was (fresh and empty) whenever this is thrown.
public struct MatchingSnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of the problem.
    public enum Kind: Sendable, Equatable {
        /// The bytes end before the snapshot does (a torn write, or the wrong length was passed).
        case truncated
        /// Not a matching snapshot, a bad checksum, or a field no engine could have written.
        case corrupt
        /// A snapshot layout this build does not read.
        case unsupportedVersion
        /// The engine's symbols (locates, names, ticks, lots, bands) are not the snapshot's.
        case symbolMismatch
        /// The engine's `MatchingCapacity` cannot hold the snapshot's orders, levels, stops or ids.
        case capacity
        /// The engine is not freshly created: it holds orders or stops, or has traded.
        case engineNotFresh
    }

    /// The class of the problem.
    public var kind: Kind
    /// What is wrong, in words.
    public var reason: String
    /// Byte offset into the snapshot where the problem was found (0 for the engine's own state).
    public var offset: Int

    public init(_ kind: Kind, _ reason: String, offset: Int) {
        self.kind = kind
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "matching snapshot, byte \(offset): \(reason) (\(kind))" }
}
