/// One decoded ITCH 5.0 message: a switch-friendly enum whose payloads are zero-copy views.
///
/// Made by ``ITCHFrame/message`` after the frame reader has checked the type and length. The payload views
/// point into the frame's buffer and share its lifetime. Two words wide; no allocation.
@frozen
public enum ITCHMessage {
    /// `S`
    case systemEvent(ITCH.SystemEvent)
    /// `R`
    case stockDirectory(ITCH.StockDirectory)
    /// `H`
    case stockTradingAction(ITCH.StockTradingAction)
    /// `Y`
    case regSHORestriction(ITCH.RegSHORestriction)
    /// `L`
    case marketParticipantPosition(ITCH.MarketParticipantPosition)
    /// `V`
    case mwcbDeclineLevel(ITCH.MWCBDeclineLevel)
    /// `W`
    case mwcbStatus(ITCH.MWCBStatus)
    /// `K`
    case ipoQuotingPeriodUpdate(ITCH.IPOQuotingPeriodUpdate)
    /// `J`
    case luldAuctionCollar(ITCH.LULDAuctionCollar)
    /// `h`
    case operationalHalt(ITCH.OperationalHalt)
    /// `A`
    case addOrder(ITCH.AddOrder)
    /// `F`
    case addOrderMPID(ITCH.AddOrderMPID)
    /// `E`
    case orderExecuted(ITCH.OrderExecuted)
    /// `C`
    case orderExecutedWithPrice(ITCH.OrderExecutedWithPrice)
    /// `X`
    case orderCancel(ITCH.OrderCancel)
    /// `D`
    case orderDelete(ITCH.OrderDelete)
    /// `U`
    case orderReplace(ITCH.OrderReplace)
    /// `P`
    case trade(ITCH.Trade)
    /// `Q`
    case crossTrade(ITCH.CrossTrade)
    /// `B`
    case brokenTrade(ITCH.BrokenTrade)
    /// `I`
    case noii(ITCH.NOII)
    /// `N`
    case rpii(ITCH.RPII)
    /// `O`
    case directListingCapitalRaise(ITCH.DirectListingCapitalRaise)

    /// The type of the message.
    @inlinable
    public var type: ITCHMessageType {
        switch self {
        case .systemEvent: .systemEvent
        case .stockDirectory: .stockDirectory
        case .stockTradingAction: .stockTradingAction
        case .regSHORestriction: .regSHORestriction
        case .marketParticipantPosition: .marketParticipantPosition
        case .mwcbDeclineLevel: .mwcbDeclineLevel
        case .mwcbStatus: .mwcbStatus
        case .ipoQuotingPeriodUpdate: .ipoQuotingPeriodUpdate
        case .luldAuctionCollar: .luldAuctionCollar
        case .operationalHalt: .operationalHalt
        case .addOrder: .addOrder
        case .addOrderMPID: .addOrderMPID
        case .orderExecuted: .orderExecuted
        case .orderExecutedWithPrice: .orderExecutedWithPrice
        case .orderCancel: .orderCancel
        case .orderDelete: .orderDelete
        case .orderReplace: .orderReplace
        case .trade: .trade
        case .crossTrade: .crossTrade
        case .brokenTrade: .brokenTrade
        case .noii: .noii
        case .rpii: .rpii
        case .directListingCapitalRaise: .directListingCapitalRaise
        }
    }

    /// Wraps `base` in the view of `type`. `base` must hold at least `type.fixedLength` bytes.
    @inlinable
    public init(unchecked base: UnsafeRawPointer, type: ITCHMessageType) {
        switch type {
        case .systemEvent: self = .systemEvent(ITCH.SystemEvent(unchecked: base))
        case .stockDirectory: self = .stockDirectory(ITCH.StockDirectory(unchecked: base))
        case .stockTradingAction: self = .stockTradingAction(ITCH.StockTradingAction(unchecked: base))
        case .regSHORestriction: self = .regSHORestriction(ITCH.RegSHORestriction(unchecked: base))
        case .marketParticipantPosition:
            self = .marketParticipantPosition(ITCH.MarketParticipantPosition(unchecked: base))
        case .mwcbDeclineLevel: self = .mwcbDeclineLevel(ITCH.MWCBDeclineLevel(unchecked: base))
        case .mwcbStatus: self = .mwcbStatus(ITCH.MWCBStatus(unchecked: base))
        case .ipoQuotingPeriodUpdate: self = .ipoQuotingPeriodUpdate(ITCH.IPOQuotingPeriodUpdate(unchecked: base))
        case .luldAuctionCollar: self = .luldAuctionCollar(ITCH.LULDAuctionCollar(unchecked: base))
        case .operationalHalt: self = .operationalHalt(ITCH.OperationalHalt(unchecked: base))
        case .addOrder: self = .addOrder(ITCH.AddOrder(unchecked: base))
        case .addOrderMPID: self = .addOrderMPID(ITCH.AddOrderMPID(unchecked: base))
        case .orderExecuted: self = .orderExecuted(ITCH.OrderExecuted(unchecked: base))
        case .orderExecutedWithPrice: self = .orderExecutedWithPrice(ITCH.OrderExecutedWithPrice(unchecked: base))
        case .orderCancel: self = .orderCancel(ITCH.OrderCancel(unchecked: base))
        case .orderDelete: self = .orderDelete(ITCH.OrderDelete(unchecked: base))
        case .orderReplace: self = .orderReplace(ITCH.OrderReplace(unchecked: base))
        case .trade: self = .trade(ITCH.Trade(unchecked: base))
        case .crossTrade: self = .crossTrade(ITCH.CrossTrade(unchecked: base))
        case .brokenTrade: self = .brokenTrade(ITCH.BrokenTrade(unchecked: base))
        case .noii: self = .noii(ITCH.NOII(unchecked: base))
        case .rpii: self = .rpii(ITCH.RPII(unchecked: base))
        case .directListingCapitalRaise:
            self = .directListingCapitalRaise(ITCH.DirectListingCapitalRaise(unchecked: base))
        }
    }
}
