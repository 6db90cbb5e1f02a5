import Foundation

/// The config file read once more, with Foundation, to say clearly what swift-configuration's `FileProvider` would
/// not: the file is missing (with its path), is not a JSON object, has a key nobody reads (a typo would otherwise
/// quietly leave the default in force), or has a list of objects where a list of names goes (`JSONSnapshot`
/// reads only scalars and arrays of scalars).
enum ConfigurationFileKeys {
    /// A leaf of the file: its key components and its JSON value.
    struct Entry {
        var components: [String]
        var value: Any
    }

    /// The leaves of the JSON object at `path` (absolute), comments (top-level `note`, keys starting `_`) left out.
    /// Refuses lists of lists or objects, which `JSONSnapshot` cannot read, naming the key.
    static func read(path: String) throws(ServiceConfigurationError) -> [Entry] {
        let data: Data
        switch ConfigurationFileContents.read(path: path) {
        case .success(let contents): data = contents
        case .failure(.notFound): throw .fileNotFound(path: path)
        case .failure(.unreadable(let reason)): throw .unreadableFile(path: path, reason: reason)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .malformedFile(path: path, reason: "not JSON (\(error.localizedDescription))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw .malformedFile(path: path, reason: "the top level must be a JSON object { … }")
        }
        var entries: [Entry] = []
        flatten(dictionary, prefix: [], into: &entries)
        for entry in entries {
            guard let list = entry.value as? [Any], list.contains(where: { $0 is [Any] || $0 is [String: Any] })
            else { continue }
            let key = entry.components.joined(separator: ".")
            guard entry.components != [ServiceConfiguration.Key.symbols] else {
                throw .wrongType(
                    key: key, expected: "a list of symbol names",
                    detail: "per-symbol settings go under symbolDefaults and symbolOverrides.<NAME>")
            }
            throw .wrongType(key: key, expected: "a list of strings or numbers", detail: "it holds lists or objects")
        }
        return entries
    }

    /// Refuses keys the service does not read: not among `ServiceConfiguration.keys`, nor
    /// `symbolOverrides.<NAME>.<field>` for a listed symbol and a `symbolFields` field.
    static func check(
        _ entries: [Entry], source: String, symbols: [String]
    ) throws(ServiceConfigurationError) {
        let known = Set(ServiceConfiguration.keys.map(ServiceConfiguration.components))
        let symbolFields = Set(ServiceConfiguration.symbolFields)
        for entry in entries {
            let key = entry.components.joined(separator: ".")
            if known.contains(entry.components) { continue }
            guard entry.components.first == ServiceConfiguration.Key.symbolOverrides, entry.components.count == 3,
                symbolFields.contains(entry.components[2])
            else { throw .unknownKey(key: key, source: source) }
            guard symbols.contains(entry.components[1]) else {
                throw .invalidValue(
                    key: "\(ServiceConfiguration.Key.symbolOverrides).\(entry.components[1])",
                    value: entry.components[1], problem: "overrides a symbol that is not listed in symbols")
            }
        }
    }

    private static func flatten(_ dictionary: [String: Any], prefix: [String], into entries: inout [Entry]) {
        for (name, value) in dictionary.sorted(by: { $0.key < $1.key }) {
            if name.hasPrefix("_") || (prefix.isEmpty && name == ServiceConfiguration.Key.note) { continue }
            if let nested = value as? [String: Any] {
                flatten(nested, prefix: prefix + [name], into: &entries)
            } else {
                entries.append(Entry(components: prefix + [name], value: value))
            }
        }
    }
}

extension ServiceConfiguration {
    /// Refuses a flag that names no key and a value with no flag before it: the provider would ignore both.
    static func checkCommandLineFlags(_ arguments: [String], symbols: [String]) throws(ServiceConfigurationError) {
        var known = Set(keys.map { commandLineFlag(forKey: $0) })
        for symbol in symbols {
            for field in symbolFields {
                known.insert(commandLineFlag(components: [Key.symbolOverrides, symbol, field]))
            }
        }
        var sawFlag = false
        for argument in arguments {
            guard argument.hasPrefix("--") else {
                guard sawFlag else {
                    throw .unknownKey(key: argument, source: "command line (a value with no --flag before it)")
                }
                continue
            }
            sawFlag = true
            let flag = String(argument.prefix { $0 != "=" })
            guard known.contains(flag) else { throw .unknownKey(key: flag, source: "command line") }
        }
    }
}
