import MatchbookJournal
import Configuration
import Foundation
import MatchbookMemory
import SystemPackage

extension ServiceConfiguration {
    /// Reads, layers and validates the service configuration.
    ///
    /// Precedence, highest first (swift-configuration's `ConfigReader` asks its providers in order and takes the
    /// first value found):
    /// 1. `arguments`, through `CommandLineArgumentsProvider`: `--fix-port 9999`, `--fix-port=9999`,
    ///    `--symbols AAPL,MSFT`. Only flags and their values, no program name: pass what `matchbook serve` did not
    ///    parse itself. A flag that names no key is refused (`unknownKey`), unlike the bare provider.
    /// 2. `environment`, through `EnvironmentVariablesProvider` behind `prefixKeys(with: "matchbook")`:
    ///    `MATCHBOOK_FIX_PORT=9999`, `MATCHBOOK_SYMBOLS=AAPL,MSFT`. Other `MATCHBOOK_` variables are ignored (the
    ///    scripts use some).
    /// 3. `configFile`, through `FileProvider<JSONSnapshot>`: JSON, keys nested as in Config/matchbook.json. A key
    ///    the service does not read is refused (`unknownKey`), except the top-level `note` and keys starting `_`.
    /// 4. `ServiceConfiguration.Defaults`.
    ///
    /// Relative paths: `configFile` against the working directory; `sessionsFile` (from any layer) against the
    /// config file's folder; `journalDirectory` is kept as given.
    ///
    /// - Throws: `ServiceConfigurationError`, naming the file or the key and the problem.
    public static func load(
        configFile: String = Defaults.configFile,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        arguments: [String] = []
    ) async throws(ServiceConfigurationError) -> ServiceConfiguration {
        let configPath = URL(fileURLWithPath: configFile).standardizedFileURL.path
        let fileEntries = try ConfigurationFileKeys.read(path: configPath)
        let fileProvider: FileProvider<JSONSnapshot>
        do {
            fileProvider = try await FileProvider<JSONSnapshot>(filePath: FilePath(configPath))
        } catch {
            throw .malformedFile(path: configPath, reason: "\(error)")
        }
        let environmentProvider = EnvironmentVariablesProvider(environmentVariables: environment)
            .prefixKeys(with: ConfigKey([environmentPrefix]))
        let values = ConfigurationValues(
            reader: ConfigReader(providers: [
                // The provider skips its first element as the program name.
                CommandLineArgumentsProvider(arguments: ["matchbook"] + arguments),
                environmentProvider,
                fileProvider,
            ]))

        let symbolNames = try await values.stringArray([Key.symbols], default: Defaults.symbols)
        try ConfigurationFileKeys.check(fileEntries, source: configPath, symbols: symbolNames)
        try checkCommandLineFlags(arguments, symbols: symbolNames)
        try checkSymbolNames(symbolNames)

        let configFolder = URL(fileURLWithPath: configPath).deletingLastPathComponent().path
        let sessionsFile = try await values.string([Key.sessionsFile], default: Defaults.sessionsFile)
        let pagePolicyText = try await values.string([Key.pagePolicy], default: Defaults.pagePolicy)
        guard let pagePolicy = PagePolicy(rawValue: pagePolicyText) else {
            throw .unknownPagePolicy(value: pagePolicyText)
        }
        let sessionEpochText = try await values.string([Key.sessionEpoch], default: Defaults.sessionEpoch)
        guard let sessionEpoch = SessionEpoch(parsing: sessionEpochText) else {
            throw .invalidSessionEpoch(value: sessionEpochText)
        }
        let journalSyncText = try await values.string([Key.journalSync], default: Defaults.journalSync)
        let journalSync: JournalSyncPolicy?
        if journalSyncText == "off" {
            journalSync = nil
        } else if let policy = JournalSyncPolicy(text: journalSyncText) {
            journalSync = policy
        } else {
            throw .invalidValue(
                key: Key.journalSync, value: journalSyncText,
                problem: "use off, none, every or group:<microseconds> (e.g. group:1000)")
        }
        let retentionText = try await values.string([Key.journalRetention], default: Defaults.journalRetention)
        guard let journalRetention = JournalRetention(rawValue: retentionText) else {
            throw .invalidValue(key: Key.journalRetention, value: retentionText, problem: "use keep, archive or delete")
        }
        let configuration = ServiceConfiguration(
            listenAddress: try await values.string([Key.listenAddress], default: Defaults.listenAddress),
            fixPort: try await values.int([Key.fixPort], default: Defaults.fixPort),
            marketDataPort: try await values.int([Key.marketDataPort], default: Defaults.marketDataPort),
            httpPort: try await values.int([Key.httpPort], default: Defaults.httpPort),
            targetCompID: try await values.string([Key.targetCompID], default: Defaults.targetCompID),
            heartbeatSeconds: try await values.int([Key.heartbeatSeconds], default: Defaults.heartbeatSeconds),
            maxHeartbeatSeconds: try await values.int(
                [Key.maxHeartbeatSeconds], default: Defaults.maxHeartbeatSeconds),
            symbols: try await readSymbols(symbolNames, from: values),
            engineThreads: try await values.int([Key.engineThreads], default: Defaults.engineThreads),
            engineCPUs: try await values.intArray([Key.engineCPUs], default: []),
            arenaBytes: try await values.int([Key.arenaBytes], default: Defaults.arenaBytes),
            pagePolicy: pagePolicy,
            sessionEpoch: sessionEpoch,
            risk: try await readRiskLimits(from: values),
            sessionsFile: resolve(sessionsFile, against: configFolder),
            journalDirectory: try await values.string([Key.journalDirectory], default: Defaults.journalDirectory),
            journalSync: journalSync,
            journalSegmentBytes: try await values.int([Key.journalSegmentBytes], default: Defaults.journalSegmentBytes),
            journalRetention: journalRetention)
        try configuration.validate()
        return configuration
    }

