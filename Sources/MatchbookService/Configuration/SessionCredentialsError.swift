/// Why the FIX session credentials could not be loaded. Each case names the file (`path`, absolute; nil when the
/// credentials were built in code).
public enum SessionCredentialsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The sessions file does not exist.
    case fileNotFound(path: String)
    /// The sessions file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// The sessions file is not `{"sessions": [{"senderCompID", "username", "password"}, …]}`.
    case malformedFile(path: String, reason: String)
    /// The file lists no sessions, so nobody could log on.
    case noSessions(path: String?)
    /// An entry with an empty field (`index` is its position in `sessions`, from 0).
    case emptyField(path: String?, index: Int, field: String)
    /// Two entries for one SenderCompID.
    case duplicateSenderCompID(path: String?, senderCompID: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "sessions file not found: \(path) (set sessionsFile, or MATCHBOOK_SESSIONS_FILE)"
        case .unreadableFile(let path, let reason):
            return "sessions file \(path) could not be read: \(reason)"
        case .malformedFile(let path, let reason):
            return "sessions file \(path) is not valid: \(reason)"
                + " (expected {\"sessions\": [{\"senderCompID\": …, \"username\": …, \"password\": …}]})"
        case .noSessions(let path):
            return "\(Self.place(path)): no sessions listed, so no client could log on"
        case .emptyField(let path, let index, let field):
            return "\(Self.place(path)): sessions[\(index)].\(field) is empty"
        case .duplicateSenderCompID(let path, let senderCompID):
            return "\(Self.place(path)): senderCompID \(senderCompID) is listed more than once"
        }
    }

    private static func place(_ path: String?) -> String { path.map { "sessions file \($0)" } ?? "session credentials" }
}
