/// Why a framed message could not be decoded: everything a session Reject(3) needs.
///
/// `reason` is the SessionRejectReason(373), `tag` the RefTagID(371) when one field is at fault, `msgType` the
/// RefMsgType(372) and `msgSeqNum` the RefSeqNum(45) when they could be read. `detail` is a sentence for
/// Text(58) and logs (built on this cold path only).
public struct FIXDecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: FIXSessionRejectReason
    public var tag: Int?
    public var msgType: String?
    public var msgSeqNum: Int?
    public var detail: String

    public init(
        _ reason: FIXSessionRejectReason, tag: Int?, detail: String, msgType: String? = nil, msgSeqNum: Int? = nil
    ) {
        self.reason = reason
        self.tag = tag
        self.detail = detail
        self.msgType = msgType
        self.msgSeqNum = msgSeqNum
    }

    /// The session reject for a malformed field.
    @inline(never)
    public init(_ error: FIXFieldError) {
        let reason: FIXSessionRejectReason =
            switch error {
            case .invalidTag, .tagOutOfRange: .invalidTagNumber
            case .emptyValue: .tagSpecifiedWithoutValue
            case .missingEquals, .unterminatedField: .incorrectDataFormat
            }
        self.init(reason, tag: error.tag, detail: error.description)
    }

    @inline(never)
    static func missing(_ tag: Int, _ name: String) -> FIXDecodeError {
        FIXDecodeError(.requiredTagMissing, tag: tag, detail: "required field \(name)(\(tag)) is missing")
    }

    @inline(never)
    static func duplicate(_ tag: Int) -> FIXDecodeError {
        FIXDecodeError(.tagAppearsMoreThanOnce, tag: tag, detail: "field \(tag) appears more than once")
    }

    @inline(never)
    static func format(_ tag: Int, _ expected: String) -> FIXDecodeError {
        FIXDecodeError(.incorrectDataFormat, tag: tag, detail: "field \(tag) is not \(expected)")
    }

    @inline(never)
    static func value(_ tag: Int, _ why: String) -> FIXDecodeError {
        FIXDecodeError(.valueIncorrect, tag: tag, detail: "field \(tag): \(why)")
    }

    @inline(never)
    public var description: String {
        var text = "FIX message rejected (\(reason.rawValue) \(reason))"
        if let tag { text += ", tag \(tag)" }
        if let msgType { text += ", MsgType \(msgType)" }
        if let msgSeqNum { text += ", MsgSeqNum \(msgSeqNum)" }
        return text + ": \(detail)"
    }
}
