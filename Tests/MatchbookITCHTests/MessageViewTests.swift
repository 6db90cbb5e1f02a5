import Testing

@testable import MatchbookITCH

/// Round trip of all 23 ITCH 5.0 message types: bytes built by hand at the specification's offsets,
/// every field decoded through the views. Distinct values per field catch swapped or shifted offsets.
@Suite("Message views")
struct MessageViewTests {
    @Test("S: SystemEvent")
    func roundTripSystemEvent() throws {
        var message = HandMessage(type: "S", length: 12)
        message.header(locate: 0x1234, tracking: 0x0012, timestamp: 0x1234_5678_9ABC)
        message.put8(11, 76)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.SystemEvent(bytes: bytes))
            #expect(ITCH.SystemEvent.fixedLength == 12)
            #expect(view.typeByte == UInt8(ascii: "S"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0012)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.eventCode == 76)
            #expect(ITCH.SystemEvent(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<11])) == nil)
        }
    }

    @Test("R: StockDirectory")
    func roundTripStockDirectory() throws {
        var message = HandMessage(type: "R", length: 39)
        message.header(locate: 0x1234, tracking: 0x0039, timestamp: 0x1234_5678_9ABC)
        message.putASCII(11, "S11X", width: 8)
        message.put8(19, 84)
        message.put8(20, 85)
        message.put32(21, 0x01151515)
        message.put8(25, 90)
        message.put8(26, 65)
        message.put16(27, 0x011b)
        message.put8(29, 68)
        message.put8(30, 69)
        message.put8(31, 70)
        message.put8(32, 71)
        message.put8(33, 72)
        message.put32(34, 0x01222222)
        message.put8(38, 77)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.StockDirectory(bytes: bytes))
            #expect(ITCH.StockDirectory.fixedLength == 39)
            #expect(view.typeByte == UInt8(ascii: "R"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0039)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.stock.string == "S11X")
            #expect(view.stock == ITCHStock("S11X"))
            #expect(view.marketCategory == 84)
            #expect(view.financialStatusIndicator == 85)
            #expect(view.roundLotSize == 0x01151515)
            #expect(view.roundLotsOnly == 90)
            #expect(view.issueClassification == 65)
            #expect(view.issueSubType == 0x011b)
            #expect(view.authenticity == 68)
            #expect(view.shortSaleThresholdIndicator == 69)
            #expect(view.ipoFlag == 70)
            #expect(view.luldReferencePriceTier == 71)
            #expect(view.etpFlag == 72)
            #expect(view.etpLeverageFactor == 0x01222222)
            #expect(view.inverseIndicator == 77)
            #expect(ITCH.StockDirectory(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<38])) == nil)
        }
    }

    @Test("H: StockTradingAction")
    func roundTripStockTradingAction() throws {
        var message = HandMessage(type: "H", length: 25)
        message.header(locate: 0x1234, tracking: 0x0025, timestamp: 0x1234_5678_9ABC)
        message.putASCII(11, "S11X", width: 8)
        message.put8(19, 84)
        message.put8(20, 85)
        message.putASCII(21, "M21", width: 4)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.StockTradingAction(bytes: bytes))
            #expect(ITCH.StockTradingAction.fixedLength == 25)
            #expect(view.typeByte == UInt8(ascii: "H"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0025)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.stock.string == "S11X")
            #expect(view.stock == ITCHStock("S11X"))
            #expect(view.tradingState == 84)
            #expect(view.reserved == 85)
            #expect(view.reason.string == "M21")
            #expect(ITCH.StockTradingAction(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<24])) == nil)
        }
    }

    @Test("Y: RegSHORestriction")
    func roundTripRegSHORestriction() throws {
        var message = HandMessage(type: "Y", length: 20)
        message.header(locate: 0x1234, tracking: 0x0020, timestamp: 0x1234_5678_9ABC)
        message.putASCII(11, "S11X", width: 8)
        message.put8(19, 84)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.RegSHORestriction(bytes: bytes))
            #expect(ITCH.RegSHORestriction.fixedLength == 20)
            #expect(view.typeByte == UInt8(ascii: "Y"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0020)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.stock.string == "S11X")
            #expect(view.stock == ITCHStock("S11X"))
            #expect(view.regSHOAction == 84)
            #expect(ITCH.RegSHORestriction(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<19])) == nil)
        }
    }

    @Test("L: MarketParticipantPosition")
    func roundTripMarketParticipantPosition() throws {
        var message = HandMessage(type: "L", length: 26)
        message.header(locate: 0x1234, tracking: 0x0026, timestamp: 0x1234_5678_9ABC)
        message.putASCII(11, "M11", width: 4)
        message.putASCII(15, "S15X", width: 8)
        message.put8(23, 88)
        message.put8(24, 89)
        message.put8(25, 90)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.MarketParticipantPosition(bytes: bytes))
            #expect(ITCH.MarketParticipantPosition.fixedLength == 26)
            #expect(view.typeByte == UInt8(ascii: "L"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0026)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.mpid.string == "M11")
            #expect(view.stock.string == "S15X")
            #expect(view.stock == ITCHStock("S15X"))
            #expect(view.primaryMarketMaker == 88)
            #expect(view.marketMakerMode == 89)
            #expect(view.marketParticipantState == 90)
            #expect(ITCH.MarketParticipantPosition(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<25])) == nil)
        }
    }

    @Test("V: MWCBDeclineLevel")
    func roundTripMWCBDeclineLevel() throws {
        var message = HandMessage(type: "V", length: 35)
        message.header(locate: 0x1234, tracking: 0x0035, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        message.put64(19, 0x102030405074b4b)
        message.put64(27, 0x10203040507d3d3)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.MWCBDeclineLevel(bytes: bytes))
            #expect(ITCH.MWCBDeclineLevel.fixedLength == 35)
            #expect(view.typeByte == UInt8(ascii: "V"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0035)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.level1Price8 == 0x10203040506c2c3)
            #expect(view.level2Price8 == 0x102030405074b4b)
            #expect(view.level3Price8 == 0x10203040507d3d3)
            #expect(ITCH.MWCBDeclineLevel(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<34])) == nil)
        }
    }

    @Test("W: MWCBStatus")
    func roundTripMWCBStatus() throws {
        var message = HandMessage(type: "W", length: 12)
        message.header(locate: 0x1234, tracking: 0x0012, timestamp: 0x1234_5678_9ABC)
        message.put8(11, 76)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.MWCBStatus(bytes: bytes))
            #expect(ITCH.MWCBStatus.fixedLength == 12)
            #expect(view.typeByte == UInt8(ascii: "W"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0012)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.breachedLevel == 76)
            #expect(ITCH.MWCBStatus(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<11])) == nil)
        }
    }

    @Test("K: IPOQuotingPeriodUpdate")
    func roundTripIPOQuotingPeriodUpdate() throws {
        var message = HandMessage(type: "K", length: 28)
        message.header(locate: 0x1234, tracking: 0x0028, timestamp: 0x1234_5678_9ABC)
        message.putASCII(11, "S11X", width: 8)
        message.put32(19, 0x01131313)
        message.put8(23, 88)
        message.put32(24, 0x01181818)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.IPOQuotingPeriodUpdate(bytes: bytes))
            #expect(ITCH.IPOQuotingPeriodUpdate.fixedLength == 28)
            #expect(view.typeByte == UInt8(ascii: "K"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0028)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.stock.string == "S11X")
            #expect(view.stock == ITCHStock("S11X"))
            #expect(view.ipoQuotationReleaseTimeSeconds == 0x01131313)
            #expect(view.ipoQuotationReleaseQualifier == 88)
            #expect(view.ipoPriceTicks == 0x01181818)
            #expect(ITCH.IPOQuotingPeriodUpdate(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<27])) == nil)
        }
    }

    @Test("J: LULDAuctionCollar")
    func roundTripLULDAuctionCollar() throws {
        var message = HandMessage(type: "J", length: 35)
        message.header(locate: 0x1234, tracking: 0x0035, timestamp: 0x1234_5678_9ABC)
        message.putASCII(11, "S11X", width: 8)
        message.put32(19, 0x01131313)
        message.put32(23, 0x01171717)
        message.put32(27, 0x011b1b1b)
        message.put32(31, 0x011f1f1f)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.LULDAuctionCollar(bytes: bytes))
            #expect(ITCH.LULDAuctionCollar.fixedLength == 35)
            #expect(view.typeByte == UInt8(ascii: "J"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0035)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.stock.string == "S11X")
            #expect(view.stock == ITCHStock("S11X"))
            #expect(view.auctionCollarReferencePriceTicks == 0x01131313)
            #expect(view.upperAuctionCollarPriceTicks == 0x01171717)
            #expect(view.lowerAuctionCollarPriceTicks == 0x011b1b1b)
            #expect(view.auctionCollarExtension == 0x011f1f1f)
            #expect(ITCH.LULDAuctionCollar(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<34])) == nil)
        }
    }

    @Test("h: OperationalHalt")
    func roundTripOperationalHalt() throws {
        var message = HandMessage(type: "h", length: 21)
        message.header(locate: 0x1234, tracking: 0x0021, timestamp: 0x1234_5678_9ABC)
        message.putASCII(11, "S11X", width: 8)
        message.put8(19, 84)
        message.put8(20, 85)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.OperationalHalt(bytes: bytes))
            #expect(ITCH.OperationalHalt.fixedLength == 21)
            #expect(view.typeByte == UInt8(ascii: "h"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0021)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.stock.string == "S11X")
            #expect(view.stock == ITCHStock("S11X"))
            #expect(view.marketCode == 84)
            #expect(view.operationalHaltAction == 85)
            #expect(ITCH.OperationalHalt(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<20])) == nil)
        }
    }

    @Test("A: AddOrder")
    func roundTripAddOrder() throws {
        var message = HandMessage(type: "A", length: 36)
        message.header(locate: 0x1234, tracking: 0x0036, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        message.put8(19, 84)
        message.put32(20, 0x01141414)
        message.putASCII(24, "S24X", width: 8)
        message.put32(32, 0x01202020)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.AddOrder(bytes: bytes))
            #expect(ITCH.AddOrder.fixedLength == 36)
            #expect(view.typeByte == UInt8(ascii: "A"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0036)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.orderReference == 0x10203040506c2c3)
            #expect(view.side == 84)
            #expect(view.shares == 0x01141414)
            #expect(view.stock.string == "S24X")
            #expect(view.stock == ITCHStock("S24X"))
            #expect(view.priceTicks == 0x01202020)
            #expect(ITCH.AddOrder(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<35])) == nil)
        }
    }

    @Test("F: AddOrderMPID")
    func roundTripAddOrderMPID() throws {
        var message = HandMessage(type: "F", length: 40)
        message.header(locate: 0x1234, tracking: 0x0040, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        message.put8(19, 84)
        message.put32(20, 0x01141414)
        message.putASCII(24, "S24X", width: 8)
        message.put32(32, 0x01202020)
        message.putASCII(36, "M36", width: 4)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.AddOrderMPID(bytes: bytes))
            #expect(ITCH.AddOrderMPID.fixedLength == 40)
            #expect(view.typeByte == UInt8(ascii: "F"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0040)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.orderReference == 0x10203040506c2c3)
            #expect(view.side == 84)
            #expect(view.shares == 0x01141414)
            #expect(view.stock.string == "S24X")
            #expect(view.stock == ITCHStock("S24X"))
            #expect(view.priceTicks == 0x01202020)
            #expect(view.attribution.string == "M36")
            #expect(ITCH.AddOrderMPID(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<39])) == nil)
        }
    }

    @Test("E: OrderExecuted")
    func roundTripOrderExecuted() throws {
        var message = HandMessage(type: "E", length: 31)
        message.header(locate: 0x1234, tracking: 0x0031, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        message.put32(19, 0x01131313)
        message.put64(23, 0x102030405078f8f)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.OrderExecuted(bytes: bytes))
            #expect(ITCH.OrderExecuted.fixedLength == 31)
            #expect(view.typeByte == UInt8(ascii: "E"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0031)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.orderReference == 0x10203040506c2c3)
            #expect(view.executedShares == 0x01131313)
            #expect(view.matchNumber == 0x102030405078f8f)
            #expect(ITCH.OrderExecuted(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<30])) == nil)
        }
    }

    @Test("C: OrderExecutedWithPrice")
    func roundTripOrderExecutedWithPrice() throws {
        var message = HandMessage(type: "C", length: 36)
        message.header(locate: 0x1234, tracking: 0x0036, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        message.put32(19, 0x01131313)
        message.put64(23, 0x102030405078f8f)
        message.put8(31, 70)
        message.put32(32, 0x01202020)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.OrderExecutedWithPrice(bytes: bytes))
            #expect(ITCH.OrderExecutedWithPrice.fixedLength == 36)
            #expect(view.typeByte == UInt8(ascii: "C"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0036)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.orderReference == 0x10203040506c2c3)
            #expect(view.executedShares == 0x01131313)
            #expect(view.matchNumber == 0x102030405078f8f)
            #expect(view.printable == 70)
            #expect(view.executionPriceTicks == 0x01202020)
            #expect(ITCH.OrderExecutedWithPrice(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<35])) == nil)
        }
    }

    @Test("X: OrderCancel")
    func roundTripOrderCancel() throws {
        var message = HandMessage(type: "X", length: 23)
        message.header(locate: 0x1234, tracking: 0x0023, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        message.put32(19, 0x01131313)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.OrderCancel(bytes: bytes))
            #expect(ITCH.OrderCancel.fixedLength == 23)
            #expect(view.typeByte == UInt8(ascii: "X"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0023)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.orderReference == 0x10203040506c2c3)
            #expect(view.cancelledShares == 0x01131313)
            #expect(ITCH.OrderCancel(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<22])) == nil)
        }
    }

    @Test("D: OrderDelete")
    func roundTripOrderDelete() throws {
        var message = HandMessage(type: "D", length: 19)
        message.header(locate: 0x1234, tracking: 0x0019, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.OrderDelete(bytes: bytes))
            #expect(ITCH.OrderDelete.fixedLength == 19)
            #expect(view.typeByte == UInt8(ascii: "D"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0019)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.orderReference == 0x10203040506c2c3)
            #expect(ITCH.OrderDelete(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<18])) == nil)
        }
    }

    @Test("U: OrderReplace")
    func roundTripOrderReplace() throws {
        var message = HandMessage(type: "U", length: 35)
        message.header(locate: 0x1234, tracking: 0x0035, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        message.put64(19, 0x102030405074b4b)
        message.put32(27, 0x011b1b1b)
        message.put32(31, 0x011f1f1f)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.OrderReplace(bytes: bytes))
            #expect(ITCH.OrderReplace.fixedLength == 35)
            #expect(view.typeByte == UInt8(ascii: "U"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0035)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.originalOrderReference == 0x10203040506c2c3)
            #expect(view.newOrderReference == 0x102030405074b4b)
            #expect(view.shares == 0x011b1b1b)
            #expect(view.priceTicks == 0x011f1f1f)
            #expect(ITCH.OrderReplace(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<34])) == nil)
        }
    }

    @Test("P: Trade")
    func roundTripTrade() throws {
        var message = HandMessage(type: "P", length: 44)
        message.header(locate: 0x1234, tracking: 0x0044, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        message.put8(19, 84)
        message.put32(20, 0x01141414)
        message.putASCII(24, "S24X", width: 8)
        message.put32(32, 0x01202020)
        message.put64(36, 0x102030405086d6c)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.Trade(bytes: bytes))
            #expect(ITCH.Trade.fixedLength == 44)
            #expect(view.typeByte == UInt8(ascii: "P"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0044)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.orderReference == 0x10203040506c2c3)
            #expect(view.side == 84)
            #expect(view.shares == 0x01141414)
            #expect(view.stock.string == "S24X")
            #expect(view.stock == ITCHStock("S24X"))
            #expect(view.priceTicks == 0x01202020)
            #expect(view.matchNumber == 0x102030405086d6c)
            #expect(ITCH.Trade(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<43])) == nil)
        }
    }

    @Test("Q: CrossTrade")
    func roundTripCrossTrade() throws {
        var message = HandMessage(type: "Q", length: 40)
        message.header(locate: 0x1234, tracking: 0x0040, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        message.putASCII(19, "S19X", width: 8)
        message.put32(27, 0x011b1b1b)
        message.put64(31, 0x102030405081817)
        message.put8(39, 78)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.CrossTrade(bytes: bytes))
            #expect(ITCH.CrossTrade.fixedLength == 40)
            #expect(view.typeByte == UInt8(ascii: "Q"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0040)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.shares == 0x10203040506c2c3)
            #expect(view.stock.string == "S19X")
            #expect(view.stock == ITCHStock("S19X"))
            #expect(view.crossPriceTicks == 0x011b1b1b)
            #expect(view.matchNumber == 0x102030405081817)
            #expect(view.crossType == 78)
            #expect(ITCH.CrossTrade(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<39])) == nil)
        }
    }

    @Test("B: BrokenTrade")
    func roundTripBrokenTrade() throws {
        var message = HandMessage(type: "B", length: 19)
        message.header(locate: 0x1234, tracking: 0x0019, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.BrokenTrade(bytes: bytes))
            #expect(ITCH.BrokenTrade.fixedLength == 19)
            #expect(view.typeByte == UInt8(ascii: "B"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0019)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.matchNumber == 0x10203040506c2c3)
            #expect(ITCH.BrokenTrade(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<18])) == nil)
        }
    }

    @Test("I: NOII")
    func roundTripNOII() throws {
        var message = HandMessage(type: "I", length: 50)
        message.header(locate: 0x1234, tracking: 0x0050, timestamp: 0x1234_5678_9ABC)
        message.put64(11, 0x10203040506c2c3)
        message.put64(19, 0x102030405074b4b)
        message.put8(27, 66)
        message.putASCII(28, "S28X", width: 8)
        message.put32(36, 0x01242424)
        message.put32(40, 0x01282828)
        message.put32(44, 0x012c2c2c)
        message.put8(48, 87)
        message.put8(49, 88)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.NOII(bytes: bytes))
            #expect(ITCH.NOII.fixedLength == 50)
            #expect(view.typeByte == UInt8(ascii: "I"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0050)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.pairedShares == 0x10203040506c2c3)
            #expect(view.imbalanceShares == 0x102030405074b4b)
            #expect(view.imbalanceDirection == 66)
            #expect(view.stock.string == "S28X")
            #expect(view.stock == ITCHStock("S28X"))
            #expect(view.farPriceTicks == 0x01242424)
            #expect(view.nearPriceTicks == 0x01282828)
            #expect(view.currentReferencePriceTicks == 0x012c2c2c)
            #expect(view.crossType == 87)
            #expect(view.priceVariationIndicator == 88)
            #expect(ITCH.NOII(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<49])) == nil)
        }
    }

    @Test("N: RPII")
    func roundTripRPII() throws {
        var message = HandMessage(type: "N", length: 20)
        message.header(locate: 0x1234, tracking: 0x0020, timestamp: 0x1234_5678_9ABC)
        message.putASCII(11, "S11X", width: 8)
        message.put8(19, 84)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.RPII(bytes: bytes))
            #expect(ITCH.RPII.fixedLength == 20)
            #expect(view.typeByte == UInt8(ascii: "N"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0020)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.stock.string == "S11X")
            #expect(view.stock == ITCHStock("S11X"))
            #expect(view.interestFlag == 84)
            #expect(ITCH.RPII(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<19])) == nil)
        }
    }

    @Test("O: DirectListingCapitalRaise")
    func roundTripDirectListingCapitalRaise() throws {
        var message = HandMessage(type: "O", length: 48)
        message.header(locate: 0x1234, tracking: 0x0048, timestamp: 0x1234_5678_9ABC)
        message.putASCII(11, "S11X", width: 8)
        message.put8(19, 84)
        message.put32(20, 0x01141414)
        message.put32(24, 0x01181818)
        message.put32(28, 0x011c1c1c)
        message.put64(32, 0x102030405082928)
        message.put32(40, 0x01282828)
        message.put32(44, 0x012c2c2c)
        try message.bytes.withUnsafeBytes { bytes in
            let view = try #require(ITCH.DirectListingCapitalRaise(bytes: bytes))
            #expect(ITCH.DirectListingCapitalRaise.fixedLength == 48)
            #expect(view.typeByte == UInt8(ascii: "O"))
            #expect(view.stockLocate == 0x1234)
            #expect(view.trackingNumber == 0x0048)
            #expect(view.timestampNanos == 0x1234_5678_9ABC)
            #expect(view.stock.string == "S11X")
            #expect(view.stock == ITCHStock("S11X"))
            #expect(view.openEligibilityStatus == 84)
            #expect(view.minimumAllowablePriceTicks == 0x01141414)
            #expect(view.maximumAllowablePriceTicks == 0x01181818)
            #expect(view.nearExecutionPriceTicks == 0x011c1c1c)
            #expect(view.nearExecutionTimeNanos == 0x102030405082928)
            #expect(view.lowerPriceRangeCollarTicks == 0x01282828)
            #expect(view.upperPriceRangeCollarTicks == 0x012c2c2c)
            #expect(ITCH.DirectListingCapitalRaise(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<47])) == nil)
        }
    }
}

