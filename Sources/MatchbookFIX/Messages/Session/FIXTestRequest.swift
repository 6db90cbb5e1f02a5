/// TestRequest(1): asks the other side for a Heartbeat carrying `testReqID`.
public struct FIXTestRequest: FIXMessageBody {
    public static let msgType = FIXMsgType.testRequest
    /// TestReqID(112), required.
    public var testReqID: String

    public init(testReqID: String) { self.testReqID = testReqID }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var testReqID: String?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            guard field.tag == FIXTag.testReqID else { continue }
            testReqID = try view.once(testReqID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
        }
        self.init(testReqID: try required(testReqID, FIXTag.testReqID, "TestReqID"))
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.testReqID, testReqID)
    }
}
