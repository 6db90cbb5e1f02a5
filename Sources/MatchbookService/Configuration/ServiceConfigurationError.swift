/// Why `ServiceConfiguration.load` refused a configuration.
///
/// Every case names the key (in the config file's dotted form, `risk.maxNotional`; the environment variable and
/// the command-line flag follow from it, see `ServiceConfiguration.environmentVariableName(forKey:)`) or the file,
/// says what is wrong, and `description` says what to do.
public enum ServiceConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration file does not exist (`path` is absolute).
    case fileNotFound(path: String)
    /// The configuration file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// The configuration file is not a JSON object swift-configuration can read.
    case malformedFile(path: String, reason: String)
    /// A key in the file, or a flag on the command line, is not one the service reads (a typo, most often).
    /// `source` is the file's path or `"command line"`.
    case unknownKey(key: String, source: String)
    /// A value of the wrong type: a number where a decimal string is wanted, text where a number is, ….
    case wrongType(key: String, expected: String, detail: String)
    /// A decimal string that is not a plain non-negative decimal with at most 4 decimal places.
    case invalidDecimal(key: String, text: String, problem: String)
    /// A tick size of zero.
    case tickSizeNotPositive(key: String, text: String)
    /// A lot size of zero or less.
    case lotSizeNotPositive(key: String, value: Int)
    /// A price band whose low end is not below its high end.
    case priceBandInverted(symbol: String, low: String, high: String)
    /// A price (band end) that is not an integer multiple of the symbol's tick size.
    case priceNotOnTick(key: String, price: String, tickSize: String)
    /// The same symbol listed twice in `symbols`.
    case duplicateSymbol(name: String)
    /// A symbol name that cannot be a book's 8-byte name.
    case invalidSymbolName(name: String, problem: String)
    /// A `pagePolicy` other than `auto`, `require-huge` or `off`.
    case unknownPagePolicy(value: String)
    /// A port outside 0...65535.
    case portOutOfRange(key: String, value: Int)
    /// Two listeners configured on the same port.
    case portConflict(firstKey: String, secondKey: String, port: Int)
    /// A `sessionEpoch` that is neither `HH:MM:SS` nor `none`.
    case invalidSessionEpoch(value: String)
    /// A number outside the range the key accepts (`allowed` says which, e.g. `1...256`).
    case outOfRange(key: String, value: String, allowed: String)
    /// Any other unacceptable value; `problem` says why.
    case invalidValue(key: String, value: String, problem: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "configuration file not found: \(path) (pass another file, or run from the repository root)"
        case .unreadableFile(let path, let reason):
            return "configuration file \(path) could not be read: \(reason)"
        case .malformedFile(let path, let reason):
            return "configuration file \(path) is not valid: \(reason)"
        case .unknownKey(let key, let source):
            return "\(key): unknown key in \(source) (Config/README.md lists the keys; check the spelling)"
        case .wrongType(let key, let expected, let detail):
            return "\(key): expected \(expected) (\(detail))"
        case .invalidDecimal(let key, let text, let problem):
            return "\(key): \"\(text)\" is not a usable decimal: \(problem) (write it as a string such as \"0.01\")"
        case .tickSizeNotPositive(let key, let text):
            return "\(key): tick size \"\(text)\" is not positive (use e.g. \"0.01\")"
        case .lotSizeNotPositive(let key, let value):
            return "\(key): lot size \(value) is not positive (use 1 to accept any whole number of shares)"
        case .priceBandInverted(let symbol, let low, let high):
            return "\(symbol): price band low \(low) is not below high \(high) (priceBandLow must be < priceBandHigh)"
        case .priceNotOnTick(let key, let price, let tickSize):
            return "\(key): \(price) is not a multiple of the tick size \(tickSize)"
        case .duplicateSymbol(let name):
            return "symbols: \(name) is listed more than once"
        case .invalidSymbolName(let name, let problem):
            return "symbols: \"\(name)\" is not a valid symbol: \(problem)"
        case .unknownPagePolicy(let value):
            return "pagePolicy: unknown policy \"\(value)\" (use auto, require-huge or off)"
        case .portOutOfRange(let key, let value):
            return "\(key): port \(value) is out of range (1...65535, or 0 for any free port)"
        case .portConflict(let firstKey, let secondKey, let port):
            return "\(firstKey) and \(secondKey) are both port \(port) (give each listener its own port)"
        case .invalidSessionEpoch(let value):
            return "sessionEpoch: \"\(value)\" is neither a time of day HH:MM:SS (e.g. \"16:00:00\") nor \"none\""
        case .outOfRange(let key, let value, let allowed):
            return "\(key): \(value) is out of range (allowed: \(allowed))"
        case .invalidValue(let key, let value, let problem):
            return "\(key): \"\(value)\" is not valid: \(problem)"
        }
    }
}
