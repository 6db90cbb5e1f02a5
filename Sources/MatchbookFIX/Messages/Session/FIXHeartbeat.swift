/// Heartbeat(0): keeps the session alive; answers a TestRequest with its TestReqID.
public struct FIXHeartbeat: FIXMessageBody {
    public static let msgType = FIXMsgType.heartbeat
    /// TestReqID(112), present when answering a TestRequest.
    public var testReqID: String?

    public init(testReqID: String? = nil) { self.testReqID = testReqID }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var testReqID: String?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            guard field.tag == FIXTag.testReqID else { continue }
            testReqID = try view.once(testReqID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
        }
        self.init(testReqID: testReqID)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.testReqID, ifPresent: testReqID)
    }
}
