import MatchbookBook
import MatchbookFIX
import Testing

/// Every message type through encoder → framer → decoder comes back equal.
@Suite("Round trips")
struct FIXRoundTripTests {
    static let time: Int64 = 1_704_203_101_250_000_000  // 2024-01-02 13:45:01.250 UTC, whole milliseconds
    static func price(_ text: String) -> FIXDecimal { (try? FIXDecimal(parsing: text)) ?? .zero }

    static let messages: [FIXMessage] = [
        .session(.logon(FIXLogon(heartBtIntSeconds: 30, resetSeqNumFlag: true, username: "trader", password: "pw"))),
        .session(.logon(FIXLogon(heartBtIntSeconds: 0))),
        .session(.heartbeat(FIXHeartbeat())),
        .session(.heartbeat(FIXHeartbeat(testReqID: "T-1"))),
        .session(.testRequest(FIXTestRequest(testReqID: "T-2"))),
        .session(.resendRequest(FIXResendRequest(beginSeqNo: 5, endSeqNo: 0))),
        .session(.reject(FIXReject(refSeqNum: 9, refTagID: 44, refMsgType: "D", reason: .incorrectDataFormat,
                                   text: "field 44 is not a decimal"))),
        .session(.reject(FIXReject(refSeqNum: 1))),
        .session(.sequenceReset(FIXSequenceReset(newSeqNo: 12, gapFill: true))),
        .session(.sequenceReset(FIXSequenceReset(newSeqNo: 100, gapFill: false))),
        .session(.logout(FIXLogout(text: "end of day — see you"))),
        .session(.logout(FIXLogout())),
        .application(.newOrderSingle(FIXNewOrderSingle(
            clOrdID: "ord-1", symbol: "AAPL", side: .buy, orderType: .limit, timeInForce: .gtc, orderQuantity: 100,
            price: price("187.25"), maxFloor: 10, postOnly: true, transactTimeNanos: time, account: "ACC1"))),
        .application(.newOrderSingle(FIXNewOrderSingle(
            clOrdID: "ord-2", symbol: "MSFT", side: .sell, orderType: .market, timeInForce: .ioc, orderQuantity: 1,
            transactTimeNanos: time))),
        .application(.newOrderSingle(FIXNewOrderSingle(
            clOrdID: "ord-3", symbol: "MSFT", side: .sell, orderType: .stopLimit, timeInForce: .fok,
            orderQuantity: 4_000_000_000, price: price("0.01"), stopPrice: price("0.02"),
            transactTimeNanos: time))),
        .application(.newOrderSingle(FIXNewOrderSingle(
            clOrdID: "ord-4", symbol: "X", side: .buy, orderType: .stop, orderQuantity: 7, stopPrice: price("99"),
            transactTimeNanos: time))),
        .application(.orderCancelRequest(FIXOrderCancelRequest(
            origClOrdID: "ord-1", clOrdID: "cxl-1", orderID: "42", symbol: "AAPL", side: .buy,
            transactTimeNanos: time))),
        .application(.orderCancelRequest(FIXOrderCancelRequest(
            origClOrdID: "ord-1", clOrdID: "cxl-2", symbol: "AAPL", side: .sell))),
        .application(.orderCancelReplaceRequest(FIXOrderCancelReplaceRequest(
            origClOrdID: "ord-1", clOrdID: "rpl-1", orderID: "42", symbol: "AAPL", side: .buy, orderQuantity: 50,
            orderType: .limit, price: price("187.3"), timeInForce: .day, transactTimeNanos: time))),
        .application(.orderCancelReplaceRequest(FIXOrderCancelReplaceRequest(
            origClOrdID: "ord-4", clOrdID: "rpl-2", symbol: "X", side: .buy, orderQuantity: 5, orderType: .stop,
            stopPrice: price("98.5")))),
        .application(.orderStatusRequest(FIXOrderStatusRequest(clOrdID: "ord-1", orderID: "42", symbol: "AAPL",
                                                               side: .buy))),
        .application(.orderStatusRequest(FIXOrderStatusRequest(clOrdID: "ord-1", symbol: "AAPL", side: .sell))),
        .application(.marketDataRequest(FIXMarketDataRequest(
            mdReqID: "md-1", subscriptionRequestType: .snapshotAndUpdates, marketDepth: 5,
            mdUpdateType: .incrementalRefresh, entryTypes: [.bid, .offer, .trade], symbols: ["AAPL", "MSFT"]))),
        .application(.marketDataRequest(FIXMarketDataRequest(
            mdReqID: "md-2", subscriptionRequestType: .snapshot, marketDepth: 0, entryTypes: [.bid],
            symbols: ["AAPL"]))),
        .exchange(.executionReport(FIXExecutionReport(
            orderID: "42", clOrdID: "ord-1", execID: "E1", execType: .new, ordStatus: .new, symbol: "AAPL",
            side: .buy, orderQuantity: 100, price: price("187.25"), leavesQuantity: 100, cumulativeQuantity: 0,
            averagePrice: .zero, transactTimeNanos: time))),
        .exchange(.executionReport(FIXExecutionReport(
            orderID: "42", clOrdID: "ord-1", execID: "E2", execType: .trade, ordStatus: .partiallyFilled,
            symbol: "AAPL", side: .buy, orderQuantity: 100, price: price("187.25"), lastQuantity: 40,
            lastPrice: price("187.2"), leavesQuantity: 60, cumulativeQuantity: 40, averagePrice: price("187.2"),
            transactTimeNanos: time))),
        .exchange(.executionReport(FIXExecutionReport(
            orderID: "NONE", clOrdID: "ord-9", execID: "E3", execType: .rejected, ordStatus: .rejected,
            symbol: "AAPL", side: .sell, leavesQuantity: 0, cumulativeQuantity: 0, averagePrice: .zero,
            ordRejReason: 1, text: "unknown symbol"))),
        .exchange(.executionReport(FIXExecutionReport(
            orderID: "42", clOrdID: "rpl-1", origClOrdID: "ord-1", execID: "E4", execType: .replaced,
            ordStatus: .new, symbol: "AAPL", side: .buy, leavesQuantity: 50, cumulativeQuantity: 0,
            averagePrice: .zero))),
        .exchange(.orderCancelReject(FIXOrderCancelReject(
            orderID: "NONE", clOrdID: "cxl-1", origClOrdID: "ord-7", ordStatus: .rejected,
            responseTo: .orderCancelRequest, cxlRejReason: 1, text: "unknown order"))),
        .exchange(.orderCancelReject(FIXOrderCancelReject(
            orderID: "42", clOrdID: "rpl-1", origClOrdID: "ord-1", ordStatus: .filled,
            responseTo: .orderCancelReplaceRequest))),
        .exchange(.marketDataSnapshot(FIXMarketDataSnapshot(mdReqID: "md-1", symbol: "AAPL", entries: [
            .init(type: .bid, price: price("187.2"), size: 300, positionNo: 1),
            .init(type: .bid, price: price("187.1"), size: 100, positionNo: 2),
            .init(type: .offer, price: price("187.3"), size: 200, positionNo: 1),
        ]))),
        .exchange(.marketDataSnapshot(FIXMarketDataSnapshot(mdReqID: nil, symbol: "EMPTY", entries: []))),
        .exchange(.marketDataIncremental(FIXMarketDataIncremental(mdReqID: "md-1", entries: [
            .init(action: .new, type: .bid, symbol: "AAPL", price: price("187.15"), size: 100),
            .init(action: .change, type: .offer, symbol: "AAPL", price: price("187.3"), size: 250),
            .init(action: .delete, type: .bid, symbol: "MSFT", price: price("410"), size: nil),
        ]))),
        .exchange(.marketDataRequestReject(FIXMarketDataRequestReject(
            mdReqID: "md-3", rejectReason: UInt8(ascii: "0"), text: "unknown symbol"))),
        .exchange(.marketDataRequestReject(FIXMarketDataRequestReject(mdReqID: "md-4"))),
        .exchange(.businessMessageReject(FIXBusinessMessageReject(
            refSeqNum: 8, refMsgType: "AE", businessRejectRefID: "x-1", reason: 3, text: "unsupported"))),
    ]

