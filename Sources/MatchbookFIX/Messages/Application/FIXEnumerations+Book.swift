import MatchbookBook

// The FIX codes of the book's enumerations (Side(54), OrdType(40), TimeInForce(59)): one table each way.

extension Side {
    /// Side(54) code: `1` buy, `2` sell.
    @inlinable
    public var fixCode: UInt8 { self == .buy ? UInt8(ascii: "1") : UInt8(ascii: "2") }

    /// The side for Side(54) code `1` or `2`; `nil` for the others (sell short, cross, …).
    @inlinable
    public init?(fixCode: UInt8) {
        switch fixCode {
        case UInt8(ascii: "1"): self = .buy
        case UInt8(ascii: "2"): self = .sell
        default: return nil
        }
    }
}

extension OrderType {
    /// OrdType(40) code: `1` market, `2` limit, `3` stop, `4` stop-limit.
    @inlinable
    public var fixCode: UInt8 {
        switch self {
        case .market: UInt8(ascii: "1")
        case .limit: UInt8(ascii: "2")
        case .stop: UInt8(ascii: "3")
        case .stopLimit: UInt8(ascii: "4")
        }
    }

    /// The order type for OrdType(40) code `1`–`4`; `nil` for the others.
    @inlinable
    public init?(fixCode: UInt8) {
        switch fixCode {
        case UInt8(ascii: "1"): self = .market
        case UInt8(ascii: "2"): self = .limit
        case UInt8(ascii: "3"): self = .stop
        case UInt8(ascii: "4"): self = .stopLimit
        default: return nil
        }
    }

    /// Whether Price(44) is required: limit and stop-limit.
    @inlinable
    public var requiresPrice: Bool { self == .limit || self == .stopLimit }

    /// Whether StopPx(99) is required: stop and stop-limit.
    @inlinable
    public var requiresStopPrice: Bool { self == .stop || self == .stopLimit }
}

extension TimeInForce {
    /// TimeInForce(59) code: `0` day, `1` GTC, `3` IOC, `4` FOK.
    @inlinable
    public var fixCode: UInt8 {
        switch self {
        case .day: UInt8(ascii: "0")
        case .gtc: UInt8(ascii: "1")
        case .ioc: UInt8(ascii: "3")
        case .fok: UInt8(ascii: "4")
        }
    }

    /// The time in force for TimeInForce(59) code `0`, `1`, `3` or `4`; `nil` for the others (OPG, GTD, …).
    @inlinable
    public init?(fixCode: UInt8) {
        switch fixCode {
        case UInt8(ascii: "0"): self = .day
        case UInt8(ascii: "1"): self = .gtc
        case UInt8(ascii: "3"): self = .ioc
        case UInt8(ascii: "4"): self = .fok
        default: return nil
        }
    }
}

extension FIXMessageView {
    func side(_ field: FIXField) throws(FIXDecodeError) -> Side {
        guard let side = Side(fixCode: try character(field)) else { throw .value(field.tag, "Side must be 1 or 2") }
        return side
    }

    func orderType(_ field: FIXField) throws(FIXDecodeError) -> OrderType {
        guard let type = OrderType(fixCode: try character(field)) else {
            throw .value(field.tag, "OrdType must be 1 (market), 2 (limit), 3 (stop) or 4 (stop limit)")
        }
        return type
    }

    func timeInForce(_ field: FIXField) throws(FIXDecodeError) -> TimeInForce {
        guard let timeInForce = TimeInForce(fixCode: try character(field)) else {
            throw .value(field.tag, "TimeInForce must be 0 (day), 1 (GTC), 3 (IOC) or 4 (FOK)")
        }
        return timeInForce
    }

    /// ExecInst(18), a space-separated list of one-character instructions: whether it holds `6` (participate
    /// don't initiate, i.e. post only). Other instructions are accepted and ignored.
    func isPostOnly(_ field: FIXField) throws(FIXDecodeError) -> Bool {
        let value = value(field)
        var postOnly = false
        for index in 0..<value.count {
            guard let byte = _UnsafeFIXBytes.byte(value, at: index) else { break }
            let isSeparatorPosition = index % 2 == 1
            if isSeparatorPosition {
                guard byte == UInt8(ascii: " ") else { throw .format(field.tag, "space-separated characters") }
            } else {
                guard byte > 0x20, byte <= 0x7E else { throw .format(field.tag, "space-separated characters") }
                if byte == UInt8(ascii: "6") { postOnly = true }
            }
        }
        if value.count % 2 == 0 { throw .format(field.tag, "space-separated characters") }
        return postOnly
    }
}
