/// Who may log on to the FIX acceptor: one entry per SenderCompID (49), with the Username (553) and
/// Password (554) its Logon must carry.
///
/// Immutable after loading; share it between event loops freely.
public struct SessionCredentials: Sendable, CustomStringConvertible, CustomReflectable {
    /// One client's credentials. `description` never shows the password.
    public struct Entry: Sendable, Equatable, Codable, CustomStringConvertible, CustomReflectable {
        public var senderCompID: String
        public var username: String
        public var password: String

        public init(senderCompID: String, username: String, password: String) {
            self.senderCompID = senderCompID
            self.username = username
            self.password = password
        }

        public var description: String { "\(senderCompID) (username \(username), password redacted)" }

        /// Without the password, so `dump` and test failures do not print it.
        public var customMirror: Mirror {
            Mirror(self, children: ["senderCompID": senderCompID, "username": username, "password": "<redacted>"])
        }
    }

    /// The entries' fields as bytes, compared by `authenticate`.
    struct StoredEntry: Sendable {
        var senderCompID: [UInt8]
        var username: [UInt8]
        var password: [UInt8]
    }

    let storedEntries: [StoredEntry]
    /// The file the credentials came from (absolute), nil when built in code.
    public let path: String?
    /// The SenderCompIDs that may log on, in file order.
    public let senderCompIDs: [String]

    /// Credentials from `entries`: at least one, no empty field, no SenderCompID twice.
    public init(entries: [Entry], path: String? = nil) throws(SessionCredentialsError) {
        guard !entries.isEmpty else { throw .noSessions(path: path) }
        var seen: Set<String> = []
        for (index, entry) in entries.enumerated() {
            for (field, value) in [
                ("senderCompID", entry.senderCompID), ("username", entry.username), ("password", entry.password),
            ] where value.isEmpty {
                throw .emptyField(path: path, index: index, field: field)
            }
            guard seen.insert(entry.senderCompID).inserted else {
                throw .duplicateSenderCompID(path: path, senderCompID: entry.senderCompID)
            }
        }
        self.storedEntries = entries.map {
            StoredEntry(
                senderCompID: Array($0.senderCompID.utf8), username: Array($0.username.utf8),
                password: Array($0.password.utf8))
        }
        self.path = path
        self.senderCompIDs = entries.map(\.senderCompID)
    }

    /// The SenderCompIDs and the file, never a username or password.
    public var description: String {
        "SessionCredentials(\(senderCompIDs.joined(separator: ", "))\(path.map { " from \($0)" } ?? ""))"
    }

    /// Without the stored credentials, so `dump` and test failures do not print them.
    public var customMirror: Mirror { Mirror(self, children: ["senderCompIDs": senderCompIDs, "path": path as Any]) }
}
