import Foundation

extension SessionCredentials {
    /// Loads `{"note": …, "sessions": [{"senderCompID": …, "username": …, "password": …}, …]}` from `path`
    /// (relative paths against the working directory; `ServiceConfiguration.sessionsFile` is already absolute).
    ///
    /// - Throws: `SessionCredentialsError` naming the file: missing, unreadable, malformed, or with a bad entry.
    public static func load(path: String) throws(SessionCredentialsError) -> SessionCredentials {
        let absolutePath = URL(fileURLWithPath: path).standardizedFileURL.path
        let data: Data
        switch ConfigurationFileContents.read(path: absolutePath) {
        case .success(let contents): data = contents
        case .failure(.notFound): throw .fileNotFound(path: absolutePath)
        case .failure(.unreadable(let reason)): throw .unreadableFile(path: absolutePath, reason: reason)
        }
        let file: SessionsFile
        do {
            file = try JSONDecoder().decode(SessionsFile.self, from: data)
        } catch let error as DecodingError {
            throw .malformedFile(path: absolutePath, reason: Self.reason(error))
        } catch {
            throw .malformedFile(path: absolutePath, reason: "\(error)")
        }
        return try SessionCredentials(entries: file.sessions, path: absolutePath)
    }

    /// The file's shape; `note` is for people.
    private struct SessionsFile: Decodable {
        var note: String?
        var sessions: [Entry]
    }

    /// A one-line reason: where in the file, and what.
    private static func reason(_ error: DecodingError) -> String {
        func place(_ path: [any CodingKey]) -> String {
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "top level" : text)
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = place(context.codingPath)
            return "missing key \"\(key.stringValue)\"" + (context.codingPath.isEmpty ? "" : " in \(parent)")
        case .typeMismatch(let type, let context):
            return "\(place(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(place(context.codingPath)): expected \(type), found null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "\(place(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

extension ServiceConfiguration {
    /// The credentials in `sessionsFile`.
    public func loadSessionCredentials() throws(SessionCredentialsError) -> SessionCredentials {
        try SessionCredentials.load(path: sessionsFile)
    }
}
