/// Logon(A): opens a session. Both sides send one.
public struct FIXLogon: FIXMessageBody {
    public static let msgType = FIXMsgType.logon
    /// EncryptMethod(98): only 0 (none) is accepted.
    public var encryptMethod: Int
    /// HeartBtInt(108), seconds.
    public var heartBtIntSeconds: Int
    /// ResetSeqNumFlag(141): both sides restart at MsgSeqNum 1.
    public var resetSeqNumFlag: Bool
    /// Username(553).
    public var username: String?
    /// Password(554).
    public var password: String?

    public init(
        heartBtIntSeconds: Int, resetSeqNumFlag: Bool = false, username: String? = nil, password: String? = nil,
        encryptMethod: Int = 0
    ) {
        self.encryptMethod = encryptMethod
        self.heartBtIntSeconds = heartBtIntSeconds
        self.resetSeqNumFlag = resetSeqNumFlag
        self.username = username
        self.password = password
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var encryptMethod: Int?
        var heartBtInt: Int?
        var reset: Bool?
        var username: String?
        var password: String?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            switch field.tag {
            case FIXTag.encryptMethod:
                encryptMethod = try view.once(encryptMethod, field, view.integer(field, in: 0...0))
            case FIXTag.heartBtInt:
                heartBtInt = try view.once(heartBtInt, field, view.integer(field, in: 0...86_400))
            case FIXTag.resetSeqNumFlag:
                reset = try view.once(reset, field, view.boolean(field))
            case FIXTag.username:
                username = try view.once(username, field, view.identifier(field, maxLength: FIXFieldLimits.credential))
            case FIXTag.password:
                password = try view.once(password, field, view.identifier(field, maxLength: FIXFieldLimits.credential))
            default: continue
            }
        }
        self.init(
            heartBtIntSeconds: try required(heartBtInt, FIXTag.heartBtInt, "HeartBtInt"),
            resetSeqNumFlag: reset ?? false, username: username, password: password,
            encryptMethod: try required(encryptMethod, FIXTag.encryptMethod, "EncryptMethod"))
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.encryptMethod, encryptMethod)
        builder.append(tag: FIXTag.heartBtInt, heartBtIntSeconds)
        if resetSeqNumFlag { builder.append(tag: FIXTag.resetSeqNumFlag, true) }
        builder.append(tag: FIXTag.username, ifPresent: username)
        builder.append(tag: FIXTag.password, ifPresent: password)
    }
}
