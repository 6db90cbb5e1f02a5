/// When the trading session ends (`sessionEpoch`): the service stops accepting orders, cancels what rests and
/// resets the engine threads' epoch memory.
public enum SessionEpoch: Sendable, Equatable, CustomStringConvertible {
    /// The session runs until the service stops.
    case none
    /// The session ends at this wall-clock time of day, seconds after midnight (0..<86_400). The service decides
    /// the time zone.
    case endOfSession(secondsAfterMidnight: Int)

    /// Parses `"none"` or a time of day `"HH:MM:SS"` (00–23, 00–59, 00–59); nil for anything else.
    public init?(parsing text: String) {
        if text == "none" {
            self = .none
            return
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.utf8.count == 2 && $0.utf8.allSatisfy(Self.isDigit) }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]), let seconds = Int(parts[2]),
            hours < 24, minutes < 60, seconds < 60
        else { return nil }
        self = .endOfSession(secondsAfterMidnight: hours * 3600 + minutes * 60 + seconds)
    }

    /// `"none"` or `"HH:MM:SS"`, as parsed.
    public var description: String {
        switch self {
        case .none:
            return "none"
        case .endOfSession(let secondsAfterMidnight):
            let hours = secondsAfterMidnight / 3600
            let minutes = secondsAfterMidnight / 60 % 60
            let seconds = secondsAfterMidnight % 60
            return [hours, minutes, seconds].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