@Suite("Message types")
struct MessageTypeTests {
    @Test("the 23 types have the lengths of MACHINE-NOTES.md, and classify agrees")
    func lengths() {
        let expected: [Character: Int] = [
            "S": 12, "R": 39, "H": 25, "Y": 20, "L": 26, "V": 35, "W": 12, "K": 28, "J": 35, "h": 21, "A": 36,
            "F": 40, "E": 31, "C": 36, "X": 23, "D": 19, "U": 35, "P": 44, "Q": 40, "B": 19, "I": 50, "N": 20,
            "O": 48,
        ]
        #expect(ITCHMessageType.allCases.count == 23)
        for type in ITCHMessageType.allCases {
            let code = Character(UnicodeScalar(type.rawValue))
            #expect(expected[code] == type.fixedLength, "\(code)")
            let classified = ITCHMessageType.classify(type.rawValue)
            #expect(classified?.type == type && classified?.fixedLength == type.fixedLength)
        }
        var unknown = 0
        for byte in 0...255 where ITCHMessageType.classify(UInt8(byte)) == nil { unknown += 1 }
        #expect(unknown == 256 - 23)
    }

    @Test("the ITCHMessage enum wraps the view of the frame's type")
    func messageEnum() throws {
        var message = HandMessage(type: "D", length: 19)
        message.put64(11, 42)
        let framed = message.framed
        try framed.withUnsafeBytes { bytes in
            var reader = ITCHFrameReader(bytes: bytes)
            let frame = try #require(try reader.next())
            guard case .orderDelete(let delete) = frame.message else {
                Issue.record("expected orderDelete, got \(frame.message.type)")
                return
            }
            #expect(delete.orderReference == 42)
            #expect(frame.view(as: ITCH.OrderDelete.self)?.orderReference == 42)
            #expect(frame.view(as: ITCH.AddOrder.self) == nil)
        }
    }

    @Test("stock symbols pad, trim and compare as one integer")
    func stock() {
        let aapl = ITCHStock("AAPL")
        #expect(aapl.bytes == Array("AAPL    ".utf8))
        #expect(aapl.string == "AAPL")
        #expect(ITCHStock("ABCDEFGHIJ").string == "ABCDEFGH")
        #expect(ITCHAlpha4("GS").string == "GS")
        #expect(ITCHStock("AAPL").rawValue < ITCHStock("MSFT").rawValue)
    }
}
