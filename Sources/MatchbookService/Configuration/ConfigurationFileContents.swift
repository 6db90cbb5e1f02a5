import Foundation

/// The bytes of a configuration file (the service configuration or the sessions file), or why there are none.
enum ConfigurationFileContents {
    enum Problem: Error {
        case notFound
        case unreadable(reason: String)
    }

    /// The contents of the file at `path` (absolute).
    static func read(path: String) -> Result<Data, Problem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(.notFound)
        }
        guard !isDirectory.boolValue else { return .failure(.unreadable(reason: "it is a directory")) }
        do {
            return .success(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            return .failure(.unreadable(reason: error.localizedDescription))
        }
    }
}
