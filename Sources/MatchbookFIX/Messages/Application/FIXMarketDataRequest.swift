/// MarketDataRequest(V): subscribe to (or snapshot, or unsubscribe from) the book of some symbols.
///
/// Repeating groups: NoMDEntryTypes(267) followed by that many MDEntryType(269), NoRelatedSym(146) followed by
/// that many Symbol(55); each group needs at least one entry (5), the count must match the entries that follow
/// (16). MDUpdateType(265) is required when subscribing.
public struct FIXMarketDataRequest: FIXMessageBody {
    public static let msgType = FIXMsgType.marketDataRequest
    /// MDReqID(262).
    public var mdReqID: String
    /// SubscriptionRequestType(263).
    public var subscriptionRequestType: FIXSubscriptionRequestType
    /// MarketDepth(264): 0 full book, 1 top of book, N levels.
    public var marketDepth: Int
    /// MDUpdateType(265).
    public var mdUpdateType: FIXMDUpdateType?
    /// The MDEntryType(269) entries.
    public var entryTypes: [FIXMDEntryType]
    /// The Symbol(55) entries.
    public var symbols: [String]

    public init(
        mdReqID: String, subscriptionRequestType: FIXSubscriptionRequestType, marketDepth: Int,
        mdUpdateType: FIXMDUpdateType? = nil, entryTypes: [FIXMDEntryType], symbols: [String]
    ) {
        self.mdReqID = mdReqID
        self.subscriptionRequestType = subscriptionRequestType
        self.marketDepth = marketDepth
        self.mdUpdateType = mdUpdateType
        self.entryTypes = entryTypes
        self.symbols = symbols
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var mdReqID: String?
        var subscription: FIXSubscriptionRequestType?
        var depth: Int?
        var updateType: FIXMDUpdateType?
        var entryTypes: [FIXMDEntryType]?
        var symbols: [String]?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            switch field.tag {
            case FIXTag.mdReqID:
                mdReqID = try view.once(mdReqID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
            case FIXTag.subscriptionRequestType:
                subscription = try view.once(
                    subscription, field, view.enumeration(field, as: FIXSubscriptionRequestType.self))
            case FIXTag.marketDepth:
                depth = try view.once(depth, field, view.integer(field, in: 0...10_000))
            case FIXTag.mdUpdateType:
                updateType = try view.once(updateType, field, view.enumeration(field, as: FIXMDUpdateType.self))
            case FIXTag.noMDEntryTypes:
                try view.rejectDuplicate(entryTypes, field)
                entryTypes = try view.singleFieldGroup(
                    &fields, countTag: field.tag, count: try view.groupCount(field), entryTag: FIXTag.mdEntryType
                ) { (entry) throws(FIXDecodeError) in try view.enumeration(entry, as: FIXMDEntryType.self) }
            case FIXTag.noRelatedSym:
                try view.rejectDuplicate(symbols, field)
                symbols = try view.singleFieldGroup(
                    &fields, countTag: field.tag, count: try view.groupCount(field), entryTag: FIXTag.symbol
                ) { (entry) throws(FIXDecodeError) in
                    try view.identifier(entry, maxLength: FIXFieldLimits.symbol)
                }
            case FIXTag.mdEntryType, FIXTag.symbol:
                throw .strayGroupField(field.tag)
            default: continue
            }
        }
        let subscriptionRequestType = try required(subscription, FIXTag.subscriptionRequestType,
                                                   "SubscriptionRequestType")
        if subscriptionRequestType == .snapshotAndUpdates && updateType == nil {
            throw .missing(FIXTag.mdUpdateType, "MDUpdateType")
        }
        self.init(
            mdReqID: try required(mdReqID, FIXTag.mdReqID, "MDReqID"),
            subscriptionRequestType: subscriptionRequestType,
            marketDepth: try required(depth, FIXTag.marketDepth, "MarketDepth"), mdUpdateType: updateType,
            entryTypes: try required(entryTypes, FIXTag.noMDEntryTypes, "NoMDEntryTypes"),
            symbols: try required(symbols, FIXTag.noRelatedSym, "NoRelatedSym"))
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.mdReqID, mdReqID)
        builder.append(tag: FIXTag.subscriptionRequestType, character: subscriptionRequestType.rawValue)
        builder.append(tag: FIXTag.marketDepth, marketDepth)
        if let mdUpdateType { builder.append(tag: FIXTag.mdUpdateType, character: mdUpdateType.rawValue) }
        builder.append(tag: FIXTag.noMDEntryTypes, entryTypes.count)
        for entryType in entryTypes { builder.append(tag: FIXTag.mdEntryType, character: entryType.rawValue) }
        builder.append(tag: FIXTag.noRelatedSym, symbols.count)
        for symbol in symbols { builder.append(tag: FIXTag.symbol, symbol) }
    }
}
