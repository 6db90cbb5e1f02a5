import Foundation
import MatchbookService

/// Files for the configuration tests: the shipped demo config, and JSON written to a fresh temporary folder.
enum ConfigurationFixtures {
    /// The repository root, four folders above this file.
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()
    static let demoConfigFile = repositoryRoot.appendingPathComponent("Config/matchbook.json").path
    static let demoSessionsFile = repositoryRoot.appendingPathComponent("Config/sessions.json").path

    /// A config file with one symbol and nothing else, so every other key takes its built-in default.
    static let minimal = #"{ "symbols": ["AAPL"] }"#

    /// A fresh folder, removed after `body`.
    static func withTemporaryFolder<Result>(_ body: (URL) async throws -> Result) async rethrows -> Result {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("matchbook-config-tests-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    /// Writes `text` to `name` in `folder` and returns the file's path.
    @discardableResult
    static func write(_ text: String, named name: String, in folder: URL) -> String {
        let url = folder.appendingPathComponent(name)
        try! Data(text.utf8).write(to: url)
        return url.path
    }

    /// Loads `json` written as `matchbook.json` in a temporary folder.
    static func load(
        _ json: String, environment: [String: String] = [:], arguments: [String] = []
    ) async throws(ServiceConfigurationError) -> ServiceConfiguration {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("matchbook-config-tests-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = write(json, named: "matchbook.json", in: folder)
        return try await ServiceConfiguration.load(configFile: path, environment: environment, arguments: arguments)
    }

    /// The error loading `json` throws, or nil if it loads.
    static func loadError(
        _ json: String, environment: [String: String] = [:], arguments: [String] = []
    ) async -> ServiceConfigurationError? {
        do {
            _ = try await load(json, environment: environment, arguments: arguments)
            return nil
        } catch {
            return error
        }
    }
}
