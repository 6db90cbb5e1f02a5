/// SessionRejectReason(373): why a message was rejected at the session level (FIX 4.4 values).
public enum FIXSessionRejectReason: Int, Sendable, CaseIterable, CustomStringConvertible {
    case invalidTagNumber = 0
    case requiredTagMissing = 1
    case tagNotDefinedForMessageType = 2
    case undefinedTag = 3
    case tagSpecifiedWithoutValue = 4
    case valueIncorrect = 5
    case incorrectDataFormat = 6
    case decryptionProblem = 7
    case signatureProblem = 8
    case compIDProblem = 9
    case sendingTimeAccuracyProblem = 10
    case invalidMsgType = 11
    case xmlValidationError = 12
    case tagAppearsMoreThanOnce = 13
    case tagSpecifiedOutOfRequiredOrder = 14
    case repeatingGroupFieldsOutOfOrder = 15
    case incorrectNumInGroupCount = 16
    case nonDataValueIncludesFieldDelimiter = 17
    case other = 99

    public var description: String {
        switch self {
        case .invalidTagNumber: "Invalid tag number"
        case .requiredTagMissing: "Required tag missing"
        case .tagNotDefinedForMessageType: "Tag not defined for this message type"
        case .undefinedTag: "Undefined tag"
        case .tagSpecifiedWithoutValue: "Tag specified without a value"
        case .valueIncorrect: "Value is incorrect (out of range) for this tag"
        case .incorrectDataFormat: "Incorrect data format for value"
        case .decryptionProblem: "Decryption problem"
        case .signatureProblem: "Signature problem"
        case .compIDProblem: "CompID problem"
        case .sendingTimeAccuracyProblem: "SendingTime accuracy problem"
        case .invalidMsgType: "Invalid MsgType"
        case .xmlValidationError: "XML validation error"
        case .tagAppearsMoreThanOnce: "Tag appears more than once"
        case .tagSpecifiedOutOfRequiredOrder: "Tag specified out of required order"
        case .repeatingGroupFieldsOutOfOrder: "Repeating group fields out of order"
        case .incorrectNumInGroupCount: "Incorrect NumInGroup count for repeating group"
        case .nonDataValueIncludesFieldDelimiter: "Non-data value includes field delimiter"
        case .other: "Other"
        }
    }
}
