import Configuration

/// Typed reads from the layered `ConfigReader`, with swift-configuration's errors turned into
/// `ServiceConfigurationError.wrongType` naming the key.
///
/// Uses the `fetch…(forKey:default:)` family on purpose: it returns the default only when no layer has the key
/// and rethrows a value that cannot be converted (`"fixPort": "abc"`), where the `get` family would quietly fall
/// back to the default.
struct ConfigurationValues {
    let reader: ConfigReader

    func string(_ key: [String], default defaultValue: String) async throws(ServiceConfigurationError) -> String {
        try await read(key, expected: "a string") { try await $0.fetchString(forKey: $1, default: defaultValue) }
    }

    /// The value, or nil when no layer sets `key`.
    func optionalString(_ key: [String]) async throws(ServiceConfigurationError) -> String? {
        try await read(key, expected: "a string") { try await $0.fetchString(forKey: $1) }
    }

    func int(_ key: [String], default defaultValue: Int) async throws(ServiceConfigurationError) -> Int {
        try await read(key, expected: "an integer") { try await $0.fetchInt(forKey: $1, default: defaultValue) }
    }

    /// The value, or nil when no layer sets `key`.
    func optionalInt(_ key: [String]) async throws(ServiceConfigurationError) -> Int? {
        try await read(key, expected: "an integer") { try await $0.fetchInt(forKey: $1) }
    }

    func intArray(_ key: [String], default defaultValue: [Int]) async throws(ServiceConfigurationError) -> [Int] {
        try await read(key, expected: "a list of integers (a JSON array, or comma-separated)") {
            try await $0.fetchIntArray(forKey: $1, default: defaultValue)
        }
    }

    func stringArray(
        _ key: [String], default defaultValue: [String]
    ) async throws(ServiceConfigurationError) -> [String] {
        try await read(key, expected: "a list of strings (a JSON array, or comma-separated)") {
            try await $0.fetchStringArray(forKey: $1, default: defaultValue)
        }
    }

    private func read<Value>(
        _ key: [String], expected: String, _ body: (ConfigReader, ConfigKey) async throws -> Value
    ) async throws(ServiceConfigurationError) -> Value {
        do {
            return try await body(reader, ConfigKey(key))
        } catch {
            throw .wrongType(key: key.joined(separator: "."), expected: expected, detail: "\(error)")
        }
    }
}
