/// The 23 message types of NASDAQ TotalView-ITCH 5.0, by their type byte.
///
/// `rawValue` is the ASCII type byte that opens every message. `fixedLength` is the length the 5.0
/// specification gives (bytes after the 2-byte frame length, type byte included); a frame may be longer
/// (NASDAQ may append fields) but never shorter.
@frozen
public enum ITCHMessageType: UInt8, CaseIterable, Sendable {
    case systemEvent = 0x53  // S
    case stockDirectory = 0x52  // R
    case stockTradingAction = 0x48  // H
    case regSHORestriction = 0x59  // Y
    case marketParticipantPosition = 0x4C  // L
    case mwcbDeclineLevel = 0x56  // V
    case mwcbStatus = 0x57  // W
    case ipoQuotingPeriodUpdate = 0x4B  // K
    case luldAuctionCollar = 0x4A  // J
    case operationalHalt = 0x68  // h
    case addOrder = 0x41  // A
    case addOrderMPID = 0x46  // F
    case orderExecuted = 0x45  // E
    case orderExecutedWithPrice = 0x43  // C
    case orderCancel = 0x58  // X
    case orderDelete = 0x44  // D
    case orderReplace = 0x55  // U
    case trade = 0x50  // P
    case crossTrade = 0x51  // Q
    case brokenTrade = 0x42  // B
    case noii = 0x49  // I
    case rpii = 0x4E  // N
    case directListingCapitalRaise = 0x4F  // O

    /// The specified message length in bytes (type byte included, frame length prefix excluded).
    @inlinable
    public var fixedLength: Int {
        switch self {
        case .systemEvent: 12
        case .stockDirectory: 39
        case .stockTradingAction: 25
        case .regSHORestriction: 20
        case .marketParticipantPosition: 26
        case .mwcbDeclineLevel: 35
        case .mwcbStatus: 12
        case .ipoQuotingPeriodUpdate: 28
        case .luldAuctionCollar: 35
        case .operationalHalt: 21
        case .addOrder: 36
        case .addOrderMPID: 40
        case .orderExecuted: 31
        case .orderExecutedWithPrice: 36
        case .orderCancel: 23
        case .orderDelete: 19
        case .orderReplace: 35
        case .trade: 44
        case .crossTrade: 40
        case .brokenTrade: 19
        case .noii: 50
        case .rpii: 20
        case .directListingCapitalRaise: 48
        }
    }

    /// The type byte as a one-character string, e.g. `"A"` (cold paths: reports, errors).
    public var code: String { String(UnicodeScalar(rawValue)) }

    /// Classifies a type byte in one switch: the type and its fixed length, or `nil` for a byte that is
    /// not an ITCH 5.0 type. O(1), no allocation; the hot path of every frame reader.
    @inlinable @inline(__always)
    public static func classify(_ typeByte: UInt8) -> (type: ITCHMessageType, fixedLength: Int)? {
        switch typeByte {
        case 0x53: (.systemEvent, 12)
        case 0x52: (.stockDirectory, 39)
        case 0x48: (.stockTradingAction, 25)
        case 0x59: (.regSHORestriction, 20)
        case 0x4C: (.marketParticipantPosition, 26)
        case 0x56: (.mwcbDeclineLevel, 35)
        case 0x57: (.mwcbStatus, 12)
        case 0x4B: (.ipoQuotingPeriodUpdate, 28)
        case 0x4A: (.luldAuctionCollar, 35)
        case 0x68: (.operationalHalt, 21)
        case 0x41: (.addOrder, 36)
        case 0x46: (.addOrderMPID, 40)
        case 0x45: (.orderExecuted, 31)
        case 0x43: (.orderExecutedWithPrice, 36)
        case 0x58: (.orderCancel, 23)
        case 0x44: (.orderDelete, 19)
        case 0x55: (.orderReplace, 35)
        case 0x50: (.trade, 44)
        case 0x51: (.crossTrade, 40)
        case 0x42: (.brokenTrade, 19)
        case 0x49: (.noii, 50)
        case 0x4E: (.rpii, 20)
        case 0x4F: (.directListingCapitalRaise, 48)
        default: nil
        }
    }
}