    @Test("every message type survives encode, frame and decode", arguments: Self.messages)
    func roundTrip(_ message: FIXMessage) throws {
        var encoder = FIXOutboundEncoder(senderCompID: "MATCHBOOK", targetCompID: "CLIENT")
        var out: [UInt8] = []
        encoder.encode(message, msgSeqNum: 17, sendingTimeNanos: Self.time, into: &out)
        let decoded = try decodeFramed(out)
        #expect(decoded.message == message)
        #expect(decoded.header == FIXStandardHeader(
            msgType: type(of: message.body).msgType, senderCompID: "MATCHBOOK", targetCompID: "CLIENT",
            msgSeqNum: 17, sendingTimeNanos: Self.time))
        // The caller-buffer form writes the same bytes, and refuses a buffer one byte short.
        #expect(Self.encode(message.body, encoder: &encoder, capacity: out.count) == .success(out))
        #expect(Self.encode(message.body, encoder: &encoder, capacity: out.count - 1)
            == .failure(.bufferTooSmall(needed: out.count, available: out.count - 1)))
    }

    /// Encodes into a caller buffer of `capacity` bytes; the bytes written or the error.
    static func encode(
        _ body: some FIXMessageBody, encoder: inout FIXOutboundEncoder, capacity: Int
    ) -> Result<[UInt8], FIXEncodeError> {
        var buffer = [UInt8](repeating: 0, count: capacity)
        var written: Result<Int, FIXEncodeError> = .success(0)
        buffer.withUnsafeMutableBytes { raw in
            do {
                written = .success(try encoder.encode(body, msgSeqNum: 17, sendingTimeNanos: time, into: raw))
            } catch {
                written = .failure(error as? FIXEncodeError ?? .bufferTooSmall(needed: -1, available: -1))
            }
        }
        return written.map { Array(buffer[..<$0]) }
    }

    @Test("all message types are covered")
    func coverage() {
        let covered = Set(Self.messages.map { type(of: $0.body).msgType })
        #expect(covered == Set(FIXMsgType.allCases))
    }

    @Test("a gap fill carries PossDupFlag, OrigSendingTime and GapFillFlag")
    func gapFill() throws {
        var encoder = FIXOutboundEncoder(senderCompID: "MATCHBOOK", targetCompID: "CLIENT")
        var out: [UInt8] = []
        encoder.encodeGapFill(msgSeqNum: 3, newSeqNo: 9, sendingTimeNanos: Self.time,
                              origSendingTimeNanos: Self.time - 5_000_000_000, into: &out)
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.contains("\u{1}43=Y\u{1}122=20240102-13:44:56.250\u{1}123=Y\u{1}36=9\u{1}"))
        let decoded = try decodeFramed(out)
        #expect(decoded.header.possDup)
        #expect(decoded.header.origSendingTimeNanos == Self.time - 5_000_000_000)
        #expect(decoded.message == .session(.sequenceReset(FIXSequenceReset(newSeqNo: 9, gapFill: true))))
    }

    @Test("a stream of every message frames back one by one, split anywhere")
    func stream() {
        var encoder = FIXOutboundEncoder(senderCompID: "MATCHBOOK", targetCompID: "CLIENT")
        var stream: [UInt8] = []
        var expected: [[UInt8]] = []
        for (index, message) in Self.messages.enumerated() {
            let start = stream.count
            encoder.encode(message, msgSeqNum: index + 1, sendingTimeNanos: Self.time, into: &stream)
            expected.append(Array(stream[start...]))
        }
        var random = TestRandom(seed: 3)
        for _ in 0..<50 {
            let cuts = (0..<random.below(12)).map { _ in random.below(stream.count + 1) }
            let result = frames(of: stream, cuts: cuts)
            #expect(result.errors.isEmpty)
            #expect(result.frames == expected)
        }
    }

    @Test("a session reject made from a decode error")
    func rejectFromError() throws {
        let error = FIXDecodeError(.valueIncorrect, tag: 54, detail: "Side must be 1 or 2", msgType: "D", msgSeqNum: 4)
        let reject = FIXReject(rejecting: error)
        #expect(reject == FIXReject(refSeqNum: 4, refTagID: 54, refMsgType: "D", reason: .valueIncorrect,
                                    text: "Side must be 1 or 2"))
    }
}
