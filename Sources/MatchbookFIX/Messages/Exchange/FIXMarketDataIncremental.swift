/// MarketDataIncrementalRefresh(X): changes to books since the last refresh.
public struct FIXMarketDataIncremental: FIXMessageBody {
    public static let msgType = FIXMsgType.marketDataIncrementalRefresh

    /// One NoMDEntries(268) entry.
    public struct Entry: Equatable, Sendable {
        /// MDUpdateAction(279): new, change or delete.
        public var action: FIXMDUpdateAction
        /// MDEntryType(269).
        public var type: FIXMDEntryType?
        /// Symbol(55).
        public var symbol: String?
        /// MDEntryPx(270).
        public var price: FIXDecimal?
        /// MDEntrySize(271), shares.
        public var size: UInt32?

        public init(
            action: FIXMDUpdateAction, type: FIXMDEntryType?, symbol: String?, price: FIXDecimal?, size: UInt32?
        ) {
            self.action = action
            self.type = type
            self.symbol = symbol
            self.price = price
            self.size = size
        }
    }

    /// MDReqID(262) of the subscription.
    public var mdReqID: String?
    /// The entries, at least one.
    public var entries: [Entry]

    public init(mdReqID: String?, entries: [Entry]) {
        self.mdReqID = mdReqID
        self.entries = entries
    }

    struct EntryReader: _FIXGroupEntryReader {
        static var delimiterTag: Int { FIXTag.mdUpdateAction }
        static func isMember(_ tag: Int) -> Bool {
            tag == FIXTag.mdUpdateAction || tag == FIXTag.mdEntryType || tag == FIXTag.symbol
                || tag == FIXTag.mdEntryPrice || tag == FIXTag.mdEntrySize
        }
        var action: FIXMDUpdateAction?
        var type: FIXMDEntryType?
        var symbol: String?
        var price: FIXDecimal?
        var size: UInt32?

        mutating func read(_ field: FIXField, in view: FIXMessageView) throws(FIXDecodeError) {
            switch field.tag {
            case FIXTag.mdUpdateAction:
                action = try view.once(action, field, view.enumeration(field, as: FIXMDUpdateAction.self))
            case FIXTag.mdEntryType:
                type = try view.once(type, field, view.enumeration(field, as: FIXMDEntryType.self))
            case FIXTag.symbol:
                symbol = try view.once(symbol, field, view.identifier(field, maxLength: FIXFieldLimits.symbol))
            case FIXTag.mdEntryPrice:
                price = try view.once(price, field, view.decimal(field))
            default:
                size = try view.once(size, field, view.quantity(field, positive: false))
            }
        }

        func finish() throws(FIXDecodeError) -> Entry {
            Entry(action: try required(action, FIXTag.mdUpdateAction, "MDUpdateAction"), type: type, symbol: symbol,
                  price: price, size: size)
        }
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var mdReqID: String?
        var entries: [Entry]?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            switch field.tag {
            case FIXTag.mdReqID:
                mdReqID = try view.once(mdReqID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
            case FIXTag.noMDEntries:
                try view.rejectDuplicate(entries, field)
                entries = try view.multiFieldGroup(
                    &fields, countTag: field.tag, count: try view.groupCount(field), reader: EntryReader.self)
            case let tag where EntryReader.isMember(tag):
                throw .strayGroupField(tag)
            default: continue
            }
        }
        self.init(mdReqID: mdReqID, entries: try required(entries, FIXTag.noMDEntries, "NoMDEntries"))
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.mdReqID, ifPresent: mdReqID)
        builder.append(tag: FIXTag.noMDEntries, entries.count)
        for entry in entries {
            builder.append(tag: FIXTag.mdUpdateAction, character: entry.action.rawValue)
            if let type = entry.type { builder.append(tag: FIXTag.mdEntryType, character: type.rawValue) }
            builder.append(tag: FIXTag.symbol, ifPresent: entry.symbol)
            builder.append(tag: FIXTag.mdEntryPrice, ifPresent: entry.price)
            builder.append(tag: FIXTag.mdEntrySize, ifPresent: entry.size)
        }
    }
}
