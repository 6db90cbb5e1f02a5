/// MDEntryType(269): what a market-data entry is (FIX 4.4 values).
public enum FIXMDEntryType: UInt8, Sendable, CaseIterable {
    case bid = 0x30  // '0'
    case offer = 0x31  // '1'
    case trade = 0x32  // '2'
    case indexValue = 0x33  // '3'
    case openingPrice = 0x34  // '4'
    case closingPrice = 0x35  // '5'
    case settlementPrice = 0x36  // '6'
    case tradingSessionHighPrice = 0x37  // '7'
    case tradingSessionLowPrice = 0x38  // '8'
    case tradingSessionVWAPPrice = 0x39  // '9'
    case imbalance = 0x41  // 'A'
    case tradeVolume = 0x42  // 'B'
    case openInterest = 0x43  // 'C'
}

/// SubscriptionRequestType(263).
public enum FIXSubscriptionRequestType: UInt8, Sendable, CaseIterable {
    /// `0`: one snapshot.
    case snapshot = 0x30
    /// `1`: a snapshot, then updates.
    case snapshotAndUpdates = 0x31
    /// `2`: stop the updates of an earlier request (same MDReqID).
    case unsubscribe = 0x32
}

/// MDUpdateType(265): how updates are sent.
public enum FIXMDUpdateType: UInt8, Sendable, CaseIterable {
    /// `0`: full refreshes (W).
    case fullRefresh = 0x30
    /// `1`: incremental refreshes (X).
    case incrementalRefresh = 0x31
}

/// MDUpdateAction(279) of an incremental entry.
public enum FIXMDUpdateAction: UInt8, Sendable, CaseIterable {
    case new = 0x30  // '0'
    case change = 0x31  // '1'
    case delete = 0x32  // '2'
}
