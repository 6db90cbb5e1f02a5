/// The keys `load` reads, and how each is spelled in the environment and on the command line.
///
/// A key is a list of components (`["risk", "maxNotional"]`), written dotted in the config file's nesting and in
/// messages (`risk.maxNotional`). swift-configuration 1.4.0 derives the other spellings:
///
/// ```
///   risk.maxNotional   →  MATCHBOOK_RISK_MAX_NOTIONAL   (EnvironmentVariablesProvider behind prefixKeys("matchbook"):
///                                                        camelCase split, upper-cased, joined with "_")
///                      →  --risk-max-notional           (CommandLineArgumentsProvider: camelCase split,
///                                                        lower-cased, joined with "-")
/// ```
extension ServiceConfiguration {
    /// The environment-variable prefix, as a key component: `MATCHBOOK_`.
    public static let environmentPrefix = "matchbook"

    /// Every key with a fixed name, in the order Config/README.md documents them. Per-symbol keys are
    /// `symbolOverrides.<NAME>.<field>` for each `symbolFields` field.
    public static let keys: [String] =
        [
            Key.listenAddress, Key.fixPort, Key.marketDataPort, Key.httpPort, Key.targetCompID, Key.heartbeatSeconds,
            Key.maxHeartbeatSeconds, Key.symbols,
        ] + symbolFields.map { "\(Key.symbolDefaults).\($0)" } + [
            Key.engineThreads, Key.engineCPUs, Key.arenaBytes, Key.pagePolicy, Key.sessionEpoch, Key.maxOrderQuantity,
            Key.maxNotional, Key.maxOrdersPerSecondPerSession, Key.sessionsFile, Key.journalDirectory,
            Key.journalSync, Key.journalSegmentBytes, Key.journalRetention,
        ]

    /// The settings a symbol takes from `symbolDefaults` unless `symbolOverrides.<NAME>` sets them.
    public static let symbolFields = [Key.tickSize, Key.lotSize, Key.priceBandLow, Key.priceBandHigh]

    /// The environment variable that overrides `key` (dotted): `fixPort` → `MATCHBOOK_FIX_PORT`.
    public static func environmentVariableName(forKey key: String) -> String {
        environmentVariableName(components: components(key))
    }

    /// The command-line flag that overrides `key` (dotted): `fixPort` → `--fix-port`.
    public static func commandLineFlag(forKey key: String) -> String {
        commandLineFlag(components: components(key))
    }

    static func environmentVariableName(components: [String]) -> String {
        ([environmentPrefix] + components).map { component in
            String(splittingCamelCase(component, with: "_").uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        }.joined(separator: "_")
    }

    static func commandLineFlag(components: [String]) -> String {
        "--" + components.map { splittingCamelCase($0, with: "-").lowercased() }.joined(separator: "-")
    }

    /// The names of the keys, dotted.
    enum Key {
        static let listenAddress = "listenAddress"
        static let fixPort = "fixPort"
        static let marketDataPort = "marketDataPort"
        static let httpPort = "httpPort"
        static let targetCompID = "targetCompID"
        static let heartbeatSeconds = "heartbeatSeconds"
        static let maxHeartbeatSeconds = "maxHeartbeatSeconds"
        static let symbols = "symbols"
        static let symbolDefaults = "symbolDefaults"
        static let symbolOverrides = "symbolOverrides"
        static let tickSize = "tickSize"
        static let lotSize = "lotSize"
        static let priceBandLow = "priceBandLow"
        static let priceBandHigh = "priceBandHigh"
        static let engineThreads = "engineThreads"
        static let engineCPUs = "engineCPUs"
        static let arenaBytes = "arenaBytes"
        static let pagePolicy = "pagePolicy"
        static let sessionEpoch = "sessionEpoch"
        static let maxOrderQuantity = "risk.maxOrderQuantity"
        static let maxNotional = "risk.maxNotional"
        static let maxOrdersPerSecondPerSession = "risk.maxOrdersPerSecondPerSession"
        static let sessionsFile = "sessionsFile"
        static let journalDirectory = "journalDirectory"
        static let journalSync = "journalSync"
        static let journalSegmentBytes = "journalSegmentBytes"
        static let journalRetention = "journalRetention"
        /// Top-level file keys that are read by nobody (free text for people).
        static let note = "note"
    }

    /// `key` split into components at its dots.
    static func components(_ key: String) -> [String] {
        key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// `component` with `separator` between each lower-case letter and the upper-case letter after it, as
    /// swift-configuration's key encoders do (`maxNotional` → `max_Notional`, `targetCompID` → `target_Comp_ID`).
    private static func splittingCamelCase(_ component: String, with separator: Character) -> String {
        var result = ""
        var previous: Character?
        for character in component {
            if let previous, previous.isLowercase, character.isUppercase { result.append(separator) }
            result.append(character)
            previous = character
        }
        return result
    }
}
