/// Decodes one framed message (as ``FIXFrameDecoder`` delimits it) into its header and typed body.
///
/// Checks the layout (8, 9, 35 first, 10 last, every field well formed), the header, then the body of the
/// MsgType. Unknown tags are ignored; an unsupported MsgType is reason 11. A failure throws a
/// ``FIXDecodeError`` carrying RefSeqNum and RefMsgType when they could be read, ready for a Reject(3)
/// (``FIXReject/init(rejecting:refSeqNum:)``). It does not re-verify the CheckSum (the framer did).
///
/// Cost: two passes over the fields (header, body), O(message length); allocates the Strings and group arrays
/// of the result. Stateless: callable from any thread.
public enum FIXMessageDecoder {
    /// Decodes the message in `bytes` (exactly one framed message).
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(FIXDecodeError) -> FIXDecodedMessage {
        let view = FIXMessageView(bytes: bytes)
        do {
            let header = try FIXStandardHeader(decoding: view)
            return FIXDecodedMessage(header: header, message: try decodeBody(header.msgType, view))
        } catch {
            throw annotated(error, view)
        }
    }

    /// Decodes the message in `bytes[range]` (a `.message(range)` of ``FIXFrameDecoder``).
    public static func decode(_ bytes: [UInt8], range: Range<Int>? = nil) throws(FIXDecodeError) -> FIXDecodedMessage {
        let range = range ?? 0..<bytes.count
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else {
            throw FIXDecodeError(.other, tag: nil, detail: "range \(range) is outside the \(bytes.count)-byte buffer")
        }
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(FIXDecodeError) in try decode(UnsafeRawBufferPointer(rebasing: raw[range])) }
        }
        return try result.get()
    }

    /// The body of MsgType `type`.
    public static func decodeBody(_ type: FIXMsgType, _ view: FIXMessageView) throws(FIXDecodeError) -> FIXMessage {
        switch type {
        case .logon: .session(.logon(try FIXLogon(decoding: view)))
        case .heartbeat: .session(.heartbeat(try FIXHeartbeat(decoding: view)))
        case .testRequest: .session(.testRequest(try FIXTestRequest(decoding: view)))
        case .resendRequest: .session(.resendRequest(try FIXResendRequest(decoding: view)))
        case .reject: .session(.reject(try FIXReject(decoding: view)))
        case .sequenceReset: .session(.sequenceReset(try FIXSequenceReset(decoding: view)))
        case .logout: .session(.logout(try FIXLogout(decoding: view)))
        case .newOrderSingle: .application(.newOrderSingle(try FIXNewOrderSingle(decoding: view)))
        case .orderCancelRequest: .application(.orderCancelRequest(try FIXOrderCancelRequest(decoding: view)))
        case .orderCancelReplaceRequest:
            .application(.orderCancelReplaceRequest(try FIXOrderCancelReplaceRequest(decoding: view)))
        case .orderStatusRequest: .application(.orderStatusRequest(try FIXOrderStatusRequest(decoding: view)))
        case .marketDataRequest: .application(.marketDataRequest(try FIXMarketDataRequest(decoding: view)))
        case .executionReport: .exchange(.executionReport(try FIXExecutionReport(decoding: view)))
        case .orderCancelReject: .exchange(.orderCancelReject(try FIXOrderCancelReject(decoding: view)))
        case .marketDataSnapshotFullRefresh: .exchange(.marketDataSnapshot(try FIXMarketDataSnapshot(decoding: view)))
        case .marketDataIncrementalRefresh:
            .exchange(.marketDataIncremental(try FIXMarketDataIncremental(decoding: view)))
        case .marketDataRequestReject:
            .exchange(.marketDataRequestReject(try FIXMarketDataRequestReject(decoding: view)))
        case .businessMessageReject:
            .exchange(.businessMessageReject(try FIXBusinessMessageReject(decoding: view)))
        }
    }

    /// Fills in RefMsgType and RefSeqNum from the first well-formed MsgType(35) and MsgSeqNum(34) fields.
    @inline(never)
    static func annotated(_ error: FIXDecodeError, _ view: FIXMessageView) -> FIXDecodeError {
        var error = error
        var fields = view.fields()
        while let field = try? fields.next() {
            if field.tag == FIXTag.msgType && error.msgType == nil {
                let value = view.value(field)
                if value.count <= 2 { error.msgType = view.string(field) }
            } else if field.tag == FIXTag.msgSeqNum && error.msgSeqNum == nil {
                error.msgSeqNum = try? view.integer(field, in: 1...Int(Int32.max))
            }
        }
        return error
    }
}
