/// MarketDataSnapshotFullRefresh(W): the book of one symbol, level by level.
public struct FIXMarketDataSnapshot: FIXMessageBody {
    public static let msgType = FIXMsgType.marketDataSnapshotFullRefresh

    /// One NoMDEntries(268) entry.
    public struct Entry: Equatable, Sendable {
        /// MDEntryType(269): bid or offer (or trade, …).
        public var type: FIXMDEntryType
        /// MDEntryPx(270).
        public var price: FIXDecimal?
        /// MDEntrySize(271), shares.
        public var size: UInt32?
        /// MDEntryPositionNo(290): 1 for the best level.
        public var positionNo: Int?

        public init(type: FIXMDEntryType, price: FIXDecimal?, size: UInt32?, positionNo: Int? = nil) {
            self.type = type
            self.price = price
            self.size = size
            self.positionNo = positionNo
        }
    }

    /// MDReqID(262) of the request answered.
    public var mdReqID: String?
    /// Symbol(55).
    public var symbol: String
    /// The entries (may be empty: an empty book).
    public var entries: [Entry]

    public init(mdReqID: String?, symbol: String, entries: [Entry]) {
        self.mdReqID = mdReqID
        self.symbol = symbol
        self.entries = entries
    }

    struct EntryReader: _FIXGroupEntryReader {
        static var delimiterTag: Int { FIXTag.mdEntryType }
        static func isMember(_ tag: Int) -> Bool {
            tag == FIXTag.mdEntryType || tag == FIXTag.mdEntryPrice || tag == FIXTag.mdEntrySize
                || tag == FIXTag.mdEntryPositionNo
        }
        var type: FIXMDEntryType?
        var price: FIXDecimal?
        var size: UInt32?
        var positionNo: Int?

        mutating func read(_ field: FIXField, in view: FIXMessageView) throws(FIXDecodeError) {
            switch field.tag {
            case FIXTag.mdEntryType:
                type = try view.once(type, field, view.enumeration(field, as: FIXMDEntryType.self))
            case FIXTag.mdEntryPrice:
                price = try view.once(price, field, view.decimal(field))
            case FIXTag.mdEntrySize:
                size = try view.once(size, field, view.quantity(field, positive: false))
            default:
                positionNo = try view.once(positionNo, field, view.integer(field))
            }
        }

        func finish() throws(FIXDecodeError) -> Entry {
            Entry(type: try required(type, FIXTag.mdEntryType, "MDEntryType"), price: price, size: size,
                  positionNo: positionNo)
        }
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var mdReqID: String?
        var symbol: String?
        var entries: [Entry]?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            switch field.tag {
            case FIXTag.mdReqID:
                mdReqID = try view.once(mdReqID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
            case FIXTag.symbol:
                symbol = try view.once(symbol, field, view.identifier(field, maxLength: FIXFieldLimits.symbol))
            case FIXTag.noMDEntries:
                try view.rejectDuplicate(entries, field)
                entries = try view.multiFieldGroup(
                    &fields, countTag: field.tag, count: try view.groupCount(field, minimum: 0),
                    reader: EntryReader.self)
            case let tag where EntryReader.isMember(tag):
                throw .strayGroupField(tag)
            default: continue
            }
        }
        self.init(
            mdReqID: mdReqID, symbol: try required(symbol, FIXTag.symbol, "Symbol"),
            entries: try required(entries, FIXTag.noMDEntries, "NoMDEntries"))
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.mdReqID, ifPresent: mdReqID)
        builder.append(tag: FIXTag.symbol, symbol)
        builder.append(tag: FIXTag.noMDEntries, entries.count)
        for entry in entries {
            builder.append(tag: FIXTag.mdEntryType, character: entry.type.rawValue)
            builder.append(tag: FIXTag.mdEntryPrice, ifPresent: entry.price)
            builder.append(tag: FIXTag.mdEntrySize, ifPresent: entry.size)
            builder.append(tag: FIXTag.mdEntryPositionNo, ifPresent: entry.positionNo)
        }
    }
}
