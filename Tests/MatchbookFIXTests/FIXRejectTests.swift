import MatchbookBook
import MatchbookFIX
import Testing

/// Each way a message can be wrong gives the SessionRejectReason and the tag a Reject(3) needs.
@Suite("Decode rejects")
struct FIXRejectTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let body: String
        let reason: FIXSessionRejectReason
        let tag: Int?
        var testDescription: String { "\(reason) \(tag.map(String.init) ?? "-"): \(body)" }
        init(_ body: String, _ reason: FIXSessionRejectReason, _ tag: Int?) {
            self.body = body
            self.reason = reason
            self.tag = tag
        }
    }

    static let order = "11=ord-1|55=AAPL|54=1|60=20240102-13:45:01.000|38=100|40=2|44=10.5|"
    static let cancel = "41=ord-1|11=cxl-1|55=AAPL|54=1|"
    static let replace = "41=ord-1|11=rpl-1|55=AAPL|54=2|38=10|40=2|44=10.25|"
    static let status = "11=ord-1|55=AAPL|54=1|"
    static let longID = String(repeating: "x", count: 33)

    static let newOrderCases: [Case] = [
        Case(order.replacingOccurrences(of: "11=ord-1|", with: ""), .requiredTagMissing, 11),
        Case(order.replacingOccurrences(of: "55=AAPL|", with: ""), .requiredTagMissing, 55),
        Case(order.replacingOccurrences(of: "54=1|", with: ""), .requiredTagMissing, 54),
        Case(order.replacingOccurrences(of: "38=100|", with: ""), .requiredTagMissing, 38),
        Case(order.replacingOccurrences(of: "40=2|", with: ""), .requiredTagMissing, 40),
        Case(order.replacingOccurrences(of: "44=10.5|", with: ""), .requiredTagMissing, 44),
        Case(order.replacingOccurrences(of: "60=20240102-13:45:01.000|", with: ""), .requiredTagMissing, 60),
        Case(order.replacingOccurrences(of: "40=2|", with: "40=4|"), .requiredTagMissing, 99),
        Case(order.replacingOccurrences(of: "11=ord-1|", with: "11=\(longID)|"), .valueIncorrect, 11),
        Case(order.replacingOccurrences(of: "55=AAPL|", with: "55=AAPLAAPLAAPLAAPLA|"), .valueIncorrect, 55),
        Case(order.replacingOccurrences(of: "54=1|", with: "54=5|"), .valueIncorrect, 54),
        Case(order.replacingOccurrences(of: "54=1|", with: "54=12|"), .valueIncorrect, 54),
        Case(order.replacingOccurrences(of: "40=2|", with: "40=P|"), .valueIncorrect, 40),
        Case(order + "59=6|", .valueIncorrect, 59),
        Case(order.replacingOccurrences(of: "38=100|", with: "38=0|"), .valueIncorrect, 38),
        Case(order.replacingOccurrences(of: "38=100|", with: "38=-5|"), .valueIncorrect, 38),
        Case(order.replacingOccurrences(of: "38=100|", with: "38=10.5|"), .valueIncorrect, 38),
        Case(order.replacingOccurrences(of: "38=100|", with: "38=5000000000|"), .valueIncorrect, 38),
        Case(order.replacingOccurrences(of: "38=100|", with: "38=1e2|"), .incorrectDataFormat, 38),
        Case(order.replacingOccurrences(of: "44=10.5|", with: "44=1e5|"), .incorrectDataFormat, 44),
        Case(order.replacingOccurrences(of: "44=10.5|", with: "44=-1|"), .valueIncorrect, 44),
        Case(order.replacingOccurrences(of: "44=10.5|", with: "44=\(String(repeating: "9", count: 30))|"),
             .incorrectDataFormat, 44),
        Case(order.replacingOccurrences(of: "60=20240102-13:45:01.000|", with: "60=yesterday|"),
             .incorrectDataFormat, 60),
        Case(order + "111=101|", .valueIncorrect, 111),
        Case(order + "18=6x|", .incorrectDataFormat, 18),
        Case(order + "11=ord-2|", .tagAppearsMoreThanOnce, 11),
        Case(order + "44=10.5|", .tagAppearsMoreThanOnce, 44),
        Case(order + "1=\(String(repeating: "a", count: 65))|", .valueIncorrect, 1),
        Case(order.replacingOccurrences(of: "11=ord-1|", with: "11=ord\u{7}1|"), .incorrectDataFormat, 11),
        Case(order + "44=|", .tagSpecifiedWithoutValue, 44),
        Case(order + "4x4=1|", .invalidTagNumber, nil),
    ]

    static let cancelCases: [Case] = [
        Case(cancel.replacingOccurrences(of: "41=ord-1|", with: ""), .requiredTagMissing, 41),
        Case(cancel.replacingOccurrences(of: "11=cxl-1|", with: ""), .requiredTagMissing, 11),
        Case(cancel.replacingOccurrences(of: "55=AAPL|", with: ""), .requiredTagMissing, 55),
        Case(cancel.replacingOccurrences(of: "54=1|", with: ""), .requiredTagMissing, 54),
        Case(cancel.replacingOccurrences(of: "41=ord-1|", with: "41=\(longID)|"), .valueIncorrect, 41),
        Case(cancel + "37=\(longID)|", .valueIncorrect, 37),
        Case(cancel.replacingOccurrences(of: "54=1|", with: "54=3|"), .valueIncorrect, 54),
        Case(cancel + "41=ord-2|", .tagAppearsMoreThanOnce, 41),
        Case(cancel + "60=2024|", .incorrectDataFormat, 60),
    ]

    static let replaceCases: [Case] = [
        Case(replace.replacingOccurrences(of: "41=ord-1|", with: ""), .requiredTagMissing, 41),
        Case(replace.replacingOccurrences(of: "38=10|", with: ""), .requiredTagMissing, 38),
        Case(replace.replacingOccurrences(of: "40=2|", with: ""), .requiredTagMissing, 40),
        Case(replace.replacingOccurrences(of: "44=10.25|", with: ""), .requiredTagMissing, 44),
        Case(replace.replacingOccurrences(of: "40=2|", with: "40=3|"), .requiredTagMissing, 99),
        Case(replace.replacingOccurrences(of: "11=rpl-1|", with: "11=\(longID)|"), .valueIncorrect, 11),
        Case(replace.replacingOccurrences(of: "44=10.25|", with: "44=10.2.5|"), .incorrectDataFormat, 44),
        Case(replace.replacingOccurrences(of: "38=10|", with: "38=abc|"), .incorrectDataFormat, 38),
        Case(replace + "38=11|", .tagAppearsMoreThanOnce, 38),
        Case(replace + "59=2|", .valueIncorrect, 59),
    ]

    static let statusCases: [Case] = [
        Case(status.replacingOccurrences(of: "11=ord-1|", with: ""), .requiredTagMissing, 11),
        Case(status.replacingOccurrences(of: "55=AAPL|", with: ""), .requiredTagMissing, 55),
        Case(status.replacingOccurrences(of: "54=1|", with: ""), .requiredTagMissing, 54),
        Case(status.replacingOccurrences(of: "11=ord-1|", with: "11=\(longID)|"), .valueIncorrect, 11),
        Case(status + "54=2|", .tagAppearsMoreThanOnce, 54),
        Case(status + "37=x\u{80}|", .incorrectDataFormat, 37),
    ]

    func check(_ msgType: String, _ testCase: Case) {
        let bytes = framed("35=\(msgType)|" + header + testCase.body)
        #expect(throws: FIXDecodeError.self) { try decodeFramed(bytes) }
        do {
            _ = try decodeFramed(bytes)
        } catch {
            #expect(error.reason == testCase.reason)
            #expect(error.tag == testCase.tag)
            #expect(error.msgType == msgType)
            #expect(error.msgSeqNum == 7)
        }
    }

    @Test("the valid bodies decode") func valid() throws {
        let order = try decodeFramed(framed("35=D|" + header + Self.order))
        guard case .application(.newOrderSingle(let single)) = order.message else {
            Issue.record("not a NewOrderSingle")
            return
        }
        #expect(single.price == FIXDecimal(units: 1_050_000_000))
        #expect(try single.price?.priceTicks(tickSize: FIXDecimal(units: 1_000_000)) == 1_050)
        #expect(single.timeInForce == .day && !single.postOnly && single.side == .buy && single.orderType == .limit)
        let postOnly = try decodeFramed(framed("35=D|" + header + Self.order + "18=M 6|"))
        if case .application(.newOrderSingle(let single)) = postOnly.message { #expect(single.postOnly) }
        _ = try decodeFramed(framed("35=F|" + header + Self.cancel))
        _ = try decodeFramed(framed("35=G|" + header + Self.replace))
        _ = try decodeFramed(framed("35=H|" + header + Self.status))
    }

    @Test("NewOrderSingle rejects", arguments: Self.newOrderCases)
    func newOrder(_ testCase: Case) { check("D", testCase) }

    @Test("OrderCancelRequest rejects", arguments: Self.cancelCases)
    func cancel(_ testCase: Case) { check("F", testCase) }

    @Test("OrderCancelReplaceRequest rejects", arguments: Self.replaceCases)
    func replace(_ testCase: Case) { check("G", testCase) }

    @Test("OrderStatusRequest rejects", arguments: Self.statusCases)
    func status(_ testCase: Case) { check("H", testCase) }

    @Test("header and layout rejects")
    func headerRejects() {
        func reject(_ bytes: [UInt8]) -> FIXDecodeError? {
            do {
                _ = try decodeFramed(bytes)
                return nil
            } catch { return error }
        }
        let cases: [([UInt8], FIXSessionRejectReason, Int?)] = [
            (framed("35=Q|" + header), .invalidMsgType, 35),
            (framed("35=AE|" + header), .invalidMsgType, 35),
            (framed("49=CLIENT|35=0|56=MATCHBOOK|34=7|52=20240102-13:45:01.250|"), .tagSpecifiedOutOfRequiredOrder, 35),
            (framed("49=CLIENT|56=MATCHBOOK|34=7|52=20240102-13:45:01.250|"), .requiredTagMissing, 35),
            (framed("35=0|56=MATCHBOOK|34=7|52=20240102-13:45:01.250|"), .requiredTagMissing, 49),
            (framed("35=0|49=CLIENT|34=7|52=20240102-13:45:01.250|"), .requiredTagMissing, 56),
            (framed("35=0|49=CLIENT|56=MATCHBOOK|52=20240102-13:45:01.250|"), .requiredTagMissing, 34),
            (framed("35=0|49=CLIENT|56=MATCHBOOK|34=7|"), .requiredTagMissing, 52),
            (framed("35=0|" + header + "34=8|"), .tagAppearsMoreThanOnce, 34),
            (framed("35=0|" + header + "43=X|"), .valueIncorrect, 43),
            (framed("35=0|49=CLIENT|56=MATCHBOOK|34=0|52=20240102-13:45:01.250|"), .valueIncorrect, 34),
            (framed("35=0|49=CLIENT|56=MATCHBOOK|34=x|52=20240102-13:45:01.250|"), .incorrectDataFormat, 34),
            (framed("35=0|" + header + "8=FIX.4.4|"), .tagSpecifiedOutOfRequiredOrder, 8),
            (framed("35=A|" + header + "98=0|"), .requiredTagMissing, 108),
            (framed("35=A|" + header + "98=1|108=30|"), .valueIncorrect, 98),
            (framed("35=1|" + header), .requiredTagMissing, 112),
            (framed("35=2|" + header + "7=5|16=4|"), .valueIncorrect, 16),
            (framed("35=4|" + header + "123=Y|"), .requiredTagMissing, 36),
            (framed("35=V|" + header + "262=m|263=1|264=0|267=2|269=0|146=1|55=A|"), .incorrectNumInGroupCount, 267),
            (framed("35=V|" + header + "262=m|263=1|264=0|265=1|267=1|269=0|269=1|146=1|55=A|"),
             .incorrectNumInGroupCount, 269),
            (framed("35=V|" + header + "262=m|263=1|264=0|267=1|269=0|146=1|55=A|"), .requiredTagMissing, 265),
            (framed("35=V|" + header + "262=m|263=0|264=0|267=0|146=1|55=A|"), .valueIncorrect, 267),
            (framed("35=V|" + header + "262=m|263=0|264=0|267=1|269=Z|146=1|55=A|"), .valueIncorrect, 269),
            (framed("35=W|" + header + "55=A|268=2|269=0|270=1|269=1|270=2|269=0|"), .incorrectNumInGroupCount, 269),
        ]
        for (bytes, reason, tag) in cases {
            let error = reject(bytes)
            #expect(error?.reason == reason, "\(String(decoding: bytes, as: UTF8.self))")
            #expect(error?.tag == tag, "\(String(decoding: bytes, as: UTF8.self))")
        }
        // A trailing field after CheckSum cannot frame, but the decoder alone also refuses it.
        let trailing = framed("35=0|" + header) + soh("58=x|")
        #expect(throws: FIXDecodeError.self) { try FIXMessageDecoder.decode(trailing) }
    }

    @Test("unknown tags are ignored")
    func unknownTagsIgnored() throws {
        let decoded = try decodeFramed(framed("35=H|" + header + Self.status + "9999=custom|57=desk|"))
        #expect(decoded.message == .application(.orderStatusRequest(FIXOrderStatusRequest(
            clOrdID: "ord-1", symbol: "AAPL", side: .buy))))
    }
}
