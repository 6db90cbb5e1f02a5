/// One kind of feed anomaly: a message the mirror could not apply as written. Counted, never fatal.
@frozen
public enum FeedAnomaly: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The message's stock locate is not below `BookCapacity.books`. Book unchanged.
    case locateOutOfRange
    /// E/C/X/D/U name a reference that is not live. Book unchanged.
    case unknownReference
    /// The reference is live but rests in another locate's book. Book unchanged.
    case locateMismatch
    /// A/F/U add a reference that is already live. Book unchanged.
    case duplicateAdd
    /// An add (or replace) with 0 shares. Book unchanged.
    case zeroShareAdd
    /// An add (or replace) with price 0. Book unchanged.
    case zeroPriceAdd
    /// E/C execute more shares than rest: clamped to the resting shares (the order leaves). Book CHANGED.
    case oversizedExecution
    /// X cancels more shares than rest: clamped to the resting shares (the order leaves). Book CHANGED.
    case oversizedCancel
    /// The reference is beyond the order index's directory (`BookCapacity.indexDirectoryPages << 12`).
    /// Book unchanged.
    case referenceOutOfRange
    /// The order pool is full. Book unchanged.
    case ordersExhausted
    /// The level pool is full. Book unchanged.
    case levelsExhausted
    /// No ladder segment free. Book unchanged.
    case laddersExhausted
    /// The side already holds `largeLadderLevels` levels. Book unchanged.
    case ladderFull
    /// The order index has no free page. Book unchanged.
    case indexPagesExhausted

    public var description: String {
        switch self {
        case .locateOutOfRange: "locate out of range"
        case .unknownReference: "unknown reference"
        case .locateMismatch: "reference rests in another locate"
        case .duplicateAdd: "duplicate add"
        case .zeroShareAdd: "zero-share add"
        case .zeroPriceAdd: "zero-price add"
        case .oversizedExecution: "execution larger than resting (clamped)"
        case .oversizedCancel: "cancel larger than resting (clamped)"
        case .referenceOutOfRange: "reference beyond the order index"
        case .ordersExhausted: "order pool exhausted"
        case .levelsExhausted: "level pool exhausted"
        case .laddersExhausted: "ladder segments exhausted"
        case .ladderFull: "too many levels on one side"
        case .indexPagesExhausted: "order index pages exhausted"
        }
    }

    @inlinable
    init(_ error: BookCapacityError) {
        switch error {
        case .ordersExhausted: self = .ordersExhausted
        case .levelsExhausted: self = .levelsExhausted
        case .laddersExhausted: self = .laddersExhausted
        case .ladderFull: self = .ladderFull
        }
    }
}

/// Counters of feed anomalies since the mirror was built (not reset by `endOfSession`).
/// Plain integers: counting is one add on the hot path.
public struct FeedAnomalies: Sendable, Equatable, Hashable, Codable {
    public var locateOutOfRange: UInt64 = 0
    public var unknownReference: UInt64 = 0
    public var locateMismatch: UInt64 = 0
    public var duplicateAdd: UInt64 = 0
    public var zeroShareAdd: UInt64 = 0
    public var zeroPriceAdd: UInt64 = 0
    public var oversizedExecution: UInt64 = 0
    public var oversizedCancel: UInt64 = 0
    public var referenceOutOfRange: UInt64 = 0
    public var ordersExhausted: UInt64 = 0
    public var levelsExhausted: UInt64 = 0
    public var laddersExhausted: UInt64 = 0
    public var ladderFull: UInt64 = 0
    public var indexPagesExhausted: UInt64 = 0

    public init() {}

    /// Counts one `anomaly`. O(1).
    @inlinable
    public mutating func record(_ anomaly: FeedAnomaly) {
        switch anomaly {
        case .locateOutOfRange: locateOutOfRange &+= 1
        case .unknownReference: unknownReference &+= 1
        case .locateMismatch: locateMismatch &+= 1
        case .duplicateAdd: duplicateAdd &+= 1
        case .zeroShareAdd: zeroShareAdd &+= 1
        case .zeroPriceAdd: zeroPriceAdd &+= 1
        case .oversizedExecution: oversizedExecution &+= 1
        case .oversizedCancel: oversizedCancel &+= 1
        case .referenceOutOfRange: referenceOutOfRange &+= 1
        case .ordersExhausted: ordersExhausted &+= 1
        case .levelsExhausted: levelsExhausted &+= 1
        case .laddersExhausted: laddersExhausted &+= 1
        case .ladderFull: ladderFull &+= 1
        case .indexPagesExhausted: indexPagesExhausted &+= 1
        }
    }

    /// The count of one kind.
    public subscript(anomaly: FeedAnomaly) -> UInt64 {
        switch anomaly {
        case .locateOutOfRange: locateOutOfRange
        case .unknownReference: unknownReference
        case .locateMismatch: locateMismatch
        case .duplicateAdd: duplicateAdd
        case .zeroShareAdd: zeroShareAdd
        case .zeroPriceAdd: zeroPriceAdd
        case .oversizedExecution: oversizedExecution
        case .oversizedCancel: oversizedCancel
        case .referenceOutOfRange: referenceOutOfRange
        case .ordersExhausted: ordersExhausted
        case .levelsExhausted: levelsExhausted
        case .laddersExhausted: laddersExhausted
        case .ladderFull: ladderFull
        case .indexPagesExhausted: indexPagesExhausted
        }
    }

    /// All anomalies of every kind.
    public var total: UInt64 { FeedAnomaly.allCases.reduce(0) { $0 + self[$1] } }
}