    /// Each symbol's fields: `symbolOverrides.<NAME>.<field>` if any layer sets it, else `symbolDefaults.<field>`.
    /// Checks each field where it is read, so an error names the key that supplied the value.
    private static func readSymbols(
        _ names: [String], from values: ConfigurationValues
    ) async throws(ServiceConfigurationError) -> [SymbolConfiguration] {
        var symbols: [SymbolConfiguration] = []
        for name in names {
            func key(_ field: String) async throws(ServiceConfigurationError) -> [String] {
                let override = [Key.symbolOverrides, name, field]
                let isOverridden: Bool
                if field == Key.lotSize {
                    isOverridden = try await values.optionalInt(override) != nil
                } else {
                    isOverridden = try await values.optionalString(override) != nil
                }
                return isOverridden ? override : [Key.symbolDefaults, field]
            }
            func priceTicks(_ field: String, default defaultValue: String) async throws(ServiceConfigurationError)
                -> (key: String, ticks: UInt32)
            {
                let fieldKey = try await key(field)
                let text = try await values.string(fieldKey, default: defaultValue)
                let dotted = fieldKey.joined(separator: ".")
                let ticks: UInt64
                switch PriceTickText.priceTicks(text) {
                case .success(let value): ticks = value
                case .failure(let problem):
                    throw .invalidDecimal(key: dotted, text: text, problem: problem.description)
                }
                guard let narrow = UInt32(exactly: ticks) else {
                    throw .outOfRange(
                        key: dotted, value: text, allowed: "at most \(PriceTickText.text(UInt64(UInt32.max)))")
                }
                return (dotted, narrow)
            }
            let tick = try await priceTicks(Key.tickSize, default: Defaults.tickSize)
            let lotKey = try await key(Key.lotSize)
            let lotSize = try await values.int(lotKey, default: Defaults.lotSize)
            let low = try await priceTicks(Key.priceBandLow, default: Defaults.priceBandLow)
            let high = try await priceTicks(Key.priceBandHigh, default: Defaults.priceBandHigh)
            let lotDotted = lotKey.joined(separator: ".")
            guard lotSize > 0 else { throw .lotSizeNotPositive(key: lotDotted, value: lotSize) }
            guard let lot = UInt32(exactly: lotSize) else {
                throw .outOfRange(key: lotDotted, value: "\(lotSize)", allowed: "1...\(UInt32.max)")
            }
            let symbol = SymbolConfiguration(
                name: name, tickSize: tick.ticks, lotSize: lot, priceBandLowTicks: low.ticks,
                priceBandHighTicks: high.ticks)
            try symbol.validate(tickSizeKey: tick.key, lotSizeKey: lotDotted, lowKey: low.key, highKey: high.key)
            symbols.append(symbol)
        }
        return symbols
    }

    private static func readRiskLimits(
        from values: ConfigurationValues
    ) async throws(ServiceConfigurationError) -> RiskLimits {
        let quantity = try await values.int(
            components(Key.maxOrderQuantity), default: Defaults.maxOrderQuantity)
        guard quantity > 0, let maxOrderQuantity = UInt32(exactly: quantity) else {
            throw .outOfRange(key: Key.maxOrderQuantity, value: "\(quantity)", allowed: "1...\(UInt32.max) shares")
        }
        let notionalText = try await values.string(components(Key.maxNotional), default: Defaults.maxNotional)
        let maxNotional: UInt64
        switch PriceTickText.priceTicks(notionalText) {
        case .success(let ticks): maxNotional = ticks
        case .failure(let problem):
            throw .invalidDecimal(key: Key.maxNotional, text: notionalText, problem: problem.description)
        }
        return RiskLimits(
            maxOrderQuantity: maxOrderQuantity, maxNotionalPriceTicks: maxNotional,
            maxOrdersPerSecondPerSession: try await values.int(
                components(Key.maxOrdersPerSecondPerSession), default: Defaults.maxOrdersPerSecondPerSession))
    }

    /// `path` if absolute, else `path` inside `folder`.
    static func resolve(_ path: String, against folder: String) -> String {
        if path.hasPrefix("/") || path.isEmpty { return path }
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: folder, isDirectory: true))
            .standardizedFileURL.path
    }
}
